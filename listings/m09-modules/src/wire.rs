//! How a message is written for the broker. The module is private; the
//! crate root re-exports the two functions users may call.

use crate::message::Message;
use crate::routing::Route;

// ANCHOR: to_line
/// One line of text, the format that is always compiled in.
///
/// ```
/// use m09_modules::{Message, MessageId, to_line};
///
/// let message = Message::new(MessageId(9), "order-9", "OrderShipped")?;
/// assert_eq!(
///     to_line(&message),
///     "id=9 aggregate=order-9 type=OrderShipped subject=events.order_shipped"
/// );
/// # Ok::<(), m09_modules::Error>(())
/// ```
pub fn to_line(message: &Message) -> String {
    format!(
        "id={} aggregate={} type={} subject={}",
        message.id().0,
        message.aggregate(),
        message.event_type(),
        Route::for_message(message).subject()
    )
}
// ANCHOR_END: to_line

// ANCHOR: to_json
/// The message as a JSON object. Only with the `json` feature, which also
/// brings in the `serde_json` dependency: without it, neither exists.
#[cfg(feature = "json")]
pub fn to_json(message: &Message) -> String {
    serde_json::json!({
        "id": message.id().0,
        "aggregate": message.aggregate(),
        "type": message.event_type(),
        "subject": Route::for_message(message).subject(),
    })
    .to_string()
}
// ANCHOR_END: to_json

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::MessageId;

    fn order() -> Message {
        Message::new(MessageId(7), "order-7", "OrderPlaced").expect("valid")
    }

    #[test]
    fn a_line_names_every_part() {
        assert_eq!(
            to_line(&order()),
            "id=7 aggregate=order-7 type=OrderPlaced subject=events.order_placed"
        );
    }

    #[cfg(feature = "json")]
    #[test]
    fn json_has_the_same_parts() {
        let value: serde_json::Value = serde_json::from_str(&to_json(&order())).expect("json");
        assert_eq!(value["subject"], "events.order_placed");
        assert_eq!(value["id"], 7);
    }

    #[test]
    fn the_feature_is_what_cfg_says() {
        // Compiled both ways by tests/features.rs; each build checks itself.
        assert_eq!(
            cfg!(feature = "json"),
            option_env!("M09_EXPECT_JSON") != Some("0")
        );
    }
}
