// Moving the one classifier into two threads. `Classifier` stands in for
// m17_inference's (a cheap `Clone` around an `Arc`), because this file is
// compiled by rustc alone.
use std::sync::Arc;
use std::thread;

#[derive(Clone)]
struct Classifier {
    weights: Arc<Vec<f32>>,
}

impl Classifier {
    fn score(&self, features: &[f32]) -> f32 {
        features.iter().zip(self.weights.iter()).map(|(x, w)| x * w).sum()
    }
}

fn main() {
    let classifier = Classifier { weights: Arc::new(vec![0.5, -0.25]) };
    let orders = thread::spawn(move || classifier.score(&[1.0, 2.0]));
    let payments = thread::spawn(move || classifier.score(&[3.0, 4.0]));
    println!("{} {}", orders.join().unwrap(), payments.join().unwrap());
}
