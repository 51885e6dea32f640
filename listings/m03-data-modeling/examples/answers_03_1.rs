//! Answers to the exercises of lesson 03.1.
//!
//! Run with `cargo run -p m03-data-modeling --example answers_03_1`.

// ANCHOR: answer2
mod answer2 {
    /// The endpoint of `struct_kinds.rs`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) struct BrokerEndpoint {
        pub(crate) host: String,
        pub(crate) port: u16,
        pub(crate) tls: bool,
    }

    /// The replica takes `host` (a `String`) from `primary`: cloning the base
    /// moves the clone's fields instead, and `primary` stays whole.
    pub(crate) fn replica_of(primary: &BrokerEndpoint) -> BrokerEndpoint {
        BrokerEndpoint {
            port: 5672,
            ..primary.clone()
        }
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer4
mod answer4 {
    /// `id` first: 8 bytes, then the two `u8`s, then 6 bytes of padding so
    /// that the next element of an array starts on an 8-byte boundary.
    #[allow(dead_code)] // measured, never read
    #[repr(C)]
    pub(crate) struct CHeader {
        pub(crate) id: u64,
        pub(crate) flag: u8,
        pub(crate) kind: u8,
    }
}
// ANCHOR_END: answer4

fn main() {
    let primary = answer2::BrokerEndpoint {
        host: "rabbit-1.internal".to_string(),
        port: 5671,
        tls: true,
    };
    let replica = answer2::replica_of(&primary);
    println!("2. primary {primary:?}");
    println!("2. replica {replica:?}");
    println!(
        "4. CHeader with id first: {} bytes",
        size_of::<answer4::CHeader>()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer2_the_base_is_still_usable() {
        let primary = answer2::BrokerEndpoint {
            host: "h".into(),
            port: 5671,
            tls: true,
        };
        let replica = answer2::replica_of(&primary);
        assert_eq!(replica.host, primary.host);
        assert_eq!(replica.port, 5672);
        assert_eq!(primary.port, 5671);
    }

    #[test]
    fn answer4_id_first_packs_into_16_bytes() {
        assert_eq!(size_of::<answer4::CHeader>(), 16);
        assert_eq!(align_of::<answer4::CHeader>(), 8);
    }
}
