//! The Module 12 checks behind a C ABI: what C, Go (through cgo) and any
//! language with a C FFI (Zig, Swift, Ruby's FFI, Java's Panama) can call.
//!
//! The rules this file follows, and lesson 12.2 explains:
//! - every exported function is `extern "C"` with `#[unsafe(no_mangle)]`,
//!   and takes and returns only types C can name: integers, raw pointers,
//!   and `#[repr(C)]` structs and enums;
//! - a function that reads through a pointer the caller hands in is
//!   `unsafe fn`, and its `# Safety` section is the contract the C side
//!   must keep;
//! - memory is freed by the side that allocated it: a string this library
//!   returns goes back through [`outbox_string_free`], never C's `free`;
//! - no panic crosses the boundary: each entry point runs its body under
//!   [`guard`], which turns a panic into [`OutboxStatus::Panicked`].

use m12_ffi::Invalid;
use std::ffi::{CStr, CString, c_char};
use std::panic::{self, AssertUnwindSafe};
use std::ptr;
use std::slice;

// ANCHOR: types
/// What a call returns. Rust hands these to C; C never hands one back
/// (a C int that is not a variant would be undefined behaviour in a Rust
/// enum), which is why [`outbox_status_message`] takes a plain `int32_t`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxStatus {
    Ok = 0,
    EmptyAggregateId = 1,
    AggregateIdTooLong = 2,
    EmptyEventType = 3,
    PayloadTooLarge = 4,
    /// A pointer argument was null.
    NullArgument = 5,
    /// A string argument was not UTF-8.
    NotUtf8 = 6,
    /// The library panicked; the message was not checked.
    Panicked = 7,
}

/// What a valid message's producer stores beside it.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxChecked {
    pub checksum: u32,
    pub len: usize,
}
// ANCHOR_END: types

impl From<Invalid> for OutboxStatus {
    fn from(invalid: Invalid) -> Self {
        match invalid {
            Invalid::EmptyAggregateId => OutboxStatus::EmptyAggregateId,
            Invalid::AggregateIdTooLong { .. } => OutboxStatus::AggregateIdTooLong,
            Invalid::EmptyEventType => OutboxStatus::EmptyEventType,
            Invalid::PayloadTooLarge { .. } => OutboxStatus::PayloadTooLarge,
        }
    }
}

// ANCHOR: crc32c
/// CRC-32C of the `len` bytes at `data`.
///
/// # Safety
///
/// `data` must point to `len` bytes that stay readable and unchanged for the
/// duration of the call. When `len` is 0, `data` may be null.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn outbox_crc32c(data: *const u8, len: usize) -> u32 {
    // SAFETY: the caller keeps the contract above, which is `bytes`'s.
    match unsafe { bytes(data, len) } {
        Some(bytes) => m12_ffi::crc32c(bytes),
        // A null pointer with a length is a caller's bug; 0 is the CRC of
        // nothing, and no memory is read.
        None => 0,
    }
}

/// Borrows `len` bytes at `data` as a slice, or `None` for a null pointer
/// with a non-zero length.
///
/// # Safety
///
/// Unless null, `data` must point to `len` readable bytes that nobody
/// writes while the returned slice lives.
unsafe fn bytes<'a>(data: *const u8, len: usize) -> Option<&'a [u8]> {
    if len == 0 {
        // `slice::from_raw_parts` needs a non-null, aligned pointer even
        // for an empty slice, and C's NULL is neither.
        return Some(&[]);
    }
    if data.is_null() {
        return None;
    }
    // SAFETY: non-null, and the caller promises `len` readable bytes.
    Some(unsafe { slice::from_raw_parts(data, len) })
}
// ANCHOR_END: crc32c

