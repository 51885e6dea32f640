// Ticking an interval held in an immutable binding. `Interval` stands in for
// `tokio::time::Interval`, whose `tick` also takes `&mut self`, because this
// file is compiled by rustc alone.
use std::time::Duration;

struct Interval {
    period: Duration,
    ticks: u64,
}

impl Interval {
    async fn tick(&mut self) -> u64 {
        self.ticks += 1;
        self.ticks
    }
}

fn interval(period: Duration) -> Interval {
    Interval { period, ticks: 0 }
}

async fn beat_forever() {
    let tick = interval(Duration::from_millis(100));
    let _every = tick.period;
    loop {
        let seq = tick.tick().await;
        println!("beat {seq}");
    }
}

fn main() {
    drop(beat_forever());
}
