// The field is private, so only the module's own `new` can build the value.
mod message {
    #[derive(Debug)]
    pub struct AggregateId(String);

    impl AggregateId {
        pub fn new(id: &str) -> Option<Self> {
            if id.trim().is_empty() {
                None
            } else {
                Some(Self(id.to_string()))
            }
        }
    }
}

fn main() {
    let checked = message::AggregateId::new("order-1");
    let unchecked = message::AggregateId(String::new());
    println!("{checked:?} {unchecked:?}");
}
