// Fails with E0599: a trait's methods can only be called where the trait
// itself is in scope, even though `Subject` implements it.
mod routing {
    pub trait Route {
        fn destination(&self, event_type: &str) -> String;
    }

    pub struct Subject;

    impl Route for Subject {
        fn destination(&self, event_type: &str) -> String {
            format!("events.{event_type}")
        }
    }
}

use routing::Subject; // but not `routing::Route`

fn main() {
    println!("{}", Subject.destination("OrderPlaced"));
}
