//! Fault tests: the real `outbox-bridge` binary against real brokers, with
//! things going wrong. Each test counts messages enqueued, received (unique
//! ids) and duplicated, and asserts that none was lost.
//!
//! Needs RabbitMQ (`AMQP_URL`), NATS JetStream (`NATS_URL`) and PostgreSQL
//! (`DATABASE_URL`) as in `.ci/run`; without them these tests fail.

use lapin::options::{BasicGetOptions, QueueDeleteOptions};
use lapin::types::ShortString;
use outbox_core::{AggregateId, NewMessage};
use outbox_store::Store;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::net::{TcpListener, TcpStream};

fn amqp_url() -> String {
    std::env::var("AMQP_URL").unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

fn nats_url() -> String {
    std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".into())
}

fn pg_admin_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A database of one test's own on the PostgreSQL server; `drop_now`
/// removes it (with FORCE, so relays still connected do not keep it).
struct PgDatabase {
    admin: sqlx::PgConnection,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn create(prefix: &str) -> PgDatabase {
        let admin_url = pg_admin_url();
        let name = unique(prefix);
        let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL is required ({admin_url}): {e}"));
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create db");
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b);
        PgDatabase {
            url: format!("{base}/{name}"),
            admin,
            name,
        }
    }

    async fn drop_now(mut self) {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&mut self.admin)
        .await;
    }
}

/// A nats-server of one test's own, on a free port, with `args` after the
/// port; killed when dropped, so a failing test leaves none behind.
struct NatsServer {
    port: u16,
    process: Child,
}

impl NatsServer {
    async fn start(args: &[&std::ffi::OsStr]) -> NatsServer {
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            probe.local_addr().expect("addr").port()
        };
        let process = Command::new("nats-server")
            .args(["-a", "127.0.0.1", "-p", &port.to_string()])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nats-server (Debian's package) is required for this test");
        let server = NatsServer { port, process };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nats-server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{nanos}", std::process::id())
}

/// The bridge binary with settings that make faults quick to provoke.
fn bridge(database_url: &str, broker_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_outbox-bridge"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("OUTBOX_DATABASE_URL", database_url)
        .env("OUTBOX_BROKER_URL", broker_url)
        .env("OUTBOX_LOG_LEVEL", "warn")
        .env("OUTBOX_BATCH_SIZE", "100")
        .env("OUTBOX_POLL_INTERVAL", "20ms")
        .env("OUTBOX_LEASE", "3s")
        .env("OUTBOX_SHUTDOWN_DEADLINE", "2s")
        .env("OUTBOX_BACKOFF_BASE", "50ms")
        .env("OUTBOX_BACKOFF_MAX", "500ms")
        .stdin(Stdio::null());
    cmd
}

/// A bridge process of one test. If the test ends, or panics, before the
/// bridge has exited, dropping this kills it: a failed assertion must not
/// leave a relay running into the tests after it.
struct Running(Option<Child>);

impl std::ops::Deref for Running {
    type Target = Child;
    fn deref(&self) -> &Child {
        self.0
            .as_ref()
            .expect("the child is taken only by consuming methods")
    }
}

impl std::ops::DerefMut for Running {
    fn deref_mut(&mut self) -> &mut Child {
        self.0
            .as_mut()
            .expect("the child is taken only by consuming methods")
    }
}

impl Running {
    fn into_child(mut self) -> Child {
        self.0.take().expect("the child is taken once")
    }

    fn wait_with_output(self) -> std::io::Result<Output> {
        self.into_child().wait_with_output()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take()
            && matches!(child.try_wait(), Ok(None))
        {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn start(mut cmd: Command) -> Running {
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the bridge starts");
    Running(Some(child))
}

/// The guard itself: a bridge dropped while running (as when a test
/// panics) is killed and reaped, so its process id names nothing after.
#[test]
fn a_bridge_dropped_while_running_is_killed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("outbox.db").display());
    let mut cmd = bridge(&url, "stdout");
    cmd.arg("run");
    let mut running = start(cmd);
    std::thread::sleep(Duration::from_millis(200));
    assert!(matches!(running.try_wait(), Ok(None)), "the bridge runs");
    let pid = running.id().to_string();
    drop(running);
    let alive = Command::new("kill")
        .args(["-0", &pid])
        .stderr(Stdio::null())
        .status()
        .expect("kill runs")
        .success();
    assert!(!alive, "process {pid} outlived its guard");
}

fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "sending SIGTERM");
}

