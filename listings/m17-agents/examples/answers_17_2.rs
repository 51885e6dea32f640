//! Answers to the exercises of lesson 17.2.
//!
//! Run with `cargo run -p m17-agents --example answers_17_2`.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{self, Instant, MissedTickBehavior};
use tokio_util::sync::CancellationToken;

const PERIOD: Duration = Duration::from_millis(100);

// `Beat` and `Job` of `heartbeat_monitor.rs`, unchanged.
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

// ANCHOR: answer1
/// The worker of `heartbeat_monitor.rs`, with the missed-tick behaviour as a parameter.
async fn worker_with(
    behavior: MissedTickBehavior,
    mut jobs: mpsc::Receiver<Job>,
    beats: mpsc::Sender<Beat>,
    stop: CancellationToken,
) {
    let mut tick = time::interval(PERIOD);
    tick.set_missed_tick_behavior(behavior);
    let mut seq = 0;
    loop {
        tokio::select! {
            biased;
            () = stop.cancelled() => return,
            _ = tick.tick() => {
                seq += 1;
                let _ = beats.try_send(Beat { peer: "relay-1", seq });
            }
            job = jobs.recv() => match job {
                Some(Job::Work(duration)) => time::sleep(duration).await,
                Some(Job::Hang) => std::future::pending::<()>().await,
                None => return,
            },
        }
    }
}

/// When the first five beats arrive, in ms, around one 350 ms job.
async fn beat_times(behavior: MissedTickBehavior) -> Vec<u128> {
    let (beats, mut inbox) = mpsc::channel(64);
    let (jobs, job_inbox) = mpsc::channel(4);
    let start = Instant::now();
    let stop = CancellationToken::new();
    tokio::spawn(worker_with(behavior, job_inbox, beats, stop.clone()));
    let _ = jobs.send(Job::Work(Duration::from_millis(350))).await;
    let mut times = Vec::new();
    while times.len() < 5 {
        match inbox.recv().await {
            Some(_beat) => times.push(start.elapsed().as_millis()),
            None => break,
        }
    }
    stop.cancel();
    times
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// The tempting version: a separate task beats on the worker's behalf.
async fn worker_with_pulse(
    mut jobs: mpsc::Receiver<Job>,
    beats: mpsc::Sender<Beat>,
    stop: CancellationToken,
) {
    let pulse_stop = stop.clone();
    tokio::spawn(async move {
        let mut tick = time::interval(PERIOD);
        tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
        let mut seq = 0;
        loop {
            tokio::select! {
                () = pulse_stop.cancelled() => return,
                _ = tick.tick() => {
                    seq += 1;
                    let _ = beats.try_send(Beat { peer: "relay-1", seq });
                }
            }
        }
    });
    while let Some(job) = jobs.recv().await {
        match job {
            Job::Work(duration) => time::sleep(duration).await,
            Job::Hang => std::future::pending::<()>().await,
        }
    }
}

/// The last beat seen (who, which) in the 1950 ms after the worker hangs.
async fn beats_while_hung() -> (&'static str, u64) {
    let (beats, mut inbox) = mpsc::channel(64);
    let (jobs, job_inbox) = mpsc::channel(4);
    let stop = CancellationToken::new();
    tokio::spawn(worker_with_pulse(job_inbox, beats, stop.clone()));
    let _ = jobs.send(Job::Hang).await;
    time::sleep(Duration::from_millis(1_950)).await;
    stop.cancel();
    let mut last = ("nobody", 0);
    while let Ok(beat) = inbox.try_recv() {
        last = (beat.peer, beat.seq);
    }
    last
}
// ANCHOR_END: answer2

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    runtime.block_on(async {
        for behavior in [
            MissedTickBehavior::Skip,
            MissedTickBehavior::Burst,
            MissedTickBehavior::Delay,
        ] {
            let times = beat_times(behavior).await;
            println!("1. {:<5} beats at {times:?} ms", format!("{behavior:?}"));
        }
        let (peer, seq) = beats_while_hung().await;
        println!("2. {peer} hung at 0 ms, yet by 1950 ms its pulse had sent beat #{seq}");
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn skip_beats_once_burst_catches_up_delay_shifts() {
        assert_eq!(
            beat_times(MissedTickBehavior::Skip).await,
            [0, 350, 400, 500, 600]
        );
        assert_eq!(
            beat_times(MissedTickBehavior::Burst).await,
            [0, 350, 350, 350, 400]
        );
        assert_eq!(
            beat_times(MissedTickBehavior::Delay).await,
            [0, 350, 450, 550, 650]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_pulse_task_keeps_beating_for_a_hung_worker() {
        // One beat at 0 ms and every 100 ms after, hang or not: 20 by 1950 ms.
        assert_eq!(beats_while_hung().await, ("relay-1", 20));
    }
}
