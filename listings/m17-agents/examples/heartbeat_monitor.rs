//! Lesson 17.2: workers beat from inside their own loop, and a monitor marks
//! a peer unhealthy once it has been silent for more than N beat periods.
//!
//! Run with `cargo run -p m17-agents --example heartbeat_monitor`.

use std::collections::BTreeMap;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{self, Instant, MissedTickBehavior};
use tokio_util::sync::CancellationToken;

// ANCHOR: beat
/// One heartbeat: who sent it, and its number.
#[derive(Debug, Clone, Copy)]
struct Beat {
    peer: &'static str,
    seq: u64,
}

/// What a worker is asked to do.
#[derive(Debug, Clone, Copy)]
enum Job {
    /// Work that takes this long (a slow publish, a big batch).
    Work(Duration),
    /// Work that never finishes: an await on something that never answers.
    Hang,
}
// ANCHOR_END: beat

// ANCHOR: worker
/// A worker that beats from inside its own loop, so a beat means "this loop
/// is still turning", not merely "the process is up".
async fn worker(
    peer: &'static str,
    period: Duration,
    mut jobs: mpsc::Receiver<Job>,
    beats: mpsc::Sender<Beat>,
    stop: CancellationToken,
) {
    let mut tick = time::interval(period);
    // After a long job: one late beat now, then back on the schedule.
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut seq = 0;
    loop {
        tokio::select! {
            biased; // a due beat goes before the next job, even with a backlog
            () = stop.cancelled() => return,
            _ = tick.tick() => {
                seq += 1;
                // Never wait for the monitor: a full inbox costs a beat, not a job.
                let _ = beats.try_send(Beat { peer, seq });
            }
            job = jobs.recv() => match job {
                Some(Job::Work(duration)) => time::sleep(duration).await,
                Some(Job::Hang) => std::future::pending::<()>().await,
                None => return,
            },
        }
    }
}
// ANCHOR_END: worker

// ANCHOR: monitor
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Health {
    Healthy,
    Unhealthy,
}

/// A change of a peer's health, in milliseconds since the monitor started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Change {
    at_ms: u128,
    peer: &'static str,
    health: Health,
}

#[derive(Debug)]
struct Peer {
    last_beat: Instant,
    last_seq: u64,
    health: Health,
}

/// Owns the view of every peer's health. A peer silent for more than
/// `allowed_misses` beat periods is unhealthy until it beats again.
#[derive(Debug)]
struct Monitor {
    period: Duration,
    allowed_misses: u32,
    started: Instant,
    peers: BTreeMap<&'static str, Peer>,
    changes: Vec<Change>,
}

impl Monitor {
    fn new(period: Duration, allowed_misses: u32, peers: &[&'static str]) -> Self {
        let started = Instant::now();
        let peers = peers
            .iter()
            .map(|&name| {
                let peer = Peer {
                    last_beat: started, // every peer gets one grace period to start
                    last_seq: 0,
                    health: Health::Healthy,
                };
                (name, peer)
            })
            .collect();
        Monitor {
            period,
            allowed_misses,
            started,
            peers,
            changes: Vec::new(),
        }
    }

    /// Time of arrival on the monitor's clock, not the sender's.
    fn beat(&mut self, beat: Beat, now: Instant) {
        let Some(peer) = self.peers.get_mut(beat.peer) else {
            return; // a peer nobody asked us to watch
        };
        peer.last_beat = now;
        peer.last_seq = beat.seq;
        if peer.health == Health::Unhealthy {
            peer.health = Health::Healthy;
            let at_ms = (now - self.started).as_millis();
            let (peer, health) = (beat.peer, Health::Healthy);
            self.changes.push(Change {
                at_ms,
                peer,
                health,
            });
        }
    }

    fn check(&mut self, now: Instant) {
        let limit = self.period * self.allowed_misses;
        for (&name, peer) in &mut self.peers {
            if peer.health == Health::Healthy && now - peer.last_beat > limit {
                peer.health = Health::Unhealthy;
                self.changes.push(Change {
                    at_ms: (now - self.started).as_millis(),
                    peer: name,
                    health: Health::Unhealthy,
                });
            }
        }
    }

    /// Checks twice per beat period until `stop`, then returns its findings.
    async fn run(mut self, mut beats: mpsc::Receiver<Beat>, stop: CancellationToken) -> Self {
        let mut check = time::interval(self.period / 2);
        check.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                biased; // beats that already arrived count before any check
                () = stop.cancelled() => return self,
                Some(beat) = beats.recv() => self.beat(beat, Instant::now()),
                _ = check.tick() => self.check(Instant::now()),
            }
        }
    }
}
// ANCHOR_END: monitor

