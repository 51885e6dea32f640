//! Worked answer to Try it 2 of lesson 09.4: one more layering rule, checked
//! against the real manifest. The relay publishes; it never speaks SQL.

use std::collections::BTreeSet;
use std::path::Path;

// ANCHOR: answer2
/// Crates that talk to a database: only the store (and the binary that
/// wires it) may use them.
const SQL_CRATES: [&str; 3] = ["sqlx", "rusqlite", "tokio-postgres"];

/// The names under `[dependencies]` of one capstone crate.
fn dependencies(crate_name: &str) -> Result<BTreeSet<String>, String> {
    // `listings/` seen from this crate, or from the repository root when the
    // book's doctests compile this file.
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listings = [manifest_dir.join(".."), manifest_dir.join("listings")]
        .into_iter()
        .find(|dir| dir.join(crate_name).is_dir())
        .unwrap_or_else(|| manifest_dir.join(".."));
    let path = listings.join(crate_name).join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let manifest: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default())
}

fn speaks_no_sql(dependencies: &BTreeSet<String>) -> bool {
    SQL_CRATES.iter().all(|c| !dependencies.contains(*c))
}
// ANCHOR_END: answer2

fn main() -> Result<(), String> {
    let relay = dependencies("outbox-relay")?;
    let store = dependencies("outbox-store")?;
    println!("outbox-relay speaks no SQL: {}", speaks_no_sql(&relay));
    println!("outbox-store speaks no SQL: {}", speaks_no_sql(&store));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relay_speaks_no_sql_and_the_store_does() {
        assert!(speaks_no_sql(
            &dependencies("outbox-relay").expect("readable")
        ));
        assert!(!speaks_no_sql(
            &dependencies("outbox-store").expect("readable")
        ));
    }
}
