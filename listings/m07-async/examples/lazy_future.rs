//! Lesson 07.1: calling an `async fn` runs none of its body. It returns a
//! future, a value that does the work only when something awaits (polls) it.

// ANCHOR: lazy
/// Pretends to load a batch of outbox rows.
async fn load_batch(table: &str) -> usize {
    println!("   load_batch({table}) is running");
    3
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("1. calling load_batch");
    let pending = load_batch("outbox");
    println!("2. holding a future; nothing has run yet");
    let rows = pending.await;
    println!("3. awaited it: {rows} rows");

    let skipped = load_batch("archive");
    drop(skipped);
    println!("4. dropped a future without awaiting: its body never ran");
    // ANCHOR_END: lazy

    // ANCHOR: block
    let table = String::from("outbox_retry");
    let with_retries = async move {
        // An async block is an anonymous future; `move` gives it `table`.
        let rows = load_batch(&table).await;
        rows * 2
    };
    println!("5. built an async block");
    println!("6. it produced {}", with_retries.await);
    // ANCHOR_END: block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_future_yields_its_value_when_awaited() {
        assert_eq!(load_batch("t").await, 3);
    }

    #[tokio::test]
    async fn an_async_block_is_a_value_too() {
        let futures = vec![load_batch("a"), load_batch("b")];
        let mut total = 0;
        for future in futures {
            total += future.await;
        }
        assert_eq!(total, 6);
    }
}
