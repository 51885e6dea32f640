// A panic payload is a `Box<dyn Any + Send>`: it could be anything, so it
// cannot be printed with `{}` before it is downcast.
use std::thread;

fn main() {
    let outcome = thread::spawn(|| -> u32 { panic!("publisher crashed") }).join();
    if let Err(payload) = outcome {
        println!("the publisher panicked: {payload}");
    }
}
