// Collecting chunks by pushing into a vector from a parallel `for_each`.
// The stand-in below has the bounds of rayon's `ParallelIterator::for_each`:
// every worker thread calls the same closure, so it must be `Fn + Sync + Send`,
// and an `Fn` closure cannot mutate what it captured.
fn par_for_each<T: Sync>(items: &[T], op: impl Fn(&T) + Sync + Send) {
    let (left, right) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        scope.spawn(|| left.iter().for_each(&op));
        right.iter().for_each(&op);
    });
}

fn main() {
    let documents: Vec<&str> = vec!["the outbox relay", "publishes an event"];
    let mut words: Vec<&str> = Vec::new();
    par_for_each(&documents, |document| {
        words.extend(document.split(' '));
    });
    println!("{words:?}");
}
