// Two variants that both convert from the same error type: `?` could not
// know which one to build. Two `#[from]` attributes on one source type in a
// thiserror enum generate exactly these two impls.
use std::io;

#[derive(Debug)]
enum SpoolError {
    ReadOutbox(io::Error),
    WriteCheckpoint(io::Error),
}

impl From<io::Error> for SpoolError {
    fn from(error: io::Error) -> Self {
        SpoolError::ReadOutbox(error)
    }
}

impl From<io::Error> for SpoolError {
    fn from(error: io::Error) -> Self {
        SpoolError::WriteCheckpoint(error)
    }
}

fn main() {
    let error = SpoolError::from(io::Error::other("disk full"));
    println!("{error:?}");
}
