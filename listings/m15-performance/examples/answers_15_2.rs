//! Answers to lesson 15.2's exercises.
//!
//! `cargo run -p m15-performance --example answers_15_2` runs them on
//! built-in stacks; pass the folded stacks `cargo course profile` keeps
//! (`<target>/profile/drain.folded`) to split a real profile's kernel time:
//! `cargo run -p m15-performance --example answers_15_2 -- /tmp/t/profile/drain.folded`.

use std::time::{Duration, Instant};

// ANCHOR: answer2
/// What a kernel sample was doing, from its folded stack
/// (`thread;outer;…;leaf count`, kernel frames marked `_[k]`).
fn kernel_kind(stack: &str) -> Option<&'static str> {
    let frames: Vec<&str> = stack.split(';').collect();
    if !frames.last()?.ends_with("_[k]") {
        return None; // not in the kernel at all
    }
    let has = |name: &str| frames.iter().any(|f| f.starts_with(name));
    Some(if has("entry_SYSCALL") {
        "system call"
    } else if has("asm_exc_page_fault") {
        "page fault"
    } else {
        "interrupt or scheduler"
    })
}

/// Samples per kind of kernel work, largest first.
fn kernel_breakdown(folded: &str) -> Vec<(&'static str, u64)> {
    let mut kinds: Vec<(&'static str, u64)> = Vec::new();
    for line in folded.lines() {
        let Some((stack, count)) = line.rsplit_once(' ') else {
            continue;
        };
        let (Some(kind), Ok(count)) = (kernel_kind(stack), count.parse::<u64>()) else {
            continue;
        };
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, total)) => *total += count,
            None => kinds.push((kind, count)),
        }
    }
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    kinds
}
// ANCHOR_END: answer2

/// A few stacks in the shape `cargo course profile` folds them, one per line.
const SAMPLE: [&str; 5] = [
    "tokio-rt-worker;start_thread;async_nats::connection::Connection::poll_write;__GI___writev;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];tcp_sendmsg_[k] 7",
    "sqlx-sqlite-wor;start_thread;sqlite3_step;__libc_pwrite;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];vfs_write_[k] 5",
    "tokio-rt-worker;[unknown];_int_malloc;asm_exc_page_fault_[k];exc_page_fault_[k];handle_mm_fault_[k] 2",
    "tokio-rt-worker;start_thread;tokio::runtime::park;asm_sysvec_apic_timer_interrupt_[k];irqentry_exit_to_user_mode_[k] 1",
    "sqlx-sqlite-wor;start_thread;sqlite3_step;sqlite3VdbeExec 9",
];

/// User plus system CPU time of this process (Linux: /proc/self/stat).
fn cpu_time() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            let (_, rest) = stat.rsplit_once(')')?;
            let fields: Vec<u64> = rest
                .split_whitespace()
                .map(|f| f.parse().unwrap_or(0))
                .collect();
            Some(fields.get(11)? + fields.get(12)?)
        })
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

// ANCHOR: answer4
/// Four tasks that "wait" 300 ms by polling: each checks the clock and
/// yields back to the scheduler, which runs it again at once.
async fn spinning() {
    let deadline = Instant::now() + Duration::from_millis(300);
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    tokio::task::yield_now().await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("a spinning task does not panic");
    }
}
// ANCHOR_END: answer4

/// CPU time over wall-clock time while `work` ran.
async fn utilized<F: std::future::Future<Output = ()>>(work: F) -> f64 {
    let (wall, cpu) = (Instant::now(), cpu_time());
    work.await;
    cpu_time().saturating_sub(cpu).as_secs_f64() / wall.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let folded = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(&path).unwrap_or_else(|e| {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2)
        }),
        None => SAMPLE.join("\n"),
    };
    println!("2. kernel samples by kind:");
    for (kind, samples) in kernel_breakdown(&folded) {
        println!("   {kind:<24} {samples:>6}");
    }
    let busy = utilized(spinning()).await;
    println!(
        "4. spinning for 300 ms: CPU time over a tenth of wall-clock time: {}",
        busy > 0.1
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_samples_are_split_by_what_entered_the_kernel() {
        assert_eq!(
            kernel_breakdown(&SAMPLE.join("\n")),
            [
                ("system call", 12),
                ("page fault", 2),
                ("interrupt or scheduler", 1)
            ]
        );
        assert_eq!(kernel_kind("t;sqlite3_step;sqlite3VdbeExec"), None);
    }

    // The only test that reads the process's CPU time, so no other test's
    // threads are counted with it.
    #[test]
    fn polling_instead_of_waiting_keeps_the_workers_busy() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let busy = runtime.block_on(utilized(spinning()));
        assert!(busy > 0.1, "only {busy:.2} CPUs busy while spinning");
    }
}