// ANCHOR: check
/// Checks a message the way the bridge will. On success writes the payload's
/// checksum and length to `*out` and returns [`OutboxStatus::Ok`]; otherwise
/// returns why, and leaves `*out` alone.
///
/// # Safety
///
/// `aggregate_id` and `event_type` must be null or point to NUL-terminated
/// strings; `payload` must point to `len` readable bytes (or be null when
/// `len` is 0); `out` must be null or point to an `OutboxChecked` the
/// function may write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn outbox_check(
    aggregate_id: *const c_char,
    event_type: *const c_char,
    payload: *const u8,
    len: usize,
    out: *mut OutboxChecked,
) -> OutboxStatus {
    guard(|| {
        // SAFETY: each pointer is passed on under the contract above.
        let (aggregate_id, event_type, payload) =
            match unsafe { (text(aggregate_id), text(event_type), bytes(payload, len)) } {
                (Ok(a), Ok(e), Some(p)) => (a, e, p),
                (Err(status), _, _) | (_, Err(status), _) => return status,
                (_, _, None) => return OutboxStatus::NullArgument,
            };
        if out.is_null() {
            return OutboxStatus::NullArgument;
        }
        match m12_ffi::check(aggregate_id, event_type, payload) {
            Ok(checked) => {
                // SAFETY: `out` is non-null and the caller lets us write it.
                unsafe {
                    out.write(OutboxChecked {
                        checksum: checked.checksum,
                        len: checked.len,
                    });
                }
                OutboxStatus::Ok
            }
            Err(invalid) => invalid.into(),
        }
    })
}

/// Borrows a NUL-terminated C string as `&str`.
///
/// # Safety
///
/// Unless null, `ptr` must point to a NUL-terminated string that nobody
/// writes while the returned `&str` lives.
unsafe fn text<'a>(ptr: *const c_char) -> Result<&'a str, OutboxStatus> {
    if ptr.is_null() {
        return Err(OutboxStatus::NullArgument);
    }
    // SAFETY: non-null and NUL-terminated, as the caller promises.
    let c_str = unsafe { CStr::from_ptr(ptr) };
    c_str.to_str().map_err(|_| OutboxStatus::NotUtf8)
}
// ANCHOR_END: check

// ANCHOR: batch
/// CRC-32C of `count` payloads laid end to end at `data`: payload `i` is the
/// next `lens[i]` bytes, and its checksum goes to `out[i]`. A whole batch in
/// one call, so a caller pays for one crossing of the language boundary
/// instead of one per payload.
///
/// # Safety
///
/// `lens` must point to `count` readable lengths and `out` to `count`
/// writable checksums (either may be null when `count` is 0); `data` must
/// point to as many readable bytes as the lengths add up to (or be null when
/// they add up to 0). Nobody may write to `data` or `lens` during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn outbox_crc32c_batch(
    data: *const u8,
    lens: *const usize,
    count: usize,
    out: *mut u32,
) -> OutboxStatus {
    guard(|| {
        if count == 0 {
            return OutboxStatus::Ok;
        }
        if lens.is_null() || out.is_null() {
            return OutboxStatus::NullArgument;
        }
        // SAFETY: both are non-null, and the caller promises `count` of each.
        let (lens, out) = unsafe {
            (
                slice::from_raw_parts(lens, count),
                slice::from_raw_parts_mut(out, count),
            )
        };
        // Lengths whose sum overflows cannot describe real memory.
        let Some(total) = lens
            .iter()
            .try_fold(0usize, |sum, &len| sum.checked_add(len))
        else {
            return OutboxStatus::PayloadTooLarge;
        };
        // SAFETY: the caller promises `total` readable bytes at `data`.
        let Some(mut rest) = (unsafe { bytes(data, total) }) else {
            return OutboxStatus::NullArgument;
        };
        for (&len, checksum) in lens.iter().zip(out.iter_mut()) {
            let (payload, tail) = rest.split_at(len);
            *checksum = m12_ffi::crc32c(payload);
            rest = tail;
        }
        OutboxStatus::Ok
    })
}
// ANCHOR_END: batch

