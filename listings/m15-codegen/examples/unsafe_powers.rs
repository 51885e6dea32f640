//! Lesson 15.4: the five things `unsafe` allows, each once, and one thing it
//! does not switch off.

use m15_codegen::codegen::{CRC32C_TABLE, crc32c_unchecked};
use std::ffi::{c_char, c_int};
use std::hint::black_box;
use std::panic;
use std::thread;

// ANCHOR: extern
// Edition 2024: a foreign block is `unsafe extern`, because nothing checks
// these signatures against the C library. `safe fn` marks a function that
// is sound to call with any argument; the others stay `unsafe` to call.
unsafe extern "C" {
    safe fn abs(x: c_int) -> c_int;
    fn strlen(s: *const c_char) -> usize;
}
// ANCHOR_END: extern

// ANCHOR: static_mut
/// A global counter, written without a lock.
static mut CHECKSUMS_COMPUTED: u64 = 0;
// ANCHOR_END: static_mut

// ANCHOR: unsafe_trait
/// A payload as a C library hands it out: a pointer and a length. Raw
/// pointers are not `Send`, so neither is this struct, until we promise it.
struct PayloadView {
    ptr: *const u8,
    len: usize,
}

// SAFETY: a `PayloadView` is only made from a `&'static [u8]` (see `new`),
// which any thread may read at any time.
unsafe impl Send for PayloadView {}

impl PayloadView {
    fn new(payload: &'static [u8]) -> PayloadView {
        PayloadView {
            ptr: payload.as_ptr(),
            len: payload.len(),
        }
    }

    fn as_slice(&self) -> &[u8] {
        // SAFETY: `ptr` and `len` come from a `&'static [u8]` (see `new`).
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}
// ANCHOR_END: unsafe_trait

// ANCHOR: union
/// Four bytes seen as one `u32` or as an array; which view is valid is
/// for the programmer to know, so reading a field is `unsafe`.
#[repr(C)]
union Word {
    value: u32,
    bytes: [u8; 4],
}
// ANCHOR_END: union

fn main() {
    // ANCHOR: raw_pointer
    let payload = *b"{}";
    // Making a raw pointer is safe; reading through it is not.
    let first: *const u8 = &raw const payload[0];
    // SAFETY: `first` points into `payload`, which is alive and unchanged.
    let byte = unsafe { *first };
    println!("1. raw pointer: the first byte is {:?}", byte as char);
    // ANCHOR_END: raw_pointer

    // ANCHOR: unsafe_fn
    // SAFETY: CRC32C_TABLE has 256 entries, as the contract asks.
    let crc = unsafe { crc32c_unchecked(&CRC32C_TABLE, b"123456789") };
    println!("2. unsafe fn: crc32c_unchecked says {crc:08X}");
    // SAFETY: a C string literal is NUL-terminated and lives forever.
    let len = unsafe { strlen(c"order-1".as_ptr()) };
    println!(
        "   extern fn: strlen says {len}, and abs(-3) = {} needs no block",
        abs(-3)
    );
    // ANCHOR_END: unsafe_fn

    // ANCHOR: static_mut_use
    // SAFETY: only the main thread touches CHECKSUMS_COMPUTED, and no
    // reference to it is kept: each access is a plain read or write.
    unsafe { CHECKSUMS_COMPUTED += 1 };
    let computed = unsafe { CHECKSUMS_COMPUTED };
    println!("3. static mut: {computed} checksum computed");
    // ANCHOR_END: static_mut_use

    // ANCHOR: unsafe_trait_use
    let view = PayloadView::new(b"{\"order\":1}");
    let len = thread::spawn(move || view.as_slice().len())
        .join()
        .expect("the thread does not panic");
    println!("4. unsafe impl Send: another thread read {len} bytes");
    // ANCHOR_END: unsafe_trait_use

    // ANCHOR: union_use
    let word = Word {
        bytes: [1, 0, 0, 0],
    };
    // SAFETY: every bit pattern of four bytes is a valid `u32`.
    let value = unsafe { word.value };
    println!(
        "5. union: the u32 view agrees with from_ne_bytes: {}",
        value == u32::from_ne_bytes([1, 0, 0, 0])
    );
    // ANCHOR_END: union_use

    // ANCHOR: still_checked
    panic::set_hook(Box::new(|_| {})); // keep the panic message off stderr
    let weights = [1_u64, 2, 3];
    // black_box hides the value from the compiler, as input would.
    let index = black_box(weights.len());
    let outcome = panic::catch_unwind(|| {
        // SAFETY: only the main thread touches CHECKSUMS_COMPUTED.
        unsafe { CHECKSUMS_COMPUTED += weights[index] }
    });
    let message = outcome
        .err()
        .and_then(|e| e.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    println!("6. still checked inside unsafe: {message}");
    // ANCHOR_END: still_checked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_reads_its_payload_on_another_thread() {
        let view = PayloadView::new(b"abc");
        let copy = thread::spawn(move || view.as_slice().to_vec())
            .join()
            .expect("no panic");
        assert_eq!(copy, b"abc");
    }

    #[test]
    fn the_union_reinterprets_bytes_as_the_platform_does() {
        let word = Word {
            bytes: 0xE306_9283_u32.to_ne_bytes(),
        };
        // SAFETY: any four bytes are a valid u32.
        assert_eq!(unsafe { word.value }, 0xE306_9283);
    }

    #[test]
    fn the_declared_c_functions_answer() {
        assert_eq!(abs(-7), 7);
        // SAFETY: a C string literal is NUL-terminated.
        assert_eq!(unsafe { strlen(c"".as_ptr()) }, 0);
    }
}
