//! Lesson 17.5, answers to "Try it": an event whose type and payload
//! disagree, and a confidence floor.
//!
//! Run with `cargo run -p m17-inference --example answers_17_5`.

use m17_inference::{Classifier, Route};

// ANCHOR: answer1
/// Exercise 1: a priority-looking type with an alert-looking payload.
const MIXED: (&str, &str) = (
    "payment.failed",
    "Card used from 4 countries in one hour, fraud suspected",
);
// ANCHOR_END: answer1

// ANCHOR: answer2
/// Exercise 2: below the floor, a person decides; the model's guess is not enough.
fn route_with_floor(route: Route, confidence: f32, floor: f32) -> Route {
    if confidence < floor {
        Route::Priority
    } else {
        route
    }
}
// ANCHOR_END: answer2

// ANCHOR: main
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let classifier = Classifier::embedded()?;
    let (kind, text) = MIXED;
    let prediction = classifier.classify(kind, text)?;
    let [routine, priority, alert] = prediction.probabilities;
    println!(
        "{kind}: {text}\n  routine {routine:.3}, priority {priority:.3}, alert {alert:.3} -> {}",
        prediction.route().name()
    );
    let floored = route_with_floor(prediction.route(), prediction.confidence(), 0.9);
    println!("  with a 0.9 confidence floor -> {}", floored.name());
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alert_words_outweigh_the_event_type() {
        let classifier = Classifier::embedded().expect("the embedded model loads");
        let prediction = classifier.classify(MIXED.0, MIXED.1).expect("runs");
        assert_eq!(prediction.route(), Route::Alert);
    }

    #[test]
    fn the_floor_sends_hesitant_answers_to_a_person() {
        assert_eq!(route_with_floor(Route::Alert, 0.909, 0.9), Route::Alert);
        assert_eq!(route_with_floor(Route::Routine, 0.85, 0.9), Route::Priority);
        assert_eq!(route_with_floor(Route::Routine, 0.97, 0.9), Route::Routine);
    }
}
