// Fails with E0277: `{}` needs `Display`, and a bare `T` promises nothing.
// The fix is the bound `T: std::fmt::Display`.
fn summary<T>(items: &[T]) -> String {
    let shown: Vec<String> = items.iter().map(|item| format!("{item}")).collect();
    shown.join(", ")
}

fn main() {
    println!("{}", summary(&[1041, 1042]));
}