fn wait_with_deadline(child: Running, deadline: Duration) -> std::process::ExitStatus {
    let mut child = child.into_child();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            panic!("the bridge did not exit within {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

async fn sqlite_outbox(dir: &Path, count: usize) -> (String, Store) {
    let url = format!("sqlite:{}", dir.join("outbox.db").display());
    let store = Store::open(&url, "test-producer").await.expect("open");
    enqueue(&store, count).await;
    (url, store)
}

async fn enqueue(store: &Store, count: usize) {
    for i in 0..count {
        let message = NewMessage::new(
            AggregateId::new(format!("order-{}", i % 25)).expect("valid"),
            "OrderPlaced",
            format!("{{\"n\":{i}}}"),
        )
        .expect("valid");
        store.enqueue_one(&message).await.expect("enqueue");
    }
}

/// Polls until the outbox has no unsent message (or panics after `limit`).
async fn wait_drained(store: &Store, limit: Duration) {
    let started = Instant::now();
    loop {
        let status = store.status().await.expect("status");
        if status.pending + status.in_flight == 0 {
            return;
        }
        assert!(
            started.elapsed() < limit,
            "not drained after {limit:?}: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls until the outbox's status satisfies `done`; returns that status.
async fn wait_until(
    store: &Store,
    limit: Duration,
    done: impl Fn(&outbox_store::Status) -> bool,
) -> outbox_store::Status {
    let started = Instant::now();
    loop {
        let status = store.status().await.expect("status");
        if done(&status) {
            return status;
        }
        assert!(
            started.elapsed() < limit,
            "not reached after {limit:?}: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls until at least `n` messages are sent.
async fn wait_sent(store: &Store, n: u64, limit: Duration) {
    let started = Instant::now();
    while store.status().await.expect("status").sent < n {
        assert!(
            started.elapsed() < limit,
            "fewer than {n} sent after {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Reads a RabbitMQ queue to the end: (unique ids, duplicates).
async fn drain_queue(queue: &str) -> (usize, usize) {
    let connection =
        lapin::Connection::connect(&amqp_url(), lapin::ConnectionProperties::default())
            .await
            .expect("RabbitMQ is required");
    let channel = connection.create_channel().await.expect("channel");
    let mut seen: HashMap<String, usize> = HashMap::new();
    while let Some(got) = channel
        .basic_get(ShortString::from(queue), BasicGetOptions { no_ack: true })
        .await
        .expect("basic.get")
    {
        let id = got
            .delivery
            .properties
            .message_id()
            .as_ref()
            .map(|m| m.to_string())
            .expect("message_id");
        *seen.entry(id).or_default() += 1;
    }
    let _ = channel
        .queue_delete(ShortString::from(queue), QueueDeleteOptions::default())
        .await;
    let duplicates = seen.values().map(|n| n - 1).sum();
    (seen.len(), duplicates)
}

/// Reads a RabbitMQ queue to the end, in queue order: each message's
/// aggregate and outbox row id (from its headers) and its message id.
async fn drain_queue_in_order(queue: &str) -> Vec<(String, i64, String)> {
    let connection =
        lapin::Connection::connect(&amqp_url(), lapin::ConnectionProperties::default())
            .await
            .expect("RabbitMQ is required");
    let channel = connection.create_channel().await.expect("channel");
    let mut received = Vec::new();
    while let Some(got) = channel
        .basic_get(ShortString::from(queue), BasicGetOptions { no_ack: true })
        .await
        .expect("basic.get")
    {
        let properties = &got.delivery.properties;
        let headers = properties.headers().as_ref().expect("headers");
        let aggregate = match headers.inner().get("aggregate_id") {
            Some(lapin::types::AMQPValue::LongString(s)) => s.to_string(),
            other => panic!("aggregate_id header: {other:?}"),
        };
        let outbox_id = match headers.inner().get("outbox_id") {
            Some(lapin::types::AMQPValue::LongLongInt(n)) => *n,
            other => panic!("outbox_id header: {other:?}"),
        };
        let message_id = properties
            .message_id()
            .as_ref()
            .map(|m| m.to_string())
            .expect("message_id");
        received.push((aggregate, outbox_id, message_id));
    }
    let _ = channel
        .queue_delete(ShortString::from(queue), QueueDeleteOptions::default())
        .await;
    received
}

/// Aggregates whose events reached the broker out of order: a redelivered
/// copy may repeat an event, but no event may come after a later one of its
/// aggregate's first time.
fn order_violations(received: &[(String, i64, String)]) -> Vec<String> {
    let mut newest: HashMap<&str, i64> = HashMap::new();
    let mut violations = Vec::new();
    for (aggregate, id, _) in received {
        match newest.get(aggregate.as_str()) {
            Some(&seen) if *id < seen => {
                // Allowed only as a repeat of something already delivered.
                let repeat = received
                    .iter()
                    .take_while(|(a, i, _)| !(a == aggregate && i == &seen))
                    .any(|(a, i, _)| a == aggregate && i == id);
                if !repeat {
                    violations.push(format!("{aggregate}: {id} after {seen}"));
                }
            }
            _ => {
                newest.insert(aggregate, *id);
            }
        }
    }
    violations
}

/// Messages stored in a JetStream stream (it drops duplicate ids itself).
async fn stream_count(stream: &str) -> u64 {
    let client = async_nats::connect(nats_url())
        .await
        .expect("NATS is required");
    let jetstream = async_nats::jetstream::new(client);
    let mut handle = jetstream.get_stream(stream).await.expect("stream");
    let count = handle.info().await.expect("info").state.messages;
    let _ = jetstream.delete_stream(stream).await;
    count
}

/// A TCP proxy between the bridge and a broker that can cut every
/// connection passing through it, as a network failure or a broker restart would.
struct CuttableProxy {
    addr: std::net::SocketAddr,
    generation: Arc<std::sync::atomic::AtomicU64>,
    /// While set, the broker is "down": connections are accepted and dropped.
    down: Arc<std::sync::atomic::AtomicBool>,
}

impl CuttableProxy {
    async fn start(upstream: std::net::SocketAddr) -> CuttableProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let generation = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let down = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (current, is_down) = (Arc::clone(&generation), Arc::clone(&down));
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if is_down.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let born = current.load(Ordering::SeqCst);
                let current = Arc::clone(&current);
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let copy = tokio::io::copy_bidirectional(&mut client, &mut server);
                    let cut = async {
                        while current.load(Ordering::SeqCst) == born {
                            tokio::time::sleep(Duration::from_millis(10)).await;
                        }
                    };
                    tokio::select! {
                        _ = copy => {}
                        () = cut => {}
                    }
                });
            }
        });
        CuttableProxy {
            addr,
            generation,
            down,
        }
    }

    /// Drops every open connection; new ones are accepted again.
    fn cut(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The broker goes away: open connections drop, new ones are refused
    /// until [`CuttableProxy::up`].
    fn down(&self) {
        self.down.store(true, Ordering::SeqCst);
        self.cut();
    }

    fn up(&self) {
        self.down.store(false, Ordering::SeqCst);
    }
}

fn upstream(url: &str, default_port: u16) -> std::net::SocketAddr {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host_port = rest.rsplit_once('@').map_or(rest, |(_, hp)| hp);
    let host_port = host_port.split('/').next().unwrap_or("127.0.0.1");
    let with_port = if host_port.contains(':') {
        host_port.to_owned()
    } else {
        format!("{host_port}:{default_port}")
    };
    use std::net::ToSocketAddrs;
    with_port
        .to_socket_addrs()
        .expect("resolve")
        .next()
        .expect("an address")
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_with_sigkill_mid_batch_and_restarted_loses_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, store) = sqlite_outbox(dir.path(), 3000).await;
    let queue = unique("outbox_sigkill");
    let run = || {
        let mut cmd = bridge(&url, &amqp_url());
        cmd.env("OUTBOX_QUEUE", &queue).arg("run");
        start(cmd)
    };
    let mut first = run();
    wait_sent(&store, 300, Duration::from_secs(60)).await;
    first.kill().expect("SIGKILL");
    let _ = first.wait();
    let status = store.status().await.expect("status");
    assert!(
        status.pending + status.in_flight > 0,
        "killed before the end: {status:?}"
    );

    let second = run();
    wait_drained(&store, Duration::from_secs(60)).await;
    terminate(&second);
    assert!(wait_with_deadline(second, Duration::from_secs(10)).success());
    let (received, duplicates) = drain_queue(&queue).await;
    eprintln!("sigkill: enqueued 3000, received {received}, duplicated {duplicates}");
    assert_eq!(received, 3000, "no message lost");
}

#[tokio::test(flavor = "multi_thread")]
async fn rabbitmq_connection_cut_mid_stream_loses_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, store) = sqlite_outbox(dir.path(), 3000).await;
    let proxy = CuttableProxy::start(upstream(&amqp_url(), 5672)).await;
    let proxied = format!("amqp://guest:guest@{}/%2f", proxy.addr);
    let queue = unique("outbox_cut");
    let mut cmd = bridge(&url, &proxied);
    cmd.env("OUTBOX_QUEUE", &queue).arg("run");
    let child = start(cmd);
    for cut_at in [300, 1200, 2100] {
        wait_sent(&store, cut_at, Duration::from_secs(60)).await;
        proxy.cut();
    }
    wait_drained(&store, Duration::from_secs(90)).await;
    terminate(&child);
    assert!(wait_with_deadline(child, Duration::from_secs(10)).success());
    let (received, duplicates) = drain_queue(&queue).await;
    eprintln!("connection cuts: enqueued 3000, received {received}, duplicated {duplicates}");
    assert_eq!(received, 3000, "no message lost");
    assert!(
        store.status().await.expect("status").dead == 0,
        "cuts are transient, not poison"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn nats_connection_cut_mid_stream_loses_nothing_and_dedupes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, store) = sqlite_outbox(dir.path(), 3000).await;
    let proxy = CuttableProxy::start(upstream(&nats_url(), 4222)).await;
    let name = unique("outbox_cut").to_uppercase();
    let mut cmd = bridge(&url, &format!("nats://{}", proxy.addr));
    cmd.env("OUTBOX_STREAM", &name)
        .env("OUTBOX_SUBJECT_PREFIX", name.to_lowercase())
        .arg("run");
    let child = start(cmd);
    for cut_at in [300, 1500] {
        wait_sent(&store, cut_at, Duration::from_secs(60)).await;
        proxy.cut();
    }
    wait_drained(&store, Duration::from_secs(90)).await;
    terminate(&child);
    assert!(wait_with_deadline(child, Duration::from_secs(10)).success());
    let stored = stream_count(&name).await;
    eprintln!("nats cuts: enqueued 3000, stored {stored} (JetStream drops duplicate ids)");
    assert_eq!(stored, 3000, "every message stored exactly once");
}

/// A broker outage far longer than the whole retry budget (2 attempts, at
/// most 500 ms apart) costs no attempt: nothing is dead-lettered, nothing
/// lost, and every aggregate arrives in order. The outage starts while the
/// bridge is mid-stream (some sent, most not), and the bridge reports it.
#[tokio::test(flavor = "multi_thread")]
async fn a_broker_outage_longer_than_the_retry_budget_dead_letters_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, store) = sqlite_outbox(dir.path(), 3000).await;
    let proxy = CuttableProxy::start(upstream(&amqp_url(), 5672)).await;
    let proxied = format!("amqp://guest:guest@{}/%2f", proxy.addr);
    let queue = unique("outbox_outage");
    let mut cmd = bridge(&url, &proxied);
    cmd.env("OUTBOX_QUEUE", &queue)
        .env("OUTBOX_MAX_ATTEMPTS", "2")
        .env("OUTBOX_OUTAGE_BACKOFF_MAX", "1s")
        .arg("run");
    let child = start(cmd);
    wait_sent(&store, 300, Duration::from_secs(60)).await;
    proxy.down();
    let at_cut = store.status().await.expect("status");
    tokio::time::sleep(Duration::from_secs(6)).await;
    let during = store.status().await.expect("status");
    assert_eq!(
        during.dead, 0,
        "no dead letter during the outage: {during:?}"
    );
    proxy.up();
    wait_drained(&store, Duration::from_secs(90)).await;
    terminate(&child);
    let output = child.wait_with_output().expect("the bridge exits");
    assert!(output.status.success());
    let log = String::from_utf8_lossy(&output.stderr);

    assert!(
        at_cut.sent < 3000 && during.sent < 3000,
        "the outage hit work in progress: {at_cut:?} {during:?}"
    );
    assert!(
        log.contains("the broker is unavailable"),
        "the bridge met the outage: {log}"
    );
    let status = store.status().await.expect("status");
    assert_eq!((status.sent, status.dead), (3000, 0), "{status:?}");
    let received = drain_queue_in_order(&queue).await;
    let unique_ids: std::collections::HashSet<&str> =
        received.iter().map(|(_, _, id)| id.as_str()).collect();
    eprintln!(
        "outage: enqueued 3000, received {} ({} unique), sent {} before the cut",
        received.len(),
        unique_ids.len(),
        at_cut.sent
    );
    assert_eq!(unique_ids.len(), 3000, "no message lost");
    assert_eq!(order_violations(&received), Vec::<String>::new());
}

/// A port nothing listens on now, for the bridge's HTTP endpoint.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `GET path` on the bridge's HTTP endpoint: (status, body). `None` while
/// nothing answers (the bridge is still starting).
async fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: bridge\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await.ok()?;
    let status = response.split(' ').nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    Some((status, body.to_owned()))
}

