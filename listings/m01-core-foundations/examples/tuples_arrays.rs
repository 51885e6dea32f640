//! Lesson 01.2: tuples group different types; arrays repeat one type.
//!
//! Run with `cargo run -p m01-core-foundations --example tuples_arrays`.

// ANCHOR: tuple
/// The position of a relay in the outbox: last sequence number read and how
/// many rows are still waiting. A tuple is fine for a pair this small.
fn checkpoint() -> (i64, usize) {
    (1_042, 17)
}
// ANCHOR_END: tuple

/// Sums per-shard backlogs held in a fixed-size array.
fn total_backlog(backlog: [usize; 4]) -> usize {
    backlog.iter().sum()
}

fn main() {
    // ANCHOR: use_tuple
    let (last_seq, pending) = checkpoint(); // destructure
    let position = checkpoint();
    println!("last seq {last_seq}, pending {pending}");
    println!("same via fields: {} and {}", position.0, position.1);
    // ANCHOR_END: use_tuple

    // ANCHOR: array
    let backlog: [usize; 4] = [3, 0, 11, 3]; // the length is part of the type
    let empty_shards = [0_usize; 4]; // [value; length]
    println!("backlog {backlog:?}, total {}", total_backlog(backlog));
    println!("first shard {}, last shard {}", backlog[0], backlog[3]);
    println!("fresh shards {empty_shards:?}");
    // ANCHOR_END: array

    // ANCHOR: get
    println!(
        "get(2) = {:?}, get(7) = {:?}",
        backlog.get(2),
        backlog.get(7)
    );
    // ANCHOR_END: get
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuple_fields_keep_their_types() {
        let (seq, pending) = checkpoint();
        assert_eq!(seq, 1_042_i64);
        assert_eq!(pending, 17_usize);
    }

    #[test]
    fn arrays_sum_and_bounds_check() {
        let backlog = [3, 0, 11, 3];
        assert_eq!(total_backlog(backlog), 17);
        assert_eq!(backlog.get(7), None);
    }
}
