//! The reference outputs `make_model.py` wrote beside the model: example
//! events, the feature vectors Python computed for them, and the
//! probabilities onnxruntime computed. Shipped with the model so that a
//! service can check, at start-up, that the model it loaded answers as the
//! one that was tested.

use serde::Deserialize;

use crate::classifier::{Classifier, ModelError, Route};
use crate::features::features;

/// `model/reference.json`, compiled in next to the model.
pub static REFERENCE_JSON: &str = include_str!("../model/reference.json");

/// One example event and what Python and onnxruntime made of it.
#[derive(Debug, Clone, Deserialize)]
pub struct ReferenceEvent {
    /// The event's type, as in the outbox.
    pub event_type: String,
    /// The event's payload text.
    pub payload: String,
    /// Python's feature vector.
    pub features: Vec<f32>,
    /// onnxruntime's probabilities, in [`Route::ALL`] order.
    pub probabilities: Vec<f32>,
    /// The name of the most probable route.
    pub label: String,
}

#[derive(Deserialize)]
struct ReferenceFile {
    examples: Vec<ReferenceEvent>,
}

/// The reference events compiled into this binary.
pub fn reference_events() -> Result<Vec<ReferenceEvent>, serde_json::Error> {
    serde_json::from_str::<ReferenceFile>(REFERENCE_JSON).map(|file| file.examples)
}

// ANCHOR: verify
/// How far tract's probabilities may be from onnxruntime's. Both compute in
/// f32 but sum in different orders (and tract may fuse multiply-adds), so
/// they differ in the last bits; 1e-5 is about 80 ulps at 1.0, far below
/// anything that could change a route, and far above rounding noise.
pub const TOLERANCE: f32 = 1e-5;

/// The first way the classifier disagrees with the reference, if any.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Mismatch {
    /// Rust's tokenizer and hashing gave another vector than Python's.
    #[error("{event}: features differ from Python's")]
    Features {
        /// The event type of the example.
        event: String,
    },
    /// tract and onnxruntime disagree by more than [`TOLERANCE`].
    #[error("{event}: probability {index} is {ours}, onnxruntime said {theirs}")]
    Probability {
        /// The event type of the example.
        event: String,
        /// The column.
        index: usize,
        /// tract's value.
        ours: f32,
        /// onnxruntime's value.
        theirs: f32,
    },
    /// The route differs.
    #[error("{event}: routed to {ours}, onnxruntime said {theirs}")]
    Route {
        /// The event type of the example.
        event: String,
        /// tract's route.
        ours: &'static str,
        /// onnxruntime's route.
        theirs: String,
    },
}

/// Runs the classifier on every reference event (one batch) and compares
/// features exactly, probabilities within [`TOLERANCE`], and routes exactly.
/// Returns the largest probability difference seen.
pub fn verify(classifier: &Classifier, events: &[ReferenceEvent]) -> Result<f32, VerifyError> {
    let mut batch = Vec::with_capacity(events.len());
    for event in events {
        let ours = features(&event.event_type, &event.payload);
        if ours[..] != event.features[..] {
            return Err(Mismatch::Features {
                event: event.event_type.clone(),
            }
            .into());
        }
        batch.push(ours);
    }
    let predictions = classifier.classify_batch(&batch)?;
    let mut largest = 0.0_f32;
    for (event, prediction) in events.iter().zip(&predictions) {
        for (index, (&ours, &theirs)) in prediction
            .probabilities
            .iter()
            .zip(&event.probabilities)
            .enumerate()
        {
            let difference = (ours - theirs).abs();
            if difference.is_nan() || difference > TOLERANCE {
                let event = event.event_type.clone();
                return Err(Mismatch::Probability {
                    event,
                    index,
                    ours,
                    theirs,
                }
                .into());
            }
            largest = largest.max(difference);
        }
        let route: Route = prediction.route();
        if route.name() != event.label {
            let (event, theirs) = (event.event_type.clone(), event.label.clone());
            return Err(Mismatch::Route {
                event,
                ours: route.name(),
                theirs,
            }
            .into());
        }
    }
    Ok(largest)
}
// ANCHOR_END: verify

/// A failed verification: the model disagrees, or could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The model ran and disagrees with the reference.
    #[error(transparent)]
    Mismatch(#[from] Mismatch),
    /// The model did not run.
    #[error(transparent)]
    Model(#[from] ModelError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_matches_onnxruntime() {
        let events = reference_events().expect("reference.json parses");
        assert!(events.len() >= 8, "reference.json has its examples");
        let classifier = Classifier::embedded().expect("the embedded model loads");
        let largest = verify(&classifier, &events).expect("tract agrees with the reference");
        assert!(largest <= TOLERANCE);
    }

    #[test]
    fn a_changed_feature_is_caught() {
        let mut events = reference_events().expect("reference.json parses");
        events[0].features[0] += 1.0;
        let classifier = Classifier::embedded().expect("the embedded model loads");
        let error = verify(&classifier, &events).expect_err("the change is seen");
        assert!(matches!(
            error,
            VerifyError::Mismatch(Mismatch::Features { .. })
        ));
    }

    #[test]
    fn a_changed_probability_is_caught() {
        let mut events = reference_events().expect("reference.json parses");
        events[2].probabilities[1] -= 1e-3;
        let classifier = Classifier::embedded().expect("the embedded model loads");
        let error = verify(&classifier, &events).expect_err("the change is seen");
        assert!(matches!(
            error,
            VerifyError::Mismatch(Mismatch::Probability { index: 1, .. })
        ));
    }
}
