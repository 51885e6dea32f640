// `?` converts the error with `From`; this error type has no `From<ParseIntError>`.
#[derive(Debug)]
enum ConfigError {
    Missing(&'static str),
}

fn batch_size(raw: Option<&str>) -> Result<u32, ConfigError> {
    let raw = raw.ok_or(ConfigError::Missing("BATCH_SIZE"))?;
    let size = raw.parse::<u32>()?;
    Ok(size)
}

fn main() {
    println!("{:?}", batch_size(Some("100")));
}
