// Two threads incrementing the same counter: a data race in C or Go.
use std::thread;

fn main() {
    let mut sent = 0u64;
    thread::scope(|scope| {
        scope.spawn(|| sent += 1);
        scope.spawn(|| sent += 1);
    });
    println!("{sent}");
}
