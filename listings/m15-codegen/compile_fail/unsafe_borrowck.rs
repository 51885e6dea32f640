//! `unsafe` does not switch off the borrow checker.

fn main() {
    let mut payload = vec![0x7b_u8, 0x7d];
    let raw: *const u8 = payload.as_ptr();
    unsafe {
        let first = &mut payload[0];
        let again = &mut payload[1];
        *first = *raw;
        *again = 0;
    }
    println!("{payload:?}");
}
