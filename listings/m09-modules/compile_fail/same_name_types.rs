// Two types with one name: what two versions of a crate look like to rustc,
// with modules standing in for `http` 0.2 and `http` 1.x.
mod http_v02 {
    pub struct Request {
        pub uri: String,
    }
}

mod http_v1 {
    pub struct Request {
        pub uri: String,
    }
}

fn route(request: &http_v1::Request) -> &str {
    &request.uri
}

fn main() {
    let request = http_v02::Request { uri: "/orders".to_owned() };
    println!("{}", route(&request));
}
