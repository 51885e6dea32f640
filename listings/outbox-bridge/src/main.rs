//! `outbox-bridge`: relays events from an outbox table to a broker.
//!
//! The binary is the edge of the service: it reads configuration, wires the
//! store, the publisher and the relay together, turns SIGINT/SIGTERM into a
//! graceful shutdown, and reports errors with `anyhow` and an exit code that
//! says which part failed (2 configuration, 3 database, 4 broker; 1 when a
//! `probe` finds the bridge unhealthy).

// No `unsafe` in the bridge (lesson 15.4): its fast paths are iterators,
// and the unsafe code it runs is in its dependencies.
#![forbid(unsafe_code)]

mod config;
mod demo;
mod http;
mod telemetry;

use anyhow::{Context, anyhow};
use clap::{Parser, Subcommand};
use config::{Broker, Config, LogFormat, Route, Settings};
use outbox_core::{AggregateId, DynPublisher, MessageId, NewMessage, UnixMillis};
use outbox_relay::publishers::{
    NatsConfig, NatsPublisher, RabbitConfig, RabbitPublisher, StdoutPublisher,
};
use outbox_relay::{Metrics, Relay};
use outbox_store::{Redrive, Store};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

#[derive(Debug, Parser)]
#[command(
    name = "outbox-bridge",
    version,
    about = "Relays events from an outbox table to RabbitMQ, NATS JetStream or stdout."
)]
struct Cli {
    /// A TOML file with settings (keys as in OUTBOX_* variables, lower case).
    #[arg(long, env = "OUTBOX_CONFIG", global = true)]
    config: Option<PathBuf>,
    /// sqlite:PATH or postgres://… (default sqlite:outbox.db).
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// stdout, amqp://… or nats://… (default stdout).
    #[arg(long, global = true)]
    broker_url: Option<String>,
    /// pretty or json.
    #[arg(long, global = true)]
    log_format: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Relay the outbox until SIGINT or SIGTERM.
    Run {
        /// Show a live progress line on stderr (default: when stderr is a terminal).
        #[arg(long)]
        progress: bool,
    },
    /// Place demo orders (each with its event, in one transaction) and relay them.
    Demo {
        /// Orders to place; 0 means until Ctrl-C.
        #[arg(long, default_value_t = 1000)]
        count: u64,
        /// Orders per second.
        #[arg(long, default_value_t = 200)]
        rate: u32,
    },
    /// Write one message into the outbox.
    Enqueue {
        #[arg(long)]
        aggregate: String,
        #[arg(long = "type")]
        event_type: String,
        /// The payload's media type (default application/json).
        #[arg(long)]
        content_type: Option<String>,
        /// A header for the consumers, NAME=VALUE; repeat for more.
        #[arg(long = "header", value_name = "NAME=VALUE")]
        headers: Vec<String>,
        /// The payload (JSON or any text); `-` reads standard input.
        payload: String,
    },
    /// How many messages are in each state, and the lag.
    Status,
    /// List dead-lettered messages.
    DeadLetters {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Send dead-lettered messages through again.
    Redrive {
        /// Re-drive every dead letter.
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        /// Outbox ids (the number in outbox-42).
        ids: Vec<i64>,
    },
    /// Let an aggregate's later messages go past its dead letter (which
    /// stays listed, and can still be re-driven).
    Skip {
        /// Outbox ids of dead letters (the number in outbox-42).
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Delete sent messages older than the retention.
    Purge,
    /// Apply this release's schema migrations (PostgreSQL needs this before
    /// the first `run` of a release; SQLite is migrated on open).
    Migrate,
    /// Ask a running bridge's health endpoint (at `metrics_addr`) and exit 0
    /// if it answers 200: a container's HEALTHCHECK, in an image with no curl.
    Probe {
        /// The endpoint: /healthz (alive) or /readyz (ready for work).
        #[arg(long, default_value = "/healthz")]
        path: String,
        /// How long to wait for the answer.
        #[arg(long, default_value = "3s", value_parser = humantime_secs)]
        timeout: Duration,
    },
}

/// `3s` or `500ms`, for `probe --timeout`.
fn humantime_secs(text: &str) -> Result<Duration, String> {
    config::parse_duration(text).map_err(|e| format!("{e:#}"))
}

/// An error with the exit code that names the failing part.
struct Fatal {
    code: u8,
    error: anyhow::Error,
}

fn fail(code: u8) -> impl FnOnce(anyhow::Error) -> Fatal {
    move |error| Fatal { code, error }
}

const CONFIG: u8 = 2;
const DATABASE: u8 = 3;
const BROKER: u8 = 4;
/// `probe`: the bridge did not answer 200 (a container runtime reads any
/// non-zero exit as unhealthy).
const PROBE: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: starting the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fatal { code, error }) => {
            eprintln!("error: {error:#}");
            ExitCode::from(code)
        }
    }
}

