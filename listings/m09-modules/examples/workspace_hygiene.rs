//! Lesson 09.3: this course's own workspace, read from its manifests, and the
//! rules that keep one workspace consistent checked against every member.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The repository root: the nearest directory up from this package whose
/// `Cargo.toml` has a `[workspace]` table.
fn workspace_root() -> Option<PathBuf> {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| {
            fs::read_to_string(dir.join("Cargo.toml"))
                .ok()
                .and_then(|text| text.parse::<toml::Table>().ok())
                .is_some_and(|manifest| manifest.contains_key("workspace"))
        })
        .map(Path::to_path_buf)
}

/// Every member's directory: `members = ["ci", "listings/*"]`, globs expanded.
fn member_dirs(root: &Path, workspace: &toml::Table) -> Vec<PathBuf> {
    let patterns = workspace
        .get("members")
        .and_then(|m| m.as_array())
        .map(|m| m.iter().filter_map(|p| p.as_str()).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut dirs = Vec::new();
    for pattern in patterns {
        if let Some(parent) = pattern.strip_suffix("/*") {
            if let Ok(entries) = fs::read_dir(root.join(parent)) {
                dirs.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
            }
        } else {
            dirs.push(root.join(pattern));
        }
    }
    dirs.retain(|dir| dir.join("Cargo.toml").is_file());
    dirs.sort();
    dirs
}

// ANCHOR: rules
/// `key.workspace = true`: the value comes from the workspace root.
fn inherited(value: Option<&toml::Value>) -> bool {
    value
        .and_then(|v| v.get("workspace"))
        .and_then(|w| w.as_bool())
        .unwrap_or(false)
}

/// The rules one member breaks, as sentences (empty: it keeps them all).
fn broken_rules(member: &toml::Table) -> Vec<String> {
    let mut broken = Vec::new();
    let package = member.get("package");
    for key in ["edition", "rust-version", "license"] {
        if !inherited(package.and_then(|p| p.get(key))) {
            broken.push(format!("`{key}` is not taken from [workspace.package]"));
        }
    }
    if !inherited(member.get("lints")) {
        broken.push("does not opt in to [workspace.lints]".to_owned());
    }
    for table in ["dependencies", "dev-dependencies", "build-dependencies"] {
        let Some(dependencies) = member.get(table).and_then(|t| t.as_table()) else {
            continue;
        };
        for (name, spec) in dependencies {
            // A path dependency is another member; anything else must say
            // `workspace = true`, so its version lives in one place.
            let is_path = spec.get("path").is_some() && spec.get("version").is_none();
            if !is_path && !inherited(Some(spec)) {
                broken.push(format!("pins its own version of `{name}` in [{table}]"));
            }
        }
    }
    broken
}
// ANCHOR_END: rules

fn main() -> ExitCode {
    let Some(root) = workspace_root() else {
        eprintln!("no workspace root above {}", env!("CARGO_MANIFEST_DIR"));
        return ExitCode::FAILURE;
    };
    let read =
        |path: PathBuf| -> Option<toml::Table> { fs::read_to_string(&path).ok()?.parse().ok() };
    let Some(root_manifest) = read(root.join("Cargo.toml")) else {
        eprintln!("cannot read {}", root.join("Cargo.toml").display());
        return ExitCode::FAILURE;
    };
    let workspace = root_manifest
        .get("workspace")
        .and_then(|w| w.as_table())
        .cloned()
        .unwrap_or_default();
    let shared = workspace
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map_or(0, |d| d.len());
    println!(
        "resolver: {}",
        workspace
            .get("resolver")
            .and_then(|r| r.as_str())
            .unwrap_or("?")
    );
    println!(
        "shared dependency versions: {}",
        if shared > 0 {
            "[workspace.dependencies]"
        } else {
            "none"
        }
    );

    let mut failures = 0;
    for dir in member_dirs(&root, &workspace) {
        let Some(member) = read(dir.join("Cargo.toml")) else {
            eprintln!("cannot read {}", dir.join("Cargo.toml").display());
            return ExitCode::FAILURE;
        };
        for rule in broken_rules(&member) {
            failures += 1;
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            println!("BROKEN {name}: {rule}");
        }
    }
    if failures == 0 {
        println!(
            "ok     every member takes edition, rust-version and license from [workspace.package]"
        );
        println!("ok     every member opts in to [workspace.lints]");
        println!(
            "ok     no member pins a version of its own: versions live in [workspace.dependencies]"
        );
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_member_of_this_workspace_keeps_the_rules() {
        let root = workspace_root().expect("inside the course repository");
        let text = fs::read_to_string(root.join("Cargo.toml")).expect("readable");
        let manifest: toml::Table = text.parse().expect("valid TOML");
        let workspace = manifest["workspace"]
            .as_table()
            .expect("a workspace")
            .clone();
        let members = member_dirs(&root, &workspace);
        assert!(members.len() >= 10, "found only {members:?}");
        for dir in members {
            let member: toml::Table = fs::read_to_string(dir.join("Cargo.toml"))
                .expect("readable")
                .parse()
                .expect("valid TOML");
            assert_eq!(
                broken_rules(&member),
                Vec::<String>::new(),
                "{}",
                dir.display()
            );
        }
    }

    #[test]
    fn a_pinned_version_is_caught() {
        let member: toml::Table = r#"
            [package]
            name = "m99-demo"
            edition.workspace = true
            rust-version.workspace = true
            license.workspace = true
            [lints]
            workspace = true
            [dependencies]
            tokio = "1"
            outbox-core = { path = "../outbox-core" }
            serde.workspace = true
        "#
        .parse()
        .expect("valid TOML");
        assert_eq!(
            broken_rules(&member),
            ["pins its own version of `tokio` in [dependencies]"]
        );
    }
}
