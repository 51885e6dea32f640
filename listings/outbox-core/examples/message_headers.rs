//! A message with a content type and headers, checked when they are set.
//!
//! Run with `cargo run -p outbox-core --example message_headers`.

use outbox_core::{AggregateId, InvalidMessage, NewMessage};

fn main() -> Result<(), InvalidMessage> {
    // ANCHOR: build
    let message = NewMessage::new(
        AggregateId::new("order-7")?,
        "OrderPlaced",
        "<order id=\"7\"/>",
    )?
    .with_content_type("application/xml")?
    .with_header("tenant", "acme")?;
    assert_eq!(message.headers.get("tenant"), Some("acme"));

    // A line break would end a NATS header and start a forged one.
    let forged = message
        .clone()
        .with_header("tenant", "acme\r\nNats-Msg-Id: x");
    assert!(forged.is_err());
    // The bridge's own headers cannot be set by the application.
    let reserved = message
        .with_header("Nats-Msg-Id", "x")
        .expect_err("reserved");
    assert_eq!(
        reserved.to_string(),
        "header name \"Nats-Msg-Id\" is reserved for the bridge"
    );
    // ANCHOR_END: build
    println!("checked: {reserved}");
    Ok(())
}
