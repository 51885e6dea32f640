//! Configuration: defaults, then a TOML file, then `OUTBOX_*` environment
//! variables, then command-line flags; every value checked once, here, with
//! an error that names the setting and says what is allowed.

use anyhow::{Context, Result, anyhow, bail};
use outbox_core::{Backoff, RetryPolicy};
use outbox_relay::RelayConfig;
use outbox_relay::publishers::{Exchange, QueueKind, Template};
use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

// ANCHOR: broker
/// Where messages go.
#[derive(Clone, PartialEq)]
pub(crate) enum Broker {
    /// JSON lines on standard output: the default, needs nothing installed.
    Stdout,
    RabbitMq {
        url: String,
        /// Where messages go: the default exchange and a queue (declared by
        /// the bridge), or an exchange and a routing key template.
        route: Route,
        queue_kind: QueueKind,
        connections: usize,
        /// Extra CA certificates (PEM) for `amqps://`.
        tls_ca_pem: Option<String>,
    },
    Nats {
        url: String,
        stream: String,
        subject: Template,
        tls_ca_file: Option<PathBuf>,
        credentials_file: Option<PathBuf>,
        nkey_seed_file: Option<PathBuf>,
    },
}

/// Where RabbitMQ messages go.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Route {
    Queue(String),
    Exchange {
        name: String,
        kind: Exchange,
        routing_key: Template,
    },
}
// ANCHOR_END: broker

/// Log output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LogFormat {
    Pretty,
    Json,
}

/// The whole configuration, validated.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) database_url: String,
    pub(crate) broker: Broker,
    pub(crate) relay: RelayConfig,
    /// Whether a dead letter holds back the rest of its aggregate.
    pub(crate) dead_letters_block: bool,
    pub(crate) retention: Duration,
    pub(crate) log_format: LogFormat,
    pub(crate) log_level: String,
    pub(crate) metrics_addr: Option<SocketAddr>,
    /// CloudEvents `source` for binary-mode attributes; none means no
    /// CloudEvents headers.
    pub(crate) cloudevents_source: Option<String>,
}

/// A setting that is a secret: deserialized like a string, never shown.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
pub(crate) struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The file format, and the environment variables (`OUTBOX_<NAME>`): every
/// field optional, so a file sets only what it changes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Settings {
    pub(crate) database_url: Option<String>,
    pub(crate) database_password: Option<Secret>,
    pub(crate) database_password_file: Option<String>,
    pub(crate) broker_url: Option<String>,
    pub(crate) queue: Option<String>,
    pub(crate) queue_kind: Option<String>,
    pub(crate) connections: Option<usize>,
    pub(crate) stream: Option<String>,
    pub(crate) subject_prefix: Option<String>,
    pub(crate) subject: Option<String>,
    pub(crate) exchange: Option<String>,
    pub(crate) exchange_type: Option<String>,
    pub(crate) routing_key: Option<String>,
    pub(crate) cloudevents_source: Option<String>,
    pub(crate) batch_size: Option<usize>,
    pub(crate) lanes: Option<usize>,
    pub(crate) lease: Option<String>,
    pub(crate) poll_interval: Option<String>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) backoff_base: Option<String>,
    pub(crate) backoff_max: Option<String>,
    pub(crate) shutdown_deadline: Option<String>,
    pub(crate) outage_backoff_max: Option<String>,
    pub(crate) tls_ca_file: Option<String>,
    pub(crate) nats_credentials_file: Option<String>,
    pub(crate) nats_nkey_seed_file: Option<String>,
    pub(crate) dead_letters: Option<String>,
    pub(crate) retention: Option<String>,
    pub(crate) log_format: Option<String>,
    pub(crate) log_level: Option<String>,
    pub(crate) metrics_addr: Option<String>,
}

