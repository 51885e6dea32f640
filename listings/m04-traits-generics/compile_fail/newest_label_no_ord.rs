// `max()` needs `Ord`; without the bound the body may not compare `T`s.
use std::fmt;

fn newest_label<T: fmt::Display>(keys: &[T]) -> Option<String> {
    keys.iter().max().map(|key| format!("newest: {key}"))
}

fn main() {
    println!("{:?}", newest_label(&[1041, 1043, 1042]));
}
