//! `textprep`: lesson 18's preprocessing pipeline as a Python module.
//!
//! ```python
//! import textprep
//! prep = textprep.Preprocessor(max_tokens=128, overlap=16)
//! chunks = prep.chunk_batch([b"First document.", b"Second one."])
//! ```
//!
//! Python hands over `bytes`; the module borrows them without copying
//! ([`PyBackedBytes`]), releases the GIL, preprocesses on rayon's threads and
//! returns the chunks as a list of `bytes`, one copy per chunk.

use m18_pipeline::chunk::{ChunkConfig, ChunkConfigError};
use m18_pipeline::pipeline::{Preprocessor as Pipeline, Summary as PipelineSummary};
use m18_pipeline::{measure, normalize as normalise, parallel, pretokenize};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyString};
use rayon::prelude::*;

/// A refused configuration is Python's `ValueError`, with the reason.
struct Refused(ChunkConfigError);

impl From<Refused> for PyErr {
    fn from(Refused(error): Refused) -> PyErr {
        PyValueError::new_err(error.to_string())
    }
}

// ANCHOR: summary
/// What a batch produced, counted (`Preprocessor.summary`).
#[pyclass(frozen, eq, module = "textprep")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    #[pyo3(get)]
    documents: u64,
    #[pyo3(get)]
    tokens: u64,
    #[pyo3(get)]
    chunks: u64,
    #[pyo3(get)]
    chunk_bytes: u64,
}

#[pymethods]
impl Summary {
    fn __repr__(&self) -> String {
        format!(
            "Summary(documents={}, tokens={}, chunks={}, chunk_bytes={})",
            self.documents, self.tokens, self.chunks, self.chunk_bytes
        )
    }
}

impl From<PipelineSummary> for Summary {
    fn from(summary: PipelineSummary) -> Self {
        Summary {
            documents: summary.documents,
            tokens: summary.tokens,
            chunks: summary.chunks,
            chunk_bytes: summary.chunk_bytes,
        }
    }
}
// ANCHOR_END: summary

// ANCHOR: class
/// `textprep.Preprocessor(max_tokens=128, overlap=16)`: immutable, so one
/// object can be shared by Python threads; the scratch buffers live in the
/// calls, one per rayon job (`map_init`), never in the object.
#[pyclass(frozen, module = "textprep")]
#[derive(Debug)]
pub struct Preprocessor {
    config: ChunkConfig,
}

/// One document's chunks, joined: their bytes back to back and where each
/// ends. Two allocations per document instead of one per chunk.
struct Joined {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

fn join_chunks(pipeline: &mut Pipeline, document: &[u8]) -> Joined {
    let mut joined = Joined {
        bytes: Vec::new(),
        ends: Vec::new(),
    };
    pipeline.for_each_chunk(document, |chunk| {
        joined.bytes.extend_from_slice(chunk);
        joined.ends.push(joined.bytes.len());
    });
    joined
}

impl Joined {
    /// The chunks again, each borrowed from `bytes`.
    fn chunks(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.bytes[start..end])
    }
}
// ANCHOR_END: class

#[pymethods]
impl Preprocessor {
    #[new]
    #[pyo3(signature = (max_tokens = 128, overlap = 16))]
    fn new(max_tokens: usize, overlap: usize) -> PyResult<Self> {
        let config = ChunkConfig::new(max_tokens, overlap).map_err(Refused)?;
        Ok(Preprocessor { config })
    }

    #[getter]
    fn max_tokens(&self) -> usize {
        self.config.max_tokens()
    }

    #[getter]
    fn overlap(&self) -> usize {
        self.config.overlap()
    }

    fn __repr__(&self) -> String {
        format!(
            "Preprocessor(max_tokens={}, overlap={})",
            self.config.max_tokens(),
            self.config.overlap()
        )
    }

