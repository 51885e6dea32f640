//! Lesson 13.1: every dyn-compatibility rule in one trait, each kept out of
//! the vtable by `where Self: Sized`, plus a by-value `self` method that needs
//! no opt-out at all.
//!
//! Run with `cargo run -p m13-advanced-types --example dyn_rules`.

/// One outbox event, as the encoders see it.
struct Event {
    id: u64,
    kind: &'static str,
}

// ANCHOR: encoder
/// Turns events into bytes for a broker. Usable as `dyn Encoder`.
trait Encoder {
    // In the vtable: a `&self` receiver, no type parameters, no `Self` elsewhere.
    fn content_type(&self) -> &str;
    fn encode(&self, event: &Event) -> Vec<u8>;

    // By-value `self`: allowed in a dyn-compatible trait, with no opt-out.
    // It is in the vtable, but a `dyn Encoder` cannot be moved out of its
    // pointer, so it can only be called on concrete types.
    fn finish(self) -> String;

    // Dispatchable consuming twin: the receiver is a pointer, `Box<Self>`.
    fn finish_boxed(self: Box<Self>) -> String;

    // No receiver: there is no data pointer to find a vtable through.
    fn from_config(config: &str) -> Self
    where
        Self: Sized;

    // `Self` outside the receiver: `other` would need the concrete type.
    fn same_settings(&self, other: &Self) -> bool
    where
        Self: Sized;

    // Generic: one vtable entry per `I` is impossible.
    fn encode_all<'e, I>(&self, events: I) -> Vec<Vec<u8>>
    where
        I: IntoIterator<Item = &'e Event>,
        Self: Sized,
    {
        events.into_iter().map(|event| self.encode(event)).collect()
    }

    // `async fn` returns a hidden future type that differs per implementor.
    async fn flush(&self) -> usize
    where
        Self: Sized,
    {
        0
    }
}
// ANCHOR_END: encoder

// ANCHOR: impls
struct Json {
    pretty: bool,
}

impl Encoder for Json {
    fn content_type(&self) -> &str {
        "application/json"
    }

    fn encode(&self, event: &Event) -> Vec<u8> {
        let gap = if self.pretty { " " } else { "" };
        format!(
            "{{\"id\":{gap}{},\"kind\":{gap}\"{}\"}}",
            event.id, event.kind
        )
        .into_bytes()
    }

    fn finish(self) -> String {
        format!("json encoder closed (pretty: {})", self.pretty)
    }

    fn finish_boxed(self: Box<Self>) -> String {
        (*self).finish()
    }

    fn from_config(config: &str) -> Self {
        Json {
            pretty: config == "pretty",
        }
    }

    fn same_settings(&self, other: &Self) -> bool {
        self.pretty == other.pretty
    }
}

struct Csv {
    separator: char,
}

impl Encoder for Csv {
    fn content_type(&self) -> &str {
        "text/csv"
    }

    fn encode(&self, event: &Event) -> Vec<u8> {
        format!("{}{}{}", event.id, self.separator, event.kind).into_bytes()
    }

    fn finish(self) -> String {
        format!("csv encoder closed (separator: {:?})", self.separator)
    }

    fn finish_boxed(self: Box<Self>) -> String {
        (*self).finish()
    }

    fn from_config(config: &str) -> Self {
        Csv {
            separator: config.chars().next().unwrap_or(','),
        }
    }

    fn same_settings(&self, other: &Self) -> bool {
        self.separator == other.separator
    }
}
// ANCHOR_END: impls

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn main() {
    // ANCHOR: use
    let placed = Event {
        id: 7,
        kind: "OrderPlaced",
    };
    // On concrete types, every method is there, opted out or not.
    let json = Json::from_config("compact");
    println!(
        "same settings: {}",
        json.same_settings(&Json { pretty: false })
    );
    println!(
        "encode_all: {} frames",
        json.encode_all([&placed, &placed]).len()
    );
    println!("flush: {}", futures::executor::block_on(json.flush()));

    // Through `dyn Encoder`, only the dispatchable methods are.
    let encoders: Vec<Box<dyn Encoder>> = vec![Box::new(json), Box::new(Csv::from_config(";"))];
    for encoder in &encoders {
        let frame = text(&encoder.encode(&placed));
        println!("{:<16} {frame}", encoder.content_type());
    }
    // `finish(self)` cannot be called on a `dyn Encoder`; `finish_boxed` can.
    for encoder in encoders {
        println!("{}", encoder.finish_boxed());
    }
    // ANCHOR_END: use
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trait_is_usable_as_an_object() {
        let encoder: &dyn Encoder = &Csv { separator: ',' };
        let event = Event { id: 1, kind: "A" };
        assert_eq!(text(&encoder.encode(&event)), "1,A");
    }

    #[test]
    fn by_value_self_works_on_concrete_types_and_boxes() {
        assert_eq!(
            Csv { separator: ',' }.finish(),
            "csv encoder closed (separator: ',')"
        );
        let boxed: Box<dyn Encoder> = Box::new(Json { pretty: true });
        assert_eq!(boxed.finish_boxed(), "json encoder closed (pretty: true)");
    }

    #[test]
    fn opted_out_methods_stay_available_on_concrete_types() {
        let json = Json::from_config("pretty");
        assert!(json.same_settings(&Json { pretty: true }));
        let event = Event { id: 2, kind: "B" };
        assert_eq!(
            json.encode_all([&event]),
            vec![b"{\"id\": 2,\"kind\": \"B\"}".to_vec()]
        );
    }
}