/// The names of all settings, for environment variables and messages.
const NAMES: &[&str] = &[
    "database_url",
    "database_password",
    "database_password_file",
    "broker_url",
    "queue",
    "queue_kind",
    "connections",
    "stream",
    "subject_prefix",
    "subject",
    "exchange",
    "exchange_type",
    "routing_key",
    "cloudevents_source",
    "batch_size",
    "lanes",
    "lease",
    "poll_interval",
    "max_attempts",
    "backoff_base",
    "backoff_max",
    "shutdown_deadline",
    "outage_backoff_max",
    "tls_ca_file",
    "nats_credentials_file",
    "nats_nkey_seed_file",
    "dead_letters",
    "retention",
    "log_format",
    "log_level",
    "metrics_addr",
];

impl Settings {
    /// Reads a TOML file; unknown keys are errors (a typo must not be ignored).
    pub(crate) fn from_file(path: &Path) -> Result<Settings> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading config file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("config file {} is not valid", path.display()))
    }

    /// `OUTBOX_DATABASE_URL`, `OUTBOX_BATCH_SIZE`, …
    pub(crate) fn from_env(env: impl Fn(&str) -> Option<String>) -> Result<Settings> {
        let mut table = toml::Table::new();
        for name in NAMES {
            let var = format!("OUTBOX_{}", name.to_uppercase());
            if let Some(value) = env(&var) {
                let value = match *name {
                    "connections" | "batch_size" | "lanes" | "max_attempts" => {
                        let n: i64 = value
                            .trim()
                            .parse()
                            .map_err(|_| anyhow!("{var} must be a whole number, got {value:?}"))?;
                        toml::Value::Integer(n)
                    }
                    _ => toml::Value::String(value),
                };
                table.insert((*name).to_owned(), value);
            }
        }
        Settings::deserialize(table).context("reading OUTBOX_* environment variables")
    }

    /// Refuses an `OUTBOX_*` variable that is no setting: a typo in a
    /// platform's config (`OUTBOX_SHUTDOWN_DEADLIN`) would otherwise be
    /// ignored in silence, as `deny_unknown_fields` refuses one in a file.
    /// `OUTBOX_CONFIG` names the file itself.
    pub(crate) fn check_env_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let known = |var: &str| {
            var == "OUTBOX_CONFIG"
                || NAMES
                    .iter()
                    .any(|name| var.strip_prefix("OUTBOX_") == Some(&name.to_uppercase()))
        };
        let mut unknown: Vec<&str> = names
            .into_iter()
            .filter(|var| var.starts_with("OUTBOX_") && !known(var))
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        unknown.sort_unstable();
        bail!(
            "{} {} no setting; the settings are OUTBOX_ followed by one of: {}",
            unknown.join(", "),
            if unknown.len() == 1 { "is" } else { "are" },
            NAMES.join(", ").to_uppercase()
        )
    }

    /// `other`'s values win where it has them.
    pub(crate) fn merge(self, other: Settings) -> Settings {
        macro_rules! pick {
            ($($field:ident),*) => { Settings { $($field: other.$field.or(self.$field)),* } };
        }
        pick!(
            database_url,
            database_password,
            database_password_file,
            broker_url,
            queue,
            queue_kind,
            connections,
            stream,
            subject_prefix,
            subject,
            exchange,
            exchange_type,
            routing_key,
            cloudevents_source,
            batch_size,
            lanes,
            lease,
            poll_interval,
            max_attempts,
            backoff_base,
            backoff_max,
            shutdown_deadline,
            outage_backoff_max,
            tls_ca_file,
            nats_credentials_file,
            nats_nkey_seed_file,
            dead_letters,
            retention,
            log_format,
            log_level,
            metrics_addr
        )
    }

    /// Checks every value and fills in defaults.
    pub(crate) fn resolve(self) -> Result<Config> {
        let defaults = RelayConfig::default();
        let database_url = self
            .database_url
            .unwrap_or_else(|| "sqlite:outbox.db".into());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            bail!(
                "database_url must start with sqlite: or postgres:// (got {})",
                outbox_store::error::redact(&database_url)
            );
        }
        let database_url = with_password(
            database_url,
            self.database_password,
            self.database_password_file.as_deref(),
        )?;
        // A CA file is read now, so a wrong path stops the bridge at start-up.
        let tls_ca_file = self.tls_ca_file.map(PathBuf::from);
        let tls_ca_pem = tls_ca_file
            .as_ref()
            .map(|path| {
                std::fs::read_to_string(path)
                    .with_context(|| format!("tls_ca_file: reading {}", path.display()))
            })
            .transpose()?;
        let broker = match self.broker_url.as_deref().map(str::trim) {
            None | Some("") | Some("stdout") => Broker::Stdout,
            Some(url) if url.starts_with("amqp://") || url.starts_with("amqps://") => {
                Broker::RabbitMq {
                    url: url.to_owned(),
                    route: route(
                        self.queue,
                        self.exchange,
                        self.exchange_type.as_deref(),
                        self.routing_key.as_deref(),
                    )?,
                    queue_kind: match self.queue_kind.as_deref().unwrap_or("classic") {
                        "classic" => QueueKind::Classic,
                        "quorum" => QueueKind::Quorum,
                        other => bail!("queue_kind must be classic or quorum (got {other:?})"),
                    },
                    connections: in_range("connections", self.connections.unwrap_or(1), 1, 64)?,
                    tls_ca_pem,
                }
            }
            Some(url) if url.starts_with("nats://") || url.starts_with("tls://") => Broker::Nats {
                url: url.to_owned(),
                stream: self.stream.unwrap_or_else(|| "OUTBOX".into()),
                subject: subject(self.subject, self.subject_prefix)?,
                tls_ca_file,
                credentials_file: self.nats_credentials_file.map(PathBuf::from),
                nkey_seed_file: self.nats_nkey_seed_file.map(PathBuf::from),
            },
            Some(other) => bail!(
                "broker_url must be stdout, amqp://…, amqps://… or nats://… (got {})",
                outbox_store::error::redact(other)
            ),
        };
        let relay = RelayConfig {
            batch_size: in_range(
                "batch_size",
                self.batch_size.unwrap_or(defaults.batch_size),
                1,
                10_000,
            )?,
            lanes: in_range("lanes", self.lanes.unwrap_or(defaults.lanes), 1, 256)?,
            lease: duration("lease", self.lease, defaults.lease)?,
            poll_interval: duration("poll_interval", self.poll_interval, defaults.poll_interval)?,
            retry: RetryPolicy {
                max_attempts: in_range(
                    "max_attempts",
                    self.max_attempts.unwrap_or(defaults.retry.max_attempts),
                    1,
                    1_000,
                )?,
                backoff: Backoff {
                    base: duration(
                        "backoff_base",
                        self.backoff_base,
                        defaults.retry.backoff.base,
                    )?,
                    max: duration("backoff_max", self.backoff_max, defaults.retry.backoff.max)?,
                    ..defaults.retry.backoff
                },
            },
            shutdown_deadline: duration(
                "shutdown_deadline",
                self.shutdown_deadline,
                defaults.shutdown_deadline,
            )?,
            outage_backoff: Backoff {
                max: duration(
                    "outage_backoff_max",
                    self.outage_backoff_max,
                    defaults.outage_backoff.max,
                )?,
                ..defaults.outage_backoff
            },
            ..defaults
        };
        // ANCHOR: lease_check
        if relay.lease <= relay.shutdown_deadline {
            bail!(
                "lease ({:?}) must be longer than shutdown_deadline ({:?}), or a slow shutdown could let another relay take messages still being published",
                relay.lease,
                relay.shutdown_deadline
            );
        }
        // ANCHOR_END: lease_check
        Ok(Config {
            database_url,
            broker,
            relay,
            dead_letters_block: match self.dead_letters.as_deref().unwrap_or("block") {
                "block" => true,
                "skip" => false,
                other => bail!("dead_letters must be block or skip (got {other:?})"),
            },
            retention: duration(
                "retention",
                self.retention,
                Duration::from_secs(7 * 24 * 3600),
            )?,
            log_format: match self.log_format.as_deref().unwrap_or("pretty") {
                "pretty" => LogFormat::Pretty,
                "json" => LogFormat::Json,
                other => bail!("log_format must be pretty or json (got {other:?})"),
            },
            log_level: self.log_level.unwrap_or_else(|| "info".into()),
            cloudevents_source: self
                .cloudevents_source
                .map(|source| {
                    if source.trim().is_empty() || source.chars().any(char::is_control) {
                        bail!("cloudevents_source must be a URI reference like /shop/orders (got {source:?})");
                    }
                    Ok(source)
                })
                .transpose()?,
            metrics_addr: self
                .metrics_addr
                .map(|a| {
                    a.parse()
                        .with_context(|| format!("metrics_addr must be HOST:PORT (got {a:?})"))
                })
                .transpose()?,
        })
    }
}

