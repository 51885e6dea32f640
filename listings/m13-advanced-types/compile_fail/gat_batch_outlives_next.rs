// Fails with E0499: a lending source's batch borrows the source mutably, so
// it must be dropped before the next batch is asked for.
trait BatchSource {
    type Batch<'a>: AsRef<[String]>
    where
        Self: 'a;

    fn next_batch<'a>(&'a mut self, max: usize) -> Option<Self::Batch<'a>>;
}

struct Reusing {
    lines: Vec<String>,
    buffer: Vec<String>,
}

impl BatchSource for Reusing {
    type Batch<'a> = &'a mut Vec<String>;

    fn next_batch<'a>(&'a mut self, max: usize) -> Option<&'a mut Vec<String>> {
        self.buffer.clear();
        let keep = self.lines.len().saturating_sub(max);
        self.buffer.extend(self.lines.drain(keep..));
        (!self.buffer.is_empty()).then_some(&mut self.buffer)
    }
}

fn main() {
    let mut source = Reusing {
        lines: vec!["a".into(), "b".into()],
        buffer: Vec::new(),
    };
    let first = source.next_batch(1);
    let second = source.next_batch(1);
    println!("{:?} {:?}", first, second);
}
