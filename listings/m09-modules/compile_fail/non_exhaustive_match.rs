// Try it 5 of lesson 09.2: an exhaustive `match` on another crate's
// `#[non_exhaustive]` enum. A single file has no second crate of its own, so
// std's `IntErrorKind` plays `m09_modules::Error`: it is `#[non_exhaustive]`
// too, and this match lists all five of its variants.
use std::num::IntErrorKind;

fn advice(kind: &IntErrorKind) -> &'static str {
    match *kind {
        IntErrorKind::Empty => "send a number",
        IntErrorKind::InvalidDigit => "send digits only",
        IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "send a smaller number",
        IntErrorKind::Zero => "send a number other than zero",
    }
}

fn main() {
    if let Err(error) = "".parse::<u8>() {
        println!("{}", advice(error.kind()));
    }
}
