//! Lesson 04.5: trait objects. `&dyn Route` and `Box<dyn Route>` hold any
//! type that implements `Route`, chosen at run time.
//!
//! Run with `cargo run -p m04-traits-generics --example trait_objects`.

use std::mem::size_of;

// ANCHOR: types
/// Decides where an event of a given type goes on a broker.
trait Route {
    fn broker(&self) -> &str;
    fn destination(&self, event_type: &str) -> String;
}

/// RabbitMQ: one exchange, keyed by event type.
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

/// NATS: one subject per event type.
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
// ANCHOR_END: types

// ANCHOR: borrowed
/// One compiled function serves every route: the call goes through the vtable.
fn log_line(route: &dyn Route, event_type: &str) -> String {
    format!("[{}] {}", route.broker(), route.destination(event_type))
}
// ANCHOR_END: borrowed

// ANCHOR: owned
/// Which route to use is only known once the configuration is read.
fn route_from_config(kind: &str) -> Option<Box<dyn Route>> {
    match kind {
        "rabbitmq" => Some(Box::new(Exchange {
            name: "orders".to_string(),
        })),
        "nats" => Some(Box::new(Subject {
            prefix: "events".to_string(),
        })),
        _ => None,
    }
}
// ANCHOR_END: owned

fn main() {
    // ANCHOR: use
    let exchange = Exchange {
        name: "orders".to_string(),
    };
    println!("{}", log_line(&exchange, "OrderPlaced")); // &Exchange coerces to &dyn Route

    // Different concrete types, one element type.
    let routes: Vec<Box<dyn Route>> = ["nats", "rabbitmq"]
        .into_iter()
        .filter_map(route_from_config)
        .collect();
    for route in &routes {
        println!("{}", log_line(route.as_ref(), "OrderShipped"));
    }
    println!("unknown broker: {}", route_from_config("kafka").is_none());
    // ANCHOR_END: use

    // ANCHOR: sizes
    println!("&Exchange:       {} bytes", size_of::<&Exchange>());
    println!("&dyn Route:      {} bytes", size_of::<&dyn Route>());
    println!("Box<dyn Route>:  {} bytes", size_of::<Box<dyn Route>>());
    // ANCHOR_END: sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trait_object_is_two_pointers_wide() {
        assert_eq!(size_of::<&dyn Route>(), 2 * size_of::<usize>());
        assert_eq!(size_of::<&Subject>(), size_of::<usize>());
    }

    #[test]
    fn config_picks_the_route_at_run_time() {
        let route = route_from_config("nats").expect("nats is known");
        assert_eq!(log_line(&*route, "E"), "[nats] subject events.E");
        assert!(route_from_config("kafka").is_none());
    }
}
