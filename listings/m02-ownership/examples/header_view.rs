//! Lesson 02.7: a struct that holds references, its `impl` block, and an
//! iterator that yields borrowed items.
//!
//! Run with `cargo run -p m02-ownership --example header_view`.

// ANCHOR: header
/// One `key=value` pair from a message's header line, borrowed from that
/// line. `'a` names the region where the line is alive and unchanged; a
/// `Header<'a>` can only be used inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header<'a> {
    key: &'a str,
    value: &'a str,
}
// ANCHOR_END: header

// ANCHOR: impl
impl<'a> Header<'a> {
    /// Parses `key=value`, trimming spaces. Both fields point into `pair`.
    fn parse(pair: &'a str) -> Option<Header<'a>> {
        let (key, value) = pair.split_once('=')?;
        Some(Header {
            key: key.trim(),
            value: value.trim(),
        })
    }

    /// Header names are case-insensitive, as in HTTP and AMQP.
    fn is(&self, name: &str) -> bool {
        self.key.eq_ignore_ascii_case(name)
    }

    /// The value, borrowed from the *line* (`'a`), not from this `Header`:
    /// it stays usable after the `Header` itself is gone.
    fn value(&self) -> &'a str {
        self.value
    }
}
// ANCHOR_END: impl

// ANCHOR: iter
/// Walks a header line pair by pair, without allocating.
#[derive(Debug)]
struct Headers<'a> {
    rest: &'a str,
}

impl<'a> Headers<'a> {
    fn new(line: &'a str) -> Self {
        Headers { rest: line }
    }
}

impl<'a> Iterator for Headers<'a> {
    type Item = Header<'a>;

    /// Each item borrows from the line (`'a`), not from the iterator
    /// (`&mut self`), so items may outlive the iterator.
    fn next(&mut self) -> Option<Header<'a>> {
        while !self.rest.is_empty() {
            let (pair, rest) = match self.rest.split_once(';') {
                Some((pair, rest)) => (pair, rest),
                None => (self.rest, ""), // the last pair
            };
            self.rest = rest;
            if let Some(header) = Header::parse(pair) {
                return Some(header);
            }
            // A pair without `=` is skipped.
        }
        None
    }
}
// ANCHOR_END: iter

// ANCHOR: find
/// Finds one header's value. The `Headers` iterator and every `Header` it
/// made are gone when this returns; the value, a slice of `line`, is not.
fn find_header<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    Headers::new(line)
        .find(|header| header.is(name))
        .map(|header| header.value())
}
// ANCHOR_END: find

fn main() {
    // ANCHOR: main
    let line = String::from("aggregate-id=order-42; seq=7; junk; retry=0");
    let headers: Vec<Header<'_>> = Headers::new(&line).collect();
    for header in &headers {
        println!("{} = {}", header.key, header.value);
    }
    println!("aggregate: {:?}", find_header(&line, "Aggregate-Id"));
    // ANCHOR_END: main
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pairs_and_skips_garbage() {
        let headers: Vec<_> = Headers::new("a=1;junk; b = 2 ;").collect();
        assert_eq!(
            headers,
            [
                Header {
                    key: "a",
                    value: "1"
                },
                Header {
                    key: "b",
                    value: "2"
                }
            ]
        );
    }

    #[test]
    fn an_empty_line_has_no_headers() {
        assert_eq!(Headers::new("").next(), None);
    }

    #[test]
    fn values_outlive_the_iterator_and_the_headers() {
        let line = String::from("sequence=7;aggregate-id=order-42");
        let value = find_header(&line, "AGGREGATE-ID");
        assert_eq!(value, Some("order-42"));
        assert_eq!(find_header(&line, "missing"), None);
    }
}