/// Polls `path` until its status is `want`; returns the body.
async fn wait_for_status(port: u16, path: &str, want: u16, limit: Duration) -> String {
    let started = Instant::now();
    loop {
        let got = http_get(port, path).await;
        if let Some((status, body)) = &got
            && *status == want
        {
            return body.clone();
        }
        assert!(
            started.elapsed() < limit,
            "{path} not {want} after {limit:?}: {got:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls `/metrics` until it has `line`.
async fn wait_for_metric(port: u16, line: &str, limit: Duration) {
    let started = Instant::now();
    loop {
        let metrics = http_get(port, "/metrics").await;
        if metrics
            .as_ref()
            .is_some_and(|(_, body)| body.contains(line))
        {
            return;
        }
        assert!(
            started.elapsed() < limit,
            "no {line:?} in /metrics after {limit:?}: {metrics:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Readiness follows the broker: 200 while it is there, 503 (naming the
/// broker) while it is gone, mid-stream, and 200 again once it is back,
/// with nothing lost. Liveness stays 200 throughout.
#[tokio::test(flavor = "multi_thread")]
async fn readyz_fails_while_the_broker_is_down_and_recovers_after() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, store) = sqlite_outbox(dir.path(), 3000).await;
    let proxy = CuttableProxy::start(upstream(&amqp_url(), 5672)).await;
    let proxied = format!("amqp://guest:guest@{}/%2f", proxy.addr);
    let (queue, port) = (unique("outbox_readyz"), free_port());
    let mut cmd = bridge(&url, &proxied);
    cmd.env("OUTBOX_QUEUE", &queue)
        .env("OUTBOX_METRICS_ADDR", format!("127.0.0.1:{port}"))
        .env("OUTBOX_OUTAGE_BACKOFF_MAX", "1s")
        .arg("run");
    let child = start(cmd);
    let body = wait_for_status(port, "/readyz", 200, Duration::from_secs(30)).await;
    assert_eq!(body, "database ok\nbroker ok\ncircuit ok\n");
    wait_sent(&store, 300, Duration::from_secs(60)).await;

    proxy.down();
    let at_cut = store.status().await.expect("status");
    let body = wait_for_status(port, "/readyz", 503, Duration::from_secs(10)).await;
    assert!(body.contains("broker failing"), "{body}");
    assert_eq!(http_get(port, "/healthz").await, Some((200, "ok\n".into())));
    // `/readyz` asks the broker itself and fails at once; the relay learns of
    // the outage only when a publish in flight fails or times out, so its
    // gauge follows a little later (seconds on a loaded machine).
    wait_for_metric(port, "outbox_broker_down 1\n", Duration::from_secs(30)).await;

    proxy.up();
    wait_for_status(port, "/readyz", 200, Duration::from_secs(30)).await;
    wait_drained(&store, Duration::from_secs(90)).await;
    terminate(&child);
    assert!(child.wait_with_output().expect("exits").status.success());
    assert!(
        at_cut.sent < 3000,
        "the outage hit work in progress: {at_cut:?}"
    );
    let received = drain_queue_in_order(&queue).await;
    let unique_ids: std::collections::HashSet<&str> =
        received.iter().map(|(_, _, id)| id.as_str()).collect();
    assert_eq!(unique_ids.len(), 3000, "no message lost");
    assert_eq!(order_violations(&received), Vec::<String>::new());
}

/// The HTTP endpoint cannot be exhausted by clients that connect and send
/// nothing: each is closed after the header timeout, and a probe behind a
/// full house of them is answered once they are.
#[tokio::test(flavor = "multi_thread")]
async fn idle_http_clients_are_timed_out_and_capped() {
    use tokio::io::AsyncReadExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, _store) = sqlite_outbox(dir.path(), 0).await;
    let port = free_port();
    let mut cmd = bridge(&url, "stdout");
    cmd.env("OUTBOX_METRICS_ADDR", format!("127.0.0.1:{port}"))
        .arg("run");
    let child = start(cmd);
    wait_for_status(port, "/healthz", 200, Duration::from_secs(30)).await;
    // 64 connections (the cap) that never send a request.
    let mut idle = Vec::new();
    for _ in 0..64 {
        idle.push(
            TcpStream::connect(("127.0.0.1", port))
                .await
                .expect("connect"),
        );
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let answer = http_get(port, "/healthz").await;
    let waited = started.elapsed();
    assert_eq!(answer, Some((200, "ok\n".into())));
    assert!(
        waited > Duration::from_secs(3) && waited < Duration::from_secs(8),
        "answered once the idle connections timed out (5 s), not before: {waited:?}"
    );
    // And the idle connections were closed by the bridge.
    let mut byte = [0u8; 1];
    let closed = tokio::time::timeout(Duration::from_secs(1), idle[0].read(&mut byte)).await;
    assert!(
        matches!(closed, Ok(Ok(0) | Err(_))),
        "an idle connection is closed: {closed:?}"
    );
    terminate(&child);
    assert!(child.wait_with_output().expect("exits").status.success());
}

/// Two services with outboxes of their own publish to one JetStream stream.
/// Their row ids are the same (1, 2, 3, …); their event ids are not, so the
/// stream keeps every event and none is dropped as a "duplicate".
#[tokio::test(flavor = "multi_thread")]
async fn two_outboxes_on_one_stream_lose_nothing() {
    let name = unique("outbox_shared").to_uppercase();
    let mut sent = 0;
    let mut dirs = Vec::new();
    for _service in 0..2 {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, store) = sqlite_outbox(dir.path(), 500).await;
        let mut cmd = bridge(&url, &nats_url());
        cmd.env("OUTBOX_STREAM", &name)
            .env("OUTBOX_SUBJECT_PREFIX", name.to_lowercase())
            .arg("run");
        let child = start(cmd);
        wait_drained(&store, Duration::from_secs(60)).await;
        terminate(&child);
        assert!(wait_with_deadline(child, Duration::from_secs(10)).success());
        sent += store.status().await.expect("status").sent;
        dirs.push(dir);
    }
    let stored = stream_count(&name).await;
    eprintln!("two outboxes: sent {sent}, stored {stored}");
    assert_eq!((sent, stored), (1000, 1000), "every event stored once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_database_delays_but_loses_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, store) = sqlite_outbox(dir.path(), 1000).await;
    let queue = unique("outbox_locked");
    let mut cmd = bridge(&url, &amqp_url());
    cmd.env("OUTBOX_QUEUE", &queue).arg("run");
    let child = start(cmd);
    wait_sent(&store, 100, Duration::from_secs(60)).await;
    // Another writer holds the database's write lock for longer than the
    // bridge's busy timeout: its calls fail as Busy and are retried.
    let outbox_store::Store::Sqlite(sqlite) = &store else {
        unreachable!("a SQLite store")
    };
    let mut lock = sqlite.pool().begin().await.expect("begin");
    sqlx::query("UPDATE outbox SET attempts = attempts WHERE id = 1")
        .execute(&mut *lock)
        .await
        .expect("lock");
    tokio::time::sleep(Duration::from_secs(6)).await;
    lock.rollback().await.expect("unlock");
    wait_drained(&store, Duration::from_secs(60)).await;
    terminate(&child);
    assert!(wait_with_deadline(child, Duration::from_secs(10)).success());
    let (received, duplicates) = drain_queue(&queue).await;
    eprintln!("locked database: enqueued 1000, received {received}, duplicated {duplicates}");
    assert_eq!(received, 1000);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_poison_message_dead_letters_and_the_rest_flow() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, store) = sqlite_outbox(dir.path(), 200).await;
    // An application wrote an event larger than NATS will ever accept.
    let outbox_store::Store::Sqlite(sqlite) = &store else {
        unreachable!("a SQLite store")
    };
    sqlx::query(
        "INSERT INTO outbox (aggregate_id, event_type, created_at, due_at) VALUES ('order-1', 'Huge', 0, 0);
         INSERT INTO outbox_payload (id, payload) VALUES (last_insert_rowid(), zeroblob(3000000));",
    )
    .execute(sqlite.pool())
    .await
    .expect("insert poison");
    enqueue(&store, 200).await;
    let name = unique("outbox_poison").to_uppercase();
    let mut cmd = bridge(&url, &nats_url());
    cmd.env("OUTBOX_STREAM", &name)
        .env("OUTBOX_SUBJECT_PREFIX", name.to_lowercase())
        .arg("run");
    let child = start(cmd);
    // Everything flows except order-1's 8 later events, held behind its
    // dead letter so they cannot overtake it.
    let held = wait_until(&store, Duration::from_secs(60), |s| {
        s.sent == 392 && s.dead == 1
    })
    .await;
    assert_eq!(held.pending, 8, "{held:?}");
    let dead = store.dead_letters(5).await.expect("dead letters");
    assert!(dead[0].reason.contains("max_payload"), "{:?}", dead[0]);
    // An operator decides the poison event is not needed: `skip` lets the
    // aggregate's later events go past it; the dead letter stays listed.
    let mut skip = bridge(&url, "stdout");
    skip.arg("skip").arg(dead[0].id.0.to_string());
    let out = run_to_end(skip);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wait_drained(&store, Duration::from_secs(60)).await;
    terminate(&child);
    assert!(wait_with_deadline(child, Duration::from_secs(10)).success());
    let status = store.status().await.expect("status");
    assert_eq!((status.sent, status.dead), (400, 1));
    assert_eq!(stream_count(&name).await, 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_while_in_flight_drains_within_the_deadline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, store) = sqlite_outbox(dir.path(), 5000).await;
    let queue = unique("outbox_sigterm");
    let run = || {
        let mut cmd = bridge(&url, &amqp_url());
        cmd.env("OUTBOX_QUEUE", &queue).arg("run");
        start(cmd)
    };
    let child = run();
    wait_sent(&store, 500, Duration::from_secs(60)).await;
    let asked = Instant::now();
    terminate(&child);
    let status = wait_with_deadline(child, Duration::from_secs(10));
    let took = asked.elapsed();
    assert!(status.success(), "a graceful stop exits 0");
    assert!(
        took < Duration::from_secs(4),
        "stopped within the 2 s deadline plus start-up slack: {took:?}"
    );
    assert_eq!(
        store.status().await.expect("status").in_flight,
        0,
        "in-flight work finished or released"
    );
    let again = run();
    wait_drained(&store, Duration::from_secs(60)).await;
    terminate(&again);
    assert!(wait_with_deadline(again, Duration::from_secs(10)).success());
    let (received, duplicates) = drain_queue(&queue).await;
    eprintln!(
        "sigterm: enqueued 5000, received {received}, duplicated {duplicates}, stop took {took:?}"
    );
    assert_eq!(received, 5000);
    assert_eq!(duplicates, 0, "a graceful stop records what it published");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_relays_on_postgres_publish_each_message_once() {
    let db = PgDatabase::create("outbox_two").await;
    let url = db.url.clone();
    let store = Store::open(&url, "test-producer").await.expect("open");
    enqueue(&store, 3000).await;
    let queue = unique("outbox_two");
    let relays: Vec<Running> = (0..2)
        .map(|_| {
            let mut cmd = bridge(&url, &amqp_url());
            cmd.env("OUTBOX_QUEUE", &queue).arg("run");
            start(cmd)
        })
        .collect();
    wait_drained(&store, Duration::from_secs(90)).await;
    for relay in relays {
        terminate(&relay);
        assert!(wait_with_deadline(relay, Duration::from_secs(10)).success());
    }
    let (received, duplicates) = drain_queue(&queue).await;
    eprintln!("two relays: enqueued 3000, received {received}, duplicated {duplicates}");
    assert_eq!((received, duplicates), (3000, 0));
    drop(store);
    db.drop_now().await;
}

/// Producers write events of shared aggregates in transactions that
/// overlap and commit in any order, while two relays publish. Every
/// aggregate's events reach the broker in id order, and ids follow commit
/// order: no event is published ahead of one its aggregate committed
/// earlier, and none is lost.
#[tokio::test(flavor = "multi_thread")]
async fn concurrent_producers_on_postgres_keep_each_aggregates_order() {
    let db = PgDatabase::create("outbox_commits").await;
    let url = db.url.clone();
    let store = Store::open(&url, "test-producer").await.expect("open");
    let Store::Postgres(pg) = &store else {
        unreachable!("a PostgreSQL store")
    };
    let queue = unique("outbox_commits");
    let relays: Vec<Running> = (0..2)
        .map(|_| {
            let mut cmd = bridge(&url, &amqp_url());
            cmd.env("OUTBOX_QUEUE", &queue)
                .env("OUTBOX_POLL_INTERVAL", "5ms")
                .arg("run");
            start(cmd)
        })
        .collect();
    // 8 producers × 60 transactions over 6 aggregates; each transaction
    // waits a random moment before and after its insert, so transactions of
    // one aggregate overlap and commit in every order.
    let producers: Vec<_> = (0..8)
        .map(|p| {
            let pool = pg.pool().clone();
            tokio::spawn(async move {
                for n in 0..60 {
                    let aggregate = format!("order-{}", fastrand::usize(..6));
                    let message = NewMessage::new(
                        AggregateId::new(aggregate).expect("valid"),
                        "OrderChanged",
                        format!("{{\"producer\":{p},\"n\":{n}}}"),
                    )
                    .expect("valid");
                    let mut tx = pool.begin().await.expect("begin");
                    tokio::time::sleep(Duration::from_millis(fastrand::u64(..5))).await;
                    outbox_store::postgres::enqueue(&mut tx, &message)
                        .await
                        .expect("enqueue");
                    tokio::time::sleep(Duration::from_millis(fastrand::u64(..15))).await;
                    tx.commit().await.expect("commit");
                }
            })
        })
        .collect();
    for producer in producers {
        producer.await.expect("producer");
    }
    wait_drained(&store, Duration::from_secs(90)).await;
    for relay in relays {
        terminate(&relay);
        assert!(wait_with_deadline(relay, Duration::from_secs(10)).success());
    }
    let received = drain_queue_in_order(&queue).await;
    let unique_ids: std::collections::HashSet<&str> =
        received.iter().map(|(_, _, id)| id.as_str()).collect();
    eprintln!(
        "concurrent producers: enqueued 480, received {} ({} unique)",
        received.len(),
        unique_ids.len()
    );
    assert_eq!(unique_ids.len(), 480, "no message lost");
    assert_eq!(order_violations(&received), Vec::<String>::new());
    drop(store);
    db.drop_now().await;
}

/// On PostgreSQL a relay changes no schema: on a fresh database every
/// command but `migrate` stops with an error that names the fix, and after
/// `migrate` (which says what it applied) they work.
#[tokio::test]
async fn postgres_commands_refuse_an_unmigrated_schema_until_migrate() {
    let db = PgDatabase::create("outbox_migrate").await;
    let url = db.url.clone();
    let command = |args: &[&str]| {
        let mut cmd = bridge(&url, "stdout");
        cmd.args(args);
        run_to_end(cmd)
    };
    let refused = command(&["status"]);
    assert_eq!(refused.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("run `outbox-bridge migrate`"), "{stderr}");

    let migrated = command(&["migrate"]);
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let stdout = String::from_utf8_lossy(&migrated.stdout);
    assert!(stdout.starts_with("applied 1 (outbox)"), "{stdout}");
    let again = command(&["migrate"]);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "the outbox schema is up to date\n"
    );
    let status = command(&["status"]);
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(String::from_utf8_lossy(&status.stdout).starts_with("pending 0\n"));
    db.drop_now().await;
}

/// A throwaway certificate authority and a server certificate it signed
/// for `localhost` and 127.0.0.1, made with the `openssl` command:
/// (`ca.pem`, `server.pem`, `server.key`) in `dir`.
fn throwaway_ca(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let openssl = |args: &[&str]| {
        let status = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("the openssl command is required for the TLS tests");
        assert!(status.success(), "openssl {args:?}");
    };
    std::fs::write(
        dir.join("san.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
    )
    .expect("write");
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=outbox test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        "san.ext",
        "-out",
        "server.pem",
    ]);
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}

/// A TLS listener in front of a plain TCP upstream, as a load balancer
/// that terminates TLS for RabbitMQ would be. Counts finished handshakes.
struct TlsTerminator {
    addr: std::net::SocketAddr,
    handshakes: Arc<std::sync::atomic::AtomicUsize>,
}

impl TlsTerminator {
    async fn start(upstream: std::net::SocketAddr, cert: &Path, key: &Path) -> TlsTerminator {
        use tokio_rustls::rustls::pki_types::pem::PemObject;
        use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
            .expect("cert")
            .collect::<Result<_, _>>()
            .expect("certs");
        let key = PrivateKeyDer::from_pem_file(key).expect("key");
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocols")
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .expect("server config");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let handshakes = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = Arc::clone(&handshakes);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (acceptor, counted) = (acceptor.clone(), Arc::clone(&counted));
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(client).await else {
                        return;
                    };
                    counted.fetch_add(1, Ordering::SeqCst);
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut server).await;
                });
            }
        });
        TlsTerminator { addr, handshakes }
    }
}

