// Fails with E0225: a trait object has one vtable, for one trait plus auto
// traits (`Send`, `Sync`, ...). Fix: a trait with both as supertraits.
use std::fmt::{Debug, Display};

fn log(item: Box<dyn Display + Debug>) -> String {
    format!("{item} / {item:?}")
}

fn main() {}
