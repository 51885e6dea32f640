// Fails with E0038: `from_config` has no `self`, so a `dyn Encoder` has no
// data pointer to find it through. Fix: `where Self: Sized` on it.
trait Encoder {
    fn from_config(config: &str) -> Self;
    fn encode(&self, id: u64) -> Vec<u8>;
}

fn encode_with(encoder: &dyn Encoder, id: u64) -> Vec<u8> {
    encoder.encode(id)
}

fn main() {}
