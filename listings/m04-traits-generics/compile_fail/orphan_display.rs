// Fails with E0117: `Display` and `Vec` both come from std, so this crate
// may not pair them. Only a local trait or a local type makes an impl legal.
use std::fmt;

impl fmt::Display for Vec<u8> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} payload bytes", self.len())
    }
}

fn main() {
    let payload = b"{}".to_vec();
    println!("{payload}");
}
