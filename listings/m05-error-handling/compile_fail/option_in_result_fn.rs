// `?` on an `Option` would return `None`, which a `Result` function cannot return.
use std::collections::BTreeMap;

#[derive(Debug)]
enum ConfigError {
    Missing(&'static str),
}

fn broker_url(settings: &BTreeMap<&str, &str>) -> Result<String, ConfigError> {
    let url = settings.get("broker_url")?;
    Ok(url.to_string())
}

fn main() {
    let settings = BTreeMap::from([("broker_url", "amqp://localhost")]);
    println!("{:?}", broker_url(&settings));
    let _ = ConfigError::Missing("broker_url");
}
