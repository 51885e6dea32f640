// Fails with E0597: `batch` is dropped at the end of the inner block while
// `latest` still points into it.
fn main() {
    let latest;
    {
        let batch = vec![String::from("order-17"), String::from("order-18")];
        latest = &batch[1];
    }
    println!("latest: {latest}");
}
