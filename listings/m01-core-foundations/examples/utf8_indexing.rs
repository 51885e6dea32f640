//! Lesson 01.3: a `str` is UTF-8 bytes, so length, indexing and slicing are
//! all measured in bytes, and a character can take more than one of them.

fn main() {
    // ANCHOR: counts
    let city = "Zürich";

    println!("{city:?}");
    println!("  len()           = {} bytes", city.len());
    println!("  chars().count() = {} chars", city.chars().count());

    let hex: Vec<String> = city.bytes().map(|b| format!("{b:02x}")).collect();
    println!("  bytes()         = {}", hex.join(" "));

    for (offset, ch) in city.char_indices() {
        println!("  byte {offset}: {ch:?}, len_utf8 = {}", ch.len_utf8());
    }
    // ANCHOR_END: counts

    // ANCHOR: get
    println!("get(0..1) = {:?}", city.get(0..1));
    println!("get(0..2) = {:?}", city.get(0..2)); // 2 falls inside 'ü'
    println!("get(0..3) = {:?}", city.get(0..3));
    println!("is_char_boundary(2) = {}", city.is_char_boundary(2));
    println!("first char = {:?}", city.chars().next());
    // ANCHOR_END: get

    // ANCHOR: truncate
    let note = "Zahlung für Bestellung 42 eingegangen";
    println!("log preview = {:?}", preview(note, 10));
    // ANCHOR_END: truncate
}

// ANCHOR: preview
/// Cuts `text` to at most `max_bytes` bytes without splitting a character,
/// as a log line or a broker header with a size limit needs.
fn preview(text: &str, max_bytes: usize) -> &str {
    let end = text.floor_char_boundary(max_bytes);
    &text[..end]
}
// ANCHOR_END: preview

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_bytes_not_chars() {
        assert_eq!("Zürich".len(), 7);
        assert_eq!("Zürich".chars().count(), 6);
    }

    #[test]
    fn get_refuses_to_split_a_char() {
        assert_eq!("Zürich".get(0..2), None);
        assert_eq!("Zürich".get(0..3), Some("Zü"));
    }

    #[test]
    fn preview_backs_off_to_a_boundary() {
        // Byte 10 falls inside 'ü' (bytes 9 and 10), so the cut moves to 9.
        assert_eq!(preview("Zahlung für", 10), "Zahlung f");
        assert_eq!(preview("short", 100), "short");
    }
}
