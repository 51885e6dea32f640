//! Writes lesson 18.5's benchmark corpus: the Markdown documentation of every
//! crate `Cargo.lock` pins, repeated to at least `--min-mb` megabytes.
//!
//! `cargo run --release -p m18-pipeline --bin corpus -- <out-file> [--min-mb 100]`

use anyhow::{Context, Result, bail};
use m18_pipeline::corpus;
use std::path::{Path, PathBuf};

fn main() -> Result<()> {
    let mut arguments = std::env::args().skip(1);
    let mut out = None;
    let mut min_mb: usize = 100;
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--min-mb" => {
                min_mb = arguments
                    .next()
                    .context("--min-mb needs a number")?
                    .parse()
                    .context("--min-mb")?;
            }
            _ if out.is_none() => out = Some(PathBuf::from(argument)),
            other => bail!("unexpected argument {other:?}"),
        }
    }
    let out = out.context("usage: corpus <out-file> [--min-mb N]")?;
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = corpus::documentation(&workspace, min_mb * 1_000_000)?;
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(&out, &text).with_context(|| format!("writing {}", out.display()))?;
    let documents = m18_pipeline::documents(&text).count();
    eprintln!(
        "wrote {} ({} bytes, {documents} documents)",
        out.display(),
        text.len()
    );
    Ok(())
}
