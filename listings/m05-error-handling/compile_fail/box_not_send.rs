// A plain `Box<dyn Error>` is not `Send`, so it cannot come back from a thread.
use std::error::Error;
use std::thread;

fn probe(target: &str) -> Result<u16, Box<dyn Error>> {
    let (_host, port) = target.split_once(':').ok_or("no port")?;
    Ok(port.parse()?)
}

fn main() {
    let handle = thread::spawn(|| probe("rabbit:5672"));
    println!("{:?}", handle.join().map(|result| result.is_ok()));
}
