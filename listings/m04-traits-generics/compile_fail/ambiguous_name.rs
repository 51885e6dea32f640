// Fails with E0034: the bridge's pattern (trimmed here) makes
// `Box<dyn DynPublisher>` implement BOTH traits: `Publisher` directly, and
// `DynPublisher` through the blanket impl. With both in scope, `.name()` on
// the box is ambiguous; name the trait: `Publisher::name(&publisher)`.
trait Publisher {
    fn name(&self) -> &str;
}

trait DynPublisher {
    fn name(&self) -> &str;
}

impl<P: Publisher> DynPublisher for P {
    fn name(&self) -> &str {
        Publisher::name(self)
    }
}

impl Publisher for Box<dyn DynPublisher> {
    fn name(&self) -> &str {
        self.as_ref().name()
    }
}

struct Stdout;

impl Publisher for Stdout {
    fn name(&self) -> &str {
        "stdout"
    }
}

fn main() {
    let publisher: Box<dyn DynPublisher> = Box::new(Stdout);
    println!("{}", publisher.name());
}