/// `amqps://` is TLS, verified against the CA the bridge is given: through
/// a TLS endpoint every message arrives. Pointed at RabbitMQ's plaintext
/// port, or at a TLS endpoint whose certificate it cannot verify, the bridge
/// refuses to start (exit code 4) and publishes nothing in the clear.
#[tokio::test(flavor = "multi_thread")]
async fn amqps_is_tls_and_never_falls_back_to_plain_tcp() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ca, cert, key) = throwaway_ca(dir.path());
    let tls = TlsTerminator::start(upstream(&amqp_url(), 5672), &cert, &key).await;
    let (url, store) = sqlite_outbox(dir.path(), 200).await;
    let queue = unique("outbox_tls");
    let secure = format!("amqps://guest:guest@localhost:{}/%2f", tls.addr.port());

    let mut untrusted = bridge(&url, &secure);
    untrusted.env("OUTBOX_QUEUE", &queue).arg("run");
    let out = run_with_deadline(untrusted, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(4), "an unknown CA is refused");
    let plain_port = upstream(&amqp_url(), 5672).port();
    let mut plaintext = bridge(
        &url,
        &format!("amqps://guest:guest@localhost:{plain_port}/%2f"),
    );
    plaintext
        .env("OUTBOX_QUEUE", &queue)
        .env("OUTBOX_TLS_CA_FILE", &ca)
        .arg("run");
    let out = run_with_deadline(plaintext, Duration::from_secs(30));
    assert_eq!(
        out.status.code(),
        Some(4),
        "a plaintext server is refused: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        store.status().await.expect("status").sent,
        0,
        "nothing went out in the clear"
    );

    let mut cmd = bridge(&url, &secure);
    cmd.env("OUTBOX_QUEUE", &queue)
        .env("OUTBOX_TLS_CA_FILE", &ca)
        .arg("run");
    let child = start(cmd);
    wait_drained(&store, Duration::from_secs(60)).await;
    terminate(&child);
    assert!(wait_with_deadline(child, Duration::from_secs(10)).success());
    assert!(
        tls.handshakes.load(Ordering::SeqCst) > 0,
        "the bridge spoke TLS"
    );
    let (received, _) = drain_queue(&queue).await;
    assert_eq!(received, 200);
}

