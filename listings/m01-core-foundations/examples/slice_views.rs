//! Lesson 01.3: slices in general. `&[T]` and `&mut [T]` are views into a run
//! of elements owned by an array or a `Vec`, exactly as `&str` is a view into
//! text. Functions that take a slice accept all of those owners.

// ANCHOR: read
/// Total size of a batch of payloads. Takes `&[usize]`, so callers can pass
/// an array, a `Vec`, or any part of either.
fn batch_bytes(sizes: &[usize]) -> usize {
    sizes.iter().sum()
}
// ANCHOR_END: read

// ANCHOR: write
/// Overwrites every byte in place. `&mut [u8]` may change elements, but it
/// can never grow or shrink the buffer it points into.
fn mask(bytes: &mut [u8]) {
    bytes.fill(b'*');
}
// ANCHOR_END: write

// ANCHOR: coerce
/// Takes `&str`, so it accepts literals, `&String` and slices of either.
fn channel_name(topic: &str) -> String {
    format!("outbox:{topic}")
}
// ANCHOR_END: coerce

fn main() {
    // ANCHOR: read_calls
    let sizes_array: [usize; 4] = [120, 64, 512, 32];
    let sizes_vec: Vec<usize> = vec![300, 200];

    println!("array total = {}", batch_bytes(&sizes_array));
    println!("vec total   = {}", batch_bytes(&sizes_vec));
    println!("middle two  = {}", batch_bytes(&sizes_array[1..3]));

    let (head, tail) = sizes_array.split_at(1);
    println!("split_at(1) = {head:?} + {tail:?}");
    println!(
        "first = {:?}, last = {:?}",
        sizes_array.first(),
        sizes_array.last()
    );
    // ANCHOR_END: read_calls

    // ANCHOR: write_calls
    let mut header = *b"card=4242";
    mask(&mut header[5..]);
    println!("masked = {}", String::from_utf8_lossy(&header));
    // ANCHOR_END: write_calls

    // ANCHOR: coerce_calls
    let owned = String::from("orders.placed");
    println!("{}", channel_name("payments")); // &'static str
    println!("{}", channel_name(&owned)); // &String coerces to &str
    println!("{}", channel_name(&owned[..6])); // a slice of the String
    println!("{}", channel_name(owned.as_str())); // explicit conversion
    // ANCHOR_END: coerce_calls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_of_arrays_and_vecs_work_alike() {
        let array = [1, 2, 3];
        let vec = vec![1, 2, 3];
        assert_eq!(batch_bytes(&array), batch_bytes(&vec));
        assert_eq!(batch_bytes(&array[..0]), 0);
    }

    #[test]
    fn mask_changes_only_the_slice() {
        let mut header = *b"card=4242";
        mask(&mut header[5..]);
        assert_eq!(&header, b"card=****");
    }

    #[test]
    fn every_string_shape_is_accepted() {
        let owned = String::from("orders");
        assert_eq!(channel_name(&owned), channel_name("orders"));
        assert_eq!(channel_name(&owned[..3]), "outbox:ord");
    }
}
