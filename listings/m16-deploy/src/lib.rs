//! Module 16's listings: how a release of the outbox bridge is packaged and
//! checked before it ships.
//!
//! - [`elf`] (lesson 16.1) reads an executable's headers and says whether it
//!   needs a dynamic loader and shared libraries, or runs on a bare kernel.

pub mod elf;