/// NATS with TLS: a real nats-server started by the test with a throwaway
/// certificate. With the CA the bridge publishes; to a plaintext server a
/// `tls://` URL is refused.
#[tokio::test(flavor = "multi_thread")]
async fn nats_over_tls_with_a_private_ca() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ca, cert, key) = throwaway_ca(dir.path());
    let store_dir = dir.path().join("js");
    let server = NatsServer::start(&[
        "-js".as_ref(),
        "-sd".as_ref(),
        store_dir.as_os_str(),
        "--tls".as_ref(),
        "--tlscert".as_ref(),
        cert.as_os_str(),
        "--tlskey".as_ref(),
        key.as_os_str(),
    ])
    .await;
    let port = server.port;
    let (url, store) = sqlite_outbox(dir.path(), 100).await;
    let name = unique("outbox_tls").to_uppercase();
    let secure = format!("nats://localhost:{port}");

    let mut plaintext = bridge(&url, &format!("tls://{}", upstream(&nats_url(), 4222)));
    plaintext.env("OUTBOX_STREAM", &name).arg("run");
    let out = run_with_deadline(plaintext, Duration::from_secs(30));
    assert_eq!(
        out.status.code(),
        Some(4),
        "tls:// to a plaintext server is refused"
    );

    let mut cmd = bridge(&url, &secure);
    cmd.env("OUTBOX_STREAM", &name)
        .env("OUTBOX_SUBJECT_PREFIX", name.to_lowercase())
        .env("OUTBOX_TLS_CA_FILE", &ca)
        .arg("run");
    let child = start(cmd);
    wait_drained(&store, Duration::from_secs(60)).await;
    terminate(&child);
    assert!(wait_with_deadline(child, Duration::from_secs(10)).success());
    let client = async_nats::ConnectOptions::new()
        .add_root_certificates(ca.clone())
        .require_tls(true)
        .connect(secure.as_str())
        .await
        .expect("a TLS client");
    let jetstream = async_nats::jetstream::new(client);
    let mut stream = jetstream.get_stream(&name).await.expect("stream");
    assert_eq!(stream.info().await.expect("info").state.messages, 100);
    drop(server);
}

