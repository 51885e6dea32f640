// `.await` suspends the enclosing future, so it only works inside an async
// fn or an async block. A plain fn has no future to suspend.
async fn load_batch() -> usize {
    3
}

fn relay_once() -> usize {
    load_batch().await
}

fn main() {
    println!("{}", relay_once());
}
