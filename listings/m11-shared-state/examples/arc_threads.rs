//! Lesson 11.1: `Arc` is `Rc` with an atomic count, so its clones may live on
//! different threads. Each thread gets its own owner of the same value.

use std::sync::Arc;
use std::thread;

// ANCHOR: threads
/// Settings every worker reads and none changes.
#[derive(Debug)]
struct Settings {
    broker: String,
    batch_size: usize,
}

fn run_workers(settings: &Arc<Settings>, workers: u32) -> Vec<String> {
    let handles: Vec<_> = (1..=workers)
        .map(|worker| {
            let settings = Arc::clone(settings); // this thread's own owner
            thread::spawn(move || {
                format!(
                    "worker {worker}: {} messages per batch to {}",
                    settings.batch_size, settings.broker
                )
            }) // the closure, and its Arc, are dropped when the thread ends
        })
        .collect();
    handles
        .into_iter()
        .map(|handle| handle.join().expect("a worker does not panic"))
        .collect()
}

fn main() {
    let settings = Arc::new(Settings {
        broker: "amqp://localhost".into(),
        batch_size: 500,
    });
    for line in run_workers(&settings, 3) {
        println!("{line}");
    }
    // Every worker has finished and dropped its clone.
    println!("owners after the join: {}", Arc::strong_count(&settings));
}
// ANCHOR_END: threads

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_worker_sees_the_same_settings_and_gives_its_clone_back() {
        let settings = Arc::new(Settings {
            broker: "nats://x".into(),
            batch_size: 7,
        });
        let lines = run_workers(&settings, 4);
        assert_eq!(lines.len(), 4);
        assert!(
            lines
                .iter()
                .all(|l| l.ends_with("7 messages per batch to nats://x"))
        );
        assert_eq!(Arc::strong_count(&settings), 1);
    }

    #[test]
    fn arc_is_send_and_sync_when_its_value_is() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Arc<Settings>>();
    }
}
