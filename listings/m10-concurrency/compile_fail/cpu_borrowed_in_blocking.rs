// Handing spawn_blocking a closure that borrows a local. `spawn_blocking`
// below has the same bounds as `tokio::task::spawn_blocking`; it stands in
// for it because this file is compiled by rustc alone, without tokio.
fn spawn_blocking<F, R>(f: F)
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    drop(f);
}

fn checksum(data: &[u8]) -> u64 {
    data.iter().map(|&b| u64::from(b)).sum()
}

fn main() {
    let payload = vec![7_u8; 1024];
    spawn_blocking(|| checksum(&payload));
}
