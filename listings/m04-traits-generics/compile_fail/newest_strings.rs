// `newest` asks for `T: Copy`, and a `String` owns heap memory: not `Copy`.
fn newest<T: PartialOrd + Copy>(items: &[T]) -> Option<T> {
    let mut newest = *items.first()?;
    for &item in items {
        if item > newest {
            newest = item;
        }
    }
    Some(newest)
}

fn main() {
    println!("{:?}", newest(&["b".to_string(), "a".to_string()]));
}
