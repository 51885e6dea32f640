//! Lesson 01.3: building owned strings, and converting between `String`
//! and `&str` in both directions.

// ANCHOR: routing_key
/// Builds `"<aggregate>.<event>"` with exactly one allocation: the capacity
/// is known up front, so `push_str` never has to grow the buffer.
fn routing_key(aggregate: &str, event: &str) -> String {
    let mut key = String::with_capacity(aggregate.len() + 1 + event.len());
    key.push_str(aggregate);
    key.push('.');
    key.push_str(event);
    key
}
// ANCHOR_END: routing_key

fn main() {
    // ANCHOR: build
    let key = routing_key("order", "OrderPlaced");
    println!(
        "{key:?}: len = {}, capacity = {}",
        key.len(),
        key.capacity()
    );

    let id = 42;
    let line = format!("order-{id}|OrderPlaced|{{\"total\":1999}}");
    println!("{line}");

    let parts = ["orders", "eu", "placed"];
    println!("{}", parts.join("."));
    // ANCHOR_END: build

    // ANCHOR: convert
    let literal: &str = "payments";
    let a: String = literal.to_string(); // via Display
    let b: String = literal.to_owned(); // copy the borrowed bytes
    let c: String = String::from(literal);
    let d: String = literal.into(); // the type annotation picks String
    println!("all equal: {}", a == b && b == c && c == d);

    let back: &str = a.as_str(); // borrow the whole String as &str
    let also_back: &str = &a; // the same, by deref coercion
    println!("{back} {also_back}");
    // ANCHOR_END: convert
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routing_key_joins_with_a_dot() {
        assert_eq!(routing_key("order", "OrderPlaced"), "order.OrderPlaced");
    }

    #[test]
    fn routing_key_allocates_exactly_enough() {
        let key = routing_key("payment", "PaymentCaptured");
        assert_eq!(key.len(), "payment.PaymentCaptured".len());
        assert!(key.capacity() >= key.len());
    }

    #[test]
    fn format_escapes_braces() {
        assert_eq!(format!("{{{}}}", 1), "{1}");
    }
}
