//! Says how each executable named on the command line is linked, or, with
//! no path, how this example itself is:
//!
//!     cargo run -p m16-deploy --example linkage -- target/x86_64-unknown-linux-musl/dist/outbox-bridge
//!
//! `--require-static` makes it exit 1 unless every file is static (the
//! `deploy` step and the release workflow rely on that).

// ANCHOR: main
use m16_deploy::elf;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut require_static = false;
    let mut paths: Vec<PathBuf> = Vec::new();
    for arg in std::env::args_os().skip(1) {
        if arg == "--require-static" {
            require_static = true;
        } else {
            paths.push(arg.into());
        }
    }
    if paths.is_empty() {
        match std::env::current_exe() {
            Ok(me) => paths.push(me),
            Err(e) => {
                eprintln!("cannot find this program's own file: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let mut all_static = true;
    for path in &paths {
        let name = path
            .file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy();
        let linkage = std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| elf::linkage(&bytes).map_err(|e| e.to_string()));
        match linkage {
            Ok(linkage) => {
                println!("{name}: {linkage}");
                all_static &= linkage.is_static();
            }
            Err(why) => {
                eprintln!("{name}: {why}");
                all_static = false;
            }
        }
    }
    if require_static && !all_static {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
// ANCHOR_END: main
