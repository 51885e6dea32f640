// Fails with E0597: `views` now lives outside the block, but it borrows
// `buffer`, which does not (Try it 2 of lesson 02.7, second step).
#[derive(Debug)]
struct OutboxRecordView<'a> {
    id: u64,
    aggregate_id: &'a str,
}

impl<'a> OutboxRecordView<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        let (id, rest) = line.split_once('|')?;
        let (aggregate_id, _rest) = rest.split_once('|')?;
        Some(OutboxRecordView {
            id: id.parse().ok()?,
            aggregate_id,
        })
    }
}

fn main() {
    let views: Vec<OutboxRecordView<'_>>;
    {
        let buffer = String::from("17|order-42|OrderPlaced|{}");
        views = buffer.lines().filter_map(OutboxRecordView::parse).collect();
    } // `buffer` is dropped here
    println!("parsed {} records, no text copied", views.len());
    println!("{views:?}");
}
