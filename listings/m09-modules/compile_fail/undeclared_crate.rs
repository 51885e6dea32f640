// outbox-core wants to store UUIDs, but its Cargo.toml never declared the crate.
use uuid::Uuid;

pub struct MessageKey(pub Uuid);

fn main() {}
