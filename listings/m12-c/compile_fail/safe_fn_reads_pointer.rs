//! A safe `extern "C"` function that reads through the pointer it is given.

use std::ffi::{CStr, c_char};

#[unsafe(no_mangle)]
pub extern "C" fn outbox_id_len(id: *const c_char) -> usize {
    let id = CStr::from_ptr(id);
    id.count_bytes()
}

fn main() {
    assert_eq!(outbox_id_len(c"order-1".as_ptr()), 7);
}
