//! `--scale-out`: where one relay is not enough, the answer is several
//! relays on one PostgreSQL outbox. This measures it: a RabbitMQ quorum
//! queue's raw ceiling, then the same messages through 1, 2 and 4 relays
//! (each with its own database pool and broker connection, claiming from
//! one outbox), and reads the queue back to count duplicates and check
//! every aggregate's order. A duplicate or an order violation fails the
//! run: the table is only printed when the promises held.

use super::{
    Options, Target, amqp_url, as_claimed, cpu_seconds, messages, raw_ceiling, relay_config,
    server_cpu_seconds, unique,
};
use anyhow::{Context, Result, bail};
use futures::StreamExt;
use lapin::options::{BasicConsumeOptions, BasicQosOptions, QueueDeleteOptions};
use lapin::types::{AMQPValue, FieldTable, ShortString};
use lapin::{Connection, ConnectionProperties};
use outbox_core::{NewMessage, OutboxMessage};
use outbox_relay::Relay;
use outbox_relay::publishers::{QueueKind, RabbitConfig, RabbitPublisher};
use outbox_store::{PgStore, Store, postgres};
use sqlx::Connection as _;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// Relay counts measured, in order.
const RELAYS: [usize; 3] = [1, 2, 4];

fn admin_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// One run of `relays` relays over a fresh outbox.
struct Run {
    relays: usize,
    rate: f64,
    cpu: CpuPerMessage,
    duplicates: usize,
    order_violations: usize,
}

/// CPU seconds used so far by the relays (this process), PostgreSQL and
/// RabbitMQ: on two shared cores, the budget every message draws on.
#[derive(Debug, Clone, Copy)]
struct CpuReading {
    relays: f64,
    postgres: Option<f64>,
    rabbitmq: Option<f64>,
}

/// Microseconds of CPU per message between two readings.
#[derive(Debug, Clone, Copy)]
struct CpuPerMessage {
    relays: f64,
    postgres: Option<f64>,
    rabbitmq: Option<f64>,
}

impl CpuReading {
    fn now() -> Result<CpuReading> {
        Ok(CpuReading {
            relays: cpu_seconds()?,
            postgres: server_cpu_seconds("postgres"),
            rabbitmq: server_cpu_seconds("beam.smp"),
        })
    }

    fn per_message_since(self, earlier: CpuReading, messages: usize) -> CpuPerMessage {
        let per = |now: f64, then: f64| (now - then) * 1e6 / messages as f64;
        let server = |now: Option<f64>, then: Option<f64>| Some(per(now?, then?));
        CpuPerMessage {
            relays: per(self.relays, earlier.relays),
            postgres: server(self.postgres, earlier.postgres),
            rabbitmq: server(self.rabbitmq, earlier.rabbitmq),
        }
    }
}

impl CpuPerMessage {
    /// How many cores the three were keeping busy at `rate` messages per
    /// second: well under the machine's count means they were waiting
    /// (on round trips and commits), not computing.
    fn cores_busy(self, rate: f64) -> Option<f64> {
        Some((self.relays + self.postgres? + self.rabbitmq?) * rate / 1e6)
    }
}

/// `12 µs`, or `n/a` for a server that does not run on this machine.
fn micros(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".into(), |v| format!("{v:.0} µs"))
}

/// `0.9`, or `n/a` when a server's CPU could not be read.
fn tenths(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".into(), |v| format!("{v:.1}"))
}

/// A database of the run's own, dropped (with FORCE) when the run ends.
struct Database {
    admin: sqlx::PgConnection,
    name: String,
    url: String,
}

impl Database {
    async fn create() -> Result<Database> {
        let admin_url = admin_url();
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .with_context(|| format!("PostgreSQL is required for --scale-out ({admin_url})"))?;
        let name = unique("bench_scale_out");
        // The name is ours (letters, digits, underscores), not input.
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await?;
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        Ok(Database { admin, name, url })
    }

    async fn drop(mut self) -> Result<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE {} WITH (FORCE)",
            self.name
        )))
        .execute(&mut self.admin)
        .await?;
        Ok(())
    }
}

/// Writes the messages through `postgres::enqueue`, 1000 per transaction.
async fn prefill(url: &str, messages: &[NewMessage]) -> Result<()> {
    let store = PgStore::open(url, "bench-prefill").await?;
    for chunk in messages.chunks(1_000) {
        let mut tx = store.pool().begin().await?;
        for message in chunk {
            postgres::enqueue(&mut tx, message).await?;
        }
        tx.commit().await?;
    }
    store.pool().close().await;
    Ok(())
}

