// `?` applied to the future itself, before awaiting it.
use std::num::ParseIntError;

async fn load_id(raw: &str) -> Result<u64, ParseIntError> {
    raw.parse()
}

async fn relay_one() -> Result<u64, ParseIntError> {
    let id = load_id("42")?;
    Ok(id)
}

fn main() {
    drop(relay_one());
}
