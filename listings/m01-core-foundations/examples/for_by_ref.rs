//! Lesson 01.4: the three ways a `for` loop can walk a collection. By `&`
//! it borrows each element, by `&mut` it may change them in place, and by
//! value it consumes the collection.

/// Pretends to hand a topic over to a publisher, which takes ownership.
fn hand_over(topic: String) -> usize {
    topic.len()
}

fn main() {
    // ANCHOR: by_ref
    let topics = vec![String::from("orders"), String::from("payments")];

    for topic in &topics {
        // `topic` is a `&String`: we may read it, `topics` still owns it.
        println!("subscribed to {topic}");
    }
    println!("still have {} topics", topics.len());
    // ANCHOR_END: by_ref

    // ANCHOR: by_mut
    let mut retry_counts = vec![0, 2, 5];
    for count in &mut retry_counts {
        *count += 1; // `count` is a `&mut i32`; `*` writes through it
    }
    println!("retry counts {retry_counts:?}");
    // ANCHOR_END: by_mut

    // ANCHOR: by_value
    let mut handed = 0;
    for topic in topics {
        // `topic` is a `String` moved out of the Vec; the Vec is used up.
        handed += hand_over(topic);
    }
    println!("handed over {handed} bytes of topic names");
    // ANCHOR_END: by_value

    // ANCHOR: enumerate
    let ids = [101, 102, 103];
    for (position, id) in ids.iter().enumerate() {
        println!("position {position}: message {id}");
    }
    // ANCHOR_END: enumerate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_mut_changes_in_place() {
        let mut counts = vec![1, 2];
        for count in &mut counts {
            *count *= 10;
        }
        assert_eq!(counts, [10, 20]);
    }

    #[test]
    fn by_value_consumes() {
        let topics = vec![String::from("ab"), String::from("cde")];
        let mut total = 0;
        for topic in topics {
            total += hand_over(topic);
        }
        assert_eq!(total, 5);
    }
}
