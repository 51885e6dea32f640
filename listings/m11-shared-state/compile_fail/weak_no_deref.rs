// A `Weak` is not a reference to the value: it must be upgraded first.
use std::rc::{Rc, Weak};

struct Connection {
    url: String,
}

fn main() {
    let connection = Rc::new(Connection {
        url: "amqp://localhost".to_string(),
    });
    let parent: Weak<Connection> = Rc::downgrade(&connection);
    println!("{}", parent.url);
}
