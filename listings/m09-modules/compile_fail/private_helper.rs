// Try it 1 of lesson 09.1: `snake_case` without `pub(super)` is private to
// `naming`, so even its parent `routing` cannot call it.
mod routing {
    mod naming {
        fn snake_case(camel: &str) -> String {
            camel.to_lowercase()
        }
    }

    pub fn subject(event_type: &str) -> String {
        format!("events.{}", naming::snake_case(event_type))
    }
}

fn main() {
    println!("{}", routing::subject("OrderPlaced"));
}