    // ANCHOR: chunks
    /// The chunks of one document. Holds the GIL: for one short document,
    /// releasing it would cost more than the work.
    fn chunks<'py>(&self, py: Python<'py>, document: &[u8]) -> Vec<Bound<'py, PyBytes>> {
        let mut chunks = Vec::new();
        Pipeline::new(self.config)
            .for_each_chunk(document, |chunk| chunks.push(PyBytes::new(py, chunk)));
        chunks
    }
    // ANCHOR_END: chunks

    // ANCHOR: chunk_batch
    /// The chunks of every document, flattened in order. The documents are
    /// borrowed, not copied (`PyBackedBytes` keeps each `bytes` object alive
    /// and points into it); the work runs without the GIL, on every core
    /// unless `parallel=False`; the results become `bytes` objects after the
    /// GIL is taken back.
    #[pyo3(signature = (documents, parallel = true))]
    fn chunk_batch<'py>(
        &self,
        py: Python<'py>,
        documents: Vec<PyBackedBytes>,
        parallel: bool,
    ) -> Vec<Bound<'py, PyBytes>> {
        let config = self.config;
        let joined: Vec<Joined> = py.detach(|| {
            if parallel {
                documents
                    .par_iter()
                    .map_init(
                        || Pipeline::new(config),
                        |pipeline, document| join_chunks(pipeline, document),
                    )
                    .collect()
            } else {
                let mut pipeline = Pipeline::new(config);
                documents
                    .iter()
                    .map(|document| join_chunks(&mut pipeline, document))
                    .collect()
            }
        });
        // With the GIL again: one `bytes` object, one allocation and one
        // copy, per chunk.
        joined
            .iter()
            .flat_map(Joined::chunks)
            .map(|chunk| PyBytes::new(py, chunk))
            .collect()
    }
    // ANCHOR_END: chunk_batch

    /// The counts for `documents`, without building any chunk objects.
    fn summary(&self, py: Python<'_>, documents: Vec<PyBackedBytes>) -> Summary {
        let config = self.config;
        py.detach(|| {
            let documents: Vec<&[u8]> = documents.iter().map(|document| &**document).collect();
            parallel::summarize(&documents, config)
        })
        .into()
    }

    // Lesson 18.4's "Try it", answered; `tests/test_answers_18_4.py`
    // checks it from Python.

    // ANCHOR: answer1
    /// `chunk_batch` for `str` documents, with `str` chunks. A chunk starts
    /// and ends at token boundaries, and every byte of a multi-byte UTF-8
    /// character is a word byte, so a chunk never splits a character.
    fn chunk_texts<'py>(
        &self,
        py: Python<'py>,
        documents: Vec<PyBackedStr>,
    ) -> Vec<Bound<'py, PyString>> {
        let config = self.config;
        let joined: Vec<Joined> = py.detach(|| {
            documents
                .par_iter()
                .map_init(
                    || Pipeline::new(config),
                    |pipeline, document| join_chunks(pipeline, document.as_bytes()),
                )
                .collect()
        });
        joined
            .iter()
            .flat_map(Joined::chunks)
            .map(|chunk| {
                let text = std::str::from_utf8(chunk)
                    .expect("a chunk of UTF-8 text never splits a character");
                PyString::new(py, text)
            })
            .collect()
    }
    // ANCHOR_END: answer1
}

/// ASCII lowercasing (`bytes.lower()` does the same).
#[pyfunction]
fn normalize<'py>(py: Python<'py>, text: &[u8]) -> Bound<'py, PyBytes> {
    PyBytes::new(py, &normalise::lowercase(text))
}

/// The tokens of `text` as `(start, end)` byte offsets.
#[pyfunction]
fn tokens(text: &[u8]) -> Vec<(usize, usize)> {
    pretokenize::tokens(text)
        .map(|span| (span.start, span.end))
        .collect()
}

/// `m18_pipeline::corpus::synthetic`, for the tests: they check that their
/// Python port of the generator makes the same bytes.
#[pyfunction(name = "_synthetic")]
fn synthetic<'py>(py: Python<'py>, seed: u64, documents: usize) -> Bound<'py, PyBytes> {
    PyBytes::new(py, &m18_pipeline::corpus::synthetic(seed, documents))
}

/// The machine's `memcpy` bandwidth in bytes per second (lesson 18.5's ceiling).
#[pyfunction]
#[pyo3(signature = (size = 256 * 1024 * 1024, rounds = 5))]
fn memcpy_bandwidth(py: Python<'_>, size: usize, rounds: usize) -> f64 {
    py.detach(|| measure::memcpy_bandwidth(size, rounds))
}

// ANCHOR: module
#[pymodule]
fn textprep(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Preprocessor>()?;
    m.add_class::<Summary>()?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(tokens, m)?)?;
    m.add_function(wrap_pyfunction!(memcpy_bandwidth, m)?)?;
    m.add_function(wrap_pyfunction!(synthetic, m)?)?;
    m.add("DOCUMENT_SEPARATOR", m18_pipeline::DOCUMENT_SEPARATOR)?;
    Ok(())
}
// ANCHOR_END: module
