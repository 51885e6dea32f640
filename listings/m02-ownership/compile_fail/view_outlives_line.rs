// Fails with E0597: the view borrows `line`, and is used after the block
// that owns `line` has ended.
struct OutboxRecordView<'a> {
    aggregate_id: &'a str,
}

fn main() {
    let view;
    {
        let line = String::from("17|order-42|OrderPlaced|{}");
        view = OutboxRecordView {
            aggregate_id: &line[3..11],
        };
    }
    println!("aggregate: {}", view.aggregate_id);
}
