//! Traits with type parameters (`From<T>`, `Add<Rhs>`), a trait with both a
//! parameter and an associated type, and associated constants.
//!
//! Run with `cargo run -p m13-advanced-types --example assoc_generic_params`.

use outbox_core::AggregateId;
use std::ops::{Add, Sub};
use std::time::Duration;

// ANCHOR: from
/// A broker routing key. Several sources convert into one: one `From` impl each.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RoutingKey(String);

impl From<&str> for RoutingKey {
    fn from(key: &str) -> Self {
        RoutingKey(key.to_owned())
    }
}

impl From<String> for RoutingKey {
    fn from(key: String) -> Self {
        RoutingKey(key)
    }
}

impl From<&AggregateId> for RoutingKey {
    fn from(aggregate: &AggregateId) -> Self {
        RoutingKey(format!("aggregate.{aggregate}"))
    }
}
// ANCHOR_END: from

// ANCHOR: add
/// A point in time, in milliseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Deadline(u64);

/// `Rhs` picks the impl; `Output` is what that impl produces.
impl Add<Duration> for Deadline {
    type Output = Deadline;

    fn add(self, delay: Duration) -> Deadline {
        let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        Deadline(self.0.saturating_add(millis))
    }
}

/// Subtracting two deadlines gives a different type: a duration.
impl Sub for Deadline {
    type Output = Duration;

    fn sub(self, earlier: Deadline) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }
}
// ANCHOR_END: add

// ANCHOR: consts
/// What a generic sender needs to know about a broker, before any value exists.
trait BrokerLimits {
    const NAME: &'static str;
    const MAX_MESSAGE_BYTES: usize;
    /// A default the implementor may override.
    const MAX_BATCH: usize = 1000;
}

struct RabbitMq;
struct Nats;

impl BrokerLimits for RabbitMq {
    const NAME: &'static str = "rabbitmq";
    const MAX_MESSAGE_BYTES: usize = 128 * 1024 * 1024;
}

impl BrokerLimits for Nats {
    const NAME: &'static str = "nats";
    const MAX_MESSAGE_BYTES: usize = 1024 * 1024;
    const MAX_BATCH: usize = 5000;
}

/// How many batches `payloads` needs on broker `B`, or the first payload it refuses.
fn plan<B: BrokerLimits>(payloads: &[usize]) -> Result<usize, String> {
    if let Some(too_big) = payloads.iter().find(|&&len| len > B::MAX_MESSAGE_BYTES) {
        return Err(format!(
            "{}: a {too_big}-byte message is over the limit",
            B::NAME
        ));
    }
    Ok(payloads.len().div_ceil(B::MAX_BATCH))
}
// ANCHOR_END: consts

// ANCHOR: main
fn main() {
    let aggregate = AggregateId::new("order-7").expect("a valid aggregate id");
    let keys: [RoutingKey; 3] = [
        "orders".into(),
        String::from("audit").into(),
        (&aggregate).into(),
    ];
    println!("{keys:?}");

    let claimed = Deadline(1_000);
    let lease_end = claimed + Duration::from_secs(30);
    let lease: Duration = lease_end - claimed;
    println!(
        "lease ends at {lease_end:?}, {} ms after the claim",
        lease.as_millis()
    );

    let payloads = vec![2 * 1024 * 1024; 6000];
    println!("{}: {:?}", RabbitMq::NAME, plan::<RabbitMq>(&payloads));
    println!("{}: {:?}", Nats::NAME, plan::<Nats>(&payloads));
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_has_its_own_from_impl() {
        let aggregate = AggregateId::new("a-1").expect("valid");
        assert_eq!(
            RoutingKey::from(&aggregate),
            RoutingKey("aggregate.a-1".into())
        );
        assert_eq!(RoutingKey::from("x"), RoutingKey::from(String::from("x")));
    }

    #[test]
    fn the_output_type_depends_on_the_impl() {
        let later = Deadline(500) + Duration::from_millis(250);
        assert_eq!(later, Deadline(750));
        let gap: Duration = later - Deadline(500);
        assert_eq!(gap, Duration::from_millis(250));
    }

    #[test]
    fn constants_are_per_implementor_with_defaults() {
        assert_eq!(RabbitMq::MAX_BATCH, 1000);
        assert_eq!(plan::<RabbitMq>(&[10; 2500]), Ok(3));
        assert_eq!(plan::<Nats>(&[10; 2500]), Ok(1));
        assert!(plan::<Nats>(&[2_000_000]).is_err());
    }
}
