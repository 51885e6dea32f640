//! Lesson 11.1: copy-on-write with `Arc::make_mut`, and `Arc::get_mut`,
//! which hands out `&mut` only to the one and only owner.

use std::sync::Arc;

// ANCHOR: cow
#[derive(Debug, Clone, PartialEq)]
struct Limits {
    batch_size: usize,
    lanes: usize,
}

fn main() {
    let mut current = Arc::new(Limits {
        batch_size: 500,
        lanes: 4,
    });

    // One owner: make_mut changes the value where it is.
    let before = Arc::as_ptr(&current);
    Arc::make_mut(&mut current).lanes = 8;
    println!(
        "sole owner, changed in place: {}",
        std::ptr::eq(before, Arc::as_ptr(&current))
    );

    // A reader takes a snapshot: now there are two owners.
    let snapshot = Arc::clone(&current);
    println!("get_mut while shared: {:?}", Arc::get_mut(&mut current));

    // make_mut clones the value first, and the writer gets the copy.
    Arc::make_mut(&mut current).batch_size = 1000;
    println!("reader's snapshot: {snapshot:?}");
    println!("writer's value:    {current:?}");
    println!("still shared: {}", Arc::ptr_eq(&snapshot, &current));

    drop(snapshot);
    if let Some(limits) = Arc::get_mut(&mut current) {
        limits.lanes = 16; // the only owner again: plain &mut, no copy
    }
    println!("after the reader left: {current:?}");

    // The last owner can also take the value out.
    let owned: Option<Limits> = Arc::into_inner(current);
    println!("taken out: {owned:?}");
}
// ANCHOR_END: cow

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_mut_copies_only_when_shared() {
        let mut a = Arc::new(Limits {
            batch_size: 1,
            lanes: 1,
        });
        let p = Arc::as_ptr(&a);
        Arc::make_mut(&mut a).lanes = 2;
        assert!(std::ptr::eq(p, Arc::as_ptr(&a)));
        let b = Arc::clone(&a);
        Arc::make_mut(&mut a).lanes = 3;
        assert_eq!(b.lanes, 2);
        assert_eq!(a.lanes, 3);
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(Arc::strong_count(&a), 1);
        assert_eq!(Arc::strong_count(&b), 1);
    }

    #[test]
    fn get_mut_needs_the_only_owner() {
        let mut a = Arc::new(1);
        let b = Arc::clone(&a);
        assert!(Arc::get_mut(&mut a).is_none());
        drop(b);
        *Arc::get_mut(&mut a).expect("unique") += 1;
        assert_eq!(Arc::into_inner(a), Some(2));
    }
}
