// Fails with E0277: a `dyn Route` could be any size, so it cannot be passed
// by value. A trait object always sits behind a pointer: `&dyn`, `Box<dyn>`.
trait Route {
    fn destination(&self, event_type: &str) -> String;
}

struct Subject;

impl Route for Subject {
    fn destination(&self, event_type: &str) -> String {
        format!("events.{event_type}")
    }
}

fn log_route(route: dyn Route, event_type: &str) -> String {
    route.destination(event_type)
}

fn main() {
    println!("{}", Subject.destination("OrderPlaced"));
}