/// Drains one outbox with `relays` relays into a fresh quorum queue, then
/// reads the queue back.
async fn run(relays: usize, messages: &[NewMessage], options: &Options) -> Result<Run> {
    let database = Database::create().await?;
    prefill(&database.url, messages).await?;
    let queue = unique("bench_scale_out");
    let shutdown = CancellationToken::new();
    let mut running = Vec::new();
    let mut stores = Vec::new();
    for n in 0..relays {
        let store = Arc::new(Store::Postgres(
            PgStore::connect(&database.url, &format!("relay-{n}")).await?,
        ));
        let mut config = RabbitConfig::new(amqp_url(), &queue);
        config.queue_kind = QueueKind::Quorum;
        let publisher = RabbitPublisher::connect(config).await?;
        let relay = Relay::new(
            Arc::clone(&store),
            Arc::new(publisher),
            relay_config(options),
        );
        stores.push(store);
        let shutdown = shutdown.clone();
        running.push(tokio::spawn(async move { relay.run(shutdown).await }));
    }
    // The clock starts with every relay connected and claiming.
    let cpu_before = CpuReading::now()?;
    let started = Instant::now();
    let total = messages.len() as u64;
    // The backlog query reads the unsent rows only (a partial index), so
    // polling it costs the database little while the relays work; `status`
    // would count every sent row each time, on the same two cores.
    loop {
        let backlog = stores[0].backlog().await?;
        if backlog.unsent == 0 {
            break;
        }
        if started.elapsed() > Duration::from_secs(600) {
            bail!("{relays} relay(s): not drained after 10 minutes: {backlog:?}");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let rate = total as f64 / started.elapsed().as_secs_f64();
    let cpu = CpuReading::now()?.per_message_since(cpu_before, messages.len());
    let status = stores[0].status().await?;
    if status.sent != total {
        bail!("{relays} relay(s): drained, but {status:?} is not {total} sent");
    }
    shutdown.cancel();
    for relay in running {
        relay.await??;
    }
    drop(stores);
    let (duplicates, order_violations) = read_back(&queue, messages.len()).await?;
    database.drop().await?;
    Ok(Run {
        relays,
        rate,
        cpu,
        duplicates,
        order_violations,
    })
}

/// Consumes the queue to its end: (duplicates, order violations). A
/// message whose outbox id is lower than one already seen of its aggregate
/// is out of order, unless it is a repeat of one delivered before.
async fn read_back(queue: &str, expected: usize) -> Result<(usize, usize)> {
    let connection = Connection::connect(&amqp_url(), ConnectionProperties::default()).await?;
    let channel = connection.create_channel().await?;
    channel.basic_qos(2_000, BasicQosOptions::default()).await?;
    let mut consumer = channel
        .basic_consume(
            ShortString::from(queue),
            ShortString::from("bench"),
            BasicConsumeOptions {
                no_ack: true,
                ..BasicConsumeOptions::default()
            },
            FieldTable::default(),
        )
        .await?;
    let (mut seen, mut duplicates, mut violations) = (HashSet::new(), 0, 0);
    let mut newest: HashMap<String, i64> = HashMap::new();
    let mut received = 0;
    // The queue holds every message already; 5 s without one means it is empty.
    while let Ok(Some(delivery)) =
        tokio::time::timeout(Duration::from_secs(5), consumer.next()).await
    {
        let delivery = delivery?;
        received += 1;
        let headers = delivery.properties.headers().as_ref();
        let field = |name: &str| headers.and_then(|h| h.inner().get(name).cloned());
        let (Some(AMQPValue::LongString(aggregate)), Some(AMQPValue::LongLongInt(id))) =
            (field("aggregate_id"), field("outbox_id"))
        else {
            bail!("a message without the aggregate and outbox id headers");
        };
        let aggregate = aggregate.to_string();
        if !seen.insert(id) {
            duplicates += 1;
            continue;
        }
        match newest.get(&aggregate) {
            Some(&later) if id < later => violations += 1,
            _ => {
                newest.insert(aggregate, id);
            }
        }
        if received >= expected && seen.len() == expected {
            // Everything arrived; a short wait shows whether more follows.
            if let Ok(Some(extra)) =
                tokio::time::timeout(Duration::from_millis(500), consumer.next()).await
            {
                extra?;
                duplicates += 1;
            }
            break;
        }
    }
    if seen.len() != expected {
        bail!("{} of {expected} messages arrived", seen.len());
    }
    channel
        .queue_delete(ShortString::from(queue), QueueDeleteOptions::default())
        .await?;
    Ok((duplicates, violations))
}

/// Publishing a few thousand messages takes well under a second, so one
/// pause of the broker moves a single pass by half; the ceiling is the
/// median of this many.
const CEILING_PASSES: usize = 3;

/// The quorum queue's raw ceiling (the median of [`CEILING_PASSES`]), and
/// the CPU it took per message over all of them.
async fn ceiling(claimed: &[OutboxMessage], options: &Options) -> Result<(f64, CpuPerMessage)> {
    let before = CpuReading::now()?;
    let mut rates = Vec::with_capacity(CEILING_PASSES);
    for _ in 0..CEILING_PASSES {
        rates.push(raw_ceiling(Target::RabbitQuorum, claimed, options.window).await?);
    }
    rates.sort_by(f64::total_cmp);
    Ok((
        rates[CEILING_PASSES / 2],
        CpuReading::now()?.per_message_since(before, claimed.len() * CEILING_PASSES),
    ))
}

/// A row's name, and its ratio's: `1-relay`, `2-relays`, …
fn label(relays: usize) -> String {
    format!("{relays}-relay{}", if relays == 1 { "" } else { "s" })
}

/// The `--scale-out` table.
pub(crate) async fn scale_out(options: &Options) -> Result<String> {
    let counts: Vec<usize> = match &options.row {
        None => RELAYS.to_vec(),
        Some(row) => vec![
            RELAYS
                .into_iter()
                .find(|&relays| label(relays) == *row)
                .with_context(|| format!("no row {row} in the scale-out table"))?,
        ],
    };
    let messages = messages(options)?;
    let claimed = as_claimed(&messages);
    let mut runs = Vec::new();
    let (raw_before, raw_cpu_before) = ceiling(&claimed, options).await?;
    for relays in counts {
        let run = run(relays, &messages, options).await?;
        eprintln!(
            "{relays} relay(s): {:.0} msg/s, {} duplicate(s), {} order violation(s), CPU per message {:?}",
            run.rate, run.duplicates, run.order_violations, run.cpu
        );
        runs.push(run);
    }
    let (raw_after, raw_cpu_after) = ceiling(&claimed, options).await?;
    let raw = (raw_before + raw_after) / 2.0;
    let mean = |a: Option<f64>, b: Option<f64>| Some((a? + b?) / 2.0);
    let raw_cpu = CpuPerMessage {
        relays: (raw_cpu_before.relays + raw_cpu_after.relays) / 2.0,
        postgres: None,
        rabbitmq: mean(raw_cpu_before.rabbitmq, raw_cpu_after.rabbitmq),
    };
    eprintln!(
        "raw ceiling {raw:.0} msg/s ({raw_before:.0} before, {raw_after:.0} after), CPU per message {raw_cpu:?}"
    );
    for run in &runs {
        if run.duplicates > 0 || run.order_violations > 0 {
            bail!(
                "{} relays: {} duplicate(s) and {} order violation(s); with no crash there must be none",
                run.relays,
                run.duplicates,
                run.order_violations
            );
        }
    }
    let keys: Vec<String> = runs
        .iter()
        .map(|r| format!("{}={:.3}", label(r.relays), r.rate / raw))
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut table = format!(
        "<!-- figures: {} -->\n\
         | Relays on one PostgreSQL outbox | Through the bridge (msg/s) | Raw ceiling, same run (msg/s) | Bridge ÷ raw | CPU per message: relays + PostgreSQL + RabbitMQ | Cores busy (of {cores}) | Duplicates | Order violations |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
        keys.join(" ")
    );
    for run in &runs {
        table.push_str(&format!(
            "| {} | {:.0} | {raw:.0} | {:.2}× | {} + {} + {} | {} | {} | {} |\n",
            label(run.relays),
            run.rate,
            run.rate / raw,
            micros(Some(run.cpu.relays)),
            micros(run.cpu.postgres),
            micros(run.cpu.rabbitmq),
            tenths(run.cpu.cores_busy(run.rate)),
            run.duplicates,
            run.order_violations
        ));
    }
    table.push_str(&format!(
        "\n<p class=\"figure-note\">{} messages of {} bytes over 1000 aggregates, written through \
         <code>postgres::enqueue</code> into a fresh database for each row; each relay has its own \
         connection pool and RabbitMQ connection, batches of {} over {} lanes; duplicates and order \
         read back from the queue. The raw ceiling publishes the same messages straight from memory to a \
         quorum queue, three times before the three drains and three times after (the mean of the two medians is shown); there the publisher \
         spent {} and RabbitMQ {} of CPU per message ({} cores busy). CPU time is read from <code>/proc</code> for the \
         relays' process and every PostgreSQL and RabbitMQ process, from the relays' start to the drained \
         outbox. The relays, PostgreSQL and RabbitMQ share the two cores of the machine \
         that built this book. Measured by <code>cargo course figures --bless</code> \
         (<code>cargo run --release -p outbox-bridge --bin bench -- --scale-out --messages {} --figures</code>).</p>\n",
        options.messages,
        options.payload,
        options.batch,
        options.lanes,
        micros(Some(raw_cpu.relays)),
        micros(raw_cpu.rabbitmq),
        tenths(raw_cpu.rabbitmq.map(|rabbitmq| (raw_cpu.relays + rabbitmq) * raw / 1e6)),
        options.messages
    ));
    Ok(table)
}
