// A monitor that calls a `&mut self` method while it iterates over its own peers.
use std::collections::BTreeMap;

struct Monitor {
    peers: BTreeMap<String, u64>,
    changes: Vec<String>,
}

impl Monitor {
    fn mark_unhealthy(&mut self, peer: &str) {
        self.changes.push(format!("{peer} is unhealthy"));
    }

    fn check(&mut self, now_ms: u64, limit_ms: u64) {
        for (name, last_beat_ms) in &mut self.peers {
            if now_ms - *last_beat_ms > limit_ms {
                *last_beat_ms = now_ms;
                self.mark_unhealthy(name);
            }
        }
    }
}

fn main() {
    let mut monitor = Monitor { peers: BTreeMap::new(), changes: Vec::new() };
    monitor.check(1_000, 300);
}
