//! The Module 12 checks as a Python module, `outbox_check` (lesson 12.1).
//!
//! A Python service that writes into the bridge's outbox calls
//! `outbox_check.check(aggregate_id, event_type, payload)` before it
//! commits: the same rules the bridge applies, and the payload's CRC-32C.

use pyo3::buffer::PyBuffer;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use std::borrow::Cow;

// ANCHOR: exception
// `outbox_check.InvalidMessage`, a subclass of ValueError: Python code can
// catch it by name, or as the ValueError it is.
create_exception!(outbox_check, InvalidMessage, PyValueError);

/// A Rust error becomes a Python exception through `From`, so `?` works in
/// every `#[pyfunction]` that returns `PyResult`.
struct Refused(m12_ffi::Invalid);

impl From<Refused> for PyErr {
    fn from(Refused(invalid): Refused) -> PyErr {
        InvalidMessage::new_err(invalid.to_string())
    }
}
// ANCHOR_END: exception

// ANCHOR: checked
/// What a valid message's producer stores beside it. `frozen`: immutable
/// from Python, so PyO3 needs no run-time borrow flag to hand it out.
#[pyclass(frozen, eq, module = "outbox_check")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    #[pyo3(get)]
    checksum: u32,
    #[pyo3(get)]
    len: usize,
}

#[pymethods]
impl Checked {
    fn __repr__(&self) -> String {
        format!(
            "Checked(checksum=0x{:08x}, len={})",
            self.checksum, self.len
        )
    }
}
// ANCHOR_END: checked

// ANCHOR: check
/// Checks a message the way the bridge will; raises InvalidMessage if it
/// would be refused. `payload: &[u8]` borrows a `bytes` object's memory:
/// nothing is copied, however large it is.
#[pyfunction]
fn check(aggregate_id: &str, event_type: &str, payload: &[u8]) -> PyResult<Checked> {
    let checked = m12_ffi::check(aggregate_id, event_type, payload).map_err(Refused)?;
    Ok(Checked {
        checksum: checked.checksum,
        len: checked.len,
    })
}
// ANCHOR_END: check

// ANCHOR: crc32c
/// Payloads at least this long are checksummed with the GIL released.
const RELEASE_GIL_FROM: usize = 64 * 1024;

/// CRC-32C of a `bytes` object, without copying it. For a large payload
/// the GIL is released while Rust works, so other Python threads run.
#[pyfunction]
fn crc32c(py: Python<'_>, data: &[u8]) -> u32 {
    if data.len() < RELEASE_GIL_FROM {
        // Releasing and re-taking the GIL costs more than a short checksum.
        return m12_ffi::crc32c(data);
    }
    // `detach` (PyO3 0.26+; `allow_threads` before) runs the closure without
    // the GIL. Sound here: `bytes` is immutable, and the caller's reference
    // keeps it alive until `crc32c` returns.
    py.detach(|| m12_ffi::crc32c(data))
}

/// CRC-32C of anything with the buffer protocol: `bytearray`, `memoryview`,
/// `array.array`, a NumPy `uint8` array.
///
/// Such a buffer can be written by another thread the moment the GIL is
/// released (holding the export stops a resize, not a write), so it is
/// copied once, with the GIL held, and the copy is checksummed without it.
#[pyfunction]
fn crc32c_buffer(py: Python<'_>, data: PyBuffer<u8>) -> PyResult<u32> {
    let bytes = data.to_vec(py)?;
    Ok(py.detach(|| m12_ffi::crc32c(&bytes)))
}
// ANCHOR_END: crc32c

/// Like `crc32c`, but never releases the GIL: only for the test that shows
/// what releasing it buys.
#[pyfunction]
fn _crc32c_holding_gil(data: &[u8]) -> u32 {
    m12_ffi::crc32c(data)
}

// ANCHOR: module
/// The module Python imports. Its function name becomes the exported
/// `PyInit_outbox_check`, so it must match the module's file name:
/// `module-name` in pyproject.toml (and here `[lib] name` in Cargo.toml).
#[pymodule]
fn outbox_check(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(crc32c, m)?)?;
    m.add_function(wrap_pyfunction!(crc32c_buffer, m)?)?;
    m.add_function(wrap_pyfunction!(_crc32c_holding_gil, m)?)?;
    m.add_class::<Checked>()?;
    m.add("InvalidMessage", m.py().get_type::<InvalidMessage>())?;
    m.add("MAX_PAYLOAD", m12_ffi::message::MAX_PAYLOAD)?;
    // The worked answers to lesson 12.1's exercises, at the end of this file.
    add_answers_12_1(m)?;
    Ok(())
}
// ANCHOR_END: module

// Lesson 12.1's "Try it", answered. `tests/test_answers_12_1.py` checks
// each answer from Python.

// ANCHOR: answer1
/// CRC-32C continued from `crc`, so a stream can be checked in pieces:
/// `crc32c_extend(b, crc32c_extend(a)) == crc32c(a + b)`.
#[pyfunction]
#[pyo3(signature = (data, crc = 0))]
fn crc32c_extend(data: &[u8], crc: u32) -> u32 {
    m12_ffi::checksum::extend(crc, data)
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// `check` for any bytes-like payload: a `bytes` object is borrowed as
/// before, a `bytearray` (or `memoryview`, `array('B')`) is copied into a
/// `Vec<u8>` first.
#[pyfunction]
fn check_bytes_like(
    aggregate_id: &str,
    event_type: &str,
    payload: Cow<'_, [u8]>,
) -> PyResult<Checked> {
    check(aggregate_id, event_type, &payload)
}
// ANCHOR_END: answer2

// ANCHOR: answer3
/// Checks a whole batch in one call: all valid, or `InvalidMessage` naming
/// the first refused message by its index.
#[pyfunction]
fn check_batch(messages: Vec<(PyBackedStr, PyBackedStr, PyBackedBytes)>) -> PyResult<Vec<Checked>> {
    messages
        .iter()
        .enumerate()
        .map(|(index, (aggregate_id, event_type, payload))| {
            match m12_ffi::check(aggregate_id, event_type, payload) {
                Ok(checked) => Ok(Checked {
                    checksum: checked.checksum,
                    len: checked.len,
                }),
                Err(invalid) => Err(InvalidMessage::new_err(format!(
                    "message {index}: {invalid}"
                ))),
            }
        })
        .collect()
}
// ANCHOR_END: answer3

/// Adds the answers' functions to the module.
fn add_answers_12_1(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(crc32c_extend, m)?)?;
    m.add_function(wrap_pyfunction!(check_bytes_like, m)?)?;
    m.add_function(wrap_pyfunction!(check_batch, m)?)?;
    Ok(())
}