// ANCHOR: strings
/// Why `aggregate_id`/`event_type`/`payload` would be refused, in words, or
/// null when the message is valid. The string belongs to the caller, who
/// must pass it to [`outbox_string_free`] exactly once.
///
/// # Safety
///
/// As for [`outbox_check`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn outbox_explain(
    aggregate_id: *const c_char,
    event_type: *const c_char,
    payload: *const u8,
    len: usize,
) -> *mut c_char {
    let mut checked = OutboxChecked::default();
    // SAFETY: the caller keeps outbox_check's contract; `checked` is ours.
    let status = unsafe { outbox_check(aggregate_id, event_type, payload, len, &mut checked) };
    if status == OutboxStatus::Ok {
        return ptr::null_mut();
    }
    // Recompute the reason with its details (the status alone has no length).
    // SAFETY: as above; outbox_check returned, so the pointers were readable.
    let explained = match unsafe { (text(aggregate_id), text(event_type), bytes(payload, len)) } {
        (Ok(a), Ok(e), Some(p)) => match m12_ffi::check(a, e, p) {
            Err(invalid) => invalid.to_string(),
            Ok(_) => status.message().to_owned(),
        },
        _ => status.message().to_owned(),
    };
    // Our messages contain no NUL byte, so `CString::new` cannot fail; if one
    // ever did, the caller gets null rather than a panic.
    CString::new(explained).map_or(ptr::null_mut(), CString::into_raw)
}

/// Frees a string this library returned. Null is ignored.
///
/// # Safety
///
/// `s` must be null or a pointer returned by [`outbox_explain`] that has not
/// been freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn outbox_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: `s` came from `CString::into_raw` and is freed only once,
        // by the allocator that allocated it (Rust's, not C's `malloc`).
        drop(unsafe { CString::from_raw(s) });
    }
}

/// A short description of a status code, as a static string: nothing to free.
#[unsafe(no_mangle)]
pub extern "C" fn outbox_status_message(status: i32) -> *const c_char {
    status_message(status).as_ptr()
}

/// `c"…"` literals are `&'static CStr`: NUL-terminated, and never freed.
fn status_message(status: i32) -> &'static CStr {
    match status {
        0 => c"ok",
        1 => c"the aggregate id is empty",
        2 => c"the aggregate id is too long",
        3 => c"the event type is empty",
        4 => c"the payload is too large",
        5 => c"a pointer argument was null",
        6 => c"a string argument was not UTF-8",
        7 => c"the library panicked",
        _ => c"unknown status",
    }
}
// ANCHOR_END: strings

impl OutboxStatus {
    /// The status in words, for Rust callers.
    pub fn message(self) -> &'static str {
        // Every literal in `status_message` is ASCII.
        status_message(self as i32)
            .to_str()
            .unwrap_or("unknown status")
    }
}

// ANCHOR: guard
/// Runs an entry point's body, turning a panic into [`OutboxStatus::Panicked`].
///
/// Since Rust 1.81 a panic that reaches an `extern "C"` function's edge
/// aborts the whole process: defined behaviour, but the Python or Go
/// program that called us dies with it. Catching it here lets the caller
/// see an error code and carry on.
fn guard(body: impl FnOnce() -> OutboxStatus) -> OutboxStatus {
    // AssertUnwindSafe: after a panic we only return a code, and no state
    // the closure touched is looked at again.
    panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or(OutboxStatus::Panicked)
}
// ANCHOR_END: guard

