//! Lesson 05.4: a worker that survives one bad job. Each job runs inside
//! `catch_unwind`, so a panic becomes an `Err` for that job alone; a panic
//! hook logs it when it happens.

use std::panic::{self, AssertUnwindSafe};

#[derive(Debug)]
struct Job {
    id: u64,
    payload: &'static str,
}

/// Renders the message body. It has a bug: it assumes the payload has a
/// `:`, and panics (through `expect`) when a payload has none.
fn render(job: &Job) -> String {
    let (kind, body) = job
        .payload
        .split_once(':')
        .expect("every payload is kind:body");
    format!("{kind}<{body}>")
}

// ANCHOR: hook
/// Logs every panic as one line when it happens, before unwinding starts.
/// A real service would emit a structured event with `info.location()`.
fn install_logging_hook() {
    panic::set_hook(Box::new(|info| {
        let message = info.payload_as_str().unwrap_or("(no message)");
        println!("[panic hook] {message}");
    }));
}
// ANCHOR_END: hook

// ANCHOR: worker
#[derive(Debug, Default, PartialEq)]
struct Stats {
    attempted: u32,
    panicked: u32,
}

/// Runs every job even if some panic. `stats` is borrowed mutably by the
/// closure, which makes it not `UnwindSafe`; `AssertUnwindSafe` is our
/// promise that a panic cannot leave `stats` half-updated (the counter is
/// bumped before the job runs, never during).
fn run_jobs(jobs: &[Job], stats: &mut Stats) -> Vec<Result<String, String>> {
    jobs.iter()
        .map(|job| {
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                stats.attempted += 1;
                render(job)
            }));
            outcome.map_err(|_payload| {
                stats.panicked += 1;
                format!("job {} panicked", job.id)
            })
        })
        .collect()
}
// ANCHOR_END: worker

fn main() {
    install_logging_hook();
    let jobs = [
        Job {
            id: 1,
            payload: "order:42",
        },
        Job {
            id: 2,
            payload: "garbage",
        },
        Job {
            id: 3,
            payload: "payment:7",
        },
    ];
    let mut stats = Stats::default();
    for result in run_jobs(&jobs, &mut stats) {
        println!("{result:?}");
    }
    println!("{stats:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bad_job_does_not_stop_the_others() {
        let jobs = [
            Job {
                id: 1,
                payload: "a:1",
            },
            Job {
                id: 2,
                payload: "bad",
            },
            Job {
                id: 3,
                payload: "c:3",
            },
        ];
        let mut stats = Stats::default();
        let results = run_jobs(&jobs, &mut stats);
        assert_eq!(
            results,
            [
                Ok("a<1>".to_owned()),
                Err("job 2 panicked".to_owned()),
                Ok("c<3>".to_owned())
            ]
        );
        assert_eq!(
            stats,
            Stats {
                attempted: 3,
                panicked: 1
            }
        );
    }

    #[test]
    #[should_panic(expected = "every payload is kind:body")]
    fn render_panics_on_a_payload_without_a_kind() {
        render(&Job {
            id: 9,
            payload: "no colon",
        });
    }
}
