//! Lesson 17.5: an outbox event classifier, trained and exported to ONNX by
//! `model/make_model.py`, embedded in the binary and run with tract.
//!
//! - [`features`]: the tokenizer and hashing that turn an event into the
//!   model's input, identical to the Python script's.
//! - [`Classifier`]: the model loaded once and shared; batch inference.
//! - [`reference`]: the script's own outputs, to check this code against.
//!
//! No runtime here: the library builds for `wasm32-unknown-unknown` too, and
//! the examples show how async code calls it.

pub mod classifier;
pub mod features;
pub mod reference;

pub use classifier::{Classifier, EMBEDDED_MODEL, ModelError, Prediction, Route};
pub use features::{BUCKETS, Features, features};
