// Fails with E0597: with a lifetime parameter on the function, the caller
// picks `'a`, and the function's own local cannot live that long. The bound
// needs "every lifetime" (`for<'a>`), not "one lifetime the caller chose".
fn measure_local<'a, F>(measure: F) -> usize
where
    F: Fn(&'a str) -> usize,
{
    let line = String::from("order-7:OrderPlaced");
    measure(&line)
}

fn main() {
    println!("{}", measure_local(|line| line.len()));
}
