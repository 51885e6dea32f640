//! Lesson 10.1: one workload, two runtimes.
//!
//! `ping-pong` is runtime-agnostic: it uses only `futures` channels and a
//! small `Spawn` trait, so the same code runs on Tokio and on smol.
//! `tcp-echo` needs each runtime's own sockets, so it exists twice.
//!
//! Without arguments the program runs small sizes and prints what each
//! runtime computed (the same answers). With `--figures` it times every
//! workload on every runtime and prints the table lesson 10.1 shows
//! (`cargo course figures --bless`); `--figures --only NAME` times one row.
//! Run it in release mode: `cargo run --release -p m10-concurrency --example runtime_bench -- --figures`.

use futures::channel::mpsc;
use futures::future::join_all;
use futures::{SinkExt, StreamExt};
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

// ANCHOR: spawn
/// What the workload needs from a runtime: start a task and get its output back.
trait Spawn {
    fn spawn<T: Send + 'static>(
        &self,
        task: impl Future<Output = T> + Send + 'static,
    ) -> impl Future<Output = T> + Send + 'static;
}

/// Tokio: `tokio::spawn` on whichever runtime is running this code.
struct OnTokio;

impl Spawn for OnTokio {
    fn spawn<T: Send + 'static>(
        &self,
        task: impl Future<Output = T> + Send + 'static,
    ) -> impl Future<Output = T> + Send + 'static {
        let handle = tokio::spawn(task);
        async move { handle.await.expect("a workload task panicked") }
    }
}

/// smol: an explicit executor, run by as many threads as we choose.
struct OnSmol<'a>(&'a smol::Executor<'static>);

impl Spawn for OnSmol<'_> {
    fn spawn<T: Send + 'static>(
        &self,
        task: impl Future<Output = T> + Send + 'static,
    ) -> impl Future<Output = T> + Send + 'static {
        // A smol `Task` is itself a future. Dropping it cancels the task.
        self.0.spawn(task)
    }
}
// ANCHOR_END: spawn

// ANCHOR: ping_pong
/// `pairs` pairs of tasks; in each, a pinger sends a number and its ponger
/// answers with the number plus one, `rounds` times. Returns the sum of the
/// answers, which is the same on every runtime.
async fn ping_pong(rt: &impl Spawn, pairs: u64, rounds: u64) -> u64 {
    let mut pongers = Vec::new();
    let mut pingers = Vec::new();
    for _ in 0..pairs {
        let (mut to_ponger, mut from_pinger) = mpsc::channel::<u64>(1);
        let (mut to_pinger, mut from_ponger) = mpsc::channel::<u64>(1);
        pongers.push(rt.spawn(async move {
            while let Some(n) = from_pinger.next().await {
                if to_pinger.send(n + 1).await.is_err() {
                    break;
                }
            }
        }));
        pingers.push(rt.spawn(async move {
            let mut sum = 0;
            for round in 0..rounds {
                if to_ponger.send(round).await.is_err() {
                    break;
                }
                sum += from_ponger.next().await.unwrap_or(0);
            }
            sum // dropping `to_ponger` here ends the ponger's loop
        }));
    }
    let sum = join_all(pingers).await.into_iter().sum();
    join_all(pongers).await;
    sum
}
// ANCHOR_END: ping_pong

// ANCHOR: echo_tokio
/// TCP echo over loopback with Tokio's own socket types and I/O traits.
async fn tcp_echo_tokio(clients: usize, rounds: usize) -> io::Result<usize> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        for _ in 0..clients {
            let (mut stream, _) = listener.accept().await?;
            stream.set_nodelay(true)?;
            tokio::spawn(async move {
                let mut buf = [0u8; 64];
                while let Ok(n @ 1..) = stream.read(&mut buf).await {
                    if stream.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            });
        }
        io::Result::Ok(())
    });
    let tasks = (0..clients).map(|_| {
        tokio::spawn(async move {
            let mut stream = TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            let (message, mut echo) = ([7u8; 64], [0u8; 64]);
            for _ in 0..rounds {
                stream.write_all(&message).await?;
                stream.read_exact(&mut echo).await?;
            }
            io::Result::Ok(rounds * echo.len())
        })
    });
    let mut bytes = 0;
    for finished in join_all(tasks).await {
        bytes += finished.map_err(io::Error::other)??;
    }
    server.await.map_err(io::Error::other)??;
    Ok(bytes)
}
// ANCHOR_END: echo_tokio

