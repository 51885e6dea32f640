// Fails with E0106: a reference field needs a lifetime, and a struct gets
// no elision: the parameter must be declared on the struct.
struct OutboxRecordView {
    id: u64,
    aggregate_id: &str,
}

fn main() {
    let view = OutboxRecordView {
        id: 17,
        aggregate_id: "order-42",
    };
    println!("{} {}", view.id, view.aggregate_id);
}
