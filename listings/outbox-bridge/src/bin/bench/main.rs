//! The bridge's benchmark: how close does relaying through the outbox come
//! to the broker's own ceiling?
//!
//! For each target (RabbitMQ classic queue, RabbitMQ quorum queue, NATS
//! JetStream) it measures, in one run:
//! - the raw ceiling: the same messages, with the same properties and
//!   headers, published straight from memory with pipelined confirms (a
//!   window of `--window` publishes, then their confirms), once before
//!   and once after the bridge's drain;
//! - the bridge: a pre-filled SQLite outbox drained by the relay, with
//!   tracing at INFO, retry bookkeeping and per-aggregate lanes on, and the
//!   CPU time it took per message;
//! - latency from commit to recorded confirm, under a steady load, first,
//!   while the broker is quiet.
//!
//! `cargo run --release -p outbox-bridge --bin bench` prints a table;
//! `--figures` prints the Markdown table the book includes instead, and
//! `--only nats-jetstream` (or another target's label) measures one target.
//!
//! `--durability` measures something else: what syncing the SQLite WAL at
//! every commit (`synchronous = FULL`, the bridge's default) costs against
//! `NORMAL`, for an application committing one event per transaction and
//! for the relay draining a backlog (to a publisher that accepts at once,
//! so the database is all that is measured).
//!
//! `--scale-out` measures several relays on one PostgreSQL outbox (see
//! `scale_out.rs`); `--row 2-relays` measures one relay count alone.
//!
//! `--prefill FILE` only fills a SQLite outbox with `--messages` messages,
//! and `--drain TARGET FILE` only drains one: lesson 15.2 profiles that
//! drain alone (`cargo course profile`).

// No `unsafe` in the bridge (lesson 15.4): its fast paths are iterators,
// and the unsafe code it runs is in its dependencies.
#![forbid(unsafe_code)]

mod scale_out;

use anyhow::{Context, Result, bail};
use futures::future::join_all;
use lapin::options::{
    BasicPublishOptions, ConfirmSelectOptions, QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{Connection, ConnectionProperties};
use outbox_core::{AggregateId, MessageId, NewMessage, OutboxMessage, Publisher, UnixMillis};
use outbox_relay::publishers::{
    NatsConfig, NatsPublisher, QueueKind, RabbitConfig, RabbitPublisher, Template, nats, rabbitmq,
};
use outbox_relay::{Relay, RelayConfig};
use outbox_store::{Durability, SqliteStore, Store, sqlite};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    RabbitClassic,
    RabbitQuorum,
    Nats,
}

impl Target {
    const ALL: [Target; 3] = [Target::RabbitClassic, Target::RabbitQuorum, Target::Nats];

    fn label(self) -> &'static str {
        match self {
            Target::RabbitClassic => "rabbitmq-classic",
            Target::RabbitQuorum => "rabbitmq-quorum",
            Target::Nats => "nats-jetstream",
        }
    }
}

struct Options {
    messages: usize,
    payload: usize,
    window: usize,
    steady_rate: u32,
    steady_secs: u64,
    batch: usize,
    lanes: usize,
    connections: usize,
    figures: bool,
    /// Measure the cost of `synchronous = FULL` instead of the brokers.
    durability: bool,
    /// Measure 1, 2 and 4 relays on one PostgreSQL outbox instead.
    scale_out: bool,
    /// The targets to measure (all of them unless `--only` names one).
    targets: Vec<Target>,
    /// With `--scale-out`: the one row to measure (`--row 2-relays`).
    row: Option<String>,
    /// Set in the child process that drains one outbox.
    drain: Option<(Target, PathBuf)>,
    /// Only fill this SQLite outbox (`--prefill FILE`), for a drain later.
    prefill: Option<PathBuf>,
}

struct Measured {
    target: Target,
    /// The raw ceiling in messages per second (mean of before and after).
    raw: f64,
    bridge: Drain,
    p50_ms: f64,
    p99_ms: f64,
}

