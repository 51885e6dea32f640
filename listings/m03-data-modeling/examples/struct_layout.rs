//! Lesson 03.1: what a struct costs in memory. Sizes are for a 64-bit target.

use outbox_core::{AggregateId, MessageId, OutboxMessage};

// ANCHOR: layouts
/// Declared small, large, small. The compiler may reorder the fields.
#[allow(dead_code)] // measured, never read
struct Header {
    flag: u8,
    id: u64,
    kind: u8,
}

/// The same fields with `#[repr(C)]`: declaration order, C's padding rules.
#[allow(dead_code)] // measured, never read
#[repr(C)]
struct CHeader {
    flag: u8,
    id: u64,
    kind: u8,
}
// ANCHOR_END: layouts

// ANCHOR: table
/// (type, size in bytes, alignment in bytes)
fn layout_table() -> Vec<(&'static str, usize, usize)> {
    vec![
        ("Header", size_of::<Header>(), align_of::<Header>()),
        (
            "CHeader (repr C)",
            size_of::<CHeader>(),
            align_of::<CHeader>(),
        ),
        ("MessageId", size_of::<MessageId>(), align_of::<MessageId>()),
        (
            "EventId",
            size_of::<outbox_core::EventId>(),
            align_of::<outbox_core::EventId>(),
        ),
        ("String", size_of::<String>(), align_of::<String>()),
        (
            "AggregateId",
            size_of::<AggregateId>(),
            align_of::<AggregateId>(),
        ),
        ("Vec<u8>", size_of::<Vec<u8>>(), align_of::<Vec<u8>>()),
        (
            "OutboxMessage",
            size_of::<OutboxMessage>(),
            align_of::<OutboxMessage>(),
        ),
        ("()", size_of::<()>(), align_of::<()>()),
    ]
}
// ANCHOR_END: table

fn main() {
    println!("{:<18} {:>5} {:>6}", "type", "size", "align");
    for (name, size, align) in layout_table() {
        println!("{name:<18} {size:>5} {align:>6}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_c_keeps_order_and_pays_for_padding() {
        // 1 + 7 padding + 8 + 1 + 7 padding
        assert_eq!(size_of::<CHeader>(), 24);
        // reordered: 8 + 1 + 1 + 6 padding
        assert_eq!(size_of::<Header>(), 16);
    }

    #[test]
    fn the_message_is_just_its_fields() {
        let fields = size_of::<MessageId>()
            + size_of::<outbox_core::EventId>()
            + size_of::<AggregateId>()
            + size_of::<String>()
            + size_of::<Vec<u8>>()
            + size_of::<Option<String>>()
            + size_of::<outbox_core::Headers>()
            + size_of::<u32>()
            + size_of::<outbox_core::UnixMillis>();
        // No header: the fields, plus padding up to a multiple of 8.
        assert_eq!(size_of::<OutboxMessage>(), fields.next_multiple_of(8));
    }
}
