//! Loading the ONNX model once, and running it on batches of events.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use tract_onnx::prelude::*;

use crate::features::{BUCKETS, Features, features};

/// The model this crate ships, compiled into the binary: no file to find, no
/// download, and the bytes that were tested are the bytes that run.
pub static EMBEDDED_MODEL: &[u8] = include_bytes!("../model/event_classifier.onnx");

// ANCHOR: route
/// Where an event should go. The order is the model's output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// Business as usual: the normal queue.
    Routine,
    /// Someone should look today: a failed payment, a cancellation.
    Priority,
    /// Someone should look now: fraud, a locked account.
    Alert,
}

impl Route {
    /// Every route, in the order of the model's output columns.
    pub const ALL: [Route; 3] = [Route::Routine, Route::Priority, Route::Alert];

    /// The name `make_model.py` uses for this route.
    pub fn name(self) -> &'static str {
        match self {
            Route::Routine => "routine",
            Route::Priority => "priority",
            Route::Alert => "alert",
        }
    }
}

/// The model's answer for one event: a probability per route, summing to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// Indexed like [`Route::ALL`].
    pub probabilities: [f32; 3],
}

impl Prediction {
    /// The most probable route (the first one on a tie).
    pub fn route(&self) -> Route {
        let mut best = 0;
        for (index, p) in self.probabilities.iter().enumerate() {
            if *p > self.probabilities[best] {
                best = index;
            }
        }
        Route::ALL[best]
    }

    /// The probability of [`Prediction::route`].
    pub fn confidence(&self) -> f32 {
        self.probabilities.iter().copied().fold(0.0, f32::max)
    }
}
// ANCHOR_END: route

// ANCHOR: error
/// Why a model could not be loaded or run. Every failure is a value: a bad
/// model file at start-up is a message in the log, not a panic.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The model file could not be read.
    #[error("cannot read model file {path}")]
    Read {
        /// The file we tried.
        path: String,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// tract could not parse, type or optimise the model.
    #[error("not a usable ONNX model: {0:#}")]
    Load(TractError),
    /// The model loads but does not take or give what this code sends and expects.
    #[error("model has the wrong shape: {0}")]
    Shape(String),
    /// tract failed while running the model.
    #[error("inference failed: {0:#}")]
    Run(TractError),
}
// ANCHOR_END: error

// ANCHOR: classifier
/// A loaded, optimised model, ready to run. Cloning it is cheap (one
/// reference count): the plan is shared, and each run gets its own state, so
/// any number of threads can classify at once.
#[derive(Clone)]
pub struct Classifier {
    plan: Arc<TypedRunnableModel>,
}

impl Classifier {
    /// The model compiled into this binary.
    pub fn embedded() -> Result<Self, ModelError> {
        Self::from_bytes(EMBEDDED_MODEL)
    }

    /// A model from a file, for deployments that ship models apart from code.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, ModelError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| ModelError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_bytes(&bytes)
    }

    /// Parses, type-checks and optimises the model, once. This is the slow
    /// part (milliseconds); running it afterwards is the fast one.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let model = tract_onnx::onnx()
            .model_for_read(&mut &*bytes)
            .and_then(|model| model.into_optimized())
            .map_err(ModelError::Load)?;
        check_width(
            &model.input_fact(0).map_err(ModelError::Load)?.shape,
            BUCKETS,
            "input",
        )?;
        check_width(
            &model.output_fact(0).map_err(ModelError::Load)?.shape,
            3,
            "output",
        )?;
        let plan = model.into_runnable().map_err(ModelError::Load)?;
        Ok(Self { plan })
    }
    // ANCHOR_END: classifier

    // ANCHOR: batch
    /// Classifies a batch of feature vectors in one run of the model: one
    /// `[n, 64]` tensor in, one `[n, 3]` tensor out.
    pub fn classify_batch(&self, batch: &[Features]) -> Result<Vec<Prediction>, ModelError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let flat: Vec<f32> = batch.iter().flatten().copied().collect();
        let input = Tensor::from_shape(&[batch.len(), BUCKETS], &flat).map_err(ModelError::Run)?;
        let outputs = self
            .plan
            .run(tvec!(input.into()))
            .map_err(ModelError::Run)?;
        let output = outputs[0]
            .to_plain_array_view::<f32>()
            .map_err(ModelError::Run)?;
        if output.shape() != [batch.len(), 3] {
            return Err(ModelError::Shape(format!("output {:?}", output.shape())));
        }
        Ok(output
            .rows()
            .into_iter()
            .map(|row| Prediction {
                probabilities: [row[0], row[1], row[2]],
            })
            .collect())
    }

    /// Classifies one event. A batch of one: prefer `classify_batch` for many.
    pub fn classify(&self, event_type: &str, payload: &str) -> Result<Prediction, ModelError> {
        let mut predictions = self.classify_batch(&[features(event_type, payload)])?;
        predictions
            .pop()
            .ok_or_else(|| ModelError::Shape("no output row".into()))
    }
    // ANCHOR_END: batch
}

impl fmt::Debug for Classifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Classifier").finish_non_exhaustive()
    }
}

/// Checks that the last dimension of a model's input or output is `width`.
/// The first (the batch) stays symbolic: any batch size runs.
fn check_width(shape: &ShapeFact, width: usize, what: &str) -> Result<(), ModelError> {
    match shape.dims().last() {
        Some(last) if *last == width.to_dim() && shape.rank() == 2 => Ok(()),
        _ => Err(ModelError::Shape(format!(
            "{what} is {shape:?}, expected [batch, {width}]"
        ))),
    }
}
