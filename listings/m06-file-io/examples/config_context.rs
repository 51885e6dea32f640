//! Lesson 06.2: propagating IO errors with `?`, and adding context with
//! `anyhow::Context` so the message says which file and which step failed.

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

fn main() -> Result<()> {
    let scratch = ScratchDir::new("config-context")?;
    // Work inside the scratch dir, so error messages show short relative paths.
    std::env::set_current_dir(scratch.path())?;
    fs::write(
        "relay.conf",
        "broker = amqp://localhost\nbatch_size = 100\n",
    )?;
    fs::write(
        "broken.conf",
        "broker = amqp://localhost\nbatch_size = lots\n",
    )?;

    for name in ["relay.conf", "missing.conf", "broken.conf"] {
        match load_config(Path::new(name)) {
            Ok(config) => println!("{name}: {config:?}"),
            // `{:#}` prints the whole chain on one line: outer: inner: root cause.
            Err(err) => println!("{name}: error: {err:#}"),
        }
    }
    Ok(())
}

// ANCHOR: load
#[derive(Debug, PartialEq)]
struct RelayConfig {
    broker: String,
    batch_size: u32,
}

fn load_config(path: &Path) -> Result<RelayConfig> {
    let text =
        fs::read_to_string(path).with_context(|| format!("reading config {}", path.display()))?;
    parse_config(&text).with_context(|| format!("parsing config {}", path.display()))
}

fn parse_config(text: &str) -> Result<RelayConfig> {
    let (mut broker, mut batch_size) = (None, None);
    for (number, line) in text.lines().enumerate() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        match key.trim() {
            "broker" => broker = Some(value.trim().to_owned()),
            "batch_size" => {
                let parsed = value.trim().parse::<u32>();
                batch_size = Some(parsed.with_context(|| format!("line {}", number + 1))?);
            }
            other => bail!("unknown key {other:?} on line {}", number + 1),
        }
    }
    Ok(RelayConfig {
        broker: broker.context("missing key `broker`")?,
        batch_size: batch_size.unwrap_or(50),
    })
}
// ANCHOR_END: load

/// A directory under the system temp dir that deletes itself when dropped.
#[derive(Debug)]
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new(label: &str) -> std::io::Result<Self> {
        let name = format!("rust-mastery-{label}-{}", std::process::id());
        let dir = std::env::temp_dir().join(name);
        fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_complete_config() -> Result<()> {
        let config = parse_config("broker = nats://x\nbatch_size = 5\n")?;
        assert_eq!(
            config,
            RelayConfig {
                broker: "nats://x".into(),
                batch_size: 5
            }
        );
        Ok(())
    }

    #[test]
    fn missing_file_keeps_the_io_error_as_root_cause() {
        let err = load_config(Path::new("/no/such/relay.conf")).expect_err("missing");
        assert_eq!(err.to_string(), "reading config /no/such/relay.conf");
        let io = err
            .downcast_ref::<std::io::Error>()
            .expect("io::Error inside");
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn bad_number_names_the_line() {
        let err = parse_config("broker = x\nbatch_size = lots\n").expect_err("bad number");
        assert_eq!(format!("{err:#}"), "line 2: invalid digit found in string");
    }

    #[test]
    fn unknown_key_and_missing_broker() {
        assert!(parse_config("colour = blue").is_err());
        let err = parse_config("batch_size = 1").expect_err("no broker");
        assert_eq!(err.to_string(), "missing key `broker`");
    }
}
