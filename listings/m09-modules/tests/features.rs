//! A feature must be tested off as well as on: `cargo test --workspace`
//! builds this crate with its default features only, so this test builds and
//! tests it again with `--no-default-features`, in a target dir of its own
//! (the outer `cargo test` may still hold the lock on the main one).

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("m09-no-default-features")
}

#[test]
fn the_crate_builds_and_passes_its_tests_without_default_features() {
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "test",
            "--package",
            "m09-modules",
            "--no-default-features",
            "--lib",
        ])
        .args(["--locked", "--offline"])
        .env("CARGO_TARGET_DIR", target_dir())
        // Read by the lib's own test through option_env!: "this build has no json".
        .env("M09_EXPECT_JSON", "0")
        .output()
        .expect("cargo runs");
    let log = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{log}");
    assert!(log.contains("the_feature_is_what_cfg_says ... ok"), "{log}");
    assert!(
        !log.contains("json_has_the_same_parts"),
        "the json test must be compiled out:\n{log}"
    );
}
