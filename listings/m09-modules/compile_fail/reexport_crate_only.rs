// Re-exporting an item as `pub` when it is only `pub(crate)`.
mod routing {
    pub(crate) const PREFIX: &str = "events";
}

pub use routing::PREFIX;

fn main() {
    println!("{PREFIX}");
}
