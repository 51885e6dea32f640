//! Edition 2024: a block of foreign declarations must be `unsafe extern`.
//! Under edition 2021 this compiles as it stands.

use std::ffi::c_char;

extern "C" {
    fn strlen(s: *const c_char) -> usize;
}

fn main() {
    // SAFETY: a C string literal is NUL-terminated and static.
    let len = unsafe { strlen(c"order-1".as_ptr()) };
    assert_eq!(len, 7);
}
