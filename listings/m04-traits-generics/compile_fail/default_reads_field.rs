// Fails with E0609: a default method only knows what the trait declares.
// It cannot see the fields of the types that will implement it.
trait Sink {
    fn send(&self, event: &str) -> Result<(), String>;

    fn describe(&self) -> String {
        format!("sink `{}`", self.name)
    }
}

struct Console {
    name: String,
}

impl Sink for Console {
    fn send(&self, event: &str) -> Result<(), String> {
        println!("{}: {event}", self.name);
        Ok(())
    }
}

fn main() {
    let console = Console {
        name: "console".to_string(),
    };
    println!("{}", console.describe());
}
