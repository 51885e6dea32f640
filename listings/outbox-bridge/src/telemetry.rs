//! Logs through `tracing`: readable on a terminal, JSON for a log pipeline;
//! and W3C trace ids on spans, so the relay's `publish` span can continue
//! the trace each message carries from the transaction that wrote it.

use crate::config::LogFormat;
use opentelemetry::trace::TracerProvider as _;
use std::io::IsTerminal;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry};

// ANCHOR: init
/// Installs the global subscriber. `RUST_LOG` wins over the configured level.
/// Logs go to stderr, so stdout stays clean for the stdout sink's JSON lines.
pub(crate) fn init(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let logs = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let logs: Box<dyn Layer<Registry> + Send + Sync> = match format {
        LogFormat::Pretty => logs.boxed(),
        LogFormat::Json => logs.json().flatten_event(true).boxed(),
    };
    // OpenTelemetry gives every span a trace and span id. No exporter is
    // configured: the ids travel in `traceparent` headers, and the
    // consumer's spans name the relay's as their parent.
    let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder().build();
    let traces = tracing_opentelemetry::layer().with_tracer(provider.tracer("outbox-bridge"));
    // A second init (in tests) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(logs)
        .with(traces)
        .with(filter)
        .try_init();
}
// ANCHOR_END: init
