//! Lesson 02.7: a zero-copy view of an outbox record, its owned
//! counterpart, and the conversions between them.
//!
//! Run with `cargo run -p m02-ownership --example outbox_record_view`.

// ANCHOR: view
/// One outbox record parsed in place: every text field is a slice of the
/// line it came from, so parsing allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OutboxRecordView<'a> {
    id: u64,
    aggregate_id: &'a str,
    event_type: &'a str,
    payload: &'a str,
}

impl<'a> OutboxRecordView<'a> {
    /// Parses `id|aggregate-id|event-type|payload`. Only the first three
    /// `|` separate fields, so the payload may contain `|` itself.
    fn parse(line: &'a str) -> Option<Self> {
        let mut fields = line.splitn(4, '|');
        let id = fields.next()?.parse().ok()?;
        let aggregate_id = fields.next()?;
        let event_type = fields.next()?;
        let payload = fields.next()?;
        Some(OutboxRecordView {
            id,
            aggregate_id,
            event_type,
            payload,
        })
    }

    /// Copies the borrowed text into an [`OutboxRecord`] that owns it.
    /// An inherent method wins over the `ToOwned::to_owned` that `Clone`
    /// brings (which would only copy the view), so this is the one called.
    fn to_owned(&self) -> OutboxRecord {
        OutboxRecord {
            id: self.id,
            aggregate_id: self.aggregate_id.to_string(),
            event_type: self.event_type.to_string(),
            payload: self.payload.to_string(),
        }
    }
}
// ANCHOR_END: view

// ANCHOR: owned
/// The same record owning its text: it can be stored, queued, or sent to
/// another thread or task, because it borrows from nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OutboxRecord {
    id: u64,
    aggregate_id: String,
    event_type: String,
    payload: String,
}

/// `From` lets generic code, `?` and `.into()` do the conversion.
impl From<OutboxRecordView<'_>> for OutboxRecord {
    fn from(view: OutboxRecordView<'_>) -> Self {
        view.to_owned()
    }
}

impl OutboxRecord {
    /// Lends this record out as a view, so code written for views works on
    /// owned records too. `'_` is the lifetime of `&self` (elision rule 3).
    fn as_view(&self) -> OutboxRecordView<'_> {
        OutboxRecordView {
            id: self.id,
            aggregate_id: &self.aggregate_id,
            event_type: &self.event_type,
            payload: &self.payload,
        }
    }
}
// ANCHOR_END: owned

/// The contents of an outbox file, as one read would return them.
fn read_batch() -> String {
    String::from(
        "17|order-42|OrderPlaced|{\"total\":1999}\n\
         18|payment-9|PaymentCaptured|{\"note\":\"split|me\"}\n\
         not a record\n\
         19|order-42|OrderPaid|{}\n",
    )
}

fn main() {
    // ANCHOR: keep
    let kept: Vec<OutboxRecord>;
    {
        let buffer = read_batch(); // the batch's text, owned by this block
        let views: Vec<OutboxRecordView<'_>> =
            buffer.lines().filter_map(OutboxRecordView::parse).collect();
        println!("parsed {} records, no text copied", views.len());
        kept = views
            .iter()
            .filter(|view| view.aggregate_id == "order-42")
            .map(|view| view.to_owned()) // copy only what must outlive `buffer`
            .collect();
    } // `buffer` is dropped here, and every view with it
    for record in &kept {
        println!(
            "kept #{} {} {}",
            record.id, record.event_type, record.payload
        );
    }
    // ANCHOR_END: keep

    // ANCHOR: round_trip
    let line = "20|order-7|OrderShipped|{}";
    let record: OutboxRecord = OutboxRecordView::parse(line)
        .map(OutboxRecord::from)
        .expect("a well-formed line");
    let view = record.as_view(); // borrows `record`
    println!("as a view again: #{} {}", view.id, view.event_type);
    // ANCHOR_END: round_trip
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_four_fields_and_keeps_pipes_in_the_payload() {
        let view = OutboxRecordView::parse("18|payment-9|PaymentCaptured|a|b").expect("valid");
        assert_eq!(view.id, 18);
        assert_eq!(view.aggregate_id, "payment-9");
        assert_eq!(view.event_type, "PaymentCaptured");
        assert_eq!(view.payload, "a|b");
    }

    #[test]
    fn rejects_short_lines_and_bad_ids() {
        assert_eq!(OutboxRecordView::parse("not a record"), None);
        assert_eq!(OutboxRecordView::parse("x|order-1|E|{}"), None);
        assert_eq!(OutboxRecordView::parse("1|order-1|E"), None);
    }

    #[test]
    fn fields_point_into_the_line() {
        let line = String::from("1|order-1|E|{}");
        let view = OutboxRecordView::parse(&line).expect("valid");
        let range = line.as_bytes().as_ptr_range();
        assert!(range.contains(&view.aggregate_id.as_ptr()));
        assert!(range.contains(&view.payload.as_ptr()));
    }

    #[test]
    fn to_owned_and_from_agree_and_round_trip() {
        let line = String::from("5|order-5|E|{}");
        let view = OutboxRecordView::parse(&line).expect("valid");
        let owned: OutboxRecord = view.to_owned();
        assert_eq!(owned, OutboxRecord::from(view.clone()));
        let into: OutboxRecord = view.into();
        assert_eq!(owned, into);
        drop(line); // the owned record does not need the line any more
        assert_eq!(owned.aggregate_id, "order-5");
        assert_eq!(owned.as_view().to_owned(), owned);
    }
}