// ANCHOR: password
/// Puts the database password into a PostgreSQL URL, from the setting
/// (`OUTBOX_DATABASE_PASSWORD`, for secrets injected as environment
/// variables) or from a file (a mounted secret). Either keeps it off the
/// command line, where `ps` shows it to every user of the machine. The
/// URL's parser encodes it, so any character is safe in a password.
fn with_password(url: String, password: Option<Secret>, file: Option<&str>) -> Result<String> {
    let password = match (password, file) {
        (None, None) => return Ok(url),
        (Some(_), Some(_)) => {
            bail!("set database_password or database_password_file, not both")
        }
        (Some(Secret(password)), None) => password,
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("database_password_file: reading {path}"))?;
            // A file written by `echo` ends in a newline that is not part of it.
            text.strip_suffix('\n')
                .map(|t| t.strip_suffix('\r').unwrap_or(t))
                .unwrap_or(&text)
                .to_owned()
        }
    };
    let mut parsed = url::Url::parse(&url)
        .ok()
        .filter(|u| u.scheme().starts_with("postgres") && u.has_host())
        .ok_or_else(|| anyhow!("database_password applies to postgres:// URLs only"))?;
    if parsed.password().is_some() {
        bail!("database_url has a password already; remove it from the URL");
    }
    if parsed.set_password(Some(&password)).is_err() {
        bail!("database_url cannot take a password");
    }
    Ok(parsed.into())
}
// ANCHOR_END: password

