//! Worked answer to Try it 4 of lesson 09.3: which workspace members break
//! the course's naming convention? Module crates are `mNN-topic`, the
//! capstone's are `outbox-…`, and the tooling is `ci`.

use std::fs;
use std::path::Path;

// ANCHOR: answer4
/// Whether a package name follows the course's convention.
fn follows_convention(name: &str) -> bool {
    let module_crate = name
        .strip_prefix('m')
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(number, topic)| {
            number.len() == 2 && number.chars().all(|c| c.is_ascii_digit()) && !topic.is_empty()
        });
    module_crate || name.starts_with("outbox-") || name == "ci"
}

/// The package names of the crates under `listings/`, sorted.
fn listing_packages(listings: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(listings)
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let text = fs::read_to_string(entry.ok()?.path().join("Cargo.toml")).ok()?;
            let manifest: toml::Table = text.parse().ok()?;
            Some(manifest.get("package")?.get("name")?.as_str()?.to_owned())
        })
        .collect();
    names.sort();
    names
}
// ANCHOR_END: answer4

fn main() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    // `listings/` from this crate, or from the repository root (the book's doctests).
    let listings = [here.join(".."), here.join("listings")]
        .into_iter()
        .find(|dir| dir.join("outbox-core").is_dir())
        .unwrap_or_else(|| here.join(".."));
    let offenders: Vec<String> = listing_packages(&listings)
        .into_iter()
        .filter(|name| !follows_convention(name))
        .collect();
    println!("members breaking the naming convention: {offenders:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_convention_accepts_module_capstone_and_tool_crates() {
        for good in ["m09-modules", "m14-answers", "outbox-core", "ci"] {
            assert!(follows_convention(good), "{good}");
        }
        for bad in ["m9-modules", "modules", "m09-", "bridge-core"] {
            assert!(!follows_convention(bad), "{bad}");
        }
    }

    #[test]
    fn every_listing_crate_follows_it() {
        let listings = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let names = listing_packages(&listings);
        assert!(names.iter().any(|n| n == "m09-modules"), "{names:?}");
        assert!(names.iter().all(|n| follows_convention(n)), "{names:?}");
    }
}
