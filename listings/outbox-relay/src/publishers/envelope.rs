//! What a message carries to the broker besides its payload: where it is
//! routed, its headers, its trace context and, if asked for, its
//! CloudEvents attributes. Shared by the RabbitMQ and NATS publishers, so
//! both brokers' consumers see the same message.

use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState};
use outbox_core::{OutboxMessage, PublishError, UnixMillis};
use std::fmt;
use tracing_opentelemetry::OpenTelemetrySpanExt;

// ANCHOR: template
/// A routing key or subject built from each message: text with the
/// placeholders `{type}` (the event type) and `{aggregate}` (the aggregate
/// id), parsed once at start-up, so a typo stops the bridge there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    EventType,
    Aggregate,
}

/// Why a template was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unknown placeholder {{{0}}}; use {{type}} or {{aggregate}}")]
    Unknown(String),
    #[error("a {{ has no closing }}")]
    Unclosed,
    #[error("the template is empty")]
    Empty,
}

impl Template {
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        if text.is_empty() {
            return Err(TemplateError::Empty);
        }
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let close = rest[open..].find('}').ok_or(TemplateError::Unclosed)? + open;
            parts.push(match &rest[open + 1..close] {
                "type" => Part::EventType,
                "aggregate" => Part::Aggregate,
                other => return Err(TemplateError::Unknown(other.to_owned())),
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Ok(Self { parts })
    }

    /// A template that is `text` itself, braces and all: a queue name,
    /// which is never parsed for placeholders.
    pub fn literal(text: &str) -> Self {
        Self {
            parts: vec![Part::Text(text.to_owned())],
        }
    }

    /// The routing key or subject of `message`; each placeholder's value
    /// goes through `clean` (NATS forbids `.` inside a subject token, AMQP
    /// forbids nothing).
    pub fn render(&self, message: &OutboxMessage, clean: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::EventType => out.push_str(&clean(&message.event_type)),
                Part::Aggregate => out.push_str(&clean(message.aggregate_id.as_str())),
            }
        }
        out
    }

    /// Whether every message of an aggregate gets a key of its own
    /// aggregate: what a consistent-hash exchange needs to keep an
    /// aggregate on one queue.
    pub fn uses_aggregate(&self) -> bool {
        self.parts.contains(&Part::Aggregate)
    }

    /// The text, when there is no placeholder.
    pub fn constant(&self) -> Option<String> {
        match self.parts.as_slice() {
            [] => Some(String::new()),
            [Part::Text(text)] => Some(text.clone()),
            _ => None,
        }
    }

    /// The NATS subject filter that matches every rendering: each
    /// dot-separated token with a placeholder in it becomes `*`.
    pub fn wildcard(&self) -> String {
        let mut shape = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => shape.push_str(text),
                // A character no token may hold marks the placeholders.
                Part::EventType | Part::Aggregate => shape.push('\u{0}'),
            }
        }
        shape
            .split('.')
            .map(|token| if token.contains('\u{0}') { "*" } else { token })
            .collect::<Vec<_>>()
            .join(".")
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Text(text) => f.write_str(text)?,
                Part::EventType => f.write_str("{type}")?,
                Part::Aggregate => f.write_str("{aggregate}")?,
            }
        }
        Ok(())
    }
}
// ANCHOR_END: template

// ANCHOR: trace
/// Continues the trace a message carries (the `traceparent` its producer's
/// span left at enqueue) with a `publish` span of the relay, and returns
/// that span with the `traceparent` to send, which names the span as the
/// parent of whatever the consumer does. Without an OpenTelemetry layer in
/// this process the span has no id: the producer's `traceparent` goes on
/// unchanged, and the trace still reaches the consumer.
pub fn continue_trace(message: &OutboxMessage) -> Option<(tracing::Span, String)> {
    let incoming = message.headers.get("traceparent")?;
    let Some(parent) = parse_traceparent(incoming) else {
        return Some((tracing::Span::none(), incoming.to_owned()));
    };
    let span = tracing::info_span!(
        "publish",
        otel.kind = "producer",
        messaging.message.id = %message.event_id,
        messaging.destination.name = tracing::field::Empty,
    );
    // Fails only when no OpenTelemetry layer is installed.
    let _ = span.set_parent(opentelemetry::Context::new().with_remote_span_context(parent));
    let context = span.context();
    let ours = context.span().span_context().clone();
    let traceparent = if ours.is_valid() {
        format_traceparent(&ours)
    } else {
        incoming.to_owned()
    };
    Some((span, traceparent))
}

/// Ends the `publish` spans of a batch, each failure recorded in its span.
pub fn finish_spans(spans: Vec<Option<tracing::Span>>, results: &[Result<(), PublishError>]) {
    for (span, result) in spans.into_iter().zip(results) {
        if let (Some(span), Err(error)) = (span, result) {
            span.in_scope(|| tracing::warn!(%error, "publish failed"));
        }
    }
}
// ANCHOR_END: trace

