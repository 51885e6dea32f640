// Fails (no error code): a GAT whose methods borrow `Self` for `'a` must say `where Self: 'a`,
// so that every implementor's `Batch<'a>` is only ever asked for when it is valid.
trait BatchSource {
    type Batch<'a>: AsRef<[String]>;

    fn next_batch<'a>(&'a mut self, max: usize) -> Option<Self::Batch<'a>>;
}

fn main() {}