fn load_config(cli: &Cli) -> anyhow::Result<Config> {
    let file = match &cli.config {
        Some(path) => Settings::from_file(path)?,
        None => Settings::default(),
    };
    let names: Vec<String> = std::env::vars_os()
        .filter_map(|(name, _)| name.into_string().ok())
        .collect();
    Settings::check_env_names(names.iter().map(String::as_str))?;
    let env = Settings::from_env(|key| std::env::var(key).ok())?;
    let flags = Settings {
        database_url: cli.database_url.clone(),
        broker_url: cli.broker_url.clone(),
        log_format: cli.log_format.clone(),
        ..Settings::default()
    };
    file.merge(env).merge(flags).resolve()
}

async fn run(cli: Cli) -> Result<(), Fatal> {
    let config = load_config(&cli).map_err(fail(CONFIG))?;
    telemetry::init(config.log_format, &config.log_level);
    debug!(?config, "configuration");
    if let Command::Migrate = cli.command {
        return migrate(&config.database_url).await;
    }
    if let Command::Probe { path, timeout } = &cli.command {
        // A probe opens no database: it asks the running bridge.
        let addr = config.metrics_addr.ok_or_else(|| {
            fail(CONFIG)(anyhow!(
                "probe needs metrics_addr (OUTBOX_METRICS_ADDR): the bridge serves its health there"
            ))
        })?;
        return http::probe(addr, path, *timeout).await.map_err(fail(PROBE));
    }
    // A relay changes no schema: PostgreSQL must have been migrated.
    let store = Store::connect(&config.database_url, &owner_name())
        .await
        .with_context(|| {
            format!(
                "opening the outbox at {}",
                outbox_store::error::redact(&config.database_url)
            )
        })
        .map_err(fail(DATABASE))?;
    match cli.command {
        Command::Run { progress } => {
            // The progress line is for people; JSON logs are for machines.
            let show = progress
                || (std::io::stderr().is_terminal() && config.log_format == LogFormat::Pretty);
            relay(&config, store, None, show).await
        }
        Command::Demo { count, rate } => {
            demo::prepare(&store).await.map_err(fail(DATABASE))?;
            let first = demo::next_order_number(&store)
                .await
                .map_err(fail(DATABASE))?;
            let count = (count > 0).then_some(count);
            let show = config.log_format == LogFormat::Pretty;
            relay(&config, store, Some((first, count, rate)), show).await
        }
        Command::Enqueue {
            aggregate,
            event_type,
            content_type,
            headers,
            payload,
        } => {
            let payload = if payload == "-" {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                    .context("reading the payload from stdin")
                    .map_err(fail(CONFIG))?;
                text
            } else {
                payload
            };
            let message = new_message(aggregate, event_type, payload, content_type, &headers)
                .context("the message is not valid")
                .map_err(fail(CONFIG))?;
            let id = store
                .enqueue_one(&message)
                .await
                .map_err(|e| fail(DATABASE)(e.into()))?;
            println!("{id}");
            Ok(())
        }
        Command::Status => {
            let status = store.status().await.map_err(|e| fail(DATABASE)(e.into()))?;
            let lag = status.oldest_unsent.map_or("none".to_owned(), |t| {
                format!("{:.1}s", (UnixMillis::now().0 - t.0) as f64 / 1000.0)
            });
            println!(
                "pending {}\nin flight {}\nsent {}\ndead {}\nlag {lag}",
                status.pending, status.in_flight, status.sent, status.dead
            );
            Ok(())
        }
        Command::DeadLetters { limit } => {
            let dead = store
                .dead_letters(limit)
                .await
                .map_err(|e| fail(DATABASE)(e.into()))?;
            for d in &dead {
                println!(
                    "{}\t{}\t{}\tattempts={}\t{}",
                    d.id, d.aggregate_id, d.event_type, d.attempts, d.reason
                );
            }
            eprintln!("{} dead letter(s)", dead.len());
            Ok(())
        }
        Command::Redrive { all, ids } => {
            let which = if all {
                Redrive::All
            } else if ids.is_empty() {
                return Err(fail(CONFIG)(anyhow!(
                    "name the ids to re-drive, or pass --all"
                )));
            } else {
                Redrive::Ids(ids.into_iter().map(MessageId).collect())
            };
            let n = store
                .redrive(&which)
                .await
                .map_err(|e| fail(DATABASE)(e.into()))?;
            println!("re-drove {n} message(s)");
            Ok(())
        }
        Command::Skip { ids } => {
            let ids: Vec<MessageId> = ids.into_iter().map(MessageId).collect();
            let n = store
                .skip(&ids)
                .await
                .map_err(|e| fail(DATABASE)(e.into()))?;
            println!("released {n} aggregate(s) held by a dead letter");
            Ok(())
        }
        // Run above, before any store is opened (one that checks the schema
        // would refuse the database `migrate` is there to fix; a probe
        // asks the running bridge, not the database).
        Command::Migrate | Command::Probe { .. } => Ok(()),
        Command::Purge => {
            let n = store
                .purge_sent(config.retention)
                .await
                .map_err(|e| fail(DATABASE)(e.into()))?;
            println!(
                "deleted {n} sent message(s) older than {:?}",
                config.retention
            );
            Ok(())
        }
    }
}

