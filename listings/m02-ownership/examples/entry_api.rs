//! Lesson 02.4: the `entry` API finds a map slot once and hands back a `&mut`
//! to it, inserting first if the key was missing.
//!
//! Run with `cargo run -p m02-ownership --example entry_api`.

use std::collections::HashMap;

// ANCHOR: group
/// Groups message ids by aggregate, keeping each aggregate's order.
fn group_by_aggregate(messages: &[(&str, u64)]) -> HashMap<String, Vec<u64>> {
    let mut groups: HashMap<String, Vec<u64>> = HashMap::new();
    for &(aggregate, id) in messages {
        groups.entry(aggregate.to_string()).or_default().push(id);
    }
    groups
}
// ANCHOR_END: group

// ANCHOR: count
/// Counts failed publish attempts per message id.
fn count_failures(failed_ids: &[u64]) -> HashMap<u64, u32> {
    let mut attempts = HashMap::new();
    for &id in failed_ids {
        *attempts.entry(id).or_insert(0) += 1;
    }
    attempts
}
// ANCHOR_END: count

/// Map contents sorted by key, so the printed output is stable.
fn sorted<K: Ord + Clone, V: Clone>(map: &HashMap<K, V>) -> Vec<(K, V)> {
    let mut pairs: Vec<(K, V)> = map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
}

fn main() {
    let messages = [("order", 17), ("invoice", 3), ("order", 18), ("order", 19)];
    let groups = group_by_aggregate(&messages);
    println!("groups:   {:?}", sorted(&groups));

    let failures = count_failures(&[18, 3, 18, 18]);
    println!("failures: {:?}", sorted(&failures));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_keeps_per_aggregate_order() {
        let groups = group_by_aggregate(&[("a", 2), ("b", 1), ("a", 1)]);
        assert_eq!(groups["a"], [2, 1]);
        assert_eq!(groups["b"], [1]);
    }

    #[test]
    fn counting_starts_at_zero_for_new_keys() {
        let failures = count_failures(&[5, 5, 6]);
        assert_eq!(failures[&5], 2);
        assert_eq!(failures[&6], 1);
        assert_eq!(failures.get(&7), None);
    }
}
