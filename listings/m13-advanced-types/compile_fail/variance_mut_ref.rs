// Fails with E0597: `&mut T` is invariant in `T`. `&mut &'static str`
// cannot shrink to `&mut &'local str`, so `T` stays `&'static str` and the
// local would have to live forever. (By value, `T` would shrink: see
// `feed` in examples/phantom_variance.rs.)
fn overwrite<T>(slot: &mut T, value: T) {
    *slot = value;
}

fn main() {
    let mut greeting: &'static str = "hello";
    let local = String::from("bye");
    overwrite(&mut greeting, &local);
    println!("{greeting}");
}
