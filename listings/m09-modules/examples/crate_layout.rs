//! Lesson 09.4: the outbox bridge's four crates, read from their real
//! manifests, and the layering rules checked against them. Run it after
//! changing a capstone `Cargo.toml`: it fails when a rule is broken.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ANCHOR: rules
/// The capstone's crates, from the bottom layer up.
const CRATES: [&str; 4] = [
    "outbox-core",
    "outbox-store",
    "outbox-relay",
    "outbox-bridge",
];

/// Crates that do I/O or need an async runtime: the core must not use any.
const IO_CRATES: [&str; 6] = [
    "tokio",
    "tokio-util",
    "sqlx",
    "lapin",
    "async-nats",
    "futures",
];

/// Crates for the edge of the service only: error reports, CLI, log output.
const EDGE_CRATES: [&str; 3] = ["anyhow", "clap", "tracing-subscriber"];

/// What one crate's `[dependencies]` names (dev-dependencies excluded:
/// they build tests, not the crate).
#[derive(Debug)]
struct Manifest {
    name: &'static str,
    workspace: BTreeSet<String>,
    registry: BTreeSet<String>,
}

fn check(manifests: &[Manifest], core_source: &str) -> Vec<(bool, &'static str)> {
    let by_name = |name: &str| manifests.iter().find(|m| m.name == name);
    let core = by_name("outbox-core");
    let core_is_pure = core.is_some_and(|core| {
        core.workspace.is_empty() && IO_CRATES.iter().all(|c| !core.registry.contains(*c))
    });
    let core_source_is_pure = ["std::fs", "std::net", "std::process", "tokio::"]
        .iter()
        .all(|path| !core_source.contains(path));
    let middle_on_core_only = ["outbox-store", "outbox-relay"]
        .iter()
        .all(|name| by_name(name).is_some_and(|m| m.workspace.iter().eq(["outbox-core"])));
    let edge_in_binary_only = manifests
        .iter()
        .filter(|m| m.name != "outbox-bridge")
        .all(|m| EDGE_CRATES.iter().all(|c| !m.registry.contains(*c)));
    vec![
        (
            core_is_pure,
            "outbox-core depends on no other crate of ours, no runtime and no I/O crate",
        ),
        (
            core_source_is_pure,
            "outbox-core's source uses no std::fs, std::net, std::process or tokio",
        ),
        (
            middle_on_core_only,
            "outbox-store and outbox-relay depend on outbox-core only, not on each other",
        ),
        (
            edge_in_binary_only,
            "only outbox-bridge uses anyhow, clap and tracing-subscriber",
        ),
    ]
}
// ANCHOR_END: rules

/// `listings/`, found from the package being built: this crate when run
/// with cargo, the repository root when the book's doctests compile it.
fn listings_dir() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    [manifest_dir.join(".."), manifest_dir.join("listings")]
        .into_iter()
        .find(|dir| dir.join("outbox-core").is_dir())
        .unwrap_or_else(|| manifest_dir.join(".."))
}

fn read_manifest(name: &'static str) -> Result<Manifest, String> {
    let path = listings_dir().join(name).join("Cargo.toml");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut manifest = Manifest {
        name,
        workspace: BTreeSet::new(),
        registry: BTreeSet::new(),
    };
    if let Some(dependencies) = value.get("dependencies").and_then(|d| d.as_table()) {
        for (dependency, spec) in dependencies {
            // A `path` dependency is another crate of this workspace.
            let local = spec.as_table().is_some_and(|t| t.contains_key("path"));
            let set = if local {
                &mut manifest.workspace
            } else {
                &mut manifest.registry
            };
            set.insert(dependency.clone());
        }
    }
    Ok(manifest)
}

fn core_source() -> Result<String, String> {
    let dir = listings_dir().join("outbox-core/src");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    let mut source = String::new();
    for file in files {
        let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        // Code only: a doc comment may well mention `tokio::spawn`.
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            source.push_str(line);
            source.push('\n');
        }
    }
    Ok(source)
}

fn list(names: &BTreeSet<String>) -> String {
    if names.is_empty() {
        "-".to_owned()
    } else {
        names.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

fn main() -> ExitCode {
    let manifests: Result<Vec<Manifest>, String> = CRATES.into_iter().map(read_manifest).collect();
    let (manifests, source) = match (manifests, core_source()) {
        (Ok(m), Ok(s)) => (m, s),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("cannot read the capstone: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{:<14} {:<40} uses from crates.io",
        "crate", "uses from this workspace"
    );
    for m in &manifests {
        println!(
            "{:<14} {:<40} {}",
            m.name,
            list(&m.workspace),
            list(&m.registry)
        );
    }
    println!();
    let results = check(&manifests, &source);
    for (ok, rule) in &results {
        println!("{} {rule}", if *ok { "ok    " } else { "BROKEN" });
    }
    if results.iter().all(|(ok, _)| *ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifests() -> Vec<Manifest> {
        CRATES
            .into_iter()
            .map(|n| read_manifest(n).expect("readable"))
            .collect()
    }

    #[test]
    fn the_capstone_keeps_its_layering_rules() {
        let source = core_source().expect("readable");
        for (ok, rule) in check(&manifests(), &source) {
            assert!(ok, "broken: {rule}");
        }
    }

    #[test]
    fn a_runtime_in_the_core_breaks_the_first_rule() {
        let mut manifests = manifests();
        manifests[0].registry.insert("tokio".into());
        let results = check(&manifests, "");
        assert!(!results[0].0);
        assert!(results[1..].iter().all(|(ok, _)| *ok));
    }

    #[test]
    fn the_relay_depending_on_the_store_breaks_the_third_rule() {
        let mut manifests = manifests();
        manifests[2].workspace.insert("outbox-store".into());
        let results = check(&manifests, "");
        assert!(!results[2].0);
    }
}
