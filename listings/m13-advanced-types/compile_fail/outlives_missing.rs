// Fails with E0309: a `Box<dyn Publish + 'a>` may hold only data valid for
// `'a`, and nothing says a `P` is. Fix: `P: Publish + 'a`.
trait Publish {
    fn name(&self) -> &str;
}

fn erase<'a, P: Publish>(publisher: P) -> Box<dyn Publish + 'a> {
    Box::new(publisher)
}

fn main() {}