// ANCHOR: route
/// Where RabbitMQ messages go: a queue through the default exchange (the
/// default, `outbox`), or an exchange with a routing key template.
fn route(
    queue: Option<String>,
    exchange: Option<String>,
    kind: Option<&str>,
    routing_key: Option<&str>,
) -> Result<Route> {
    let Some(name) = exchange.filter(|e| !e.is_empty()) else {
        if kind.is_some() || routing_key.is_some() {
            bail!("exchange_type and routing_key need an exchange; without one, set queue");
        }
        return Ok(Route::Queue(queue.unwrap_or_else(|| "outbox".into())));
    };
    if queue.is_some() {
        bail!(
            "queue is for the default exchange; with an exchange, consumers bind their own queues"
        );
    }
    let kind = match kind.unwrap_or("topic") {
        "direct" => Exchange::Direct,
        "topic" => Exchange::Topic,
        "fanout" => Exchange::Fanout,
        "x-consistent-hash" => Exchange::ConsistentHash,
        other => bail!(
            "exchange_type must be direct, topic, fanout or x-consistent-hash (got {other:?})"
        ),
    };
    let default_key = if kind == Exchange::ConsistentHash {
        "{aggregate}"
    } else {
        "{type}"
    };
    let text = routing_key.unwrap_or(default_key);
    let routing_key = Template::parse(text).map_err(|e| anyhow!("routing_key {text:?}: {e}"))?;
    if kind == Exchange::ConsistentHash && !routing_key.uses_aggregate() {
        bail!(
            "routing_key must contain {{aggregate}} for x-consistent-hash, so each aggregate keeps to one queue (got {text:?})"
        );
    }
    Ok(Route::Exchange {
        name,
        kind,
        routing_key,
    })
}

