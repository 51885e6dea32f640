// `error_boundary.rs` with `BoxError` as a plain `Box<dyn Error>`: the
// results of `probe` can no longer travel back from the probing threads.
use std::error::Error;
use std::thread;

type BoxError = Box<dyn Error>;

fn probe(target: &str) -> Result<u32, BoxError> {
    let (_host, port) = target
        .split_once(':')
        .ok_or_else(|| format!("{target:?} has no port"))?;
    let port: u16 = port.parse()?;
    Ok(u32::from(port))
}

fn probe_all(targets: &[&'static str]) -> Vec<Result<u32, BoxError>> {
    let handles: Vec<_> = targets
        .iter()
        .map(|&target| thread::spawn(move || probe(target)))
        .collect();
    handles
        .into_iter()
        .map(|handle| handle.join().unwrap_or_else(|_| Err("probe panicked".into())))
        .collect()
}

fn main() {
    println!("{}", probe_all(&["rabbit:5672"]).len());
}