/// The message `enqueue` writes, every part checked.
fn new_message(
    aggregate: String,
    event_type: String,
    payload: String,
    content_type: Option<String>,
    headers: &[String],
) -> anyhow::Result<NewMessage> {
    let mut message = NewMessage::new(AggregateId::new(aggregate)?, event_type, payload)?;
    if let Some(content_type) = content_type {
        message = message.with_content_type(&content_type)?;
    }
    for header in headers {
        let (name, value) = header
            .split_once('=')
            .ok_or_else(|| anyhow!("--header {header:?} is not NAME=VALUE"))?;
        message = message.with_header(name, value)?;
    }
    Ok(message)
}

// ANCHOR: migrate
/// Applies the migrations this release has and the database lacks.
async fn migrate(database_url: &str) -> Result<(), Fatal> {
    let applied = Store::migrate(database_url)
        .await
        .with_context(|| {
            format!(
                "migrating the outbox at {}",
                outbox_store::error::redact(database_url)
            )
        })
        .map_err(fail(DATABASE))?;
    if applied.is_empty() {
        println!("the outbox schema is up to date");
    }
    for migration in applied {
        println!("applied {migration}");
    }
    Ok(())
}
// ANCHOR_END: migrate

/// Names this relay in leases: host, process id and a random tag. The tag
/// matters: a relay may claim behind its own leases, so a restarted relay
/// must never take a dead one's leases for its own (in a container the
/// host name and the process id are often the same after a restart).
fn owner_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "relay".into());
    format!("{host}-{}-{:08x}", std::process::id(), fastrand::u32(..))
}

