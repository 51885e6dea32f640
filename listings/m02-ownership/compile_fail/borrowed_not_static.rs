// Fails with E0597: the thread may outlive `main`'s locals, so the bound
// asks for `'static`, and a borrow of a local is not.
use std::fmt::Debug;
use std::thread;

fn audit_in_background<T>(value: T) -> thread::JoinHandle<String>
where
    T: Debug + Send + 'static,
{
    thread::spawn(move || format!("audited {value:?}"))
}

fn main() {
    let aggregate = String::from("order-42");
    let handle = audit_in_background(&aggregate);
    println!("{:?}", handle.join());
}
