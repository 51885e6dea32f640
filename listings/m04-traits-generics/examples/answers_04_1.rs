//! Answers to the exercises of lesson 04.1.
//!
//! Run with `cargo run -p m04-traits-generics --example answers_04_1`.

// ANCHOR: answer1
mod answer1 {
    pub(crate) trait Route {
        fn broker(&self) -> &str;
        fn destination(&self, event_type: &str) -> String;
    }

    pub(crate) struct Exchange {
        pub(crate) name: String,
    }

    impl Route for Exchange {
        fn broker(&self) -> &str {
            "rabbitmq"
        }

        fn destination(&self, event_type: &str) -> String {
            format!("exchange {} key {event_type}", self.name)
        }
    }

    /// The third route: a unit struct, since it needs no configuration.
    pub(crate) struct Stdout;

    impl Route for Stdout {
        fn broker(&self) -> &str {
            "stdout"
        }

        fn destination(&self, event_type: &str) -> String {
            format!("standard output, {event_type}")
        }
    }

    /// Unchanged from `routing_trait.rs`: it never named a concrete route.
    pub(crate) fn log_line(route: &impl Route, event_type: &str) -> String {
        format!(
            "[{}] {event_type} -> {}",
            route.broker(),
            route.destination(event_type)
        )
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer5
mod answer5 {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) struct Topic(pub String);

    impl From<&str> for Topic {
        fn from(name: &str) -> Self {
            Topic(name.trim().to_lowercase())
        }
    }

    /// The new impl reuses the `&str` one, so both normalise the same way.
    impl From<String> for Topic {
        fn from(name: String) -> Self {
            Topic::from(name.as_str())
        }
    }
}
// ANCHOR_END: answer5

fn main() {
    let exchange = answer1::Exchange {
        name: "orders".to_string(),
    };
    println!("1. {}", answer1::log_line(&exchange, "OrderShipped"));
    println!("1. {}", answer1::log_line(&answer1::Stdout, "OrderShipped"));

    let audit = answer5::Topic::from(String::from(" Audit "));
    let owned: answer5::Topic = String::from("Payments").into(); // `Into` came free
    println!("5. {audit:?} {owned:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer1_log_line_accepts_the_new_route() {
        assert_eq!(
            answer1::log_line(&answer1::Stdout, "OrderShipped"),
            "[stdout] OrderShipped -> standard output, OrderShipped"
        );
    }

    #[test]
    fn answer5_string_and_str_build_the_same_topic() {
        assert_eq!(
            answer5::Topic::from(String::from(" Audit ")),
            answer5::Topic::from("audit")
        );
    }
}
