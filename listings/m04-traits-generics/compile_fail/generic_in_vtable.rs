// A generic method without `where Self: Sized` makes the trait dyn-incompatible:
// a vtable cannot hold one entry per possible `I`.
trait Sink {
    fn send(&self, line: &str) -> bool;

    fn send_all<I>(&self, lines: I) -> usize
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        lines
            .into_iter()
            .filter(|line| self.send(line.as_ref()))
            .count()
    }
}

struct Limited {
    max_len: usize,
}

impl Sink for Limited {
    fn send(&self, line: &str) -> bool {
        line.len() <= self.max_len
    }
}

fn main() {
    let sinks: Vec<Box<dyn Sink>> = vec![Box::new(Limited { max_len: 12 })];
    println!("{}", sinks.len());
}
