// A vocabulary shared through `Rc`, used inside a parallel closure. The
// stand-in below has the bounds of rayon's `ParallelIterator::map`: the
// closure is shared by every worker thread, so it must be `Sync`, and a
// closure that holds an `Rc` is not.
use std::collections::HashSet;
use std::rc::Rc;

fn par_map<T: Sync, R: Send>(items: &[T], op: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    let (left, right) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let left = scope.spawn(|| left.iter().map(&op).collect::<Vec<R>>());
        let right: Vec<R> = right.iter().map(&op).collect();
        let mut all = left.join().expect("the left half does not panic");
        all.extend(right);
        all
    })
}

fn main() {
    let vocabulary: Rc<HashSet<&str>> = Rc::new(["outbox", "relay", "event"].into());
    let documents = vec!["the outbox relay", "publishes an event"];
    let known = par_map(&documents, |document| {
        document.split(' ').filter(|word| vocabulary.contains(word)).count()
    });
    println!("{known:?}");
}