// The book shows Rust code that calls this C ABI, and compiles it together
// with this whole file as a hidden module. This anchor shows none of it.
// ANCHOR: compiled_hidden
// ANCHOR_END: compiled_hidden

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_through_the_c_abi() {
        let mut out = OutboxChecked::default();
        let payload = b"123456789";
        // SAFETY: valid C strings and a valid payload and out pointer.
        let status = unsafe {
            outbox_check(
                c"order-1".as_ptr(),
                c"order.placed".as_ptr(),
                payload.as_ptr(),
                payload.len(),
                &mut out,
            )
        };
        assert_eq!(status, OutboxStatus::Ok);
        assert_eq!(
            out,
            OutboxChecked {
                checksum: 0xE306_9283,
                len: 9
            }
        );
    }

    #[test]
    fn null_and_invalid_arguments_get_codes_not_crashes() {
        let mut out = OutboxChecked::default();
        // SAFETY: nulls are allowed by the contract; the strings are valid.
        unsafe {
            assert_eq!(
                outbox_check(ptr::null(), c"t".as_ptr(), ptr::null(), 0, &mut out),
                OutboxStatus::NullArgument
            );
            assert_eq!(
                outbox_check(c"a".as_ptr(), c"t".as_ptr(), ptr::null(), 3, &mut out),
                OutboxStatus::NullArgument
            );
            assert_eq!(
                outbox_check(c"".as_ptr(), c"t".as_ptr(), ptr::null(), 0, &mut out),
                OutboxStatus::EmptyAggregateId
            );
            assert_eq!(
                outbox_check(c"\xff".as_ptr(), c"t".as_ptr(), ptr::null(), 0, &mut out),
                OutboxStatus::NotUtf8
            );
            assert_eq!(outbox_crc32c(ptr::null(), 0), 0);
        }
        assert_eq!(
            out,
            OutboxChecked::default(),
            "a refused call leaves *out alone"
        );
    }

    #[test]
    fn explanations_are_owned_strings_freed_by_us() {
        let long = CString::new("x".repeat(201)).expect("no NUL");
        // SAFETY: valid strings; the result is freed below, once.
        unsafe {
            let why = outbox_explain(long.as_ptr(), c"t".as_ptr(), ptr::null(), 0);
            assert_eq!(
                CStr::from_ptr(why).to_str(),
                Ok("the aggregate id is 201 bytes long; the limit is 200")
            );
            outbox_string_free(why);
            assert!(outbox_explain(c"a".as_ptr(), c"t".as_ptr(), ptr::null(), 0).is_null());
        }
    }

    #[test]
    fn every_status_has_a_message() {
        for code in 0..=7 {
            // SAFETY: outbox_status_message returns a static C string.
            let text = unsafe { CStr::from_ptr(outbox_status_message(code)) };
            assert_ne!(text.to_str(), Ok("unknown status"), "code {code}");
        }
        assert_eq!(OutboxStatus::Panicked.message(), "the library panicked");
    }

    #[test]
    fn a_batch_is_checksummed_in_one_call() {
        let (a, b): (&[u8], &[u8]) = (b"123456789", b"{}");
        let data = [a, b"", b].concat();
        let lens = [a.len(), 0, b.len()];
        let mut out = [0u32; 3];
        // SAFETY: `data` holds the lengths' sum; `lens` and `out` hold 3 each.
        let status =
            unsafe { outbox_crc32c_batch(data.as_ptr(), lens.as_ptr(), 3, out.as_mut_ptr()) };
        assert_eq!(status, OutboxStatus::Ok);
        assert_eq!(out, [0xE306_9283, 0, m12_ffi::crc32c(b)]);
        // SAFETY: an empty batch may pass nulls; a non-empty one may not.
        unsafe {
            assert_eq!(
                outbox_crc32c_batch(ptr::null(), ptr::null(), 0, ptr::null_mut()),
                OutboxStatus::Ok
            );
            assert_eq!(
                outbox_crc32c_batch(data.as_ptr(), ptr::null(), 3, out.as_mut_ptr()),
                OutboxStatus::NullArgument
            );
        }
    }

    /// Rust stores `None` in a bit pattern that is no variant, which is why
    /// a C int must never be read as an `OutboxStatus`.
    #[test]
    fn invalid_discriminants_are_used_by_rust() {
        assert_eq!(size_of::<Option<OutboxStatus>>(), size_of::<OutboxStatus>());
    }

    #[test]
    fn a_panic_becomes_a_status() {
        let status = guard(|| panic!("a bug in the library"));
        assert_eq!(status, OutboxStatus::Panicked);
    }
}
