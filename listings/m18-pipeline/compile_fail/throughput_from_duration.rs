// Throughput as bytes over time: `Duration` is not a number, so `f64 / Duration`
// has no implementation.
use std::time::Instant;

fn main() {
    let corpus = vec![b'x'; 1 << 20];
    let started = Instant::now();
    let words = corpus.split(|&byte| byte == b' ').count();
    let mb_per_second = corpus.len() as f64 / started.elapsed() / 1e6;
    println!("{words} words at {mb_per_second} MB/s");
}
