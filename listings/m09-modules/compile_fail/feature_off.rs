// `to_json` exists only when the crate is built with the `json` feature;
// this build has no features turned on.
#[cfg(feature = "json")]
pub fn to_json(id: u64) -> String {
    format!("{{\"id\":{id}}}")
}

fn main() {
    println!("{}", to_json(7));
}
