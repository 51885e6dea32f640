// Fails with E0505: `line` is moved into the archive while `view` still
// borrows it.
struct OutboxRecordView<'a> {
    aggregate_id: &'a str,
}

fn main() {
    let line = String::from("17|order-42|OrderPlaced|{}");
    let view = OutboxRecordView {
        aggregate_id: &line[3..11],
    };
    let mut archive = Vec::new();
    archive.push(line);
    println!(
        "{} archived, aggregate {}",
        archive.len(),
        view.aggregate_id
    );
}
