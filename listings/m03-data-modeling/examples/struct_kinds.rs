//! Lesson 03.1: the three shapes of struct, field init shorthand, struct
//! update syntax, a first `impl` block, and what `#[derive]` writes for you.

use std::collections::HashSet;

// ANCHOR: named
/// Where the relay publishes to. Named fields: the usual choice when a
/// value has more than one part and each part deserves a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
struct BrokerEndpoint {
    host: String,
    port: u16,
    tls: bool,
}
// ANCHOR_END: named

// ANCHOR: tuple_unit
/// A tuple struct: the fields have positions, not names. Right for a small
/// value whose meaning is carried by the type's own name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
struct Millis(u64);

/// A unit struct: no fields and no bytes. It exists for its type, for
/// example as a sink that needs no configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
struct StdoutSink;
// ANCHOR_END: tuple_unit

// ANCHOR: impl_block
impl BrokerEndpoint {
    /// 5671 is the registered port for AMQP over TLS.
    const AMQPS_PORT: u16 = 5671;

    /// Builds an endpoint; TLS follows from the port.
    fn new(host: &str, port: u16) -> Self {
        let host = host.to_string();
        let tls = port == Self::AMQPS_PORT;
        // Field init shorthand: `host` means `host: host`.
        BrokerEndpoint { host, port, tls }
    }

    /// The URL a client library expects.
    fn url(&self) -> String {
        let scheme = if self.tls { "amqps" } else { "amqp" };
        format!("{scheme}://{}:{}", self.host, self.port)
    }
}
// ANCHOR_END: impl_block

// ANCHOR: defaults
/// Everything derived: `Default` fills each field with its own default.
#[derive(Debug, Clone, PartialEq, Default)]
struct RelaySettings {
    endpoint: BrokerEndpoint,
    batch_size: usize,
    poll_every: Millis,
}
// ANCHOR_END: defaults

fn main() {
    // ANCHOR: access
    let primary = BrokerEndpoint::new("rabbit-1.internal", 5671);
    let timeout = Millis(2_500);
    let sink = StdoutSink;
    println!("{} tls={}", primary.url(), primary.tls);
    println!("timeout {} ms, sink {sink:?}", timeout.0);
    // ANCHOR_END: access

    // ANCHOR: update
    // Struct update syntax: name what differs, take the rest from `primary`.
    let replica = BrokerEndpoint {
        host: "rabbit-2.internal".to_string(),
        ..primary
    };
    // Only `port` and `tls` (both Copy) came from `primary`, so it is intact.
    println!("primary {}, replica {}", primary.url(), replica.url());

    let settings = RelaySettings {
        batch_size: 100,
        ..Default::default()
    };
    println!("{settings:?}");
    // ANCHOR_END: update

    // ANCHOR: derives
    let copy = primary.clone(); // Clone: a deep copy, String included
    assert_eq!(copy, primary); // PartialEq: field by field
    assert_ne!(copy, replica);

    // Hash + Eq: endpoints can be set members and map keys.
    let seen: HashSet<BrokerEndpoint> = [primary.clone(), replica.clone(), copy].into();
    println!("{} distinct endpoints", seen.len());

    // Debug, pretty-printed with {:#?}.
    println!("{:#?}", BrokerEndpoint::default());
    // ANCHOR_END: derives
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_follows_the_port() {
        assert!(BrokerEndpoint::new("h", 5671).tls);
        assert_eq!(BrokerEndpoint::new("h", 5672).url(), "amqp://h:5672");
    }

    #[test]
    fn update_syntax_copies_the_unnamed_fields() {
        let a = BrokerEndpoint::new("a", 5671);
        let b = BrokerEndpoint {
            host: "b".into(),
            ..a.clone()
        };
        assert_eq!((b.port, b.tls), (a.port, a.tls));
        assert_ne!(a, b);
    }

    #[test]
    fn derived_default_is_all_zeroes_and_empties() {
        let s = RelaySettings::default();
        assert_eq!(s.batch_size, 0);
        assert_eq!(s.poll_every, Millis(0));
        assert_eq!(s.endpoint.host, "");
        assert_eq!(size_of::<StdoutSink>(), 0);
    }

    #[test]
    fn tuple_structs_compare_by_their_fields() {
        assert!(Millis(10) < Millis(20));
    }
}
