// Fails with E0505: a struct cannot hold both a `String` and a reference
// into that same `String`; building it moves the text while it is borrowed.
struct StoredRecord<'a> {
    line: String,
    aggregate_id: &'a str,
}

fn main() {
    let line = String::from("17|order-42|OrderPlaced|{}");
    let record = StoredRecord {
        aggregate_id: &line[3..11],
        line,
    };
    println!("{} in {}", record.aggregate_id, record.line);
}
