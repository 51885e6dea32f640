//! Lesson 13.1: trait upcasting (stable since Rust 1.86). A `&dyn Publisher`
//! coerces to a `&dyn Named` or a `&dyn Any` when those are supertraits, and
//! `Any` then lets you downcast back to the concrete type.
//!
//! Run with `cargo run -p m13-advanced-types --example dyn_upcasting`.

use std::any::Any;
use std::sync::Mutex;

// ANCHOR: traits
/// Anything with a name for logs.
trait Named {
    fn name(&self) -> &str;
}

/// A sink for payloads. `Named` and `Any` are supertraits, so a
/// `dyn Publisher` can be upcast to either.
trait Publisher: Named + Any + Send + Sync {
    fn publish(&self, payload: &str) -> bool;
}
// ANCHOR_END: traits

// ANCHOR: impls
struct Stdout;

impl Named for Stdout {
    fn name(&self) -> &str {
        "stdout"
    }
}

impl Publisher for Stdout {
    fn publish(&self, payload: &str) -> bool {
        println!("  stdout <- {payload}");
        true
    }
}

/// Keeps what it was given, so a test can read it back.
#[derive(Default)]
struct Memory {
    sent: Mutex<Vec<String>>,
}

impl Named for Memory {
    fn name(&self) -> &str {
        "memory"
    }
}

impl Publisher for Memory {
    fn publish(&self, payload: &str) -> bool {
        match self.sent.lock() {
            Ok(mut sent) => {
                sent.push(payload.to_owned());
                true
            }
            Err(_) => false,
        }
    }
}
// ANCHOR_END: impls

// ANCHOR: upcast
/// Takes the narrower object: anything `Named`.
fn describe(item: &dyn Named) -> String {
    format!("<{}>", item.name())
}

/// What a memory publisher holds, if `publisher` is one.
fn sent_by_memory(publisher: &dyn Publisher) -> Option<Vec<String>> {
    let any: &dyn Any = publisher; // upcast: dyn Publisher -> dyn Any
    let memory = any.downcast_ref::<Memory>()?;
    memory.sent.lock().ok().map(|sent| sent.clone())
}
// ANCHOR_END: upcast

fn main() {
    // ANCHOR: use
    let publishers: Vec<Box<dyn Publisher>> = vec![Box::new(Stdout), Box::new(Memory::default())];
    for publisher in &publishers {
        let named: &dyn Named = publisher.as_ref(); // upcast: dyn Publisher -> dyn Named
        let accepted = publisher.publish("order-7");
        println!("{} accepted: {accepted}", describe(named));
    }
    for publisher in &publishers {
        println!(
            "{} kept {:?}",
            publisher.name(),
            sent_by_memory(publisher.as_ref())
        );
    }

    // Owned upcasting works too, and `Box<dyn Any>` downcasts by value.
    let mut publishers = publishers;
    if let Some(last) = publishers.pop() {
        let any: Box<dyn Any> = last;
        match any.downcast::<Memory>() {
            Ok(memory) => println!("got the Memory back: {}", memory.name()),
            Err(_) => println!("not a Memory"),
        }
    }
    // ANCHOR_END: use

    // ANCHOR: box_any_trap
    // A trap: a `&Box<dyn Any>` is itself an `Any` (the box's), so coercing
    // it asks about the Box, not about what it holds.
    let boxed: Box<dyn Any> = Box::new(42_u32);
    let outer: &dyn Any = &boxed;
    println!("outer is u32: {}", outer.is::<u32>());
    println!("inner is u32: {}", boxed.as_ref().is::<u32>());
    // ANCHOR_END: box_any_trap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upcast_keeps_the_same_object() {
        let memory = Memory::default();
        let publisher: &dyn Publisher = &memory;
        let named: &dyn Named = publisher;
        assert_eq!(named.name(), "memory");
        assert!(std::ptr::addr_eq(named, &memory));
    }

    #[test]
    fn downcast_finds_only_the_right_type() {
        let memory = Memory::default();
        assert!(memory.publish("x"));
        assert_eq!(sent_by_memory(&memory), Some(vec!["x".to_owned()]));
        assert_eq!(sent_by_memory(&Stdout), None);
    }
}
