//! Lesson 02.3: choose parameter types by what the function does with the
//! value: `&str` / `&[T]` to read, `T` to keep, `&mut T` to change in place.
//!
//! Run with `cargo run -p m02-ownership --example borrowing_apis`.

// ANCHOR: read
/// Reads text: take `&str`. Callers can pass a literal, a `&String`, or a slice.
fn routing_key(aggregate: &str, sequence: u64) -> String {
    format!("{aggregate}.{sequence}")
}

/// Reads a list: take `&[T]`. Callers can pass a `&Vec<T>`, an array, or part of either.
fn total_bytes(payloads: &[String]) -> usize {
    payloads.iter().map(|payload| payload.len()).sum()
}
// ANCHOR_END: read

// ANCHOR: keep
/// Stores the topic, so it takes ownership: a `String`, not a `&str`.
#[derive(Debug)]
struct Publisher {
    topic: String,
}

impl Publisher {
    fn new(topic: String) -> Publisher {
        Publisher { topic }
    }
}
// ANCHOR_END: keep

// ANCHOR: change
/// Changes the caller's list in place: take `&mut Vec<T>` (lesson 02.4).
fn enqueue(pending: &mut Vec<String>, payload: String) {
    pending.push(payload);
}
// ANCHOR_END: change

fn main() {
    // ANCHOR: calls
    let aggregate = String::from("order");
    println!("{}", routing_key(&aggregate, 17)); // &String coerces to &str
    println!("{}", routing_key("invoice", 3)); // a literal is already &str
    println!("{}", routing_key(&aggregate[..3], 1)); // a slice of a String

    let mut pending = vec![String::from("{\"a\":1}"), String::from("{\"b\":22}")];
    println!("all: {} bytes", total_bytes(&pending)); // &Vec<String> coerces to &[String]
    println!("first: {} bytes", total_bytes(&pending[..1])); // part of the Vec

    let publisher = Publisher::new(String::from("orders")); // ownership moves in
    enqueue(&mut pending, String::from("{\"c\":333}"));
    println!(
        "publisher for {} has {} pending",
        publisher.topic,
        pending.len()
    );
    // ANCHOR_END: calls

    // ANCHOR: auto_deref
    let name = String::from("  orders  ");
    let by_ref: &String = &name;
    let by_ref_ref: &&String = &by_ref;
    // `.` follows references for you: `trim` is a `str` method, reached from
    // `&&String` through `&String`, `String` and `str` without a single `*`.
    println!("[{}] [{}]", by_ref.trim(), by_ref_ref.trim());
    // Operators do not auto-deref: comparing needs matching levels.
    let id = 17_u64;
    let id_ref = &id;
    println!("*id_ref == 17: {}", *id_ref == 17);
    // ANCHOR_END: auto_deref
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_str_parameter_accepts_every_kind_of_text() {
        let owned = String::from("order");
        assert_eq!(routing_key(&owned, 1), "order.1");
        assert_eq!(routing_key("order", 1), "order.1");
        assert_eq!(routing_key(&owned[..2], 1), "or.1");
    }

    #[test]
    fn one_slice_parameter_accepts_vecs_arrays_and_parts() {
        let vec = vec![String::from("ab"), String::from("c")];
        let array = [String::from("xyz")];
        assert_eq!(total_bytes(&vec), 3);
        assert_eq!(total_bytes(&array), 3);
        assert_eq!(total_bytes(&vec[1..]), 1);
        assert_eq!(total_bytes(&[]), 0);
    }

    #[test]
    fn enqueue_changes_the_callers_vec() {
        let mut pending = Vec::new();
        enqueue(&mut pending, String::from("x"));
        assert_eq!(pending, ["x"]);
    }
}