/// The NATS subject template: `subject`, or `<subject_prefix>.{type}`.
fn subject(subject: Option<String>, prefix: Option<String>) -> Result<Template> {
    let text = match (subject, prefix) {
        (Some(_), Some(_)) => bail!("set subject or subject_prefix, not both"),
        (Some(subject), None) => subject,
        (None, prefix) => format!("{}.{{type}}", prefix.as_deref().unwrap_or("outbox")),
    };
    Template::parse(&text).map_err(|e| anyhow!("subject {text:?}: {e}"))
}
// ANCHOR_END: route

fn in_range<T: PartialOrd + fmt::Display + Copy>(
    name: &str,
    value: T,
    min: T,
    max: T,
) -> Result<T> {
    if value < min || value > max {
        bail!("{name} must be between {min} and {max} (got {value})");
    }
    Ok(value)
}

fn duration(name: &str, value: Option<String>, default: Duration) -> Result<Duration> {
    value.map_or(Ok(default), |text| {
        parse_duration(&text)
            .map_err(|_| anyhow!("{name} must be a duration like 500ms, 30s or 5m (got {text:?})"))
    })
}

/// `250ms`, `30s`, `5m`, `2h`, `7d`.
pub(crate) fn parse_duration(text: &str) -> Result<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number.parse().context("no number")?;
    let ms = match unit.trim() {
        "ms" => n,
        "s" => n.saturating_mul(1_000),
        "m" => n.saturating_mul(60_000),
        "h" => n.saturating_mul(3_600_000),
        "d" => n.saturating_mul(86_400_000),
        other => bail!("unknown unit {other:?}"),
    };
    Ok(Duration::from_millis(ms))
}

