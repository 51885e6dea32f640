// `?` on an Option inside a function that returns Result.
fn lookup(key: &str) -> Option<&'static str> {
    if key == "RELAY_BATCH_SIZE" {
        Some("100")
    } else {
        None
    }
}

fn batch_size() -> Result<u32, String> {
    let raw = lookup("RELAY_BATCH_SIZE")?;
    raw.parse::<u32>().map_err(|e| e.to_string())
}

fn main() {
    println!("{:?}", batch_size());
}
