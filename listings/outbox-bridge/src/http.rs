//! The bridge's HTTP endpoint, for the platform that runs it:
//!
//! - `GET /healthz`: the process is alive and serving (a liveness probe).
//! - `GET /readyz`: the database answers, the broker is connected and the
//!   relay is not waiting out an outage (a readiness probe); 503 otherwise,
//!   with the failing check named in the body.
//! - `GET /metrics`: the relay's metrics, for Prometheus.
//!
//! axum routes the requests; hyper serves each connection, which lets the
//! bridge bound what a client can hold: at most [`MAX_CONNECTIONS`] at once,
//! [`HEADER_TIMEOUT`] to send a request's head, [`MAX_CONNECTION_AGE`] per
//! connection. An endpoint for probes must not be what a slow client or a
//! scraper gone wrong can exhaust.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use outbox_core::DynPublisher;
use outbox_relay::Metrics;
use outbox_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

// ANCHOR: limits
/// Connections served at once; more wait to be accepted.
pub(crate) const MAX_CONNECTIONS: usize = 64;
/// Time a client has to send a request's head.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// A keep-alive connection is closed (gracefully) after this long.
pub(crate) const MAX_CONNECTION_AGE: Duration = Duration::from_secs(60);
// ANCHOR_END: limits
/// Time each readiness check may take.
pub(crate) const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

// ANCHOR: probes
/// What the handlers look at: the same store, publisher and metrics the
/// relay uses, so a probe sees what the relay sees.
pub(crate) struct Probes {
    pub(crate) store: Arc<Store>,
    pub(crate) publisher: Arc<Box<dyn DynPublisher>>,
    pub(crate) metrics: Arc<Metrics>,
}

fn router(probes: Arc<Probes>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics))
        .with_state(probes)
}

async fn metrics(State(probes): State<Arc<Probes>>) -> impl IntoResponse {
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    (
        [(header::CONTENT_TYPE, content_type)],
        probes.metrics.render(),
    )
}

/// 200 when every check passes, 503 when one fails; the body has a line
/// per check, so `curl /readyz` tells an operator which.
async fn ready(State(probes): State<Arc<Probes>>) -> (StatusCode, String) {
    let database = within_deadline(probes.store.backlog()).await;
    let broker = within_deadline(probes.publisher.check_boxed()).await;
    let circuit = if probes.metrics.broker_down.get() == 0 {
        Ok(())
    } else {
        Err("open: the relay is waiting out a broker outage".to_owned())
    };
    let checks = [
        ("database", database),
        ("broker", broker),
        ("circuit", circuit),
    ];
    let mut body = String::new();
    for (name, outcome) in &checks {
        match outcome {
            Ok(()) => body.push_str(&format!("{name} ok\n")),
            Err(why) => body.push_str(&format!("{name} failing: {why}\n")),
        }
    }
    let status = if checks.iter().all(|(_, outcome)| outcome.is_ok()) {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, body)
}
/// A check's outcome: its error, or a missed deadline, as the reason.
async fn within_deadline<T, E: std::fmt::Display>(
    check: impl std::future::Future<Output = Result<T, E>>,
) -> Result<(), String> {
    match tokio::time::timeout(CHECK_TIMEOUT, check).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {CHECK_TIMEOUT:?}")),
    }
}
// ANCHOR_END: probes

// ANCHOR: serve
/// Serves the endpoints until `shutdown`; returns the bound address (port 0
/// picks one).
pub(crate) async fn serve(
    addr: SocketAddr,
    probes: Arc<Probes>,
    shutdown: CancellationToken,
) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    info!(%bound, "health at http://{bound}/readyz, metrics at http://{bound}/metrics");
    let service = TowerToHyperService::new(router(probes));
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    tokio::spawn(async move {
        loop {
            // A free slot first, then a connection: beyond the cap, clients
            // wait in the kernel's accept queue, costing the bridge nothing.
            let accepted = tokio::select! {
                () = shutdown.cancelled() => return,
                accepted = async {
                    let slot = Arc::clone(&slots).acquire_owned().await;
                    (slot, listener.accept().await)
                } => accepted,
            };
            let (Ok(slot), Ok((stream, peer))) = accepted else {
                warn!("accepting an HTTP connection failed");
                continue;
            };
            let (service, shutdown) = (service.clone(), shutdown.clone());
            tokio::spawn(async move {
                let connection = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .serve_connection(TokioIo::new(stream), service);
                let mut connection = std::pin::pin!(connection);
                let finished = tokio::select! {
                    finished = connection.as_mut() => Some(finished),
                    () = shutdown.cancelled() => None,
                    () = tokio::time::sleep(MAX_CONNECTION_AGE) => None,
                };
                let finished = match finished {
                    Some(finished) => finished,
                    None => {
                        // Finish the request in progress, then close.
                        connection.as_mut().graceful_shutdown();
                        connection.await
                    }
                };
                if let Err(e) = finished {
                    debug!(%peer, "HTTP connection ended: {e}");
                }
                drop(slot);
            });
        }
    });
    Ok(bound)
}
// ANCHOR_END: serve

