//! Lesson 04.1: a trait names a set of methods; a type joins it with `impl`.
//!
//! Run with `cargo run -p m04-traits-generics --example routing_trait`.

// ANCHOR: trait
/// Decides where an event of a given type goes on a broker.
trait Route {
    /// The broker this route belongs to, for logs and metrics.
    fn broker(&self) -> &str;

    /// Where one event type is published: a routing key, a subject.
    fn destination(&self, event_type: &str) -> String;
}
// ANCHOR_END: trait

// ANCHOR: impls
/// RabbitMQ: every event goes to one exchange, keyed by its type.
struct Exchange {
    name: String,
}

impl Route for Exchange {
    fn broker(&self) -> &str {
        "rabbitmq"
    }

    fn destination(&self, event_type: &str) -> String {
        format!("exchange {} key {event_type}", self.name)
    }
}

/// NATS JetStream: one subject per event type, under a prefix.
struct Subject {
    prefix: String,
}

impl Route for Subject {
    fn broker(&self) -> &str {
        "nats"
    }

    fn destination(&self, event_type: &str) -> String {
        format!("subject {}.{event_type}", self.prefix)
    }
}
// ANCHOR_END: impls

// ANCHOR: any_route
/// Works with any type that implements `Route` (04.2 explains `impl Route`).
fn log_line(route: &impl Route, event_type: &str) -> String {
    format!(
        "[{}] {event_type} -> {}",
        route.broker(),
        route.destination(event_type)
    )
}
// ANCHOR_END: any_route

fn main() {
    // ANCHOR: calls
    let exchange = Exchange {
        name: "orders".to_string(),
    };
    let subject = Subject {
        prefix: "events".to_string(),
    };

    // Method syntax: the usual way.
    println!("{}", exchange.destination("OrderPlaced"));
    // The same call, spelled as a path: the trait's function, `self` passed first.
    println!("{}", Route::destination(&subject, "OrderPlaced"));
    // Fully qualified: which type, seen as which trait.
    println!("{}", <Subject as Route>::broker(&subject));
    // ANCHOR_END: calls

    println!("{}", log_line(&exchange, "OrderShipped"));
    println!("{}", log_line(&subject, "OrderShipped"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_broker_routes_in_its_own_way() {
        let exchange = Exchange {
            name: "orders".into(),
        };
        let subject = Subject {
            prefix: "events".into(),
        };
        assert_eq!(
            exchange.destination("OrderPlaced"),
            "exchange orders key OrderPlaced"
        );
        assert_eq!(
            subject.destination("OrderPlaced"),
            "subject events.OrderPlaced"
        );
    }

    #[test]
    fn one_function_serves_every_route() {
        let subject = Subject {
            prefix: "events".into(),
        };
        assert_eq!(
            log_line(&subject, "OrderShipped"),
            "[nats] OrderShipped -> subject events.OrderShipped"
        );
    }
}
