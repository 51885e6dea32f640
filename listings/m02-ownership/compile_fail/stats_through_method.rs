// Fails with E0499: `stats_mut` borrows all of `relay`, including the
// `pending` the loop is iterating (Try it 3 of lesson 02.4).
struct OutboxMessage {
    sent: bool,
}

struct Stats {
    sent: u32,
}

struct Relay {
    pending: Vec<OutboxMessage>,
    stats: Stats,
}

impl Relay {
    fn stats_mut(&mut self) -> &mut Stats {
        &mut self.stats
    }
}

fn mark_all_sent(relay: &mut Relay) {
    let stats = relay.stats_mut();
    for message in relay.pending.iter_mut() {
        message.sent = true;
        stats.sent += 1;
    }
}

fn main() {
    let mut relay = Relay {
        pending: vec![OutboxMessage { sent: false }],
        stats: Stats { sent: 0 },
    };
    mark_all_sent(&mut relay);
    println!("{}", relay.stats.sent);
}
