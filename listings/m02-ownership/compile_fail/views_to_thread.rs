// Fails with E0521: the publisher thread needs `'static` data, and the views
// borrow `batch` (Try it 4 of lesson 02.7).
use std::sync::mpsc;
use std::thread;

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

fn relay(batch: &str) -> Vec<String> {
    let (to_publisher, inbox) = mpsc::channel::<OutboxRecordView<'_>>();
    let publisher = thread::spawn(move || {
        let mut log = Vec::new();
        for record in inbox {
            let OutboxRecordView { id, aggregate_id } = record;
            log.push(format!("published #{id} to {aggregate_id}"));
        }
        log
    });
    for view in batch.lines().filter_map(OutboxRecordView::parse) {
        if to_publisher.send(view).is_err() {
            break;
        }
    }
    drop(to_publisher);
    publisher.join().expect("the publisher does not panic")
}

fn main() {
    println!("{:?}", relay("17|order-42|OrderPlaced|{}"));
}
