// Fails with E0369: nothing says a `T` can be compared with `>`, so the
// generic body may not do it. The fix is the bound `T: PartialOrd`.
fn newest<T: Copy>(items: &[T]) -> Option<T> {
    let mut newest = *items.first()?;
    for &item in items {
        if item > newest {
            newest = item;
        }
    }
    Some(newest)
}

fn main() {
    println!("{:?}", newest(&[1041, 1044, 1042]));
}
