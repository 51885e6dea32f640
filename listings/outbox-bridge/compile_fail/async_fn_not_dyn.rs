// A trait with an `async fn` cannot be used as `dyn Trait`: each
// implementation returns a different future type, of a different size.
trait Publisher {
    async fn publish(&self, batch: &[&str]) -> usize;
}

struct Stdout;

impl Publisher for Stdout {
    async fn publish(&self, batch: &[&str]) -> usize {
        batch.len()
    }
}

fn main() {
    let publisher: Box<dyn Publisher> = Box::new(Stdout);
    let _ = publisher;
}