// ANCHOR: probe
/// `outbox-bridge probe`: one `GET` to a running bridge's endpoint, `Ok` on
/// status 200. The container images have no curl or wget (lesson 16.2's is
/// `FROM scratch`), so the binary probes itself. HTTP/1.0 with
/// `Connection: close` keeps the client to a few lines: the answer's first
/// line is all it reads.
pub(crate) async fn probe(addr: SocketAddr, path: &str, timeout: Duration) -> anyhow::Result<()> {
    use anyhow::{Context, bail};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    // `0.0.0.0:9464` is where the bridge listens, not an address to dial.
    let target = if addr.ip().is_unspecified() {
        let loopback: std::net::IpAddr = if addr.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        };
        SocketAddr::new(loopback, addr.port())
    } else {
        addr
    };
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(target).await?;
        let request = format!("GET {path} HTTP/1.0\r\nHost: {target}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        Ok::<_, std::io::Error>(answer)
    };
    let answer = tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| anyhow::anyhow!("http://{target}{path} did not answer within {timeout:?}"))?
        .with_context(|| format!("asking http://{target}{path}"))?;
    let answer = String::from_utf8_lossy(&answer);
    let status = answer.lines().next().unwrap_or_default();
    if status.split_whitespace().nth(1) == Some("200") {
        Ok(())
    } else {
        let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
        bail!("http://{target}{path} answered {status:?}: {}", body.trim())
    }
}
// ANCHOR_END: probe

#[cfg(test)]
mod tests {
    use super::*;

    /// A server that answers every connection with `answer`.
    async fn answering(answer: &'static str) -> SocketAddr {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut head = [0; 512];
                let _ = stream.read(&mut head).await;
                let _ = stream.write_all(answer.as_bytes()).await;
            }
        });
        addr
    }

    #[tokio::test]
    async fn probe_passes_on_200_and_fails_with_the_answer_otherwise() {
        let healthy = answering("HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nok\n").await;
        let wildcard = SocketAddr::new(std::net::Ipv4Addr::UNSPECIFIED.into(), healthy.port());
        probe(wildcard, "/healthz", Duration::from_secs(3))
            .await
            .expect("200 on the wildcard address's loopback");

        let unready =
            answering("HTTP/1.1 503 Service Unavailable\r\n\r\nbroker failing: refused\n").await;
        let failed = probe(unready, "/readyz", Duration::from_secs(3))
            .await
            .expect_err("503");
        let failed = format!("{failed:#}");
        assert!(
            failed.contains("503") && failed.contains("broker failing"),
            "{failed}"
        );

        let closed = SocketAddr::new(healthy.ip(), free_port());
        let refused = probe(closed, "/healthz", Duration::from_secs(3))
            .await
            .expect_err("nothing listens");
        assert!(
            format!("{refused:#}").contains("asking http://"),
            "{refused:#}"
        );
    }

    fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port")
    }

    /// Every `outbox_…` name in the alert rules is one `/metrics` exports
    /// (as written: `_total` for counters, `_bucket` for histograms).
    #[test]
    fn the_alert_rules_name_only_real_metrics() {
        let rules = include_str!("../alerts.yml");
        let exported = Metrics::default().render();
        let mut checked = 0;
        for word in rules.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if word.starts_with("outbox_") {
                let found = [" ", "{", "\n"]
                    .iter()
                    .any(|end| exported.contains(&format!("\n{word}{end}")));
                assert!(found, "{word} is not exported:\n{exported}");
                checked += 1;
            }
        }
        assert!(checked >= 6, "the rules name the metrics they watch");
    }
}
