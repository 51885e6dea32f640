// Try it 3 of lesson 01.1: `block_expressions.rs` with a semicolon after the
// block's last expression. Fails with E0308: the block's value is now `()`.
fn backoff_ms(attempt: u32) -> u64 {
    let delay = {
        let base_ms: u64 = 100;
        let doublings = attempt.saturating_sub(1);
        base_ms * 2_u64.pow(doublings);
    };
    delay
}

fn main() {
    println!("backoff for attempt 4: {} ms", backoff_ms(4));
}
