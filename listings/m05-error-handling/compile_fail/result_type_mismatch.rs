// The error type is part of the return type: a `Result` with another error
// type is a different type, and returning it as it is converts nothing.
use std::num::ParseIntError;

#[derive(Debug)]
enum ConfigError {
    BadNumber(ParseIntError),
}

fn batch_size(raw: &str) -> Result<u32, ConfigError> {
    raw.trim().parse::<u32>()
}

fn main() {
    println!("{:?}", batch_size("100"));
    let _ = ConfigError::BadNumber;
}
