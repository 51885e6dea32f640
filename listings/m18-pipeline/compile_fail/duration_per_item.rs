// A benchmark's first arithmetic: time per document. `Duration` divides by
// `u32` only, so dividing by a `usize` length does not compile.
use std::time::Instant;

fn main() {
    let documents = vec![b"one".to_vec(), b"two".to_vec()];
    let started = Instant::now();
    let bytes: usize = documents.iter().map(Vec::len).sum();
    let per_document = started.elapsed() / documents.len();
    println!("{bytes} bytes, {per_document:?} per document");
}
