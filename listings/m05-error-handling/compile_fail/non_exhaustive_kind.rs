// `io::ErrorKind` is `#[non_exhaustive]`: outside std, naming every variant
// that exists today is not enough.
use std::io::ErrorKind;

fn retryable(kind: ErrorKind) -> bool {
    match kind {
        ErrorKind::Interrupted | ErrorKind::TimedOut | ErrorKind::WouldBlock => true,
        ErrorKind::NotFound | ErrorKind::PermissionDenied => false,
    }
}

fn main() {
    println!("{}", retryable(ErrorKind::TimedOut));
}
