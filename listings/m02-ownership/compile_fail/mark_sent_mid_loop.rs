// Fails with E0502: `pending` borrows the outbox for the whole loop, and
// `mark_sent` asks for `&mut` in the middle of it.
struct OutboxRow {
    id: u64,
    sent: bool,
}

struct Outbox {
    rows: Vec<OutboxRow>,
}

impl Outbox {
    fn pending(&self) -> Vec<&OutboxRow> {
        self.rows.iter().filter(|row| !row.sent).collect()
    }

    fn mark_sent(&mut self, id: u64) {
        for row in &mut self.rows {
            if row.id == id {
                row.sent = true;
            }
        }
    }
}

fn main() {
    let mut outbox = Outbox {
        rows: vec![OutboxRow { id: 1, sent: false }],
    };
    let pending = outbox.pending();
    for row in &pending {
        println!("publishing #{}", row.id);
        outbox.mark_sent(row.id);
    }
}
