//! Lesson 13.2: `PhantomData<T>` tells the drop checker "I own a T".
//!
//! Run with `cargo run -p m13-advanced-types --example phantom_dropck`.

use std::marker::PhantomData;

// ANCHOR: types
/// Reads the borrowed label when dropped, so the borrow must still be valid then.
struct Audit<'a>(&'a str);

impl Drop for Audit<'_> {
    fn drop(&mut self) {
        println!("  audit of {} dropped", self.0);
    }
}

/// Claims to own a `T`: dropping a `Holds<T>` counts as dropping a `T`.
struct Holds<T> {
    name: String,
    _owns: PhantomData<T>,
}

/// Only names `T`: dropping a `Names<T>` never touches a `T`.
struct Names<T> {
    name: String,
    _names: PhantomData<fn() -> T>,
}
// ANCHOR_END: types

// ANCHOR: constructors
fn holds<'a>(_label: &'a str, name: &str) -> Holds<Audit<'a>> {
    Holds {
        name: name.to_owned(),
        _owns: PhantomData,
    }
}

fn names<'a>(_label: &'a str, name: &str) -> Names<Audit<'a>> {
    Names {
        name: name.to_owned(),
        _names: PhantomData,
    }
}
// ANCHOR_END: constructors

#[expect(
    clippy::needless_late_init,
    reason = "where `early` is declared decides when it is dropped"
)]
fn main() {
    // ANCHOR: use
    // Declared before `label`, so dropped after it: fine only for `Names`.
    let early;
    let label = String::from("order-7");
    early = names(&label, "names");
    // Declared after `label`, so dropped before it: fine for both.
    let late = holds(&label, "holds");
    let audit = Audit(&label);
    println!("{} and {} live beside {}", early.name, late.name, audit.0);
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::needs_drop;

    #[test]
    fn both_have_drop_glue_from_their_string() {
        assert!(needs_drop::<Holds<Audit<'static>>>());
        assert!(needs_drop::<Names<Audit<'static>>>());
    }
}
