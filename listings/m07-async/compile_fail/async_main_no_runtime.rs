// Nothing in std can drive a future, so `main` itself cannot be async.
// `#[tokio::main]` turns an async main into a plain one that starts a runtime.
async fn load_batch() -> usize {
    3
}

async fn main() {
    println!("{}", load_batch().await);
}
