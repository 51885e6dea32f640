// Fails without an error code ("lifetime may not live long enough"):
// elision rule 3 ties the result to `self`, but the body may return
// `default` (Try it 3 of lesson 02.6).
struct MessageHeaders {
    raw: String,
}

impl MessageHeaders {
    fn get(&self, key: &str) -> Option<&str> {
        self.raw
            .split(';')
            .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
    }

    fn get_or(&self, key: &str, default: &str) -> &str {
        self.get(key).unwrap_or(default)
    }
}

fn main() {
    let headers = MessageHeaders {
        raw: String::from("aggregate-id=order-42"),
    };
    println!("{}", headers.get_or("trace-id", "(none)"));
}
