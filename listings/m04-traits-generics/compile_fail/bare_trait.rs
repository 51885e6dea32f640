// Fails with E0782: since the 2021 edition a trait is not a type. Say which
// dispatch you want: `&impl Route` (static) or `&dyn Route` (dynamic).
trait Route {
    fn destination(&self, event_type: &str) -> String;
}

struct Subject;

impl Route for Subject {
    fn destination(&self, event_type: &str) -> String {
        format!("events.{event_type}")
    }
}

fn log_route(route: &Route, event_type: &str) -> String {
    route.destination(event_type)
}

fn main() {
    println!("{}", log_route(&Subject, "OrderPlaced"));
}
