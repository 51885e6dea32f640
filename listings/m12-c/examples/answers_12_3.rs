//! Worked answers to the exercises of lesson 12.3, Rust side: the batch
//! entry point (`outbox_crc32c_batch` in `src/lib.rs`) called the way the Go
//! package calls it, before any Go is written. The Go halves are in
//! `go/outbox/answers.go` and tested by `go/outbox/answers_test.go`.

use outbox_ffi::{OutboxStatus, outbox_crc32c_batch};

// ANCHOR: answer1
/// What Go's `ChecksumBatch` does, in Rust: copy the payloads end to end
/// into one buffer, list their lengths, and cross the C ABI once.
fn checksum_batch(payloads: &[&[u8]]) -> Result<Vec<u32>, OutboxStatus> {
    let data = payloads.concat();
    let lens: Vec<usize> = payloads.iter().map(|p| p.len()).collect();
    let mut out = vec![0u32; payloads.len()];
    // SAFETY: `data` holds exactly the sum of `lens`, and `lens` and `out`
    // hold `payloads.len()` elements each; all three outlive the call.
    let status =
        unsafe { outbox_crc32c_batch(data.as_ptr(), lens.as_ptr(), lens.len(), out.as_mut_ptr()) };
    match status {
        OutboxStatus::Ok => Ok(out),
        refused => Err(refused),
    }
}
// ANCHOR_END: answer1

fn main() {
    let payloads: [&[u8]; 3] = [b"123456789", b"", br#"{"amount":42}"#];
    match checksum_batch(&payloads) {
        Ok(sums) => println!("{} payloads, one call: {sums:08x?}", payloads.len()),
        Err(status) => println!("refused: {}", status.message()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_call_agrees_with_one_call_per_payload() {
        let payloads: Vec<Vec<u8>> = (0..50u8).map(|n| vec![n; usize::from(n) * 3]).collect();
        let slices: Vec<&[u8]> = payloads.iter().map(Vec::as_slice).collect();
        let each: Vec<u32> = slices.iter().map(|p| m12_ffi::crc32c(p)).collect();
        assert_eq!(checksum_batch(&slices), Ok(each));
        assert_eq!(checksum_batch(&[]), Ok(vec![]));
    }
}
