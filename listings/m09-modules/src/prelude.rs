//! The names almost every user of the crate needs, in one import:
//!
//! ```
//! use m09_modules::prelude::*;
//! # let _ = MessageId(1);
//! ```

// ANCHOR: prelude
pub use crate::message::{Error, Message, MessageId};
pub use crate::routing::Route;
// ANCHOR_END: prelude
