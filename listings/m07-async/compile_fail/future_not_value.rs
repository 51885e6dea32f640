// Calling an async fn gives you a future, not its result. Forgetting
// `.await` is a type error as soon as you use the value.
async fn pending_count() -> usize {
    3
}

async fn report() {
    let count: usize = pending_count();
    println!("{count} pending");
}

fn main() {
    drop(report());
}