// ANCHOR: broker_debug
/// Debug output never shows passwords.
impl fmt::Debug for Broker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Broker::Stdout => f.write_str("stdout"),
            Broker::RabbitMq {
                url,
                route,
                queue_kind,
                ..
            } => {
                let url = outbox_store::error::redact(url);
                match route {
                    Route::Queue(queue) => {
                        write!(f, "rabbitmq {url} queue={queue} kind={queue_kind:?}")
                    }
                    Route::Exchange {
                        name,
                        kind,
                        routing_key,
                    } => write!(
                        f,
                        "rabbitmq {url} exchange={name} ({kind:?}) routing_key={routing_key}"
                    ),
                }
            }
            Broker::Nats {
                url,
                stream,
                subject,
                ..
            } => {
                write!(
                    f,
                    "nats {} stream={stream} subject={subject}",
                    outbox_store::error::redact(url)
                )
            }
        }
    }
}
// ANCHOR_END: broker_debug

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field(
                "database_url",
                &outbox_store::error::redact(&self.database_url),
            )
            .field("broker", &self.broker)
            .field("relay", &self.relay)
            .field("dead_letters_block", &self.dead_letters_block)
            .field("retention", &self.retention)
            .field("log_format", &self.log_format)
            .field("metrics_addr", &self.metrics_addr)
            .field("cloudevents_source", &self.cloudevents_source)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        move |key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    #[test]
    fn defaults_need_nothing_installed() {
        let config = Settings::default().resolve().expect("defaults are valid");
        assert_eq!(config.database_url, "sqlite:outbox.db");
        assert_eq!(config.broker, Broker::Stdout);
        assert_eq!(config.relay.batch_size, 500);
    }

    #[test]
    fn environment_overrides_file() {
        let file: Settings =
            toml::from_str("batch_size = 100\nbroker_url = \"nats://localhost:4222\"")
                .expect("toml");
        let env = Settings::from_env(env(&[("OUTBOX_BATCH_SIZE", "250"), ("OUTBOX_LEASE", "2m")]))
            .expect("env");
        let config = file.merge(env).resolve().expect("valid");
        assert_eq!(config.relay.batch_size, 250);
        assert_eq!(config.relay.lease, Duration::from_secs(120));
        assert!(matches!(config.broker, Broker::Nats { .. }));
    }

    #[test]
    fn bad_values_are_named_and_explained() {
        let cases = [
            (
                "batch_size = 0",
                "batch_size must be between 1 and 10000 (got 0)",
            ),
            (
                "lease = \"soon\"",
                "lease must be a duration like 500ms, 30s or 5m (got \"soon\")",
            ),
            (
                "broker_url = \"kafka://x\"",
                "broker_url must be stdout, amqp://…, amqps://… or nats://… (got kafka://x)",
            ),
            (
                "queue_kind = \"lazy\"\nbroker_url = \"amqp://h\"",
                "queue_kind must be classic or quorum (got \"lazy\")",
            ),
            (
                "database_url = \"mysql://u:pw@h/db\"",
                "database_url must start with sqlite: or postgres:// (got mysql://u:***@h/db)",
            ),
        ];
        for (toml_text, expected) in cases {
            let settings: Settings = toml::from_str(toml_text).expect("toml");
            let err = settings.resolve().expect_err(toml_text);
            assert_eq!(format!("{err:#}"), expected);
        }
    }

    #[test]
    fn unknown_keys_and_non_numbers_are_errors() {
        let err = toml::from_str::<Settings>("batchsize = 5").expect_err("typo");
        assert!(
            err.to_string().contains("unknown field `batchsize`"),
            "{err}"
        );
        let err = Settings::from_env(env(&[("OUTBOX_LANES", "four")])).expect_err("not a number");
        assert_eq!(
            format!("{err:#}"),
            "OUTBOX_LANES must be a whole number, got \"four\""
        );
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let settings: Settings = toml::from_str(
            "database_url = \"postgres://app:pw1@db/x\"\nbroker_url = \"amqp://bridge:pw2@mq:5672/%2f\"",
        )
        .expect("toml");
        let shown = format!("{:?}", settings.resolve().expect("valid"));
        assert!(!shown.contains("pw1") && !shown.contains("pw2"), "{shown}");
    }

    #[test]
    fn dead_letters_block_unless_told_to_skip() {
        assert!(
            Settings::default()
                .resolve()
                .expect("defaults")
                .dead_letters_block
        );
        let skip = Settings::from_env(env(&[("OUTBOX_DEAD_LETTERS", "skip")])).expect("env");
        assert!(!skip.resolve().expect("valid").dead_letters_block);
        let wrong = Settings::from_env(env(&[("OUTBOX_DEAD_LETTERS", "drop")])).expect("env");
        let err = wrong.resolve().expect_err("not a policy");
        assert_eq!(
            err.to_string(),
            "dead_letters must be block or skip (got \"drop\")"
        );
    }

    #[test]
    fn routes_are_checked_when_the_bridge_starts() {
        let resolve = |toml_text: &str| {
            let settings: Settings = toml::from_str(toml_text).expect("toml");
            settings.resolve().map_err(|e| format!("{e:#}"))
        };
        let amqp = "broker_url = \"amqp://mq\"\n";
        let config = resolve(&format!("{amqp}exchange = \"orders\"")).expect("valid");
        let Broker::RabbitMq { route, .. } = config.broker else {
            panic!("rabbitmq")
        };
        assert_eq!(
            route,
            Route::Exchange {
                name: "orders".into(),
                kind: Exchange::Topic,
                routing_key: Template::parse("{type}").expect("valid"),
            }
        );
        let cases = [
            (
                "exchange = \"o\"\nexchange_type = \"x-consistent-hash\"\nrouting_key = \"{type}\"",
                "routing_key must contain {aggregate} for x-consistent-hash, so each aggregate keeps to one queue (got \"{type}\")",
            ),
            (
                "routing_key = \"orders.{type}\"",
                "exchange_type and routing_key need an exchange; without one, set queue",
            ),
            (
                "exchange = \"o\"\nrouting_key = \"orders.{kind}\"",
                "routing_key \"orders.{kind}\": unknown placeholder {kind}; use {type} or {aggregate}",
            ),
            (
                "exchange = \"o\"\nqueue = \"q\"",
                "queue is for the default exchange; with an exchange, consumers bind their own queues",
            ),
            (
                "exchange = \"o\"\nexchange_type = \"headers\"",
                "exchange_type must be direct, topic, fanout or x-consistent-hash (got \"headers\")",
            ),
        ];
        for (toml_text, expected) in cases {
            let err = resolve(&format!("{amqp}{toml_text}")).expect_err(toml_text);
            assert_eq!(err, expected);
        }
        let nats = resolve("broker_url = \"nats://n\"\nsubject = \"orders.{type}.{aggregate}\"")
            .expect("valid");
        assert!(format!("{:?}", nats.broker).ends_with("subject=orders.{type}.{aggregate}"));
    }

    #[test]
    fn the_database_password_comes_from_env_or_a_file_and_is_never_shown() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("password");
        std::fs::write(&file, "p@ss:w/rd\n").expect("write");
        let settings: Settings = toml::from_str(&format!(
            "database_url = \"postgres://app@db/orders\"\ndatabase_password_file = {:?}",
            file.display().to_string()
        ))
        .expect("toml");
        let config = settings.resolve().expect("valid");
        // Percent-encoded in the URL, without the file's newline.
        assert_eq!(
            config.database_url,
            "postgres://app:p%40ss%3Aw%2Frd@db/orders"
        );
        assert!(!format!("{config:?}").contains("p%40ss"));
        let from_env = Settings::from_env(env(&[
            ("OUTBOX_DATABASE_URL", "postgres://app@db/orders"),
            ("OUTBOX_DATABASE_PASSWORD", "s3cret"),
        ]))
        .expect("env");
        assert!(!format!("{from_env:?}").contains("s3cret"), "{from_env:?}");
        assert_eq!(
            from_env.resolve().expect("valid").database_url,
            "postgres://app:s3cret@db/orders"
        );
        let refused = [
            (
                "postgres://app:old@db/orders",
                "database_url has a password already; remove it from the URL",
            ),
            (
                "sqlite:outbox.db",
                "database_password applies to postgres:// URLs only",
            ),
        ];
        for (url, expected) in refused {
            let settings = Settings::from_env(env(&[
                ("OUTBOX_DATABASE_URL", url),
                ("OUTBOX_DATABASE_PASSWORD", "x"),
            ]))
            .expect("env");
            assert_eq!(
                format!("{:#}", settings.resolve().expect_err(url)),
                expected
            );
        }
    }

    #[test]
    fn an_outbox_variable_that_is_no_setting_is_refused() {
        Settings::check_env_names(["OUTBOX_BATCH_SIZE", "OUTBOX_CONFIG", "PATH", "HOME"])
            .expect("known names and other variables pass");
        let err = Settings::check_env_names(["OUTBOX_SHUTDOWN_DEADLIN", "OUTBOX_LEASE"])
            .expect_err("a typo");
        let message = err.to_string();
        assert!(
            message.starts_with("OUTBOX_SHUTDOWN_DEADLIN is no setting;"),
            "{message}"
        );
        assert!(message.contains("SHUTDOWN_DEADLINE"), "{message}");
    }

    #[test]
    fn a_lease_shorter_than_the_shutdown_deadline_is_refused() {
        let settings: Settings =
            toml::from_str("lease = \"5s\"\nshutdown_deadline = \"10s\"").expect("toml");
        assert!(
            format!("{:#}", settings.resolve().expect_err("unsafe"))
                .starts_with("lease (5s) must be longer")
        );
    }
}
