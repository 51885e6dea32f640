// `main_result.rs` with `main` returning `Result<(), ParseIntError>`: the
// first `?` still compiles (its error is a `ParseIntError`), the second does
// not, because nothing converts a `Box<dyn Error>` into a `ParseIntError`.
use std::env;
use std::error::Error;
use std::num::ParseIntError;
use std::process::Command;

const VAR: &str = "RELAY_BATCH_SIZE";

fn batch_size(raw: Option<String>) -> Result<u32, ParseIntError> {
    match raw {
        Some(raw) => raw.trim().parse(),
        None => Ok(100),
    }
}

fn main() -> Result<(), ParseIntError> {
    let batch_size = batch_size(env::var(VAR).ok())?;
    println!("relay starting with batches of {batch_size}");
    if env::var_os(VAR).is_none() {
        show_a_failing_start("ten")?;
    }
    Ok(())
}

fn show_a_failing_start(value: &str) -> Result<(), Box<dyn Error>> {
    let output = Command::new(env::current_exe()?).env(VAR, value).output()?;
    println!("exit code: {:?}", output.status.code());
    Ok(())
}
