// A `String` is a message, not an error: it does not implement `Error`, so
// it cannot be returned from `source()`.
use std::error::Error;
use std::fmt;

#[derive(Debug)]
struct PublishFailed {
    reason: String,
}

impl fmt::Display for PublishFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("publishing failed")
    }
}

impl Error for PublishFailed {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.reason)
    }
}

fn main() {
    let error = PublishFailed {
        reason: "no route to queue orders".into(),
    };
    println!("{error}");
}
