// outbox-core wants calendar dates, but its Cargo.toml never declared the crate.
use chrono::NaiveDate;

pub struct BusinessDay(pub NaiveDate);

fn main() {}
