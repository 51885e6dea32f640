// Calling a helper that lives in a private child module of `routing`.
mod routing {
    mod naming {
        pub(super) fn snake_case(camel: &str) -> String {
            camel.to_lowercase()
        }
    }

    pub fn subject(event_type: &str) -> String {
        format!("events.{}", naming::snake_case(event_type))
    }
}

fn main() {
    println!("{}", routing::subject("OrderPlaced"));
    println!("{}", routing::naming::snake_case("OrderPlaced"));
}