/// A nats-server of the test's own that admits one user, by public NKey.
/// The bridge gets the user's seed from a file: it publishes, and its
/// errors never show a seed. Without the seed, or with another user's, the
/// server refuses it and the bridge stops (exit code 4).
#[tokio::test(flavor = "multi_thread")]
async fn nats_with_an_nkey_from_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let user = nkeys::KeyPair::new_user();
    let seed = user.seed().expect("seed");
    let config = dir.path().join("nats.conf");
    std::fs::write(
        &config,
        format!(
            "jetstream {{ store_dir: {:?} }}\n\
             authorization {{ users = [ {{ nkey: {} }} ] }}\n",
            dir.path().join("js"),
            user.public_key()
        ),
    )
    .expect("config");
    // The command line's -a and -p take precedence over the file.
    let server = NatsServer::start(&["-c".as_ref(), config.as_os_str()]).await;
    let port = server.port;
    let (url, store) = sqlite_outbox(dir.path(), 50).await;
    let name = unique("outbox_nkey").to_uppercase();
    let nats = format!("nats://127.0.0.1:{port}");
    let attempt = |seed_file: Option<&Path>| {
        let mut cmd = bridge(&url, &nats);
        cmd.env("OUTBOX_STREAM", &name)
            .env("OUTBOX_SUBJECT_PREFIX", name.to_lowercase());
        if let Some(file) = seed_file {
            cmd.env("OUTBOX_NATS_NKEY_SEED_FILE", file);
        }
        cmd.arg("run");
        cmd
    };

    let out = run_with_deadline(attempt(None), Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(4), "no credentials, no entry");
    let stranger = nkeys::KeyPair::new_user().seed().expect("seed");
    let stranger_file = dir.path().join("stranger.nk");
    std::fs::write(&stranger_file, &stranger).expect("write");
    let out = run_with_deadline(attempt(Some(&stranger_file)), Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(4), "an unknown user is refused");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains(&stranger),
        "no seed in the errors: {stderr}"
    );

    let seed_file = dir.path().join("relay.nk");
    std::fs::write(&seed_file, format!("{seed}\n")).expect("write");
    let child = start(attempt(Some(&seed_file)));
    wait_drained(&store, Duration::from_secs(60)).await;
    terminate(&child);
    assert!(wait_with_deadline(child, Duration::from_secs(10)).success());
    let client = async_nats::ConnectOptions::with_nkey(seed)
        .connect(nats.as_str())
        .await
        .expect("the test's own client");
    let jetstream = async_nats::jetstream::new(client);
    let mut stream = jetstream.get_stream(&name).await.expect("stream");
    assert_eq!(stream.info().await.expect("info").state.messages, 50);
    drop(server);
}

