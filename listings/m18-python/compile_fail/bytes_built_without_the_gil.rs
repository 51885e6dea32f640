// A std-only model of PyO3's `Python::detach` and `Bound`, with PyO3 0.30's
// bounds: the closure and what it returns must be `Ungil` (on stable Rust,
// `Send`), and a `Bound<'py, T>` carries the `Python<'py>` token, which is
// not `Send`. Against real PyO3 the same code fails with the same code.
use std::marker::PhantomData;

struct NotSend(PhantomData<*mut Python<'static>>);

#[derive(Clone, Copy)]
struct Python<'py>(PhantomData<&'py ()>, PhantomData<NotSend>);

/// Stands for `Bound<'py, PyBytes>`: a Python object, held with the GIL.
struct Bound<'py>(Python<'py>, Vec<u8>);

unsafe trait Ungil {}
unsafe impl<T: Send> Ungil for T {}

impl<'py> Python<'py> {
    fn detach<T, F>(self, f: F) -> T
    where
        F: Ungil + FnOnce() -> T,
        T: Ungil,
    {
        // PyO3 releases the GIL here, runs `f`, and takes the GIL back.
        f()
    }
}

/// Stands for `PyBytes::new(py, bytes)`, which needs the GIL.
fn new_bytes<'py>(py: Python<'py>, bytes: &[u8]) -> Bound<'py> {
    Bound(py, bytes.to_vec())
}

fn chunk_batch<'py>(py: Python<'py>, chunks: Vec<Vec<u8>>) -> Vec<Bound<'py>> {
    // Build the `bytes` objects in the closure too, to save the second loop.
    py.detach(move || chunks.iter().map(|chunk| new_bytes(py, chunk)).collect())
}

fn main() {
    let py = Python(PhantomData, PhantomData);
    for Bound(_, bytes) in chunk_batch(py, vec![b"one chunk".to_vec()]) {
        println!("{}", bytes.len());
    }
}
