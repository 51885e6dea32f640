//! Lesson 11.1: `Rc` gives one value several owners on one thread. Cloning an
//! `Rc` adds one to a count; the value is freed when the last owner goes.

use std::rc::Rc;

// ANCHOR: types
/// A routing table that several consumers read and nobody changes.
#[derive(Debug, Clone, PartialEq)]
struct Routes {
    version: &'static str,
    topics: Vec<String>,
}

impl Drop for Routes {
    fn drop(&mut self) {
        println!("  (routes {} freed)", self.version);
    }
}

/// A consumer keeps the table for as long as it lives.
#[derive(Debug)]
struct Consumer {
    id: u32,
    routes: Rc<Routes>,
}
// ANCHOR_END: types

// ANCHOR: share
fn share() {
    let routes = Rc::new(Routes {
        version: "v1",
        topics: vec!["orders".into(), "payments".into()],
    });
    println!("owners: {}", Rc::strong_count(&routes));

    let first = Consumer {
        id: 1,
        routes: Rc::clone(&routes),
    };
    let second = Consumer {
        id: 2,
        routes: Rc::clone(&routes),
    };
    println!("owners: {}", Rc::strong_count(&routes));
    println!(
        "consumers {} and {} share one table: {}",
        first.id,
        second.id,
        Rc::ptr_eq(&first.routes, &second.routes)
    );

    drop(routes); // the first owner goes; the table stays
    println!(
        "owners after the original handle is dropped: {}",
        Rc::strong_count(&first.routes)
    );
    drop(first);
    println!("consumer 1 gone");
    drop(second); // the last owner: the table is freed here
    println!("consumer 2 gone");
}
// ANCHOR_END: share

// ANCHOR: deep
fn deep_copy() {
    let routes = Rc::new(Routes {
        version: "v2",
        topics: vec!["orders".into()],
    });
    let handle = Rc::clone(&routes); // one more owner of the same table
    let mut copy = Routes::clone(&routes); // a new table: the Vec and its Strings are copied
    copy.version = "v2-copy";
    copy.topics.push("refunds".into());
    println!(
        "handle is the same table: {}, copy has {} topics, original has {}",
        Rc::ptr_eq(&routes, &handle),
        copy.topics.len(),
        routes.topics.len()
    );
}
// ANCHOR_END: deep

// ANCHOR: size
fn size() {
    let word = size_of::<usize>();
    println!(
        "an Rc<Routes> is one pointer: {}",
        size_of::<Rc<Routes>>() == word
    );
}
// ANCHOR_END: size

fn main() {
    share();
    deep_copy();
    size();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_owner_frees_the_value() {
        let routes = Rc::new(Routes {
            version: "t",
            topics: Vec::new(),
        });
        let weak = Rc::downgrade(&routes);
        let consumer = Consumer {
            id: 1,
            routes: Rc::clone(&routes),
        };
        assert_eq!(Rc::strong_count(&routes), 2);
        drop(routes);
        assert!(weak.upgrade().is_some(), "the consumer still owns it");
        drop(consumer);
        assert!(weak.upgrade().is_none(), "freed with its last owner");
    }

    #[test]
    fn a_deep_clone_is_a_separate_value() {
        let routes = Rc::new(Routes {
            version: "t",
            topics: vec!["a".into()],
        });
        let copy = Rc::new(Routes::clone(&routes));
        assert!(!Rc::ptr_eq(&routes, &copy));
        assert_eq!(*routes, *copy);
        assert_eq!(Rc::strong_count(&routes), 1);
    }
}
