//! Generates the C header from the Rust code, into OUT_DIR. The header the
//! C and Go programs use is the copy in `include/`, kept in git so a reader
//! sees it; `tests/header.rs` fails when the two differ, so a change to the
//! ABI cannot leave a stale header behind.

use std::env;
use std::path::PathBuf;

fn main() {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it")).join("outbox_ffi.h");
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=cbindgen.toml");
    cbindgen::generate(&crate_dir)
        .expect("cbindgen reads src/lib.rs and cbindgen.toml")
        .write_to_file(&out);
}
