// Fails with E0597: `r` would still point at `x` after `x` is dropped.
fn main() {
    let r;
    {
        let x = 5;
        r = &x;
    }
    println!("{r}");
}