fn parse_args() -> Result<Options> {
    let mut options = Options {
        messages: 200_000,
        payload: 256,
        window: 1_000,
        steady_rate: 2_000,
        steady_secs: 10,
        batch: 3_000,
        lanes: 4,
        connections: 2,
        figures: false,
        durability: false,
        scale_out: false,
        targets: Target::ALL.to_vec(),
        row: None,
        drain: None,
        prefill: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--messages" => options.messages = value("--messages")?.parse()?,
            "--payload" => options.payload = value("--payload")?.parse()?,
            "--window" => options.window = value("--window")?.parse()?,
            "--steady-rate" => options.steady_rate = value("--steady-rate")?.parse()?,
            "--steady-secs" => options.steady_secs = value("--steady-secs")?.parse()?,
            "--batch" => options.batch = value("--batch")?.parse()?,
            "--lanes" => options.lanes = value("--lanes")?.parse()?,
            "--connections" => options.connections = value("--connections")?.parse()?,
            "--figures" => options.figures = true,
            "--durability" => options.durability = true,
            "--scale-out" => options.scale_out = true,
            "--only" => options.targets = vec![target(&value("--only")?)?],
            "--row" => options.row = Some(value("--row")?),
            "--prefill" => options.prefill = Some(PathBuf::from(value("--prefill")?)),
            "--drain" => {
                let target = target(&value("--drain")?)?;
                options.drain = Some((target, PathBuf::from(value("--drain")?)));
            }
            other => {
                bail!("unknown argument {other}; see the doc comment of src/bin/bench/main.rs")
            }
        }
    }
    Ok(options)
}

fn target(label: &str) -> Result<Target> {
    Target::ALL
        .into_iter()
        .find(|t| t.label() == label)
        .with_context(|| format!("unknown target {label}"))
}