// ANCHOR: traceparent
/// `00-<trace id>-<parent span id>-<flags>`, as W3C Trace Context writes it.
pub fn parse_traceparent(text: &str) -> Option<SpanContext> {
    let mut fields = text.trim().split('-');
    let (version, trace, span, flags) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    if version != "00" || fields.next().is_some() || trace.len() != 32 || span.len() != 16 {
        return None;
    }
    let trace_id = TraceId::from_hex(trace).ok()?;
    let span_id = SpanId::from_hex(span).ok()?;
    let flags = u8::from_str_radix(flags, 16).ok()?;
    let context = SpanContext::new(
        trace_id,
        span_id,
        TraceFlags::new(flags),
        true,
        TraceState::default(),
    );
    context.is_valid().then_some(context)
}

pub fn format_traceparent(context: &SpanContext) -> String {
    format!(
        "00-{}-{}-{:02x}",
        context.trace_id(),
        context.span_id(),
        context.trace_flags().to_u8()
    )
}
// ANCHOR_END: traceparent

// ANCHOR: cloudevents
/// CloudEvents attributes in binary mode: the payload stays the event's
/// data, and the attributes travel as headers a CloudEvents SDK reads
/// (`ce-id`, `ce-source`, …). The content type is the message's own
/// property, which is CloudEvents' `datacontenttype` in this mode.
pub fn cloudevents(message: &OutboxMessage, source: &str) -> [(&'static str, String); 6] {
    [
        ("ce-specversion", "1.0".to_owned()),
        ("ce-id", message.event_id.to_string()),
        ("ce-source", source.to_owned()),
        ("ce-type", message.event_type.clone()),
        ("ce-subject", message.aggregate_id.as_str().to_owned()),
        ("ce-time", rfc3339(message.created_at)),
    ]
}

/// `2026-12-07T02:04:32.123Z`: civil date from days since 1970 (Howard
/// Hinnant's algorithm), no time-zone database needed for UTC.
pub fn rfc3339(time: UnixMillis) -> String {
    let (days, ms) = (time.0.div_euclid(86_400_000), time.0.rem_euclid(86_400_000));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}
// ANCHOR_END: cloudevents

#[cfg(test)]
mod tests {
    use super::*;
    use outbox_core::{AggregateId, EventId, MessageId};

    fn message(event_type: &str, aggregate: &str) -> OutboxMessage {
        OutboxMessage {
            id: MessageId(1),
            event_id: EventId::new(),
            aggregate_id: AggregateId::new(aggregate).expect("valid"),
            event_type: event_type.into(),
            payload: b"{}".to_vec(),
            content_type: None,
            headers: Default::default(),
            attempts: 0,
            created_at: UnixMillis(0),
        }
    }

    #[test]
    fn templates_render_and_refuse_typos() {
        let template = Template::parse("orders.{type}.{aggregate}").expect("valid");
        let m = message("OrderPlaced", "order-7");
        assert_eq!(
            template.render(&m, str::to_owned),
            "orders.OrderPlaced.order-7"
        );
        assert_eq!(template.wildcard(), "orders.*.*");
        assert!(template.uses_aggregate());
        assert_eq!(template.constant(), None);
        assert_eq!(template.to_string(), "orders.{type}.{aggregate}");
        assert_eq!(
            Template::parse("q").expect("valid").constant(),
            Some("q".into())
        );
        assert_eq!(
            Template::parse("orders.{kind}")
                .expect_err("typo")
                .to_string(),
            "unknown placeholder {kind}; use {type} or {aggregate}"
        );
        assert_eq!(Template::parse("a.{type"), Err(TemplateError::Unclosed));
    }

    #[test]
    fn traceparents_round_trip_and_bad_ones_are_refused() {
        let text = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let context = parse_traceparent(text).expect("valid");
        assert_eq!(format_traceparent(&context), text);
        for bad in [
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        ] {
            assert_eq!(parse_traceparent(bad), None, "{bad}");
        }
    }

    #[test]
    fn without_an_opentelemetry_layer_the_producers_trace_goes_on() {
        let mut m = message("OrderPlaced", "order-7");
        let text = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        m.headers.insert("traceparent", text).expect("valid");
        let (_, sent) = continue_trace(&m).expect("carried on");
        assert_eq!(sent, text);
        assert!(continue_trace(&message("OrderPlaced", "order-8")).is_none());
    }

    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(rfc3339(UnixMillis(0)), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            rfc3339(UnixMillis(1_796_522_672_123)),
            "2026-12-06T02:04:32.123Z"
        );
        assert_eq!(
            rfc3339(UnixMillis(951_782_400_000)),
            "2000-02-29T00:00:00.000Z"
        );
    }
}
