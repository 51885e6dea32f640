// Moving the reader into the reader task, then using it after the spawn.
// `spawn` below has the same bounds as `tokio::spawn`; it stands in for it
// because this file is compiled by rustc alone, without the tokio crate.
use std::future::Future;
use std::io::{BufRead, BufReader};

fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    drop(future);
}

fn main() {
    let mut reader = BufReader::new(&b"first\x1esecond"[..]);
    spawn(async move {
        let mut document = Vec::new();
        reader.read_until(0x1E, &mut document).expect("in memory");
    });
    let rest = reader.fill_buf().expect("in memory").len();
    println!("{rest} bytes left");
}
