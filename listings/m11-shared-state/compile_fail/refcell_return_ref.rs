// Returning a plain reference into a `RefCell`: the guard would outlive the function.
use std::cell::RefCell;

struct Recording {
    sent: RefCell<Vec<String>>,
}

impl Recording {
    fn first(&self) -> &String {
        &self.sent.borrow()[0]
    }
}

fn main() {
    let recording = Recording {
        sent: RefCell::new(vec!["m1".to_string()]),
    };
    println!("{}", recording.first());
}