fn amqp_url() -> String {
    std::env::var("AMQP_URL").unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

fn nats_url() -> String {
    std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".into())
}

fn unique(prefix: &str) -> String {
    format!("{prefix}_{}_{}", std::process::id(), fastrand::u32(..))
}

fn payload(size: usize, n: usize) -> Vec<u8> {
    let mut body = format!("{{\"n\":{n},\"pad\":\"").into_bytes();
    body.resize(size.saturating_sub(2), b'x');
    body.extend_from_slice(b"\"}");
    body
}

fn messages(options: &Options) -> Result<Vec<NewMessage>> {
    (0..options.messages)
        .map(|n| {
            Ok(NewMessage::new(
                AggregateId::new(format!("customer-{}", n % 1_000))?,
                "OrderPlaced",
                payload(options.payload, n),
            )?)
        })
        .collect()
}

/// Fills a SQLite outbox file with the messages, 1000 per transaction.
async fn prefill(path: &Path, messages: &[NewMessage]) -> Result<()> {
    let store = SqliteStore::open(&format!("sqlite:{}", path.display()), "bench-prefill").await?;
    for chunk in messages.chunks(1_000) {
        let mut tx = store.pool().begin().await?;
        for message in chunk {
            sqlite::enqueue(&mut tx, message).await?;
        }
        tx.commit().await?;
    }
    store.pool().close().await;
    Ok(())
}

/// Accepts every message at once: a drain to it measures the database alone.
#[derive(Debug)]
struct Accepting;

impl Publisher for Accepting {
    fn name(&self) -> &str {
        "accepting"
    }

    async fn publish(&self, batch: &[OutboxMessage]) -> Vec<Result<(), outbox_core::PublishError>> {
        batch.iter().map(|_| Ok(())).collect()
    }
}

/// Rates with one durability setting: application commits per second (one
/// event per transaction), and messages per second the relay drains.
async fn durability_rates(dir: &Path, durability: Durability) -> Result<(f64, f64)> {
    const COMMITS: usize = 2_000;
    const BACKLOG: usize = 20_000;
    let url = format!(
        "sqlite:{}",
        dir.join(format!("{durability:?}.db")).display()
    );
    let store = SqliteStore::open_with(&url, "bench", Duration::from_secs(5), durability).await?;
    let event = |n: usize| {
        NewMessage::new(
            AggregateId::new(format!("order-{}", n % 500)).expect("valid"),
            "OrderPlaced",
            payload(256, n),
        )
    };
    let started = Instant::now();
    for n in 0..COMMITS {
        store.enqueue_one(&event(n)?).await?;
    }
    let commits = COMMITS as f64 / started.elapsed().as_secs_f64();
    for chunk in (COMMITS..BACKLOG).collect::<Vec<_>>().chunks(1_000) {
        let mut tx = store.pool().begin().await?;
        for &n in chunk {
            sqlite::enqueue(&mut tx, &event(n)?).await?;
        }
        tx.commit().await?;
    }
    let store = Arc::new(Store::Sqlite(store));
    let config = RelayConfig {
        poll_interval: Duration::from_millis(5),
        ..RelayConfig::default()
    };
    let relay = Relay::new(Arc::clone(&store), Arc::new(Accepting), config);
    let shutdown = CancellationToken::new();
    let running = {
        let shutdown = shutdown.clone();
        tokio::spawn(async move { relay.run(shutdown).await })
    };
    let started = Instant::now();
    loop {
        let status = store.status().await?;
        if status.pending + status.in_flight == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let drained = BACKLOG as f64 / started.elapsed().as_secs_f64();
    shutdown.cancel();
    running.await??;
    Ok((commits, drained))
}

/// The `--durability` table: FULL against NORMAL, measured in one run.
async fn durability_cost() -> Result<String> {
    let dir = tempfile::tempdir()?;
    let (normal_commits, normal_drain) =
        durability_rates(dir.path(), Durability::ProcessCrash).await?;
    let (full_commits, full_drain) = durability_rates(dir.path(), Durability::PowerLoss).await?;
    let (commits, drain) = (full_commits / normal_commits, full_drain / normal_drain);
    eprintln!(
        "enqueue: NORMAL {normal_commits:.0}/s, FULL {full_commits:.0}/s ({commits:.2}x); \
         drain: NORMAL {normal_drain:.0}/s, FULL {full_drain:.0}/s ({drain:.2}x)"
    );
    Ok(format!(
        "<!-- figures: enqueue={commits:.3} drain={drain:.3} -->\n\
         | Measured | `synchronous = NORMAL` | `synchronous = FULL` | FULL ÷ NORMAL |\n\
         |---|---:|---:|---:|\n\
         | enqueue | {normal_commits:.0} commits/s | {full_commits:.0} commits/s | {commits:.2}× |\n\
         | drain | {normal_drain:.0} msg/s | {full_drain:.0} msg/s | {drain:.2}× |\n\n\
         <p class=\"figure-note\">enqueue: 2000 transactions of one 256-byte event each, one after another; \
         drain: a backlog of 20000 events relayed in batches of 500 to a publisher that accepts at once, \
         so the database is all that is measured. SQLite in WAL mode on the disk of the machine that built \
         this book, by <code>cargo course figures --bless</code> \
         (<code>cargo run --release -p outbox-bridge --bin bench -- --durability --figures</code>).</p>\n"
    ))
}

/// The messages as the relay would claim them, for the raw ceiling.
fn as_claimed(messages: &[NewMessage]) -> Vec<OutboxMessage> {
    (1..)
        .zip(messages)
        .map(|(id, m)| OutboxMessage {
            event_id: outbox_core::EventId::new(),
            id: MessageId(id),
            aggregate_id: m.aggregate_id.clone(),
            event_type: m.event_type.clone(),
            payload: m.payload.clone(),
            content_type: None,
            headers: Default::default(),
            attempts: 0,
            created_at: UnixMillis::now(),
        })
        .collect()
}

/// The broker's ceiling: the same messages, with the same properties and
/// headers as the bridge sends, published straight from memory with a
/// window of pipelined confirms.
async fn raw_ceiling(target: Target, messages: &[OutboxMessage], window: usize) -> Result<f64> {
    match target {
        Target::RabbitClassic | Target::RabbitQuorum => {
            let queue = unique("bench_raw");
            let connection =
                Connection::connect(&amqp_url(), ConnectionProperties::default()).await?;
            let channel = connection.create_channel().await?;
            channel
                .confirm_select(ConfirmSelectOptions::default())
                .await?;
            let mut arguments = FieldTable::default();
            if target == Target::RabbitQuorum {
                arguments.insert(
                    ShortString::from("x-queue-type"),
                    AMQPValue::LongString(LongString::from("quorum")),
                );
            }
            let declare = QueueDeclareOptions {
                durable: true,
                ..QueueDeclareOptions::default()
            };
            channel
                .queue_declare(ShortString::from(queue.as_str()), declare, arguments)
                .await?;
            let started = Instant::now();
            for chunk in messages.chunks(window) {
                let publishes = chunk.iter().map(|m| {
                    channel.basic_publish(
                        ShortString::from(""),
                        ShortString::from(queue.as_str()),
                        BasicPublishOptions {
                            mandatory: true,
                            ..BasicPublishOptions::default()
                        },
                        &m.payload,
                        rabbitmq::properties(m, None, None),
                    )
                });
                let confirms: Vec<_> = join_all(publishes)
                    .await
                    .into_iter()
                    .collect::<Result<_, _>>()?;
                for confirm in join_all(confirms).await {
                    confirm?;
                }
            }
            let rate = messages.len() as f64 / started.elapsed().as_secs_f64();
            channel
                .queue_delete(
                    ShortString::from(queue.as_str()),
                    QueueDeleteOptions::default(),
                )
                .await?;
            Ok(rate)
        }
        Target::Nats => {
            let name = unique("BENCH_RAW");
            let prefix = name.to_lowercase();
            let subject = Template::parse(&format!("{prefix}.{{type}}"))?;
            let client = async_nats::connect(nats_url()).await?;
            let jetstream = async_nats::jetstream::new(client);
            jetstream
                .get_or_create_stream(async_nats::jetstream::stream::Config {
                    name: name.clone(),
                    subjects: vec![format!("{prefix}.>")],
                    ..Default::default()
                })
                .await?;
            let started = Instant::now();
            for chunk in messages.chunks(window) {
                let mut acks = Vec::with_capacity(chunk.len());
                for m in chunk {
                    acks.push(
                        jetstream
                            .publish_with_headers(
                                nats::subject(&subject, m),
                                nats::headers(m, None, None),
                                m.payload.clone().into(),
                            )
                            .await?,
                    );
                }
                // In order, as the bridge's publisher awaits them.
                for ack in acks {
                    ack.await?;
                }
            }
            let rate = messages.len() as f64 / started.elapsed().as_secs_f64();
            jetstream.delete_stream(&name).await?;
            Ok(rate)
        }
    }
}

/// What a benchmark run leaves on a broker, to delete afterwards.
enum Leftover {
    Queue(String),
    Stream(String),
}

async fn publisher(
    target: Target,
    options: &Options,
) -> Result<(Box<dyn outbox_core::DynPublisher>, Leftover)> {
    Ok(match target {
        Target::RabbitClassic | Target::RabbitQuorum => {
            let queue = unique("bench_bridge");
            let mut config = RabbitConfig::new(amqp_url(), &queue);
            config.queue_kind = if target == Target::RabbitQuorum {
                QueueKind::Quorum
            } else {
                QueueKind::Classic
            };
            config.connections = options.connections;
            (
                Box::new(RabbitPublisher::connect(config).await?),
                Leftover::Queue(queue),
            )
        }
        Target::Nats => {
            let name = unique("BENCH_BRIDGE");
            let mut config = NatsConfig::new(nats_url());
            config.stream = name.clone();
            config.subject = Template::parse(&format!("{}.{{type}}", name.to_lowercase()))
                .expect("a valid template");
            (
                Box::new(NatsPublisher::connect(config).await?),
                Leftover::Stream(name),
            )
        }
    })
}

async fn clean_up(leftover: Leftover) -> Result<()> {
    match leftover {
        Leftover::Queue(queue) => {
            let connection =
                Connection::connect(&amqp_url(), ConnectionProperties::default()).await?;
            let channel = connection.create_channel().await?;
            channel
                .queue_delete(
                    ShortString::from(queue.as_str()),
                    QueueDeleteOptions::default(),
                )
                .await?;
        }
        Leftover::Stream(stream) => {
            let client = async_nats::connect(nats_url()).await?;
            async_nats::jetstream::new(client)
                .delete_stream(&stream)
                .await?;
        }
    }
    Ok(())
}

fn relay_config(options: &Options) -> RelayConfig {
    RelayConfig {
        batch_size: options.batch,
        lanes: options.lanes,
        poll_interval: Duration::from_millis(5),
        ..RelayConfig::default()
    }
}

/// What one drain through the bridge measured.
struct Drain {
    /// Messages per second.
    rate: f64,
    /// The drain process's peak RSS.
    rss_mib: f64,
    /// CPU time the drain process used per message, in microseconds.
    cpu_us_per_message: f64,
}

/// Drains a copy of the pre-filled outbox through the bridge, in a child
/// process so that its peak memory and CPU time are the bridge's alone.
async fn bridge_drain(
    target: Target,
    template: &Path,
    dir: &Path,
    options: &Options,
) -> Result<Drain> {
    let file = dir.join(format!("{}.db", target.label()));
    std::fs::copy(template, &file).context("copying the pre-filled outbox")?;
    let output = tokio::process::Command::new(std::env::current_exe()?)
        .args(["--drain", target.label()])
        .arg(&file)
        .args(["--messages", &options.messages.to_string()])
        .args(["--batch", &options.batch.to_string()])
        .args(["--lanes", &options.lanes.to_string()])
        .args(["--connections", &options.connections.to_string()])
        // Not `output()`: it would capture standard error too, and the
        // relay's events (with RUST_LOG set) would vanish.
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()?
        .wait_with_output()
        .await?;
    if !output.status.success() {
        bail!("the drain of {} failed: {}", target.label(), output.status);
    }
    let stdout = String::from_utf8(output.stdout)?;
    let mut numbers = stdout.split_whitespace().map(str::parse::<f64>);
    match (numbers.next(), numbers.next(), numbers.next()) {
        (Some(Ok(rate)), Some(Ok(rss_mib)), Some(Ok(cpu_us_per_message))) => Ok(Drain {
            rate,
            rss_mib,
            cpu_us_per_message,
        }),
        _ => bail!("unexpected output from the drain: {stdout:?}"),
    }
}

/// The child side of [`bridge_drain`]: relays everything in `file` and
/// prints the rate, its own peak RSS and its CPU time per message.
async fn drain_child(target: Target, file: &Path, options: &Options) -> Result<()> {
    let store = Arc::new(Store::open(&format!("sqlite:{}", file.display()), "bench").await?);
    let (publisher, leftover) = publisher(target, options).await?;
    let relay = Relay::new(
        Arc::clone(&store),
        Arc::new(publisher),
        relay_config(options),
    );
    let shutdown = CancellationToken::new();
    let metrics = Arc::clone(relay.metrics());
    let stop = shutdown.clone();
    let count = options.messages;
    let started = Instant::now();
    let watcher = tokio::spawn(async move {
        loop {
            if metrics.published.get() as usize >= count {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        stop.cancel();
        started.elapsed()
    });
    run_on_a_worker(relay, shutdown).await?;
    let elapsed = watcher.await?;
    let rss = peak_rss_mib();
    let cpu_us = cpu_seconds()? * 1e6 / count as f64;
    clean_up(leftover).await?;
    println!("{} {rss} {cpu_us}", count as f64 / elapsed.as_secs_f64());
    Ok(())
}

/// Runs the relay as the bridge does: as a task on the worker pool, not as
/// the future the main thread drives.
async fn run_on_a_worker<P: Publisher + 'static>(
    relay: Relay<Store, P>,
    shutdown: CancellationToken,
) -> Result<()> {
    tokio::spawn(async move { relay.run(shutdown).await }).await??;
    Ok(())
}

/// Commit-to-recorded-confirm latency under a steady load: p50 and p99 in ms.
async fn steady_latency(target: Target, dir: &Path, options: &Options) -> Result<(f64, f64)> {
    let file = dir.join(format!("{}-steady.db", target.label()));
    let url = format!("sqlite:{}", file.display());
    let store = Arc::new(Store::open(&url, "bench").await?);
    let (publisher, leftover) = publisher(target, options).await?;
    let relay = Relay::new(
        Arc::clone(&store),
        Arc::new(publisher),
        relay_config(options),
    );
    let shutdown = CancellationToken::new();
    let producer_store = Arc::clone(&store);
    let total = u64::from(options.steady_rate) * options.steady_secs;
    let rate = options.steady_rate;
    let producer = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        let per_tick = (rate / 100).max(1) as usize;
        let mut n = 0u64;
        while n < total {
            tick.tick().await;
            for _ in 0..per_tick {
                let message = NewMessage::new(
                    AggregateId::new(format!("customer-{}", n % 1_000))?,
                    "OrderPlaced",
                    payload(256, 0),
                )?;
                producer_store.enqueue_one(&message).await?;
                n += 1;
            }
        }
        anyhow::Ok(())
    });
    let stop = shutdown.clone();
    let watch_store = Arc::clone(&store);
    let watcher = tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if let Ok(status) = watch_store.status().await
                && status.sent >= total
            {
                break;
            }
        }
        stop.cancel();
    });
    run_on_a_worker(relay, shutdown).await?;
    producer.await??;
    watcher.await?;
    clean_up(leftover).await?;
    let Store::Sqlite(sqlite) = &*store else {
        bail!("a SQLite store")
    };
    let mut latencies: Vec<i64> =
        sqlx::query_scalar("SELECT sent_at - created_at FROM outbox WHERE state = 'sent'")
            .fetch_all(sqlite.pool())
            .await?;
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0) as f64
    };
    Ok((at(0.50), at(0.99)))
}

