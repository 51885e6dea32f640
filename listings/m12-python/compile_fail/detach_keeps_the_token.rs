// A std-only model of PyO3's `Python::detach`, with the same bound:
// `Python<'py>` (proof the GIL is held) is not `Send`, and on stable Rust
// PyO3's `Ungil` is implemented for exactly the `Send` types.
use std::marker::PhantomData;

struct NotSend(PhantomData<*mut Python<'static>>);

#[derive(Clone, Copy)]
struct Python<'py>(PhantomData<&'py ()>, PhantomData<NotSend>);

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

    /// Stands for `PyBuffer::to_vec(py)`: Python API, so it needs the token.
    fn copy_buffer(self, data: &[u8]) -> Vec<u8> {
        data.to_vec()
    }
}

fn crc32c_buffer(py: Python<'_>, data: &[u8]) -> usize {
    // The copy moved into the closure, to run it without the GIL too.
    py.detach(|| py.copy_buffer(data).len())
}

fn main() {
    let py = Python(PhantomData, PhantomData);
    println!("{}", crc32c_buffer(py, b"123456789"));
}
