// `Rc` counts its owners without atomics, so it must not reach another thread.
use std::rc::Rc;
use std::thread::{self, JoinHandle};

trait Publisher: Send + Sync {
    fn name(&self) -> &str;
}

struct AcceptAll;

impl Publisher for AcceptAll {
    fn name(&self) -> &str {
        "accept-all"
    }
}

fn publish_in_background<P>(publisher: Rc<P>) -> JoinHandle<String>
where
    P: Publisher + 'static,
{
    thread::spawn(move || publisher.name().to_string())
}

fn main() {
    let publisher = Rc::new(AcceptAll);
    let handle = publish_in_background(Rc::clone(&publisher));
    println!("{:?}", handle.join().ok());
}
