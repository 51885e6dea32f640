//! Lesson 11.1: a `Weak` points at a value without owning it. `upgrade`
//! returns an owner while the value lives, and `None` once it is gone.

use std::rc::{Rc, Weak};

// ANCHOR: upgrade
#[derive(Debug)]
struct Subscriber {
    name: &'static str,
}

fn upgrade_after_drop() {
    let subscriber = Rc::new(Subscriber { name: "audit" });
    let weak: Weak<Subscriber> = Rc::downgrade(&subscriber);
    println!(
        "strong {}, weak {}",
        Rc::strong_count(&subscriber),
        Rc::weak_count(&subscriber)
    );
    match weak.upgrade() {
        Some(alive) => println!("upgrade while the owner lives: {}", alive.name),
        None => println!("upgrade while the owner lives: gone"),
    } // `alive`, a temporary second owner, is dropped here
    drop(subscriber);
    println!("upgrade after the owner dropped: {:?}", weak.upgrade());
}
// ANCHOR_END: upgrade

// ANCHOR: registry
/// Knows who to notify, but does not keep anybody alive.
#[derive(Debug, Default)]
struct Registry {
    subscribers: Vec<Weak<Subscriber>>,
}

impl Registry {
    fn subscribe(&mut self, subscriber: &Rc<Subscriber>) {
        self.subscribers.push(Rc::downgrade(subscriber));
    }

    /// Notifies the live subscribers and forgets the dead ones.
    fn notify(&mut self, event: &str) -> Vec<String> {
        self.subscribers.retain(|weak| weak.strong_count() > 0);
        self.subscribers
            .iter()
            .filter_map(Weak::upgrade)
            .map(|subscriber| format!("{} <- {event}", subscriber.name))
            .collect()
    }
}
// ANCHOR_END: registry

// ANCHOR: use
fn main() {
    upgrade_after_drop();

    let mut registry = Registry::default();
    let audit = Rc::new(Subscriber { name: "audit" });
    let billing = Rc::new(Subscriber { name: "billing" });
    registry.subscribe(&audit);
    registry.subscribe(&billing);
    println!("{:?}", registry.notify("order-1 placed"));

    drop(billing); // unsubscribing is just dropping
    println!("{:?}", registry.notify("order-2 placed"));
    println!("entries left: {}", registry.subscribers.len());
}
// ANCHOR_END: use

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upgrade_fails_once_the_last_owner_is_gone() {
        let owner = Rc::new(Subscriber { name: "x" });
        let weak = Rc::downgrade(&owner);
        let second = weak.upgrade().expect("alive");
        drop(owner);
        assert_eq!(
            weak.upgrade().map(|s| s.name),
            Some("x"),
            "`second` owns it"
        );
        drop(second);
        assert!(weak.upgrade().is_none());
    }

    #[test]
    fn the_registry_does_not_keep_subscribers_alive() {
        let mut registry = Registry::default();
        let a = Rc::new(Subscriber { name: "a" });
        registry.subscribe(&a);
        assert_eq!(Rc::strong_count(&a), 1);
        assert_eq!(registry.notify("e"), ["a <- e"]);
        drop(a);
        assert!(registry.notify("e").is_empty());
        assert!(registry.subscribers.is_empty());
    }
}
