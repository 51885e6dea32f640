//! Lesson 17.5: load the embedded model once and route a batch of outbox events.
//!
//! Run with `cargo run -p m17-inference --example classify_events`.

use m17_inference::{Classifier, Features, features};

// ANCHOR: events
/// Events as the outbox holds them: a type and a payload text.
const EVENTS: [(&str, &str); 6] = [
    ("order.created", "Order 5150 created for customer c77"),
    ("order.delivered", "order 812 delivered by UPS"),
    (
        "payment.failed",
        "Payment for order 5150 failed: card declined",
    ),
    (
        "order.cancelled",
        "Customer c77 cancelled order 5150 before shipping",
    ),
    ("account.locked", "Account c77 locked after 7 failed logins"),
    (
        "chargeback.opened",
        "Chargeback opened on order 812, possible fraud",
    ),
];
// ANCHOR_END: events

// ANCHOR: main
fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Once per process: parse, type-check and optimise the model.
    let classifier = Classifier::embedded()?;

    // One run of the model for the whole batch.
    let batch: Vec<Features> = EVENTS
        .iter()
        .map(|(kind, text)| features(kind, text))
        .collect();
    let predictions = classifier.classify_batch(&batch)?;

    println!("route     routine priority alert  event");
    for ((kind, text), prediction) in EVENTS.iter().zip(&predictions) {
        let [routine, priority, alert] = prediction.probabilities;
        let route = prediction.route().name();
        println!("{route:<9} {routine:>7.3} {priority:>8.3} {alert:>5.3}  {kind}: {text}");
    }
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use m17_inference::Route;

    #[test]
    fn every_event_gets_the_route_a_person_would_give_it() {
        let classifier = Classifier::embedded().expect("the embedded model loads");
        let batch: Vec<Features> = EVENTS
            .iter()
            .map(|(kind, text)| features(kind, text))
            .collect();
        let routes: Vec<Route> = classifier
            .classify_batch(&batch)
            .expect("the batch runs")
            .iter()
            .map(|prediction| prediction.route())
            .collect();
        use Route::*;
        assert_eq!(routes, [Routine, Routine, Priority, Priority, Alert, Alert]);
    }

    #[test]
    fn a_batch_gives_the_same_answers_as_one_event_at_a_time() {
        let classifier = Classifier::embedded().expect("the embedded model loads");
        let batch: Vec<Features> = EVENTS
            .iter()
            .map(|(kind, text)| features(kind, text))
            .collect();
        let together = classifier.classify_batch(&batch).expect("the batch runs");
        for ((kind, text), in_batch) in EVENTS.iter().zip(&together) {
            let alone = classifier.classify(kind, text).expect("one event runs");
            for (a, b) in alone.probabilities.iter().zip(&in_batch.probabilities) {
                assert!((a - b).abs() < 1e-6, "{kind}: {a} alone, {b} in a batch");
            }
        }
        assert_eq!(classifier.classify_batch(&[]).expect("empty is fine"), []);
    }

    #[test]
    fn probabilities_sum_to_one() {
        let classifier = Classifier::embedded().expect("the embedded model loads");
        let prediction = classifier
            .classify("order.created", "order 1")
            .expect("runs");
        let sum: f32 = prediction.probabilities.iter().sum();
        assert!((sum - 1.0).abs() < 1e-5, "sum is {sum}");
    }
}
