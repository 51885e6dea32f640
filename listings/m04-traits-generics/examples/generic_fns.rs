//! Lesson 04.2: generic functions, one source, one compiled copy per type.
//!
//! Run with `cargo run -p m04-traits-generics --example generic_fns`.

use std::any::type_name;
use std::fmt::Debug;

// ANCHOR: newest
/// The greatest item of a slice: the newest id, the latest timestamp.
/// `T: PartialOrd` lets the body compare; `T: Copy` lets it copy items out.
fn newest<T: PartialOrd + Copy>(items: &[T]) -> Option<T> {
    let mut newest = *items.first()?;
    for &item in items {
        if item > newest {
            newest = item;
        }
    }
    Some(newest)
}
// ANCHOR_END: newest

// ANCHOR: copies
/// Says which compiled copy of itself is running.
fn describe<T: Debug>(value: T) -> String {
    format!("describe::<{}>({value:?})", type_name::<T>())
}
// ANCHOR_END: copies

fn main() {
    // ANCHOR: calls
    let ids: [i64; 4] = [1041, 1044, 1042, 1043];
    let sizes = [0.5_f64, 2.25, 1.0];
    let grades = ['b', 'a', 'c'];
    println!("newest id: {:?}", newest(&ids)); // T = i64
    println!("largest size: {:?}", newest(&sizes)); // T = f64
    println!("last grade: {:?}", newest(&grades)); // T = char
    // ANCHOR_END: calls

    // ANCHOR: turbofish
    // Nothing in an empty slice says what T is: name it with the turbofish.
    println!("empty: {:?}", newest::<u32>(&[]));
    let port = "5672".parse::<u16>();
    let width = size_of::<u128>();
    println!("port {port:?}, a u128 is {width} bytes");
    // ANCHOR_END: turbofish

    // ANCHOR: describe
    println!("{}", describe(42_u8));
    println!("{}", describe("order-7"));
    println!("{}", describe((7_i64, true)));
    // ANCHOR_END: describe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_works_for_any_comparable_copy_type() {
        assert_eq!(newest(&[3, 9, 4]), Some(9));
        assert_eq!(newest(&["b", "c", "a"]), Some("c"));
        assert_eq!(newest::<i64>(&[]), None);
    }

    #[test]
    fn each_type_gets_its_own_copy() {
        assert_eq!(describe(1_i64), "describe::<i64>(1)");
        assert_eq!(describe('x'), "describe::<char>('x')");
    }
}