fn run_to_end(mut cmd: Command) -> Output {
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("runs")
}

/// Runs a command that must end by itself within `deadline`; a command that
/// keeps running (a bridge that connected when it should have refused) is
/// killed, and its status says it was.
fn run_with_deadline(mut cmd: Command, deadline: Duration) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let pid = child.id();
    let (done, waiting) = std::sync::mpsc::channel::<()>();
    let killer = std::thread::spawn(move || {
        if waiting.recv_timeout(deadline).is_err() {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
    });
    let output = child.wait_with_output().expect("waits");
    let _ = done.send(());
    let _ = killer.join();
    output
}

#[tokio::test]
async fn bad_input_is_a_clear_error_and_loses_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, store) = sqlite_outbox(dir.path(), 10).await;

    let config = dir.path().join("bridge.toml");
    std::fs::write(&config, "batch_size = \"lots\"\n").expect("write");
    let mut cmd = bridge(&url, "stdout");
    cmd.env("OUTBOX_CONFIG", &config).arg("status");
    let out = run_to_end(cmd);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bridge.toml is not valid") && stderr.contains("batch_size"),
        "{stderr}"
    );

    let mut cmd = bridge(&url, "kafka://broker:9092");
    cmd.arg("run");
    let out = run_to_end(cmd);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broker_url must be stdout, amqp://"));

    let mut cmd = bridge(&url, "amqp://guest:secret-pw@127.0.0.1:1/%2f");
    cmd.arg("run");
    let out = run_to_end(cmd);
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("connecting to rabbitmq"), "{stderr}");
    assert!(
        !stderr.contains("secret-pw"),
        "no secrets in errors: {stderr}"
    );

    let corrupt = dir.path().join("corrupt.db");
    std::fs::write(&corrupt, vec![7u8; 4096]).expect("write");
    let mut cmd = bridge(&format!("sqlite:{}", corrupt.display()), "stdout");
    cmd.arg("run");
    let out = run_to_end(cmd);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("file is not a database"));

    let status = store.status().await.expect("status");
    assert_eq!(
        (status.pending, status.sent),
        (10, 0),
        "nothing was lost or consumed"
    );
}

// ANCHOR: platforms
// The platforms' contracts (lesson 16.5). deploy/fly.toml and
// deploy/cloud-run.yaml are read into types that model the keys they use
// (an unknown key is an error, so a typo cannot hide), then the real bridge
// runs with their environment: the probes must answer where the platform
// looks, and SIGTERM must end the bridge, with nothing lost, inside the time
// the platform allows before SIGKILL.

/// The keys deploy/fly.toml uses, as Fly documents them.
#[allow(
    dead_code,
    reason = "the platform reads these fields; they are modelled so that an unknown key is an error"
)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FlyToml {
    app: String,
    primary_region: String,
    kill_signal: String,
    kill_timeout: String,
    build: FlyBuild,
    env: std::collections::BTreeMap<String, String>,
    checks: std::collections::BTreeMap<String, FlyCheck>,
    metrics: FlyMetrics,
    restart: Vec<FlyRestart>,
    vm: Vec<FlyVm>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FlyBuild {
    image: String,
}

#[allow(
    dead_code,
    reason = "the platform reads these fields; they are modelled so that an unknown key is an error"
)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FlyCheck {
    #[serde(rename = "type")]
    kind: String,
    port: u16,
    path: String,
    method: String,
    interval: String,
    timeout: String,
    grace_period: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FlyMetrics {
    port: u16,
    path: String,
}

#[allow(
    dead_code,
    reason = "the platform reads these fields; they are modelled so that an unknown key is an error"
)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FlyRestart {
    policy: String,
    retries: u32,
}

#[allow(
    dead_code,
    reason = "the platform reads these fields; they are modelled so that an unknown key is an error"
)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FlyVm {
    size: String,
    memory: String,
}

/// The parts of a Knative `Service` that deploy/cloud-run.yaml uses.
#[allow(
    dead_code,
    reason = "the platform reads these fields; they are modelled so that an unknown key is an error"
)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CloudRunService {
    api_version: String,
    kind: String,
    metadata: CloudRunMetadata,
    spec: CloudRunSpec,
}

#[allow(
    dead_code,
    reason = "the platform reads these fields; they are modelled so that an unknown key is an error"
)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CloudRunMetadata {
    name: Option<String>,
    annotations: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CloudRunSpec {
    template: CloudRunTemplate,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CloudRunTemplate {
    metadata: CloudRunMetadata,
    spec: CloudRunRevision,
}

#[allow(
    dead_code,
    reason = "the platform reads these fields; they are modelled so that an unknown key is an error"
)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CloudRunRevision {
    service_account_name: String,
    timeout_seconds: u32,
    containers: Vec<CloudRunContainer>,
}

#[allow(
    dead_code,
    reason = "the platform reads these fields; they are modelled so that an unknown key is an error"
)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CloudRunContainer {
    image: String,
    args: Vec<String>,
    ports: Vec<CloudRunPort>,
    env: Vec<CloudRunEnv>,
    resources: serde_yaml_ng::Value,
    startup_probe: CloudRunProbe,
    liveness_probe: CloudRunProbe,
}

#[allow(
    dead_code,
    reason = "the platform reads these fields; they are modelled so that an unknown key is an error"
)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CloudRunPort {
    name: String,
    container_port: u16,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CloudRunEnv {
    name: String,
    value: Option<String>,
    value_from: Option<serde_yaml_ng::Value>,
}

#[allow(
    dead_code,
    reason = "the platform reads these fields; they are modelled so that an unknown key is an error"
)]
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CloudRunProbe {
    http_get: CloudRunHttpGet,
    period_seconds: u32,
    timeout_seconds: Option<u32>,
    failure_threshold: u32,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CloudRunHttpGet {
    path: String,
    port: u16,
}

/// Cloud Run's time between SIGTERM and SIGKILL; it is not configurable.
const CLOUD_RUN_GRACE: Duration = Duration::from_secs(10);

fn deploy_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The port of an `OUTBOX_METRICS_ADDR` value.
fn metrics_port(env: &[(String, String)]) -> u16 {
    let addr = env
        .iter()
        .find(|(name, _)| name == "OUTBOX_METRICS_ADDR")
        .map(|(_, value)| value.as_str())
        .expect("the platform sets OUTBOX_METRICS_ADDR, or no probe finds the bridge");
    addr.parse::<std::net::SocketAddr>()
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("OUTBOX_METRICS_ADDR {addr:?}: {e}"))
}

