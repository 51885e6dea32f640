// Lending a local batch to `spawn_blocking`. The
// `spawn_blocking` here has the signature of `tokio::task::spawn_blocking`
// (and `Classifier` stands in for m17_inference's): rustc compiles this file alone.
use std::sync::Arc;

fn spawn_blocking<F, R>(work: F) -> R
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    work()
}

#[derive(Clone)]
struct Classifier {
    weights: Arc<Vec<f32>>,
}

impl Classifier {
    fn classify_batch(&self, batch: &[Vec<f32>]) -> Vec<f32> {
        let score = |row: &Vec<f32>| row.iter().zip(self.weights.iter()).map(|(x, w)| x * w).sum();
        batch.iter().map(score).collect()
    }
}

fn main() {
    let classifier = Classifier { weights: Arc::new(vec![0.5, -0.25]) };
    let events = vec![vec![1.0, 2.0], vec![3.0, 4.0]];
    // Lend the batch to the pool, to keep `events` for pairing up the scores.
    let batch: &[Vec<f32>] = &events;
    let scores = spawn_blocking(move || classifier.classify_batch(batch));
    for (event, score) in events.iter().zip(scores) {
        println!("{event:?}: {score}");
    }
}