// ANCHOR: connect
async fn connect(
    broker: &Broker,
    cloudevents_source: Option<&String>,
    metrics: &Arc<Metrics>,
) -> anyhow::Result<Box<dyn DynPublisher>> {
    Ok(match broker {
        Broker::Stdout => Box::new(StdoutPublisher::new()),
        Broker::RabbitMq {
            url,
            route,
            queue_kind,
            connections,
            tls_ca_pem,
        } => {
            let mut config = match route {
                Route::Queue(queue) => RabbitConfig::new(url.clone(), queue),
                Route::Exchange {
                    name,
                    kind,
                    routing_key,
                } => RabbitConfig::through_exchange(url.clone(), name, *kind, routing_key.clone()),
            };
            config.cloudevents_source = cloudevents_source.cloned();
            config.queue_kind = *queue_kind;
            config.connections = *connections;
            config.tls_ca_pem = tls_ca_pem.clone();
            Box::new(RabbitPublisher::connect(config).await?)
        }
        Broker::Nats {
            url,
            stream,
            subject,
            tls_ca_file,
            credentials_file,
            nkey_seed_file,
        } => {
            let mut config = NatsConfig::new(url.clone());
            config.stream = stream.clone();
            config.subject = subject.clone();
            config.cloudevents_source = cloudevents_source.cloned();
            config.tls_ca_file = tls_ca_file.clone();
            config.credentials_file = credentials_file.clone();
            config.nkey_seed_file = nkey_seed_file.clone();
            Box::new(
                NatsPublisher::connect(config)
                    .await?
                    .with_metrics(Arc::clone(metrics)),
            )
        }
    })
}
// ANCHOR_END: connect

// ANCHOR: relay
/// Runs the relay (and the demo producer, if asked) until a signal, or
/// until the demo's orders are all delivered.
async fn relay(
    config: &Config,
    store: Store,
    demo: Option<(u64, Option<u64>, u32)>,
    progress: bool,
) -> Result<(), Fatal> {
    info!(?config, "starting the relay");
    let metrics = Arc::new(Metrics::default());
    let publisher = connect(&config.broker, config.cloudevents_source.as_ref(), &metrics)
        .await
        .with_context(|| format!("connecting to {:?}", config.broker))
        .map_err(fail(BROKER))?;
    let store = Arc::new(store.dead_letters_block(config.dead_letters_block));
    let publisher = Arc::new(publisher);
    let shutdown = CancellationToken::new();
    tokio::spawn(stop_on_signal(shutdown.clone()));
    if let Some(addr) = config.metrics_addr {
        let probes = http::Probes {
            store: Arc::clone(&store),
            publisher: Arc::clone(&publisher),
            metrics: Arc::clone(&metrics),
        };
        http::serve(addr, Arc::new(probes), shutdown.clone())
            .await
            .with_context(|| format!("serving health and metrics on {addr}"))
            .map_err(fail(CONFIG))?;
    }
    // Cancelled once a finite demo has placed all its orders.
    let produced = CancellationToken::new();
    let producer = demo.map(|(first, count, rate)| {
        let (store, shutdown, produced) = ((*store).clone(), shutdown.clone(), produced.clone());
        tokio::spawn(async move {
            let placed = demo::produce(store, first, count, rate, shutdown).await;
            produced.cancel();
            placed
        })
    });
    let watcher = tokio::spawn(watch(
        Arc::clone(&store),
        Arc::clone(&metrics),
        config.retention,
        progress,
        producer.is_some().then_some(produced),
        shutdown.clone(),
    ));
    let relay = Relay::new(Arc::clone(&store), publisher, config.relay.clone())
        .with_metrics(Arc::clone(&metrics));
    // A task of its own, not the future `block_on` drives: `block_on` runs on
    // the main thread, outside the worker pool, so every broker confirm and
    // database answer would have to wake that thread from another one. On a
    // worker, the task that receives them mostly runs the relay next.
    let running = {
        let shutdown = shutdown.clone();
        tokio::spawn(async move { relay.run(shutdown).await })
    };
    let outcome = match running.await {
        Ok(outcome) => outcome.map_err(anyhow::Error::from),
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        Err(failed) => Err(anyhow!("the relay task was cancelled: {failed}")),
    };
    shutdown.cancel();
    if let Some(producer) = producer {
        match producer.await {
            Ok(Ok(placed)) => info!(placed, "demo producer finished"),
            Ok(Err(e)) => warn!("demo producer failed: {e:#}"),
            Err(e) => warn!("demo producer panicked: {e}"),
        }
    }
    let _ = watcher.await;
    let report = outcome.map_err(fail(DATABASE))?;
    if config.log_format == LogFormat::Pretty {
        eprintln!(
            "relayed {} message(s) in {} batch(es); {} failed attempt(s), {} dead-lettered, {} released",
            report.published, report.batches, report.failed, report.dead_lettered, report.released
        );
    }
    Ok(())
}
// ANCHOR_END: relay

