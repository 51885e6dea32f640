//! A pointer into a temporary `CString`. The lint that catches it warns by
//! default; `deny` makes it an error so its text is kept beside the book.
#![deny(dangling_pointers_from_temporaries)]

use std::ffi::{CString, c_char};

unsafe extern "C" {
    fn strlen(s: *const c_char) -> usize;
}

fn main() {
    let aggregate_id = String::from("order-1");
    let ptr = CString::new(aggregate_id).expect("no NUL byte").as_ptr();
    // SAFETY: none: `ptr` points into a `CString` that is already freed.
    let len = unsafe { strlen(ptr) };
    println!("{len}");
}
