// The `From` impl that `#[from]` on `State`'s `cause` would have to generate:
// `From::from` receives only the cause, and has nothing to put in `id`.
use std::fmt;

#[derive(Debug, Clone, Copy)]
struct MessageId(i64);

#[derive(Debug)]
struct InvalidTransition;

impl fmt::Display for InvalidTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot mark as sent a message that is pending")
    }
}

#[derive(Debug)]
enum RelayError {
    State { id: MessageId, cause: InvalidTransition },
}

impl From<InvalidTransition> for RelayError {
    fn from(cause: InvalidTransition) -> Self {
        RelayError::State { cause }
    }
}

fn main() {
    println!("{:?}", RelayError::from(InvalidTransition));
}
