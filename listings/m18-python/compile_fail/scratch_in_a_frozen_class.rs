// A std-only model of a check that PyO3 0.30's `#[pyclass]` generates for
// every class: `assert_pyclass_send_sync::<Class>()`, because any Python
// thread may reach the object. Against real PyO3 the same struct fails with
// the same code, pointing at the struct.
use std::cell::RefCell;

/// Stands for `pyo3::impl_::pyclass::assert_pyclass_send_sync`.
const fn assert_pyclass_send_sync<T: Send + Sync>() {}

/// Stands for `m18_pipeline::pipeline::Preprocessor`: scratch buffers.
#[derive(Default)]
struct Pipeline {
    normalized: Vec<u8>,
    spans: Vec<(usize, usize)>,
}

// #[pyclass(frozen)]
struct Preprocessor {
    max_tokens: usize,
    overlap: usize,
    /// Kept between calls, to save the allocations: `&self` methods
    /// borrow it mutably through the `RefCell`.
    scratch: RefCell<Pipeline>,
}

const _: () = assert_pyclass_send_sync::<Preprocessor>();

fn main() {
    let prep = Preprocessor {
        max_tokens: 128,
        overlap: 16,
        scratch: RefCell::new(Pipeline::default()),
    };
    let scratch = prep.scratch.borrow();
    let buffered = scratch.normalized.len() + scratch.spans.len();
    println!("{} {} {buffered}", prep.max_tokens, prep.overlap);
}
