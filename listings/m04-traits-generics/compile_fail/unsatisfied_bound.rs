// Fails with E0277: `relay_to` accepts only publishers, and `Stdout`
// never said `impl Publisher for Stdout`. In Rust, having the right
// methods is not enough: the impl is the promise.
trait Publisher {
    fn name(&self) -> &str;
}

struct Stdout;

impl Stdout {
    fn name(&self) -> &str {
        "stdout"
    }
}

fn relay_to<P: Publisher>(publisher: &P) -> String {
    format!("relaying to {}", publisher.name())
}

fn main() {
    println!("{}", relay_to(&Stdout));
}
