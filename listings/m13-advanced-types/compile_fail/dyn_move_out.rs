// Fails with E0161: the trait is dyn compatible, but calling a by-value
// `self` method would move a value of unknown size out of the box.
trait Encoder {
    fn finish(self) -> String;
}

struct Json;

impl Encoder for Json {
    fn finish(self) -> String {
        "json closed".to_owned()
    }
}

fn main() {
    let encoder: Box<dyn Encoder> = Box::new(Json);
    println!("{}", encoder.finish());
}
