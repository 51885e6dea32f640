// Fails with E0597: with `sep: &'a str`, the separator must live as long as
// the result, and `head` outlives it (Try it 1 of lesson 02.6).
fn first_word<'a>(s: &'a str, sep: &'a str) -> &'a str {
    s.split_once(sep).map_or(s, |(first, _rest)| first)
}

fn main() {
    let primary = String::from("orders.v2");
    let head;
    {
        let sep = String::from("."); // built at run time, e.g. read from config
        head = first_word(&primary, &sep);
    } // `sep` is dropped, but the signature tied `head` to it
    println!("first word: {head}");
}
