// Fails with E0599: a bare `P` could be any type at all, so it has no
// methods. The fix is the bound `P: Publisher`.
trait Publisher {
    fn name(&self) -> &str;
}

struct Stdout;

impl Publisher for Stdout {
    fn name(&self) -> &str {
        "stdout"
    }
}

fn log_target<P>(publisher: &P) -> String {
    format!("publishing to {}", publisher.name())
}

fn main() {
    println!("{}", log_target(&Stdout));
}
