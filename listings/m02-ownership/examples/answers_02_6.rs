//! Answers to the "Try it" exercises of lesson 02.6.
//!
//! Run with `cargo run -p m02-ownership --example answers_02_6`.

// ANCHOR: answer3
/// The headers of one received message, owned, as in `elision_rules.rs`.
#[derive(Debug)]
struct MessageHeaders {
    raw: String,
}

impl MessageHeaders {
    fn get(&self, key: &str) -> Option<&str> {
        self.raw
            .split(';')
            .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
    }

    /// The result comes from `self` or from `default`, so both carry `'a`;
    /// `key` is only read and keeps a lifetime of its own.
    fn get_or<'a>(&'a self, key: &str, default: &'a str) -> &'a str {
        self.get(key).unwrap_or(default)
    }
}
// ANCHOR_END: answer3

fn main() {
    let headers = MessageHeaders {
        raw: String::from("aggregate-id=order-42;event-type=OrderPlaced"),
    };
    println!("event type: {}", headers.get_or("event-type", "(none)"));
    println!("trace id: {}", headers.get_or("trace-id", "(none)"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_or_returns_the_header_or_the_default() {
        let headers = MessageHeaders {
            raw: String::from("aggregate-id=order-42"),
        };
        assert_eq!(headers.get_or("aggregate-id", "(none)"), "order-42");
        let default = String::from("fallback"); // not 'static: any &'a str works
        assert_eq!(headers.get_or("trace-id", &default), "fallback");
    }
}