// ANCHOR: fleet
/// Starts a monitor and one worker per name; returns each worker's job sender.
fn start_fleet(
    names: &[&'static str],
    period: Duration,
    allowed_misses: u32,
    stop: &CancellationToken,
) -> (Vec<mpsc::Sender<Job>>, tokio::task::JoinHandle<Monitor>) {
    let (beat_sender, beat_inbox) = mpsc::channel(64);
    let monitor = Monitor::new(period, allowed_misses, names);
    let monitor = tokio::spawn(monitor.run(beat_inbox, stop.clone()));
    let mut job_senders = Vec::new();
    for &name in names {
        let (jobs, job_inbox) = mpsc::channel(16);
        let beats = beat_sender.clone();
        tokio::spawn(worker(name, period, job_inbox, beats, stop.clone()));
        job_senders.push(jobs);
    }
    (job_senders, monitor)
}
// ANCHOR_END: fleet

// ANCHOR: main
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        let period = Duration::from_millis(100);
        let stop = CancellationToken::new();
        let (jobs, monitor) = start_fleet(&["relay-1", "relay-2", "relay-3"], period, 3, &stop);
        // relay-2 is slow but alive: jobs of 250 ms, back to back.
        for _ in 0..6 {
            jobs[1].send(Job::Work(Duration::from_millis(250))).await?;
        }
        time::sleep(Duration::from_millis(250)).await;
        jobs[0].send(Job::Hang).await?; // relay-1 hangs at 250 ms
        jobs[2]
            .send(Job::Work(Duration::from_millis(1_000)))
            .await?; // relay-3 stalls for 1 s
        time::sleep(Duration::from_millis(1_750)).await;
        stop.cancel();
        let monitor = monitor.await?;
        for change in &monitor.changes {
            println!(
                "{:>5} ms  {:<8} {:?}",
                change.at_ms, change.peer, change.health
            );
        }
        for (name, peer) in &monitor.peers {
            let (health, seq) = (peer.health, peer.last_seq);
            println!("at 2000 ms: {name} is {health:?}, last beat #{seq}");
        }
        Ok(())
    })
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    const PERIOD: Duration = Duration::from_millis(100);

    // ANCHOR: tests
    #[tokio::test(start_paused = true)]
    async fn a_hung_worker_is_detected_within_the_bound() {
        let stop = CancellationToken::new();
        let (jobs, monitor) = start_fleet(&["relay-1"], PERIOD, 3, &stop);
        time::sleep(Duration::from_millis(250)).await;
        jobs[0]
            .send(Job::Hang)
            .await
            .expect("the worker is running");
        time::sleep(Duration::from_secs(2)).await;
        stop.cancel();
        let changes = monitor.await.expect("no panic").changes;
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].health, Health::Unhealthy);
        // Hung at 250 ms, after its beat at 200 ms: silent for more than
        // 3 periods from 200 ms, seen at the next check (every 50 ms).
        let detected_after = changes[0].at_ms - 250;
        assert!((200..=350).contains(&detected_after), "{detected_after}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_but_alive_worker_stays_healthy() {
        let stop = CancellationToken::new();
        let (jobs, monitor) = start_fleet(&["relay-2"], PERIOD, 3, &stop);
        for _ in 0..16 {
            // Each job is 2.5 beat periods long; there is always another queued.
            jobs[0]
                .send(Job::Work(Duration::from_millis(250)))
                .await
                .expect("running");
        }
        time::sleep(Duration::from_secs(4)).await;
        stop.cancel();
        assert_eq!(monitor.await.expect("no panic").changes, []);
    }

    #[tokio::test(start_paused = true)]
    async fn a_short_job_can_stretch_the_silence() {
        let stop = CancellationToken::new();
        let (jobs, monitor) = start_fleet(&["relay-2"], PERIOD, 3, &stop);
        // Beat at 0 ms; the 90 ms job ends before the next tick is due, so
        // the 290 ms job starts at once and the next beat waits until 380 ms.
        for ms in [90, 290] {
            jobs[0]
                .send(Job::Work(Duration::from_millis(ms)))
                .await
                .expect("running");
        }
        time::sleep(Duration::from_secs(1)).await;
        stop.cancel();
        let changes = monitor.await.expect("no panic").changes;
        let seen: Vec<(u128, Health)> = changes.iter().map(|c| (c.at_ms, c.health)).collect();
        assert_eq!(seen, [(350, Health::Unhealthy), (380, Health::Healthy)]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_worker_that_recovers_becomes_healthy_again() {
        let stop = CancellationToken::new();
        let (jobs, monitor) = start_fleet(&["relay-3"], PERIOD, 3, &stop);
        time::sleep(Duration::from_millis(250)).await;
        jobs[0]
            .send(Job::Work(Duration::from_secs(1)))
            .await
            .expect("running");
        time::sleep(Duration::from_secs(2)).await;
        stop.cancel();
        let changes = monitor.await.expect("no panic").changes;
        let seen: Vec<(u128, Health)> = changes.iter().map(|c| (c.at_ms, c.health)).collect();
        assert_eq!(seen, [(550, Health::Unhealthy), (1_250, Health::Healthy)]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_long_job_costs_one_late_beat_not_a_burst() {
        let (beats, mut inbox) = mpsc::channel(64);
        let (jobs, job_inbox) = mpsc::channel(4);
        let start = Instant::now();
        let stop = CancellationToken::new();
        tokio::spawn(worker("relay-1", PERIOD, job_inbox, beats, stop.clone()));
        jobs.send(Job::Work(Duration::from_millis(350)))
            .await
            .expect("running");
        let mut seen = Vec::new();
        while seen.len() < 5 {
            let beat = inbox.recv().await.expect("the worker beats");
            seen.push((start.elapsed().as_millis(), beat.seq));
        }
        // Beat 1 at 0 ms, then the job until 350 ms: the ticks due at 100, 200
        // and 300 ms become one late beat at 350 ms, then the grid again.
        assert_eq!(seen, [(0, 1), (350, 2), (400, 3), (500, 4), (600, 5)]);
    }
    // ANCHOR_END: tests
}
