//! Taking back a string the library gave out, through a `const` pointer.

use std::ffi::{CString, c_char};

/// Hands out an owned string: the caller must free it.
#[unsafe(no_mangle)]
pub extern "C" fn outbox_copy_reason() -> *const c_char {
    CString::new("the event type is empty").map_or(std::ptr::null(), |s| s.into_raw())
}

/// Frees a string that `outbox_copy_reason` returned.
///
/// # Safety
///
/// `s` must come from `outbox_copy_reason` and not be freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn outbox_reason_free(s: *const c_char) {
    // SAFETY: as the contract above says.
    drop(unsafe { CString::from_raw(s) });
}

fn main() {
    let reason = outbox_copy_reason();
    // SAFETY: it came from outbox_copy_reason and is freed once.
    unsafe { outbox_reason_free(reason) };
}
