// Reusing one future across loop iterations by racing `&mut batch`, as
// `select!` does with a `&mut fut` branch. `race` stands in for select! so
// that rustc alone can compile this file: `&mut F` is a future only when F is
// `Unpin`, and an async fn's future is not.
use std::future::Future;

async fn read_batch() -> Vec<u64> {
    vec![1, 2, 3]
}

fn race<A: Future, B: Future>(first: A, second: B) {
    drop((first, second));
}

fn main() {
    let mut batch = read_batch();
    for _tick in 0..3 {
        race(&mut batch, async {});
    }
}
