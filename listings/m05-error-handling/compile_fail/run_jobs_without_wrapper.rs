// `run_jobs` from `catch_unwind_worker.rs` without `AssertUnwindSafe`: the
// closure changes `stats` through a `&mut`, so it is not `UnwindSafe`.
use std::panic;

#[derive(Debug)]
struct Job {
    id: u64,
    payload: &'static str,
}

#[derive(Debug, Default)]
struct Stats {
    attempted: u32,
    panicked: u32,
}

fn render(job: &Job) -> String {
    let (kind, body) = job.payload.split_once(':').expect("every payload is kind:body");
    format!("{kind}<{body}>")
}

fn run_jobs(jobs: &[Job], stats: &mut Stats) -> Vec<Result<String, String>> {
    jobs.iter()
        .map(|job| {
            let outcome = panic::catch_unwind(|| {
                stats.attempted += 1;
                render(job)
            });
            outcome.map_err(|_payload| {
                stats.panicked += 1;
                format!("job {} panicked", job.id)
            })
        })
        .collect()
}

fn main() {
    let mut stats = Stats::default();
    let jobs = [Job { id: 1, payload: "order:42" }];
    println!("{:?} {stats:?}", run_jobs(&jobs, &mut stats));
}
