//! Worked answers to the exercises of lesson 12.2. Exercise 2 is C: its
//! answer is `check_too_large` in `c/main.c`.

use outbox_ffi::{OutboxStatus, outbox_explain, outbox_string_free};
use std::cmp::Ordering;
use std::ffi::{CStr, CString, NulError, c_int, c_void};
use std::panic;

// ANCHOR: answer1
/// Why the bridge would refuse a message, or `None` if it would accept it:
/// the C ABI called from safe Rust, with every pointer rule kept in here.
/// A Rust `&str` may contain a NUL byte, which a C string cannot: that is
/// the error.
fn explain(
    aggregate_id: &str,
    event_type: &str,
    payload: &[u8],
) -> Result<Option<String>, NulError> {
    let aggregate_id = CString::new(aggregate_id)?;
    let event_type = CString::new(event_type)?;
    // SAFETY: both strings are NUL-terminated and outlive the call; the
    // payload is a live slice of `payload.len()` bytes.
    let why = unsafe {
        outbox_explain(
            aggregate_id.as_ptr(),
            event_type.as_ptr(),
            payload.as_ptr(),
            payload.len(),
        )
    };
    if why.is_null() {
        return Ok(None);
    }
    // SAFETY: a non-null result is a NUL-terminated string the library
    // allocated for us. We copy it out, then hand it back exactly once.
    let text = unsafe { CStr::from_ptr(why) }
        .to_string_lossy()
        .into_owned();
    unsafe { outbox_string_free(why) };
    Ok(Some(text))
}
// ANCHOR_END: answer1

// ANCHOR: answer3
unsafe extern "C" {
    /// The C library's sort. It calls `compare` with pointers to two
    /// elements of the array at `base`.
    fn qsort(
        base: *mut c_void,
        count: usize,
        size: usize,
        compare: unsafe extern "C" fn(*const c_void, *const c_void) -> c_int,
    );
}

/// A Rust function that C calls back. It must not panic: a panic here
/// would have to unwind through qsort, and aborts the process instead.
unsafe extern "C" fn compare_u32(a: *const c_void, b: *const c_void) -> c_int {
    // SAFETY: qsort passes pointers to elements of the array we gave it,
    // and that array holds `u32`s.
    let (a, b) = unsafe { (*a.cast::<u32>(), *b.cast::<u32>()) };
    match a.cmp(&b) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

fn sort_with_qsort(values: &mut [u32]) {
    if values.len() < 2 {
        return;
    }
    // SAFETY: base, count and size describe `values` exactly, we hold the
    // only reference to it, and `compare_u32` reads two `u32`s.
    unsafe {
        qsort(
            values.as_mut_ptr().cast(),
            values.len(),
            size_of::<u32>(),
            compare_u32,
        );
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
/// An entry point's body with a bug: it panics for any `len` above 0.
fn buggy_body(len: usize) -> i32 {
    let limits = [200];
    limits[len]
}

/// Without `guard`: the panic reaches the `extern "C"` edge, and Rust
/// aborts the process there (since 1.81).
extern "C" fn unguarded(len: usize) -> i32 {
    buggy_body(len)
}

/// With `guard`'s `catch_unwind`: the caller gets status 7 and carries on.
extern "C" fn guarded(len: usize) -> i32 {
    panic::catch_unwind(|| buggy_body(len)).unwrap_or(OutboxStatus::Panicked as i32)
}
// ANCHOR_END: answer4

fn main() {
    // ANCHOR: answer1_main
    println!("1. {:?}", explain("", "order.placed", b"{}"));
    println!("1. {:?}", explain("order-1", "order.placed", b"{}"));
    match explain("order\0-1", "order.placed", b"{}") {
        Err(e) => println!("1. Err({e})"),
        Ok(why) => println!("1. {why:?}"),
    }
    // ANCHOR_END: answer1_main
    let mut checksums = [0x65C6_D4D4, 0xE306_9283, 0, 0x0000_0001];
    sort_with_qsort(&mut checksums);
    println!("3. {checksums:08x?}");
    // The default panic hook would print the thread's id, which changes
    // from run to run; the status is what this answer is about.
    panic::set_hook(Box::new(|_| {}));
    println!(
        "4. guarded(0) = {}, guarded(1) = {}",
        guarded(0),
        guarded(1)
    );
    println!("4. unguarded(0) = {}", unguarded(0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn explain_wraps_the_c_abi_safely() {
        assert_eq!(
            explain("x".repeat(201).as_str(), "t", b""),
            Ok(Some(
                "the aggregate id is 201 bytes long; the limit is 200".to_owned()
            ))
        );
        assert_eq!(explain("order-1", "order.placed", b"{}"), Ok(None));
        assert!(explain("order-1", "order\0placed", b"{}").is_err());
    }

    #[test]
    fn qsort_sorts_with_a_rust_comparator() {
        let mut values = [5, 3, u32::MAX, 0, 3];
        sort_with_qsort(&mut values);
        assert_eq!(values, [0, 3, 3, 5, u32::MAX]);
        let mut empty: [u32; 0] = [];
        sort_with_qsort(&mut empty);
    }

    #[test]
    fn guarded_turns_the_panic_into_a_status() {
        assert_eq!(guarded(0), 200);
        assert_eq!(guarded(1), OutboxStatus::Panicked as i32);
    }

    // ANCHOR: abort_test
    /// Set in the child process that must die.
    const CHILD: &str = "ANSWERS_12_2_UNGUARDED";

    /// In the child only: calls the unguarded entry point with a bad length.
    #[test]
    fn unguarded_child() {
        if std::env::var_os(CHILD).is_some() {
            unguarded(1);
            unreachable!("the process aborts before this");
        }
    }

    #[test]
    fn unguarded_aborts_the_whole_process() {
        use std::os::unix::process::ExitStatusExt;
        let exe = std::env::current_exe().expect("the test binary");
        let output = Command::new(exe)
            .args(["--exact", "tests::unguarded_child", "--nocapture"])
            .env(CHILD, "1")
            .output()
            .expect("the test binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.signal(),
            Some(6),
            "SIGABRT, not a failed test: {stderr}"
        );
        assert!(
            stderr.contains("panic in a function that cannot unwind"),
            "{stderr}"
        );
    }
    // ANCHOR_END: abort_test
}