// ANCHOR: echo_smol
/// The same echo with smol's socket types (async-net over async-io) and
/// the futures-lite I/O traits.
async fn tcp_echo_smol(
    ex: &Arc<smol::Executor<'static>>,
    clients: usize,
    rounds: usize,
) -> io::Result<usize> {
    use smol::io::{AsyncReadExt, AsyncWriteExt};
    use smol::net::{TcpListener, TcpStream};

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let spawner = Arc::clone(ex);
    let server = ex.spawn(async move {
        let mut handlers = Vec::new();
        for _ in 0..clients {
            let (mut stream, _) = listener.accept().await?;
            stream.set_nodelay(true)?;
            // Keep the handler tasks: a dropped smol Task is cancelled.
            handlers.push(spawner.spawn(async move {
                let mut buf = [0u8; 64];
                while let Ok(n @ 1..) = stream.read(&mut buf).await {
                    if stream.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            }));
        }
        join_all(handlers).await;
        io::Result::Ok(())
    });
    let tasks = (0..clients).map(|_| {
        ex.spawn(async move {
            let mut stream = TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            let (message, mut echo) = ([7u8; 64], [0u8; 64]);
            for _ in 0..rounds {
                stream.write_all(&message).await?;
                stream.read_exact(&mut echo).await?;
            }
            io::Result::Ok(rounds * echo.len())
        })
    });
    let mut bytes = 0;
    for finished in join_all(tasks).await {
        bytes += finished?;
    }
    server.await?;
    Ok(bytes)
}
// ANCHOR_END: echo_smol

// ANCHOR: runtimes
/// Runs `work` on a Tokio runtime with `threads` threads: the current-thread
/// flavour for one, the multi-thread flavour with that many workers otherwise.
fn on_tokio<T>(threads: usize, work: impl Future<Output = T>) -> io::Result<T> {
    let runtime = if threads == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()?
    };
    Ok(runtime.block_on(work))
}

/// Runs `work` on a smol executor driven by `threads` threads: this one,
/// plus `threads - 1` helpers that run the executor until `work` is done.
fn on_smol<T>(threads: usize, work: impl AsyncFnOnce(&Arc<smol::Executor<'static>>) -> T) -> T {
    let ex = Arc::new(smol::Executor::new());
    let (stop, stopped) = smol::channel::bounded::<()>(1);
    std::thread::scope(|scope| {
        for _ in 1..threads {
            let stopped = stopped.clone();
            let ex = Arc::clone(&ex);
            scope.spawn(move || smol::block_on(ex.run(stopped.recv())));
        }
        let output = smol::block_on(ex.run(work(&ex)));
        drop(stop); // the helpers' `recv` fails, so their `run` returns
        output
    })
}
// ANCHOR_END: runtimes

/// One row of the table: a workload on a runtime with a number of threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Workload {
    PingPong,
    TcpEcho,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runtime {
    Tokio,
    Smol,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    workload: Workload,
    runtime: Runtime,
    threads: usize,
}

impl Row {
    fn name(&self) -> String {
        let workload = match self.workload {
            Workload::PingPong => "ping-pong",
            Workload::TcpEcho => "tcp-echo",
        };
        let runtime = match self.runtime {
            Runtime::Tokio => "tokio",
            Runtime::Smol => "smol",
        };
        let threads = match self.threads {
            1 => "1-thread".to_owned(),
            n => format!("{n}-threads"),
        };
        format!("{workload}/{runtime}/{threads}")
    }

    /// The row this one is compared with: Tokio, one thread, same workload.
    fn baseline(&self) -> Row {
        Row {
            runtime: Runtime::Tokio,
            threads: 1,
            ..*self
        }
    }
}

/// Every row, in the order the table shows them.
fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for workload in [Workload::PingPong, Workload::TcpEcho] {
        for threads in [1, 2] {
            for runtime in [Runtime::Tokio, Runtime::Smol] {
                rows.push(Row {
                    workload,
                    runtime,
                    threads,
                });
            }
        }
    }
    rows
}

/// Sizes of one run of a workload.
#[derive(Debug, Clone, Copy)]
struct Size {
    pairs: u64,
    rounds: u64,
    clients: usize,
    echoes: usize,
}

const SMALL: Size = Size {
    pairs: 10,
    rounds: 10,
    clients: 4,
    echoes: 10,
};

const TIMED: Size = Size {
    pairs: 500,
    rounds: 400,
    clients: 16,
    echoes: 300,
};

/// Runs a row's workload once; returns its answer (a checksum or a byte count).
fn run(row: Row, size: Size) -> io::Result<u64> {
    let Size {
        pairs,
        rounds,
        clients,
        echoes,
    } = size;
    match (row.workload, row.runtime) {
        (Workload::PingPong, Runtime::Tokio) => {
            on_tokio(row.threads, ping_pong(&OnTokio, pairs, rounds))
        }
        (Workload::PingPong, Runtime::Smol) => Ok(on_smol(row.threads, async |ex| {
            ping_pong(&OnSmol(ex), pairs, rounds).await
        })),
        (Workload::TcpEcho, Runtime::Tokio) => {
            on_tokio(row.threads, tcp_echo_tokio(clients, echoes))?.map(|b| b as u64)
        }
        (Workload::TcpEcho, Runtime::Smol) => on_smol(row.threads, async |ex| {
            tcp_echo_smol(ex, clients, echoes).await
        })
        .map(|b| b as u64),
    }
}

