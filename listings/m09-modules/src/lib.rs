//! A small routing library: the code Module 09 of Rust Mastery takes apart.
//!
//! Build a [`Message`] (its constructor checks it), ask for its [`Route`],
//! and encode it for the wire:
//!
//! ```
//! use m09_modules::prelude::*;
//!
//! let message = Message::new(MessageId(7), "order-7", "OrderPlaced")?;
//! assert_eq!(Route::for_message(&message).subject(), "events.order_placed");
//! assert_eq!(
//!     m09_modules::to_line(&message),
//!     "id=7 aggregate=order-7 type=OrderPlaced subject=events.order_placed"
//! );
//! # Ok::<(), m09_modules::Error>(())
//! ```
//!
//! # Features
//!
//! - `json` (on by default): [`to_json`], and the `serde_json` dependency it needs.

// ANCHOR: tree
pub mod message;
pub mod prelude;
pub mod routing;
mod wire;

pub use message::{Error, Message, MessageId};
pub use routing::Route;
#[cfg(feature = "json")]
pub use wire::to_json;
pub use wire::to_line;
// ANCHOR_END: tree
