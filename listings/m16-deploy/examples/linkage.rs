//! Says how each executable named on the command line is linked:
//!
//!     cargo run -p m16-deploy --example linkage -- target/x86_64-unknown-linux-musl/dist/outbox-bridge
//!
//! Exits 1 if any of them is not static (the `deploy` step relies on that).

// ANCHOR: main
use m16_deploy::elf;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut all_static = true;
    for path in std::env::args_os().skip(1) {
        let path = Path::new(&path);
        let name = path
            .file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy();
        match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| elf::linkage(&bytes).map_err(|e| e.to_string()))
        {
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
    if all_static {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
// ANCHOR_END: main
