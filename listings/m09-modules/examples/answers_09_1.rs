//! Worked answers to the "Try it" exercises of lesson 09.1. Each answer is a
//! small module tree of its own, so the crate's real layout stays as the
//! lesson shows it.

// Each module tree here stands for a library crate's, but it sits inside a
// private module (`mod answer2`), so no `pub` in it can be reached from the
// crate root and the workspace's `unreachable_pub` lint would flag every one:
// it is off for this file.
#![allow(unreachable_pub)]

// ANCHOR: answer2
/// Exercise 2: a helper the crate shares internally but never publishes.
mod answer2 {
    pub mod routing {
        pub fn subject(event_type: &str) -> String {
            format!("events.{}", event_type.to_lowercase())
        }
    }

    mod headers {
        use super::routing;

        /// `pub(crate)`: `wire` may call it; users of the crate cannot.
        pub(crate) fn headers(event_type: &str) -> Vec<(&'static str, String)> {
            vec![
                ("subject", routing::subject(event_type)),
                ("type", event_type.to_owned()),
            ]
        }
    }

    pub mod wire {
        pub fn to_line(event_type: &str) -> String {
            super::headers::headers(event_type)
                .iter()
                .map(|(key, value)| format!("{key}={value}"))
                .collect::<Vec<_>>()
                .join(" ")
        }
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer4
/// Exercise 4: the `message` module is private now; its types are still
/// reachable at the crate root, and only there.
mod answer4 {
    mod message {
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Message {
            event_type: String,
        }

        impl Message {
            pub fn new(event_type: &str) -> Self {
                Self {
                    event_type: event_type.to_owned(),
                }
            }

            pub fn event_type(&self) -> &str {
                &self.event_type
            }
        }
    }

    pub use message::Message;
}
// ANCHOR_END: answer4

fn main() {
    println!("answer 2: {}", answer2::wire::to_line("OrderPlaced"));
    let message = answer4::Message::new("OrderPlaced");
    println!("answer 4: {}", message.event_type());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_helper_feeds_the_public_function() {
        assert_eq!(
            answer2::wire::to_line("Shipped"),
            "subject=events.shipped type=Shipped"
        );
    }

    #[test]
    fn the_re_export_is_the_only_path() {
        // `answer4::message::Message` would be E0603 here: the module is private.
        let message: answer4::Message = answer4::Message::new("Shipped");
        assert_eq!(message.event_type(), "Shipped");
    }
}
