// `+` on two string slices: neither side owns a buffer that could grow.
fn main() {
    let aggregate = "order";
    let key = aggregate + ".placed";
    println!("{key}");
}
