//! Lesson 03.3: the pattern toolbox (nested destructuring, guards, `@`
//! bindings, ranges, slice patterns and `..`) on a broker's replies and on
//! message subjects.

// ANCHOR: reply
/// Why the broker closed a channel or connection (AMQP reply code and text).
#[derive(Debug, Clone, PartialEq, Eq)]
struct CloseReason {
    code: u16,
    text: String,
}

/// What a broker said about one publish, as a client library reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum BrokerReply {
    Ack {
        delivery_tag: u64,
    },
    Nack {
        delivery_tag: u64,
        requeue: bool,
    },
    /// The message could not be routed and came back (AMQP `basic.return`).
    Returned {
        code: u16,
        text: String,
    },
    /// The channel closed; the reason is missing if the socket just dropped.
    Closed(Option<CloseReason>),
}
// ANCHOR_END: reply

// ANCHOR: classify
/// What the relay does about a reply. Arms are tried from the top.
fn classify(reply: &BrokerReply) -> String {
    match reply {
        BrokerReply::Ack { .. } => "confirmed: mark sent".to_string(),
        // A literal inside a struct pattern, and a field bound by name.
        BrokerReply::Nack {
            requeue: true,
            delivery_tag,
        } => format!("nack #{delivery_tag}: the broker keeps it"),
        BrokerReply::Nack { delivery_tag, .. } => format!("nack #{delivery_tag}: retry later"),
        // `@` binds the value that matched the range.
        BrokerReply::Returned {
            code: code @ 312..=313,
            text,
        } => format!("unroutable ({code} {text}): dead-letter"),
        BrokerReply::Returned { code, .. } => format!("returned with {code}: retry later"),
        // Nested: through the Option, into the struct.
        BrokerReply::Closed(Some(CloseReason { code: 320, .. })) => {
            "connection forced closed: reconnect".to_string()
        }
        // A guard: a condition no pattern can express.
        BrokerReply::Closed(Some(CloseReason { code, text }))
            if text.contains("ACCESS_REFUSED") =>
        {
            format!("closed with {code}, credentials refused: page a human")
        }
        BrokerReply::Closed(Some(CloseReason { code, .. })) => {
            format!("closed with {code}: reconnect")
        }
        BrokerReply::Closed(None) => "socket dropped: reconnect".to_string(),
    }
}
// ANCHOR_END: classify

// ANCHOR: slices
/// Reads a NATS-style subject such as `orders.eu.OrderPlaced`.
fn route(subject: &str) -> String {
    let parts: Vec<&str> = subject.split('.').collect();
    match parts.as_slice() {
        [] | [""] => "empty subject".to_string(),
        ["orders", region, event] => format!("order event {event} for region {region}"),
        ["audit", rest @ ..] => format!("audit trail, {} more segment(s)", rest.len()),
        [only] => format!("single segment {only}"),
        [first, .., last] => format!("{first} … {last}"),
    }
}

/// Subject tokens use a small alphabet; ranges of `char` say so directly.
fn valid_token(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| matches!(c, 'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_'))
}
// ANCHOR_END: slices

fn main() {
    let replies = [
        BrokerReply::Ack { delivery_tag: 1 },
        BrokerReply::Nack {
            delivery_tag: 2,
            requeue: false,
        },
        BrokerReply::Returned {
            code: 312,
            text: "NO_ROUTE".to_string(),
        },
        BrokerReply::Closed(Some(CloseReason {
            code: 403,
            text: "ACCESS_REFUSED - login refused".to_string(),
        })),
        BrokerReply::Closed(None),
    ];
    for reply in &replies {
        println!("{}", classify(reply));
    }
    for subject in [
        "orders.eu.OrderPlaced",
        "audit.2024.q3",
        "heartbeat",
        "a.b.c.d",
    ] {
        println!("{subject:<22} -> {}", route(subject));
    }
    println!(
        "valid: {} {}",
        valid_token("eu-west_1"),
        valid_token("eu west")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_arms_win() {
        let forced = BrokerReply::Closed(Some(CloseReason {
            code: 320,
            text: "ACCESS_REFUSED".into(),
        }));
        assert_eq!(classify(&forced), "connection forced closed: reconnect");
        let no_consumers = BrokerReply::Returned {
            code: 313,
            text: "NO_CONSUMERS".into(),
        };
        assert!(classify(&no_consumers).ends_with("dead-letter"));
        let other = BrokerReply::Returned {
            code: 541,
            text: "INTERNAL_ERROR".into(),
        };
        assert_eq!(classify(&other), "returned with 541: retry later");
    }

    #[test]
    fn slice_patterns_read_subjects() {
        assert_eq!(route(""), "empty subject");
        assert_eq!(
            route("orders.us.OrderPaid"),
            "order event OrderPaid for region us"
        );
        assert_eq!(route("orders.us"), "orders … us");
        assert_eq!(route("audit"), "audit trail, 0 more segment(s)");
        assert!(valid_token("A-9_z"));
        assert!(!valid_token("é"));
    }
}
