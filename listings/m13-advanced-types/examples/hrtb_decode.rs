//! `for<'de>` on your own trait: a decoder over borrowed input, and the
//! "owned" form a caller needs when the input dies before the result.
//!
//! Run with `cargo run -p m13-advanced-types --example hrtb_decode`.

// ANCHOR: traits
/// Decodes `Self` from text that lives for `'de`. A type may keep borrows
/// of the input: that is why the trait has the lifetime.
trait Decode<'de>: Sized {
    fn decode(input: &'de str) -> Option<Self>;
}

/// Types that can be decoded from input of *any* lifetime, so they borrow
/// nothing from it. The supertrait is a higher-ranked bound.
trait DecodeOwned: for<'de> Decode<'de> {}

/// Every type that qualifies is one; nobody implements this by hand.
impl<T> DecodeOwned for T where T: for<'de> Decode<'de> {}
// ANCHOR_END: traits

// ANCHOR: types
/// Borrows both fields from the input: no allocation, but tied to it.
#[derive(Debug, PartialEq)]
struct EventRef<'a> {
    aggregate: &'a str,
    event_type: &'a str,
}

impl<'de> Decode<'de> for EventRef<'de> {
    fn decode(input: &'de str) -> Option<Self> {
        let (aggregate, event_type) = input.split_once(':')?;
        Some(EventRef {
            aggregate,
            event_type,
        })
    }
}

/// Owns its fields: decodable from input of any lifetime.
#[derive(Debug, PartialEq)]
struct Event {
    aggregate: String,
    event_type: String,
}

impl<'de> Decode<'de> for Event {
    fn decode(input: &'de str) -> Option<Self> {
        let borrowed = EventRef::decode(input)?;
        Some(Event {
            aggregate: borrowed.aggregate.to_owned(),
            event_type: borrowed.event_type.to_owned(),
        })
    }
}
// ANCHOR_END: types

// ANCHOR: callers
/// The input outlives the result: borrowed types are fine.
fn decode_all<'de, T: Decode<'de>>(text: &'de str) -> Vec<T> {
    text.lines().filter_map(T::decode).collect()
}

/// The input is a buffer this function owns and drops: only owned types fit,
/// and the bound says so without naming any lifetime.
fn read_frames<T: DecodeOwned>(frames: &[&[u8]]) -> Vec<T> {
    let mut decoded = Vec::new();
    for frame in frames {
        let text = String::from_utf8_lossy(frame).into_owned();
        decoded.extend(T::decode(&text)); // `text` is dropped at the end of this iteration
    }
    decoded
}
// ANCHOR_END: callers

// ANCHOR: main
fn main() {
    let text = String::from("order-7:OrderPlaced\naccount-9:AccountOpened");
    let borrowed: Vec<EventRef<'_>> = decode_all(&text);
    println!("borrowed: {borrowed:?}");

    let frames: [&[u8]; 2] = [b"order-8:OrderPaid", b"not a frame"];
    let owned: Vec<Event> = read_frames(&frames);
    println!("owned: {owned:?}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_events_point_into_the_input() {
        let text = "order-1:Placed";
        let events: Vec<EventRef<'_>> = decode_all(text);
        assert_eq!(events[0].aggregate.as_ptr(), text.as_ptr());
    }

    #[test]
    fn owned_events_survive_their_frames() {
        let events: Vec<Event> = read_frames(&[b"a-1:X", b"b-2:Y"]);
        assert_eq!(events.len(), 2);
        assert_eq!(events[1].event_type, "Y");
    }
}
