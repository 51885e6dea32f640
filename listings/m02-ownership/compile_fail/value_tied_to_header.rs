// Fails with E0515: `value(&self) -> &str` ties the result to the `Header`,
// a parameter of the closure, instead of to the line (Try it 1 of lesson 02.7).
#[derive(Debug, Clone, Copy)]
struct Header<'a> {
    key: &'a str,
    value: &'a str,
}

impl<'a> Header<'a> {
    fn parse(pair: &'a str) -> Option<Header<'a>> {
        let (key, value) = pair.split_once('=')?;
        Some(Header { key, value })
    }

    fn value(&self) -> &str {
        self.value
    }
}

fn find_header<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    line.split(';')
        .filter_map(Header::parse)
        .find(|header| header.key == name)
        .map(|header| header.value())
}

fn main() {
    println!("{:?}", find_header("aggregate-id=order-42", "aggregate-id"));
}
