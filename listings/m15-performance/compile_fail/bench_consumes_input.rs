// `settle` takes the broker's answers by value, and a benchmark's routine
// runs many times. `Bencher` stands in for criterion's, with the same bound
// on the routine (`FnMut() -> O`), so this compiles with rustc alone.
struct Bencher;

impl Bencher {
    fn iter<O, R: FnMut() -> O>(&mut self, mut routine: R) {
        for _ in 0..3 {
            std::hint::black_box(routine());
        }
    }
}

fn settle(batch: &[u64], answers: Vec<bool>) -> usize {
    batch.iter().zip(answers).filter(|(_, ok)| *ok).count()
}

fn main() {
    let batch = vec![1, 2, 3];
    let answers = vec![true, false, true];
    let mut b = Bencher;
    b.iter(|| settle(&batch, answers));
}
