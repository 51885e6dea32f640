// Fails with E0502: `pending` borrows `*outbox` for the whole loop, and
// `mark_sent` needs `&mut *outbox` inside it (Try it 4 of lesson 02.5).
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

    fn mark_sent(&mut self, ids: &[u64]) {
        for row in &mut self.rows {
            if ids.contains(&row.id) {
                row.sent = true;
            }
        }
    }
}

fn relay_once(outbox: &mut Outbox, broker: &mut Vec<u64>) -> usize {
    let pending = outbox.pending();
    for row in &pending {
        broker.push(row.id);
        outbox.mark_sent(&[row.id]);
    }
    pending.len()
}

fn main() {
    let mut outbox = Outbox {
        rows: vec![OutboxRow { id: 1, sent: false }],
    };
    let mut broker = Vec::new();
    println!("published {}", relay_once(&mut outbox, &mut broker));
}
