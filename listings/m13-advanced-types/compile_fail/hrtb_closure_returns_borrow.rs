// Fails with E0308: annotating the parameter is not enough when the closure
// returns a borrow. The return type's lifetime is inferred separately from
// the parameter's, so the closure is not `for<'a> Fn(&'a Message) -> Option<&'a str>`.
struct Message {
    event_type: String,
}

fn add_hook<F>(hook: F) -> F
where
    F: for<'a> Fn(&'a Message) -> Option<&'a str>,
{
    hook
}

fn main() {
    let event_type = |message: &Message| Some(message.event_type.as_str());
    let hook = add_hook(event_type);
    let message = Message {
        event_type: "OrderPlaced".into(),
    };
    println!("{:?}", hook(&message));
}
