//! Lesson 11.3: scoped threads borrow the caller's data, because the scope
//! joins them all before it returns.

use std::thread;

// ANCHOR: scope
/// Sums each chunk of `sizes` on its own thread, borrowing the slice.
fn chunk_sums(sizes: &[u64], chunks: usize) -> Vec<u64> {
    let chunk_len = sizes.len().div_ceil(chunks.max(1)).max(1);
    thread::scope(|scope| {
        let handles: Vec<_> = sizes
            .chunks(chunk_len)
            .map(|chunk| scope.spawn(move || chunk.iter().sum::<u64>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a summing thread panicked"))
            .collect()
    })
    // Every thread has been joined here, so the borrows of `sizes` are over.
}
// ANCHOR_END: scope

// ANCHOR: scope_mut
/// Each thread gets exclusive access to its own part of the vector.
fn normalise_in_place(names: &mut [String]) {
    let half = names.len() / 2;
    let (left, right) = names.split_at_mut(half);
    thread::scope(|scope| {
        scope.spawn(|| left.iter_mut().for_each(|n| n.make_ascii_lowercase()));
        scope.spawn(|| right.iter_mut().for_each(|n| n.make_ascii_lowercase()));
    });
}
// ANCHOR_END: scope_mut

fn main() {
    let sizes: Vec<u64> = (1..=10).collect();
    println!("chunk sums: {:?}", chunk_sums(&sizes, 3));
    println!("still ours: {} sizes", sizes.len());

    let mut names = vec!["Orders".to_owned(), "PAID".to_owned(), "Shipped".to_owned()];
    normalise_in_place(&mut names);
    println!("names: {names:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_sums_add_up_to_the_total() {
        let sizes: Vec<u64> = (0..1000).collect();
        for chunks in [1, 2, 3, 7, 1000, 5000] {
            let sums = chunk_sums(&sizes, chunks);
            assert_eq!(sums.iter().sum::<u64>(), sizes.iter().sum::<u64>());
        }
        assert!(chunk_sums(&[], 4).is_empty());
    }

    #[test]
    fn both_halves_are_changed() {
        let mut names = vec!["A".to_owned(), "B".to_owned(), "C".to_owned()];
        normalise_in_place(&mut names);
        assert_eq!(names, ["a", "b", "c"]);
    }
}
