//! Lesson 09.1: the crate from the outside. Everything here goes through the
//! public paths `m09_modules` chose to offer: the prelude and two re-exports.

// ANCHOR: use
use m09_modules::prelude::*;
use m09_modules::to_line;
// ANCHOR_END: use

// ANCHOR: main
fn main() -> Result<(), Error> {
    let messages = [
        Message::new(MessageId(1), "order-1", "OrderPlaced")?,
        Message::new(MessageId(2), "order-1", "PaymentCaptured")?,
        Message::new(MessageId(3), "order-2", "OrderPlaced")?,
    ];
    for message in &messages {
        println!(
            "{:<24} {}",
            Route::for_message(message).subject(),
            to_line(message)
        );
    }

    // The constructor is the only way in, so a bad message never exists.
    match Message::new(MessageId(4), "order-3", "order shipped") {
        Ok(_) => println!("accepted"),
        Err(e) => println!("refused: {e}"),
    }
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prelude_and_the_root_name_the_same_types() {
        // `pub use` re-exports an item; it does not copy it.
        let from_prelude: Route =
            Route::for_message(&Message::new(MessageId(1), "a", "Shipped").expect("valid"));
        let from_root: m09_modules::Route = from_prelude.clone();
        let from_module: m09_modules::routing::Route = from_root;
        assert_eq!(from_module.subject(), "events.shipped");
    }
}
