// A method that takes `self` by value keeps the trait dyn compatible, but a
// trait object cannot call it: that would move an unsized value.
trait Sink {
    fn send(&self, line: &str) -> bool;
    fn close(self) -> String;
}

struct Limited {
    max_len: usize,
}

impl Sink for Limited {
    fn send(&self, line: &str) -> bool {
        line.len() <= self.max_len
    }

    fn close(self) -> String {
        format!("closed the {}-byte sink", self.max_len)
    }
}

fn main() {
    let sink: Box<dyn Sink> = Box::new(Limited { max_len: 8 });
    println!("{}", sink.send("OrderPlaced"));
    println!("{}", sink.close());
}
