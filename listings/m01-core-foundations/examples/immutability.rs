//! Lesson 01.1: `let` bindings are immutable unless you say `mut`.
//!
//! Run with `cargo run -p m01-core-foundations --example immutability`.

use std::thread;

/// Retry delays for one message, in milliseconds. Nobody should edit this
/// list after it is built, so the binding that holds it is immutable.
fn retry_schedule_ms() -> [u64; 4] {
    [100, 200, 400, 800]
}

/// Adds up the delays a message would wait through before its last attempt.
fn total_wait_ms(schedule: &[u64]) -> u64 {
    // ANCHOR: mut_local
    let mut total = 0;
    for delay in schedule {
        total += delay;
    }
    total
    // ANCHOR_END: mut_local
}

/// Reads one immutable schedule from several threads at once. No lock is
/// needed: nothing can change the array while the threads look at it.
fn totals_from_threads(schedule: &[u64; 4]) -> Vec<u64> {
    // ANCHOR: share
    thread::scope(|scope| {
        let workers: Vec<_> = (1..=3)
            .map(|attempts| scope.spawn(move || total_wait_ms(&schedule[..attempts])))
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("worker thread panicked"))
            .collect()
    })
    // ANCHOR_END: share
}

fn main() {
    // ANCHOR: let_mut
    let relay_name = "outbox-relay";
    let schedule = retry_schedule_ms();

    let mut polls = 0;
    polls += 1;
    polls += 1;

    println!("{relay_name} polled {polls} times");
    println!("schedule: {schedule:?}");
    // ANCHOR_END: let_mut

    println!("wait before attempt 5: {} ms", total_wait_ms(&schedule));
    println!("totals from threads: {:?}", totals_from_threads(&schedule));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_wait_adds_every_delay() {
        assert_eq!(total_wait_ms(&retry_schedule_ms()), 1500);
        assert_eq!(total_wait_ms(&[]), 0);
    }

    #[test]
    fn threads_see_the_same_schedule() {
        assert_eq!(
            totals_from_threads(&retry_schedule_ms()),
            vec![100, 300, 700]
        );
    }
}
