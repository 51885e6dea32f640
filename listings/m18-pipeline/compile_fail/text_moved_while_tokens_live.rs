// Tokens are found, then the text is handed on (here to an `Arc` that
// other threads could share) while the tokens still point into it.
use std::sync::Arc;

fn words(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(u8::is_ascii_whitespace)
        .filter(|word| !word.is_empty())
}

fn main() {
    let text: Vec<u8> = b"the outbox relay publishes".to_vec();
    let tokens: Vec<&[u8]> = words(&text).collect();
    let shared: Arc<[u8]> = Arc::from(text);
    println!("{} tokens of {} bytes", tokens.len(), shared.len());
}
