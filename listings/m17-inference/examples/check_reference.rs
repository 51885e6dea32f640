//! Lesson 17.5: check the Rust side against what Python and onnxruntime
//! computed, and see a bad model fail with an error instead of a panic.
//!
//! Run with `cargo run -p m17-inference --example check_reference`.

use m17_inference::reference::{TOLERANCE, reference_events, verify};
use m17_inference::{Classifier, EMBEDDED_MODEL};

// ANCHOR: main
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let classifier = Classifier::embedded()?;
    let events = reference_events()?;
    // A service would do this at start-up, before it takes traffic.
    verify(&classifier, &events)?;
    println!(
        "{} reference events: features identical to Python's, routes identical, \
         probabilities within {TOLERANCE:e} of onnxruntime's",
        events.len()
    );
    for event in &events {
        let prediction = classifier.classify(&event.event_type, &event.payload)?;
        let confidence = prediction.confidence();
        let route = prediction.route().name();
        println!(
            "  {route:<8} {confidence:.3}  {}: {}",
            event.event_type, event.payload
        );
    }

    // Three ways to get a model wrong; each is an error value, not a panic.
    let truncated = &EMBEDDED_MODEL[..EMBEDDED_MODEL.len() / 2];
    for (what, loaded) in [
        ("missing file", Classifier::from_path("models/absent.onnx")),
        ("not ONNX", Classifier::from_bytes(b"this is not a model")),
        ("truncated", Classifier::from_bytes(truncated)),
    ] {
        let error = loaded.expect_err("a bad model must not load");
        println!("{what}: {}", chain(&error));
    }
    Ok(())
}

/// An error and its causes on one line, as a log line would carry them.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use m17_inference::ModelError;

    #[test]
    fn rust_agrees_with_python_and_onnxruntime() {
        let classifier = Classifier::embedded().expect("the embedded model loads");
        let events = reference_events().expect("reference.json parses");
        let largest = verify(&classifier, &events).expect("no mismatch");
        assert!(largest <= TOLERANCE, "largest difference {largest}");
    }

    #[test]
    fn bad_models_are_errors_not_panics() {
        let missing = Classifier::from_path("models/absent.onnx").expect_err("no such file");
        assert!(matches!(missing, ModelError::Read { .. }));
        let garbage = Classifier::from_bytes(b"this is not a model").expect_err("not ONNX");
        assert!(matches!(garbage, ModelError::Load(_)));
        let truncated = &EMBEDDED_MODEL[..EMBEDDED_MODEL.len() / 2];
        let cut = Classifier::from_bytes(truncated).expect_err("half a model");
        assert!(matches!(cut, ModelError::Load(_)), "{cut}");
    }

    #[test]
    fn the_model_loads_from_a_file_too() {
        let dir = std::env::temp_dir().join(format!("m17-inference-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let path = dir.join("event_classifier.onnx");
        std::fs::write(&path, EMBEDDED_MODEL).expect("the model is written");
        let from_file = Classifier::from_path(&path).expect("the copy loads");
        let embedded = Classifier::embedded().expect("the embedded model loads");
        let a = from_file
            .classify("fraud.suspected", "card used in 3 countries")
            .expect("runs");
        let b = embedded
            .classify("fraud.suspected", "card used in 3 countries")
            .expect("runs");
        assert_eq!(a, b);
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }
}