/// User plus system CPU time of this process so far, all threads, from
/// `/proc/self/stat` (fields 14 and 15, in clock ticks of 1/100 s: Linux
/// fixes USER_HZ at 100 for user space).
fn cpu_seconds() -> Result<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    // The command name (field 2) may hold spaces; the fields after it don't.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |field: usize| -> Result<f64> {
        // `fields[0]` is field 3 of the file.
        let value = fields.get(field - 3).context("a short /proc/self/stat")?;
        Ok(value.parse::<f64>()?)
    };
    Ok((ticks(14)? + ticks(15)?) / 100.0)
}

/// CPU time, user plus system, of every process named `command` on this
/// machine, including the children they have reaped: PostgreSQL's
/// connection backends and autovacuum workers end up in the postmaster's
/// count when they exit, so the difference of two readings is what the
/// server did in between. `None` when no such process runs here (a server
/// on another machine, or no `/proc`).
fn server_cpu_seconds(command: &str) -> Option<f64> {
    let mut total = None;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue; // not a process, or it exited meanwhile
        };
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        if head.split_once('(').map(|(_, name)| name) != Some(command) {
            continue;
        }
        let fields: Vec<f64> = rest
            .split_whitespace()
            .map(|f| f.parse().unwrap_or(0.0))
            .collect();
        // utime, stime, cutime, cstime: fields 14 to 17 of the file, and
        // `fields[0]` is its field 3.
        let ticks: f64 = fields.get(11..15).map_or(0.0, |t| t.iter().sum());
        *total.get_or_insert(0.0) += ticks / 100.0;
    }
    total
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn render(options: &Options, results: &[Measured]) -> String {
    let ratios: Vec<String> = results
        .iter()
        .map(|m| format!("{}={:.3}", m.target.label(), m.bridge.rate / m.raw))
        .collect();
    let mut out = format!("<!-- figures: {} -->\n", ratios.join(" "));
    out.push_str("| Target | Raw ceiling (msg/s) | Through the bridge (msg/s) | Bridge ÷ raw | Bridge CPU per message | Commit→confirm p50 | p99 | Bridge peak RSS |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for m in results {
        out.push_str(&format!(
            "| {} | {:.0} | {:.0} | {:.2}× | {:.1} µs | {:.0} ms | {:.0} ms | {:.0} MiB |\n",
            m.target.label(),
            m.raw,
            m.bridge.rate,
            m.bridge.rate / m.raw,
            m.bridge.cpu_us_per_message,
            m.p50_ms,
            m.p99_ms,
            m.bridge.rss_mib,
        ));
    }
    out.push_str(&format!(
        "\n<p class=\"figure-note\">{} messages of {} bytes drained from SQLite in batches of {} over {} lanes \
         and {} RabbitMQ connections; the raw ceiling is the mean of one run before the drain and one after; \
         latency under a steady {} msg/s for {} s. Measured by \
         <code>cargo course figures --bless</code> (<code>cargo run --release -p outbox-bridge --bin bench -- --figures</code>) \
         on the machine that built this book.</p>\n",
        options.messages,
        options.payload,
        options.batch,
        options.lanes,
        options.connections,
        options.steady_rate,
        options.steady_secs,
    ));
    out
}

