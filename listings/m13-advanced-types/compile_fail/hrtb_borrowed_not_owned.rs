// Fails (no error code): `read_frames` asks for a type decodable from input
// of every lifetime (`for<'de> Decode<'de>`), and `EventRef<'x>` is
// decodable only from input that lives for its own `'x`.
trait Decode<'de>: Sized {
    fn decode(input: &'de str) -> Option<Self>;
}

trait DecodeOwned: for<'de> Decode<'de> {}
impl<T> DecodeOwned for T where T: for<'de> Decode<'de> {}

#[derive(Debug)]
struct EventRef<'a> {
    aggregate: &'a str,
}

impl<'de> Decode<'de> for EventRef<'de> {
    fn decode(input: &'de str) -> Option<Self> {
        Some(EventRef { aggregate: input })
    }
}

fn read_frames<T: DecodeOwned>(frames: &[&[u8]]) -> Vec<T> {
    let mut decoded = Vec::new();
    for frame in frames {
        let text = String::from_utf8_lossy(frame).into_owned();
        decoded.extend(T::decode(&text));
    }
    decoded
}

fn main() {
    let frames: [&[u8]; 1] = [b"order-8"];
    let events = read_frames::<EventRef<'_>>(&frames);
    println!("{:?}", events[0].aggregate);
}
