// Two threads sharing one `RefCell`: its borrow counter is not atomic.
use std::cell::RefCell;
use std::thread;

fn main() {
    let sent = RefCell::new(Vec::new());
    thread::scope(|scope| {
        scope.spawn(|| sent.borrow_mut().push("from a"));
        scope.spawn(|| sent.borrow_mut().push("from b"));
    });
    println!("{:?}", sent.into_inner());
}
