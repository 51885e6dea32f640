//! The C-library habit of a global "last error", kept in a `RefCell`.

use std::cell::RefCell;
use std::ffi::{CString, c_char};
use std::ptr;

static LAST_ERROR: RefCell<Option<CString>> = RefCell::new(None);

/// Checks an aggregate id; on failure, `outbox_last_error` says why.
#[unsafe(no_mangle)]
pub extern "C" fn outbox_check_id(len: usize) -> i32 {
    if len == 0 {
        *LAST_ERROR.borrow_mut() = CString::new("the aggregate id is empty").ok();
        return 1;
    }
    0
}

/// The last error's text, valid until the next call.
#[unsafe(no_mangle)]
pub extern "C" fn outbox_last_error() -> *const c_char {
    LAST_ERROR
        .borrow()
        .as_ref()
        .map_or(ptr::null(), |e| e.as_ptr())
}

fn main() {
    assert_eq!(outbox_check_id(0), 1);
    assert!(!outbox_last_error().is_null());
}
