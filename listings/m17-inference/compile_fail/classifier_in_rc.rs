// Sharing the classifier with `Rc` and sending it to the blocking pool.
// `spawn_blocking` has the signature of `tokio::task::spawn_blocking`; this
// file is compiled by rustc alone.
use std::rc::Rc;

fn spawn_blocking<F, R>(work: F) -> R
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    work()
}

struct Classifier {
    weights: Vec<f32>,
}

impl Classifier {
    fn score(&self, features: &[f32]) -> f32 {
        features.iter().zip(&self.weights).map(|(x, w)| x * w).sum()
    }
}

fn main() {
    let shared = Rc::new(Classifier { weights: vec![0.5, -0.25] });
    let for_the_pool = Rc::clone(&shared);
    let score = spawn_blocking(move || for_the_pool.score(&[1.0, 2.0]));
    println!("{score} {}", shared.weights.len());
}
