// Building a `Message` with a struct literal, from outside its module, to
// skip the checks in `Message::new`.
mod message {
    pub struct Message {
        aggregate: String,
        event_type: String,
    }

    impl Message {
        pub fn new(aggregate: &str, event_type: &str) -> Option<Message> {
            (!aggregate.trim().is_empty()).then(|| Message {
                aggregate: aggregate.to_owned(),
                event_type: event_type.to_owned(),
            })
        }

        pub fn describe(&self) -> String {
            format!("{} {}", self.aggregate, self.event_type)
        }
    }
}

fn main() {
    let unchecked = message::Message {
        aggregate: String::new(),
        event_type: "OrderPlaced".to_owned(),
    };
    let checked = message::Message::new("order-7", "OrderPlaced");
    println!("{} {:?}", unchecked.describe(), checked.map(|m| m.describe()));
}
