// Fails with E0038: a generic associated type (here generic over a lifetime)
// cannot be named through `dyn Encoder`. Fix: `where Self: 'a, Self: Sized`
// on `Frame`, and on the methods that use it.
trait Encoder {
    type Frame<'a>
    where
        Self: 'a;
    fn frame<'a>(&'a self, payload: &'a [u8]) -> Self::Frame<'a>;
    fn content_type(&self) -> &str;
}

fn describe(encoder: &dyn Encoder) -> String {
    encoder.content_type().to_owned()
}

fn main() {}
