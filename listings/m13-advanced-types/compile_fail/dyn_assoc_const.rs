// Fails with E0038: an associated const has no opt-out; each implementor's
// value lives in no vtable. Fix: a method (`fn version(&self) -> u8`) or a
// separate trait for the constant.
trait Encoder {
    const VERSION: u8;
    fn encode(&self, id: u64) -> Vec<u8>;
}

fn encode_with(encoder: &dyn Encoder, id: u64) -> Vec<u8> {
    encoder.encode(id)
}

fn main() {}
