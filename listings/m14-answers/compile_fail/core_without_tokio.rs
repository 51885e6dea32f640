// Exercise 4 of lesson 14.1: outbox-core's manifest lists no tokio, so a
// `use tokio::…` line in its code has no crate to start from. This file is
// compiled the same way: with no `--extern tokio`.
use tokio::time::sleep;

fn main() {
    let _ = sleep;
}
