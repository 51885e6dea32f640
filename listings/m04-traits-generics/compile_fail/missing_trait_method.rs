// Fails with E0046: an `impl` must provide every method the trait declares
// without a default body.
trait Route {
    fn broker(&self) -> &str;
    fn destination(&self, event_type: &str) -> String;
}

struct Subject;

impl Route for Subject {
    fn destination(&self, event_type: &str) -> String {
        format!("events.{event_type}")
    }
}

fn main() {
    println!("{}", Subject.destination("OrderPlaced"));
}
