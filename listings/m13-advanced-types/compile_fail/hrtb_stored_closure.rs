// Fails (no error code): the closure is type-checked at its `let`, where no
// bound is in sight, so its parameter gets one specific lifetime. The bound
// of `count_matching` needs a closure that accepts every lifetime.
fn count_matching<F>(lines: &[String], keep: F) -> usize
where
    F: Fn(&str) -> bool,
{
    lines.iter().filter(|line| keep(line)).count()
}

fn main() {
    let lines = vec![String::from("order-7:OrderPlaced")];
    let is_order = |line| str::starts_with(line, "order-");
    println!("{}", count_matching(&lines, is_order));
}
