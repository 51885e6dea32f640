// Fails with E0310: `thread::spawn` needs a `'static` closure, so a `T` that
// might borrow cannot go into it (Try it 3 of lesson 02.5).
use std::fmt;
use std::thread;

fn audit_in_background<T>(value: T) -> thread::JoinHandle<String>
where
    T: fmt::Debug + Send,
{
    thread::spawn(move || format!("audited {value:?}"))
}

fn main() {
    let audited = audit_in_background(String::from("order-42"));
    println!(
        "{}",
        audited.join().expect("the audit thread does not panic")
    );
}
