//! Lesson 13.1: the lifetime inside a trait object type, its defaults, the
//! auto traits you can add to it, and the size of the pointers that carry it.
//!
//! Run with `cargo run -p m13-advanced-types --example dyn_lifetimes`.

use std::any::Any;
use std::fmt::Display;
use std::mem::size_of;
use std::sync::Arc;

// ANCHOR: defaults
/// `Box<dyn Display>` means `Box<dyn Display + 'static>`: only owned data.
fn owned_label(id: u64) -> Box<dyn Display> {
    Box::new(format!("order-{id}"))
}

/// Borrowing needs the lifetime written out: `+ 'a`.
fn borrowed_label<'a>(name: &'a str) -> Box<dyn Display + 'a> {
    Box::new(name)
}

/// `&'a dyn Display` means `&'a (dyn Display + 'a)`: the object lives as long
/// as the borrow, which is all a reference can promise anyway.
fn shout(label: &dyn Display) -> String {
    label.to_string().to_uppercase()
}
// ANCHOR_END: defaults

// ANCHOR: checks
/// A filter that may borrow from the caller (`'a`) and may be sent to another
/// thread (`Send`).
type Rule<'a> = Box<dyn Fn(&str) -> bool + Send + 'a>;

struct Checks<'a> {
    rules: Vec<Rule<'a>>,
}

impl<'a> Checks<'a> {
    fn accepts(&self, event: &str) -> bool {
        self.rules.iter().all(|rule| rule(event))
    }
}
// ANCHOR_END: checks

fn main() {
    // ANCHOR: use
    let owned = owned_label(7);
    let name = String::from("order-8");
    let borrowed = borrowed_label(&name);
    println!("{} {}", shout(owned.as_ref()), shout(borrowed.as_ref()));

    let banned = String::from("Test");
    let checks = Checks {
        rules: vec![
            Box::new(|event: &str| !event.is_empty()),
            Box::new(|event: &str| !event.starts_with(banned.as_str())),
        ],
    };
    // The rules borrow `banned`; a scoped thread may use them, because it
    // ends before `banned` does.
    let verdicts = std::thread::scope(|scope| {
        let worker =
            scope.spawn(move || ["OrderPlaced", "TestPing", ""].map(|event| checks.accepts(event)));
        worker.join().unwrap_or_default()
    });
    println!("verdicts: {verdicts:?}");
    // ANCHOR_END: use

    // ANCHOR: sizes
    let words = |bytes: usize| bytes / size_of::<usize>();
    println!("{:<26}words", "pointer type");
    println!("{:<26}{}", "&u64", words(size_of::<&u64>()));
    println!("{:<26}{}", "&[u8] or &str", words(size_of::<&[u8]>()));
    println!("{:<26}{}", "&dyn Display", words(size_of::<&dyn Display>()));
    println!(
        "{:<26}{}",
        "&(dyn Display + Send)",
        words(size_of::<&(dyn Display + Send)>())
    );
    println!("{:<26}{}", "Box<dyn Any>", words(size_of::<Box<dyn Any>>()));
    println!(
        "{:<26}{}",
        "Arc<dyn Display>",
        words(size_of::<Arc<dyn Display>>())
    );
    println!(
        "{:<26}{}",
        "Option<Box<dyn Display>>",
        words(size_of::<Option<Box<dyn Display>>>())
    );
    println!(
        "{:<26}{}",
        "Box<Box<dyn Display>>",
        words(size_of::<Box<Box<dyn Display>>>())
    );
    // ANCHOR_END: sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trait_object_pointers_are_two_words() {
        let word = size_of::<usize>();
        assert_eq!(size_of::<&dyn Display>(), 2 * word);
        assert_eq!(size_of::<&(dyn Display + Send + Sync)>(), 2 * word);
        assert_eq!(size_of::<Option<Box<dyn Display>>>(), 2 * word);
        assert_eq!(size_of::<Box<Box<dyn Display>>>(), word);
    }

    #[test]
    fn borrowed_objects_work_until_their_data_goes() {
        let name = String::from("a");
        let label = borrowed_label(&name);
        assert_eq!(shout(label.as_ref()), "A");
        let checks = Checks {
            rules: vec![Box::new(|event: &str| event != name)],
        };
        assert!(!checks.accepts("a"));
        assert!(checks.accepts("b"));
    }
}
