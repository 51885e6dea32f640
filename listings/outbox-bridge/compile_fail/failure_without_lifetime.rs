// A struct that borrows must say for how long: the state machine's
// `Failure<'a>` holds references to the error and the policy.
struct Failure {
    error: &String,
    attempts: u32,
}

fn main() {
    let error = String::from("connection reset");
    let failure = Failure {
        error: &error,
        attempts: 1,
    };
    println!("{} after {} attempt(s)", failure.error, failure.attempts);
}
