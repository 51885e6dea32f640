// Fails with E0106: two reference inputs and no lifetimes, so elision cannot
// tell where the result comes from (Try it 2 of lesson 02.6).
fn first_word(s: &str, sep: &str) -> &str {
    s.split_once(sep).map_or(s, |(first, _rest)| first)
}

fn main() {
    println!("first word: {}", first_word("orders.v2", "."));
}