/// The median times of a row and of its baseline, measured in turns (after
/// one warm-up run each), so that a change in the machine's load while the
/// program runs affects both alike.
fn time(row: Row) -> io::Result<(Duration, Duration)> {
    let baseline = row.baseline();
    if row == baseline {
        let own = median_time(row)?;
        return Ok((own, own));
    }
    run(row, TIMED)?;
    run(baseline, TIMED)?;
    let (mut own, mut base) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        for (which, times) in [(row, &mut own), (baseline, &mut base)] {
            let started = Instant::now();
            run(which, TIMED)?;
            times.push(started.elapsed());
        }
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    Ok((median(&mut own), median(&mut base)))
}

/// The median time of one row alone (for a baseline, whose ratio is 1).
fn median_time(row: Row) -> io::Result<Duration> {
    run(row, TIMED)?;
    let mut times = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        run(row, TIMED)?;
        times.push(started.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}

fn human(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Whether a row's ratio is steady enough to chart and check: one thread
/// only. What a second thread buys is mostly cross-thread wake-ups, and their
/// cost belongs to the machine: two-thread ping-pong swings by a factor of
/// several between runs, and two-thread tcp-echo measured 0.7× of one
/// thread on one two-core host and 1.4× on another. Those rows still run
/// (and are verified) without `--figures`.
fn is_charted(row: &Row) -> bool {
    row.threads == 1
}

/// Times `only` (or every charted row) and prints the Markdown table with its ratios.
fn figures(only: Option<&str>) -> io::Result<()> {
    let selected: Vec<Row> = rows()
        .into_iter()
        .filter(is_charted)
        .filter(|row| only.is_none_or(|name| row.name() == name))
        .collect();
    if selected.is_empty() {
        return Err(io::Error::other(format!("no row is called {only:?}")));
    }
    let mut measured: Vec<(Row, Duration, Duration, f64)> = Vec::new();
    for row in selected {
        let (own, base) = time(row)?;
        measured.push((row, own, base, own.as_secs_f64() / base.as_secs_f64()));
    }
    let ratios: Vec<String> = measured
        .iter()
        .map(|(row, .., ratio)| format!("{}={ratio:.3}", row.name()))
        .collect();
    println!("<!-- figures: {} -->", ratios.join(" "));
    println!(
        "| Workload / runtime / threads | Median time | Tokio, 1 thread, timed in turns with it | Ratio |"
    );
    println!("|---|---:|---:|---:|");
    for (row, own, base, ratio) in &measured {
        println!(
            "| {} | {} | {} | {ratio:.2}× |",
            row.name(),
            human(*own),
            human(*base)
        );
    }
    println!();
    println!(
        "<p class=\"figure-note\">Measured by <code>cargo course figures --bless</code> with \
         <code>cargo run --release -p m10-concurrency --example runtime_bench -- --figures</code> \
         on the machine that built this book: ping-pong is {} pairs × {} rounds, tcp-echo is {} \
         clients × {} echoes of 64 bytes; each time is the median of 7 runs. Times vary between \
         machines and runs; the ratios are what the course checks.</p>",
        TIMED.pairs, TIMED.rounds, TIMED.clients, TIMED.echoes
    );
    Ok(())
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--figures") {
        let only = match args.get(1).map(String::as_str) {
            Some("--only") => args.get(2).map(String::as_str),
            _ => None,
        };
        return figures(only);
    }
    // The answers, not the times: every runtime computes the same thing.
    for row in rows() {
        println!("{:<26} {}", row.name(), run(row, SMALL)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_computes_the_same_answers() -> io::Result<()> {
        for row in rows() {
            let expected = match row.workload {
                // Each pair's answers are 1 + 2 + … + rounds.
                Workload::PingPong => SMALL.pairs * SMALL.rounds * (SMALL.rounds + 1) / 2,
                Workload::TcpEcho => (SMALL.clients * SMALL.echoes * 64) as u64,
            };
            assert_eq!(run(row, SMALL)?, expected, "{}", row.name());
        }
        Ok(())
    }

    #[test]
    fn the_table_has_one_row_per_name_and_ratios_to_its_baseline() {
        let names: Vec<String> = rows().iter().map(Row::name).collect();
        assert_eq!(names.len(), 8);
        assert!(names.contains(&"tcp-echo/smol/2-threads".to_owned()));
        for row in rows() {
            assert_eq!(row.baseline().runtime, Runtime::Tokio);
            assert_eq!(row.baseline().threads, 1);
            assert_eq!(row.baseline().workload, row.workload);
        }
    }
}
