// Fails with E0515: `value(&self) -> &str` ties the result to the borrow of
// `header` (elision rule 3), and `header` is a local of `aggregate_of`.
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

fn aggregate_of(pair: &str) -> Option<&str> {
    let header = Header::parse(pair)?;
    if header.key != "aggregate-id" {
        return None;
    }
    Some(header.value())
}

fn main() {
    println!("{:?}", aggregate_of("aggregate-id=order-42"));
}
