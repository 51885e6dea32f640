//! Lesson 17.5: calling CPU-bound inference from async code. An enricher
//! task takes outbox events from a channel, classifies them in batches on
//! Tokio's blocking pool (at most two runs at once), and passes them on.
//!
//! Run with `cargo run -p m17-inference --example enrich_async`.

use std::sync::Arc;

use m17_inference::{Classifier, Features, ModelError, Prediction, Route, features};
use tokio::sync::{Semaphore, mpsc};

// ANCHOR: inference
/// Shared access to the model for async code: runs go to Tokio's blocking
/// pool, never onto the worker threads that drive every other task, and at
/// most `limit` of them at once.
#[derive(Debug, Clone)]
struct Inference {
    classifier: Classifier,
    permits: Arc<Semaphore>,
}

impl Inference {
    fn new(classifier: Classifier, limit: usize) -> Self {
        Self {
            classifier,
            permits: Arc::new(Semaphore::new(limit)),
        }
    }

    /// Runs `work` with the model on the blocking pool, once a permit is free.
    async fn run<T, F>(&self, work: F) -> T
    where
        F: FnOnce(&Classifier) -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let classifier = self.classifier.clone(); // one reference count
        let run = tokio::task::spawn_blocking(move || {
            // The permit lives as long as the run, even if our caller stops
            // waiting for it: a cancelled caller cannot lift the bound.
            let _permit = permit;
            work(&classifier)
        });
        match run.await {
            Ok(value) => value,
            // `work` panicked: carry the panic on, as a plain call would.
            Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
        }
    }

    async fn classify(&self, batch: Vec<Features>) -> Result<Vec<Prediction>, ModelError> {
        self.run(move |classifier| classifier.classify_batch(&batch))
            .await
    }
}
// ANCHOR_END: inference

// ANCHOR: enricher
/// An outbox event on its way to the broker.
#[derive(Debug, Clone, PartialEq)]
struct Event {
    id: u64,
    kind: String,
    payload: String,
}

/// The event with the route the model chose.
#[derive(Debug, Clone, PartialEq)]
struct Routed {
    event: Event,
    route: Route,
    confidence: f32,
}

/// Takes what is waiting in `input` (up to `max_batch` events), classifies it
/// in one run, sends the results on in order, and repeats until `input` closes.
async fn enricher(
    inference: Inference,
    mut input: mpsc::Receiver<Event>,
    output: mpsc::Sender<Routed>,
    max_batch: usize,
) -> Result<(), ModelError> {
    let mut events = Vec::with_capacity(max_batch);
    // Wait for at least one event, then take whatever else is already queued.
    while input.recv_many(&mut events, max_batch).await > 0 {
        let batch: Vec<Features> = events
            .iter()
            .map(|e| features(&e.kind, &e.payload))
            .collect();
        let predictions = inference.classify(batch).await?;
        for (event, prediction) in events.drain(..).zip(predictions) {
            let routed = Routed {
                event,
                route: prediction.route(),
                confidence: prediction.confidence(),
            };
            if output.send(routed).await.is_err() {
                return Ok(()); // nobody is listening any more
            }
        }
    }
    Ok(())
}
// ANCHOR_END: enricher

const EVENTS: [(&str, &str); 8] = [
    ("order.created", "Order 77 created for customer c3"),
    (
        "payment.failed",
        "Payment for order 77 failed: card declined",
    ),
    ("payment.retry", "Payment retry 2 for invoice 77 failed"),
    ("order.shipped", "Order 78 shipped via DHL"),
    (
        "fraud.suspected",
        "Suspicious payment pattern on account c3",
    ),
    ("invoice.issued", "Invoice 78 issued to customer c4"),
    ("account.locked", "Account c3 locked after 6 failed logins"),
    (
        "refund.requested",
        "Customer c4 requested a refund for order 78",
    ),
];

// ANCHOR: main
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let inference = Inference::new(Classifier::embedded()?, 2);
    let (events_tx, events_rx) = mpsc::channel(16);
    let (routed_tx, mut routed_rx) = mpsc::channel(16);
    let enricher = tokio::spawn(enricher(inference, events_rx, routed_tx, 4));

    tokio::spawn(async move {
        for (id, (kind, payload)) in (1..).zip(EVENTS) {
            let event = Event {
                id,
                kind: kind.into(),
                payload: payload.into(),
            };
            if events_tx.send(event).await.is_err() {
                break;
            }
        }
    });

    while let Some(Routed {
        event,
        route,
        confidence,
    }) = routed_rx.recv().await
    {
        println!(
            "#{} {:<8} {confidence:.3}  {}",
            event.id,
            route.name(),
            event.kind
        );
    }
    enricher.await??;
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    async fn run_all(max_batch: usize) -> Vec<Routed> {
        let inference = Inference::new(Classifier::embedded().expect("model loads"), 2);
        let (events_tx, events_rx) = mpsc::channel(16);
        let (routed_tx, mut routed_rx) = mpsc::channel(16);
        let task = tokio::spawn(enricher(inference, events_rx, routed_tx, max_batch));
        for (id, (kind, payload)) in (1..).zip(EVENTS) {
            let event = Event {
                id,
                kind: kind.into(),
                payload: payload.into(),
            };
            events_tx
                .send(event)
                .await
                .expect("the enricher is running");
        }
        drop(events_tx);
        let mut out = Vec::new();
        while let Some(routed) = routed_rx.recv().await {
            out.push(routed);
        }
        task.await.expect("no panic").expect("no model error");
        out
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_event_comes_out_once_in_order_with_its_route() {
        for max_batch in [1, 3, 8] {
            let out = run_all(max_batch).await;
            let ids: Vec<u64> = out.iter().map(|r| r.event.id).collect();
            assert_eq!(ids, (1..=8).collect::<Vec<_>>());
            let routes: Vec<Route> = out.iter().map(|r| r.route).collect();
            use Route::*;
            let expected = [
                Routine, Priority, Priority, Routine, Alert, Routine, Alert, Priority,
            ];
            assert_eq!(routes, expected, "max_batch {max_batch}");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_than_the_limit_run_at_once() {
        let limit = 2;
        let inference = Inference::new(Classifier::embedded().expect("model loads"), limit);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (inference, running, most) = (inference.clone(), running.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                inference
                    .run(move |classifier| {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        let result = classifier.classify("order.created", "order 1");
                        running.fetch_sub(1, Ordering::SeqCst);
                        result
                    })
                    .await
            }));
        }
        for task in tasks {
            let prediction = task.await.expect("no panic").expect("the model runs");
            assert_eq!(prediction.route(), Route::Routine);
        }
        assert_eq!(
            most.load(Ordering::SeqCst),
            limit,
            "the bound was reached, never passed"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_caller_that_gives_up_does_not_free_the_permit_early() {
        let inference = Inference::new(Classifier::embedded().expect("model loads"), 1);
        let slow = inference.run(|_| std::thread::sleep(std::time::Duration::from_millis(200)));
        // Start the slow run, then drop its future: the run goes on in the pool.
        let _ = tokio::time::timeout(std::time::Duration::from_millis(20), slow).await;
        assert_eq!(
            inference.permits.available_permits(),
            0,
            "the run still holds it"
        );
        inference.run(|_| ()).await; // waits for the slow run to finish
        assert_eq!(inference.permits.available_permits(), 1);
    }
}