// ANCHOR: signals
/// Cancels `shutdown` on SIGINT or SIGTERM; a second signal exits at once.
async fn stop_on_signal(shutdown: CancellationToken) {
    let mut terminate =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(e) => {
                warn!("cannot listen for SIGTERM: {e}");
                return;
            }
        };
    for round in 0..2 {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
        if round == 0 {
            info!("shutting down: finishing the batch in flight (a second signal exits now)");
            shutdown.cancel();
        } else {
            warn!("second signal: exiting without waiting; leases return unfinished messages");
            std::process::exit(130);
        }
    }
}
// ANCHOR_END: signals

// ANCHOR: watch
/// Every second: refresh the backlog and lag gauges, draw the progress line,
/// purge old sent rows once a minute (in batches), and end a finite demo once
/// it drained.
async fn watch(
    store: Arc<Store>,
    metrics: Arc<Metrics>,
    retention: Duration,
    progress: bool,
    demo_done: Option<CancellationToken>,
    shutdown: CancellationToken,
) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut seconds = 0u64;
    loop {
        tokio::select! {
            () = shutdown.cancelled() => break,
            _ = tick.tick() => {}
        }
        seconds += 1;
        // The backlog gauges, not `status`: they read the unsent rows only,
        // so polling costs the same however many sent rows are retained.
        if let Ok(gauges) = store.backlog().await {
            let backlog = gauges.unsent;
            metrics
                .backlog
                .set(i64::try_from(backlog).unwrap_or(i64::MAX));
            metrics
                .dead_letters
                .set(i64::try_from(gauges.dead).unwrap_or(i64::MAX));
            let lag = gauges
                .oldest_unsent
                .map_or(0, |t| UnixMillis::now().0 - t.0);
            metrics.lag_seconds.set(lag as f64 / 1000.0);
            if progress {
                let published = metrics.published.get();
                eprint!(
                    "\r\x1b[2Krelayed {published} · backlog {backlog} · lag {:.1}s · dead {} · retried {}",
                    lag as f64 / 1000.0,
                    gauges.dead,
                    metrics.retried.get()
                );
                let _ = std::io::stderr().flush();
            }
            if demo_done
                .as_ref()
                .is_some_and(CancellationToken::is_cancelled)
                && backlog == 0
            {
                // A finite demo ends when everything it produced is out.
                shutdown.cancel();
            }
        }
        if seconds.is_multiple_of(60) {
            match store.purge_sent(retention).await {
                Ok(0) => {}
                Ok(n) => info!(deleted = n, "purged sent messages past retention"),
                Err(e) => warn!("purging sent messages failed: {e}"),
            }
        }
    }
    if progress {
        eprintln!();
    }
}
// ANCHOR_END: watch
