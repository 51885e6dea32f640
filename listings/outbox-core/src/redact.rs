//! URLs without their secrets, for messages and logs.

// ANCHOR: redact
/// Query parameters whose values are secrets (libpq's `password`, sqlx's
/// `sslpassword`, tokens some brokers accept in the URL).
const SECRET_PARAMS: [&str; 5] = ["password", "sslpassword", "pass", "token", "secret"];

/// `url` with every secret in it replaced by `***`: the password of the
/// user info, the secret query parameters, and for NATS the user name too
/// (`nats://TOKEN@host` carries a token there). The URL is parsed, not
/// searched for `:` and `@`, so percent-encoded characters and an `@` in a
/// password cannot leak the rest. Text that does not parse as a URL with a
/// host comes back unchanged unless it has an `@` in it, which could be a
/// credential: then only its scheme is shown.
pub fn redact_url(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return hide_unparsed(url);
    };
    if !parsed.has_host() {
        // `sqlite:outbox.db` and the like: a path, no credentials.
        return if url.contains('@') {
            hide_unparsed(url)
        } else {
            url.to_owned()
        };
    }
    if parsed.password().is_some() {
        // Only fails for URLs without a host, handled above.
        let _ = parsed.set_password(Some("***"));
    }
    if matches!(parsed.scheme(), "nats" | "tls") && !parsed.username().is_empty() {
        let _ = parsed.set_username("***");
    }
    let has_secret = parsed
        .query_pairs()
        .any(|(key, _)| SECRET_PARAMS.contains(&key.to_ascii_lowercase().as_str()));
    if has_secret {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(key, value)| {
                let secret = SECRET_PARAMS.contains(&key.to_ascii_lowercase().as_str());
                (
                    key.into_owned(),
                    if secret {
                        "***".into()
                    } else {
                        value.into_owned()
                    },
                )
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}

fn hide_unparsed(url: &str) -> String {
    match url.split_once(':') {
        Some((scheme, _)) if url.contains('@') => format!("{scheme}:<hidden>"),
        _ => url.to_owned(),
    }
}
// ANCHOR_END: redact

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_never_reach_a_message() {
        let cases = [
            (
                "postgres://app:s3cret@db:5432/orders",
                "postgres://app:***@db:5432/orders",
            ),
            ("postgres://app@db/orders", "postgres://app@db/orders"),
            ("sqlite:outbox.db", "sqlite:outbox.db"),
            // An `@` inside the password, percent-encoded or not.
            (
                "postgres://app:p%40ss@db/orders",
                "postgres://app:***@db/orders",
            ),
            ("amqp://u:a@b@mq:5672/%2f", "amqp://u:***@mq:5672/%2f"),
            // libpq and sqlx accept the password as a parameter too.
            (
                "postgres://app@db/orders?sslmode=require&password=s3cret",
                "postgres://app@db/orders?sslmode=require&password=***",
            ),
            ("nats://s3cret-token@nats:4222", "nats://***@nats:4222"),
            ("nats://u:pw@nats:4222", "nats://***:***@nats:4222"),
            ("not a url with pw@host", "not a url with pw@host"),
            ("weird:u:pw@host", "weird:<hidden>"),
        ];
        for (url, shown) in cases {
            assert_eq!(redact_url(url), shown, "{url}");
        }
    }
}
