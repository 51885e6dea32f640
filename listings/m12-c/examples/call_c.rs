//! Calling C from Rust (lesson 12.2): three functions of the C library
//! that every Rust program on Linux already links (libc and libm), declared
//! by hand and wrapped so that the rest of the program stays safe.

use std::ffi::{CStr, c_char, c_int};

// ANCHOR: declare
// Edition 2024: the block is `unsafe` because these signatures are promises
// the compiler cannot check. If one is wrong, calls are undefined behaviour.
unsafe extern "C" {
    /// Reads up to the first NUL byte: `s` must point to a C string.
    fn strlen(s: *const c_char) -> usize;
    /// `abs(INT_MIN)` is undefined in C, so calling it stays `unsafe`.
    fn abs(n: c_int) -> c_int;
    /// Defined for every `double` (a negative one gives NaN): `safe` says
    /// so, and calls need no `unsafe` block.
    safe fn sqrt(x: f64) -> f64;
}
// ANCHOR_END: declare

// ANCHOR: wrap
/// The length of a C string, computed by C.
fn c_len(s: &CStr) -> usize {
    // SAFETY: a `&CStr` points to a NUL-terminated string that lives at
    // least as long as this call.
    unsafe { strlen(s.as_ptr()) }
}

/// C's `abs`, minus its undefined case.
fn c_abs(n: i32) -> Option<i32> {
    if n == c_int::MIN {
        return None;
    }
    // SAFETY: `n` is not INT_MIN, so its absolute value fits in an int.
    Some(unsafe { abs(n) })
}
// ANCHOR_END: wrap

// ANCHOR: main
fn main() {
    println!("strlen(\"order-1\") = {}", c_len(c"order-1"));
    println!("abs(-42) = {:?}", c_abs(-42));
    println!("abs(INT_MIN) = {:?}", c_abs(i32::MIN));
    println!("sqrt(2.0) = {:.6}", sqrt(2.0));
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_agrees_with_rust() {
        assert_eq!(c_len(c"order-1"), c"order-1".count_bytes());
        assert_eq!(c_len(c""), 0);
        assert_eq!(c_abs(-42), Some(42));
        assert_eq!(c_abs(i32::MIN), None);
        assert_eq!(sqrt(2.0), 2.0_f64.sqrt());
        assert!(sqrt(-1.0).is_nan());
    }
}