// ANCHOR: contract_run
/// What the platform runs the bridge with, here: its environment, with the
/// database, the broker and the names on it pointed at this machine's
/// servers (the rest, from shutdown deadline to log format, as written).
struct PlatformRun<'a> {
    platform: &'a str,
    env: Vec<(String, String)>,
    probes: Vec<String>,
    grace: Duration,
}

impl PlatformRun<'_> {
    async fn keeps_its_contract(self, broker_url: &str, overrides: &[(&str, &str)]) {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, store) = sqlite_outbox(dir.path(), 5000).await;
        let port = free_port();
        let listen = format!("127.0.0.1:{port}");
        let run = || {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_outbox-bridge"));
            cmd.env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .env_remove("OUTBOX_DATABASE_PASSWORD")
                .env("OUTBOX_DATABASE_URL", &url)
                .env("OUTBOX_BROKER_URL", broker_url)
                .env("OUTBOX_METRICS_ADDR", &listen)
                .envs(overrides.iter().copied())
                .stdin(Stdio::null())
                .arg("run");
            start(cmd)
        };
        let child = run();
        for path in &self.probes {
            wait_for_status(port, path, 200, Duration::from_secs(30)).await;
        }
        wait_sent(&store, 500, Duration::from_secs(60)).await;
        let asked = Instant::now();
        terminate(&child);
        let status = wait_with_deadline(child, self.grace);
        let took = asked.elapsed();
        assert!(
            status.success(),
            "{}: a graceful stop exits 0",
            self.platform
        );
        let after = store.status().await.expect("status");
        assert_eq!(
            after.in_flight, 0,
            "{}: in-flight work finished or released",
            self.platform
        );
        assert_eq!(
            after.sent + after.pending,
            5000,
            "{}: nothing lost",
            self.platform
        );
        eprintln!(
            "{}: SIGTERM with {} sent, {} pending: exited in {took:?} (grace {:?})",
            self.platform, after.sent, after.pending, self.grace
        );
        let again = run();
        wait_drained(&store, Duration::from_secs(60)).await;
        terminate(&again);
        assert!(wait_with_deadline(again, self.grace).success());
    }
}
// ANCHOR_END: contract_run

#[tokio::test(flavor = "multi_thread")]
async fn the_fly_config_keeps_fly_s_contract() {
    let fly: FlyToml = toml::from_str(&deploy_file("fly.toml")).expect("fly.toml");
    assert_eq!(
        fly.kill_signal, "SIGTERM",
        "the signal the bridge drains on"
    );
    assert!(
        fly.build
            .image
            .ends_with(&format!(":{}", env!("CARGO_PKG_VERSION"))),
        "fly.toml deploys this release's image: {}",
        fly.build.image
    );
    let grace = outbox_duration(&fly.kill_timeout);
    let env: Vec<(String, String)> = fly.env.into_iter().collect();
    let port = metrics_port(&env);
    for (name, check) in &fly.checks {
        assert_eq!(
            (check.kind.as_str(), check.port),
            ("http", port),
            "check {name}"
        );
    }
    assert_eq!(
        (fly.metrics.port, fly.metrics.path.as_str()),
        (port, "/metrics")
    );
    let deadline = env
        .iter()
        .find(|(name, _)| name == "OUTBOX_SHUTDOWN_DEADLINE")
        .map(|(_, value)| outbox_duration(value))
        .expect("fly.toml sets the shutdown deadline");
    assert!(deadline < grace, "the bridge gives up before Fly kills it");
    let stream = unique("FLY");
    let subject = format!("{stream}.{{type}}");
    PlatformRun {
        platform: "fly.io",
        env,
        probes: fly.checks.into_values().map(|c| c.path).collect(),
        grace,
    }
    .keeps_its_contract(
        &nats_url(),
        &[("OUTBOX_STREAM", &stream), ("OUTBOX_SUBJECT", &subject)],
    )
    .await;
    assert_eq!(
        stream_count(&stream).await,
        5000,
        "each message once on the stream"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cloud_run_config_keeps_cloud_run_s_contract() {
    let service: CloudRunService =
        serde_yaml_ng::from_str(&deploy_file("cloud-run.yaml")).expect("cloud-run.yaml");
    assert_eq!(
        (service.api_version.as_str(), service.kind.as_str()),
        ("serving.knative.dev/v1", "Service")
    );
    let annotations = &service.spec.template.metadata.annotations;
    assert_eq!(
        annotations
            .get("run.googleapis.com/cpu-throttling")
            .map(String::as_str),
        Some("false"),
        "a relay needs its CPU between requests"
    );
    let [container] = &service.spec.template.spec.containers[..] else {
        panic!("one container");
    };
    assert!(
        container
            .image
            .ends_with(&format!(":{}", env!("CARGO_PKG_VERSION"))),
        "cloud-run.yaml deploys this release's image: {}",
        container.image
    );
    assert_eq!(container.args, ["run"]);
    let env: Vec<(String, String)> = container
        .env
        .iter()
        .filter_map(|e| Some((e.name.clone(), e.value.clone()?)))
        .collect();
    let port = metrics_port(&env);
    assert_eq!(
        container
            .ports
            .iter()
            .map(|p| p.container_port)
            .collect::<Vec<_>>(),
        [port],
        "Cloud Run's PORT is where the bridge listens"
    );
    for probe in [&container.startup_probe, &container.liveness_probe] {
        assert_eq!(probe.http_get.port, port);
    }
    let deadline = env
        .iter()
        .find(|(name, _)| name == "OUTBOX_SHUTDOWN_DEADLINE")
        .map(|(_, value)| outbox_duration(value))
        .expect("cloud-run.yaml sets the shutdown deadline");
    assert!(
        deadline < CLOUD_RUN_GRACE,
        "the bridge gives up before Cloud Run kills it"
    );
    // The password comes from Secret Manager, never as a plain value.
    let password = container
        .env
        .iter()
        .find(|e| e.name == "OUTBOX_DATABASE_PASSWORD")
        .expect("cloud-run.yaml passes the database password");
    assert!(password.value.is_none() && password.value_from.is_some());
    let queue = unique("outbox_cloud_run");
    PlatformRun {
        platform: "Cloud Run",
        env,
        probes: vec![
            container.startup_probe.http_get.path.clone(),
            container.liveness_probe.http_get.path.clone(),
        ],
        grace: CLOUD_RUN_GRACE,
    }
    .keeps_its_contract(&amqp_url(), &[("OUTBOX_QUEUE", &queue)])
    .await;
    let (received, duplicates) = drain_queue(&queue).await;
    assert_eq!(
        (received, duplicates),
        (5000, 0),
        "each message once in the queue"
    );
}

/// `30s`, `8s`, `2m`: the durations the configs write.
fn outbox_duration(text: &str) -> Duration {
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: u64 = number.parse().unwrap_or_else(|e| panic!("{text:?}: {e}"));
    match unit {
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(60 * n),
        other => panic!("{text:?}: unit {other:?}"),
    }
}
// ANCHOR_END: platforms