#[tokio::main]
async fn main() -> Result<()> {
    let options = parse_args()?;
    // Tracing at INFO, as in production, written where it costs the same but
    // does not flood the terminal. With RUST_LOG set (say
    // `RUST_LOG=outbox_relay=debug`, which times both halves of every
    // batch), the events go to standard error instead.
    match std::env::var("RUST_LOG") {
        Ok(filter) => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
        Err(_) => tracing_subscriber::fmt()
            .with_env_filter("info")
            .with_writer(std::io::sink)
            .init(),
    }
    if let Some((target, file)) = &options.drain {
        return drain_child(*target, file, &options).await;
    }
    if let Some(file) = &options.prefill {
        return prefill(file, &messages(&options)?).await;
    }
    if options.scale_out {
        let table = scale_out::scale_out(&options).await?;
        if options.figures {
            print!("{table}");
        }
        return Ok(());
    }
    if options.durability {
        let table = durability_cost().await?;
        if options.figures {
            print!("{table}");
        }
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let template: PathBuf = dir.path().join("template.db");
    let messages = messages(&options)?;
    let started = Instant::now();
    prefill(&template, &messages).await?;
    eprintln!(
        "pre-filled {} messages in {:.1?}",
        messages.len(),
        started.elapsed()
    );
    let claimed = as_claimed(&messages);
    // Latency first, on a quiet broker: deleting the queues and streams of
    // 200 000 messages that the throughput runs leave behind keeps a broker
    // busy for a while after, and a steady load measured then would time
    // the clean-up of the benchmark's own earlier runs.
    let mut latencies = Vec::new();
    for &target in &options.targets {
        latencies.push(steady_latency(target, dir.path(), &options).await?);
    }
    let mut results = Vec::new();
    for (&target, (p50_ms, p99_ms)) in options.targets.iter().zip(latencies) {
        // The broker's speed drifts over a run (its store grows, the
        // machine's other load comes and goes): the ceiling is measured on
        // both sides of the drain, and the ratio uses their mean.
        let raw_before = raw_ceiling(target, &claimed, options.window).await?;
        let drain = bridge_drain(target, &template, dir.path(), &options).await?;
        let raw_after = raw_ceiling(target, &claimed, options.window).await?;
        let raw = (raw_before + raw_after) / 2.0;
        eprintln!(
            "{:<17} raw {raw:>8.0} msg/s ({raw_before:.0} before, {raw_after:.0} after)   bridge {:>8.0} msg/s   ratio {:.2}   CPU {:.1} µs/msg   p50 {p50_ms:.0} ms   p99 {p99_ms:.0} ms   RSS {:.0} MiB",
            target.label(),
            drain.rate,
            drain.rate / raw,
            drain.cpu_us_per_message,
            drain.rss_mib,
        );
        results.push(Measured {
            target,
            raw,
            bridge: drain,
            p50_ms,
            p99_ms,
        });
    }
    if options.figures {
        print!("{}", render(&options, &results));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::server_cpu_seconds;

    #[test]
    fn server_cpu_is_read_for_running_processes_only() {
        // This test's own process is a "server" as far as /proc is concerned.
        let own = std::fs::read_to_string("/proc/self/comm").expect("read /proc/self/comm");
        let seconds = server_cpu_seconds(own.trim()).expect("this process is found");
        assert!(seconds >= 0.0);
        assert_eq!(server_cpu_seconds("no-such-server"), None);
    }
}
