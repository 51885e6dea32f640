// Fails with E0382: `payload` was moved into `queued`, so it owns nothing now.
fn main() {
    let payload = String::from("order-17 placed");
    let queued = payload;
    println!("queued {queued}");
    println!("payload is {payload}");
}
