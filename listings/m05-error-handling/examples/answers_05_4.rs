//! Answers to the exercises of lesson 05.4 (panics and recoverability).
//! Each answer is a module; `main` runs them and prints what they return.

use std::panic;

// ANCHOR: answer3
mod answer3 {
    use std::panic;

    #[derive(Debug)]
    pub(crate) struct Job {
        pub(crate) id: u64,
        pub(crate) payload: &'static str,
    }

    #[derive(Debug, Default, PartialEq)]
    pub(crate) struct Stats {
        pub(crate) attempted: u32,
        pub(crate) panicked: u32,
    }

    fn render(job: &Job) -> String {
        let (kind, body) = job
            .payload
            .split_once(':')
            .expect("every payload is kind:body");
        format!("{kind}<{body}>")
    }

    /// `stats.attempted += 1` moved out of the closure: it now captures only
    /// `job`, a shared reference to plain data, which is `UnwindSafe`. No
    /// `AssertUnwindSafe` needed, and no promise to keep.
    pub(crate) fn run_jobs(jobs: &[Job], stats: &mut Stats) -> Vec<Result<String, String>> {
        jobs.iter()
            .map(|job| {
                stats.attempted += 1;
                panic::catch_unwind(|| render(job)).map_err(|_payload| {
                    stats.panicked += 1;
                    format!("job {} panicked", job.id)
                })
            })
            .collect()
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
mod answer4 {
    use std::sync::{Arc, Mutex};
    use std::thread;

    #[derive(Debug, Default)]
    pub(crate) struct Delivery {
        pub(crate) sent: u32,
        pub(crate) confirmed: u32,
    }

    /// The exercise's `std_mutex`: poison the lock, then `expect` on it.
    /// The `expect` panics with its message and the `PoisonError`.
    pub(crate) fn std_mutex_with_expect() -> u32 {
        let delivery = Arc::new(Mutex::new(Delivery::default()));
        let holder = {
            let delivery = Arc::clone(&delivery);
            thread::spawn(move || {
                let mut counts = delivery.lock().expect("not poisoned yet");
                counts.sent += 1;
                panic!("publisher crashed between the two updates");
            })
        };
        assert!(holder.join().is_err());
        let counts = delivery.lock().expect("delivery counters poisoned");
        counts.confirmed
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
mod answer5 {
    use outbox_core::{OutboxMessage, PublishError, Publisher};

    /// The fixed publisher: a payload it cannot handle is an error with a
    /// verdict, for that message only.
    #[derive(Debug)]
    pub(crate) struct HeaderPublisher;

    impl Publisher for HeaderPublisher {
        fn name(&self) -> &str {
            "stdout"
        }

        async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), PublishError>> {
            batch
                .iter()
                .map(|message| match std::str::from_utf8(&message.payload) {
                    Ok(_text) => Ok(()),
                    Err(_) => Err(PublishError::Rejected("payload is not UTF-8".into())),
                })
                .collect()
        }
    }
}
// ANCHOR_END: answer5

/// `publisher_panic.rs`'s batch, published lane by lane with the fixed
/// publisher (no tasks needed: nothing panics any more).
async fn answer5_settlement() -> (outbox_core::Settlement, outbox_core::Updates) {
    use outbox_core::{
        AggregateId, MessageId, OutboxMessage, Publisher, RetryPolicy, UnixMillis, partition,
        settle,
    };
    let message = |id, aggregate, payload: &[u8]| OutboxMessage {
        event_id: outbox_core::EventId::new(),
        id: MessageId(id),
        aggregate_id: AggregateId::new(aggregate).expect("a valid aggregate id"),
        event_type: "OrderPlaced".into(),
        payload: payload.to_vec(),
        content_type: None,
        headers: Default::default(),
        attempts: 0,
        created_at: UnixMillis(0),
    };
    let batch = vec![
        message(1, "order-1", b"{\"total\":10}"),
        message(2, "order-2", b"{\"total\":20}"),
        message(3, "order-4", &[0xff, 0xfe]),
        message(4, "order-4", b"{\"total\":40}"),
        message(5, "order-3", b"{\"total\":50}"),
        message(6, "order-2", b"{\"total\":60}"),
    ];
    let mut answered = Vec::new();
    for lane in partition(batch, 2) {
        let answers = answer5::HeaderPublisher.publish(&lane).await;
        answered.extend(lane.into_iter().zip(answers.into_iter().map(Some)));
    }
    answered.sort_by_key(|(message, _)| message.id); // back to id order, as the relay does
    let (published, results): (Vec<_>, Vec<_>) = answered.into_iter().unzip();
    let settlement = settle(&published, results);
    let updates =
        settlement
            .clone()
            .into_updates(&published, &RetryPolicy::default(), UnixMillis(0), || 0.0);
    (settlement, updates)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    panic::set_hook(Box::new(|_| {})); // the answers report panics themselves

    let jobs = [
        answer3::Job {
            id: 1,
            payload: "order:42",
        },
        answer3::Job {
            id: 2,
            payload: "garbage",
        },
    ];
    let mut stats = answer3::Stats::default();
    let results = answer3::run_jobs(&jobs, &mut stats);
    println!("answer 3: {results:?} {stats:?}");

    let outcome = std::thread::spawn(answer4::std_mutex_with_expect).join();
    let message = outcome
        .err()
        .and_then(|payload| payload.downcast_ref::<String>().cloned());
    println!("answer 4: the thread panicked with {message:?}");

    let (settlement, updates) = answer5_settlement().await;
    println!("answer 5: sent {:?}", settlement.sent);
    println!("answer 5: released {:?}", settlement.released);
    for (id, next) in &updates.failed {
        println!("answer 5: {id} -> {next:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outbox_core::{MessageId, MessageState};

    #[test]
    fn answer3_no_wrapper_needed_once_the_closure_captures_no_mut() {
        panic::set_hook(Box::new(|_| {}));
        let jobs = [
            answer3::Job {
                id: 1,
                payload: "order:42",
            },
            answer3::Job {
                id: 2,
                payload: "garbage",
            },
        ];
        let mut stats = answer3::Stats::default();
        let results = answer3::run_jobs(&jobs, &mut stats);
        assert_eq!(
            results,
            [Ok("order<42>".into()), Err("job 2 panicked".into())]
        );
        assert_eq!(
            stats,
            answer3::Stats {
                attempted: 2,
                panicked: 1
            }
        );
    }

    #[test]
    #[should_panic(expected = "delivery counters poisoned")]
    fn answer4_expect_on_a_poisoned_lock_panics_with_its_message() {
        answer4::std_mutex_with_expect();
    }

    #[tokio::test]
    async fn answer5_one_message_is_dead_lettered_and_nothing_is_retried() {
        let (settlement, updates) = answer5_settlement().await;
        let ids = |ids: &[MessageId]| ids.iter().map(|id| id.0).collect::<Vec<_>>();
        assert_eq!(ids(&settlement.sent), [1, 2, 4, 5, 6]);
        assert!(settlement.released.is_empty());
        assert_eq!(updates.failed.len(), 1);
        let (id, next) = &updates.failed[0];
        assert_eq!(*id, MessageId(3));
        assert!(
            matches!(next, MessageState::DeadLettered { .. }),
            "{next:?}"
        );
    }
}
