// Fails with E0382: the header was copied to `moved` and `payload` retired
// (Try it 5 of lesson 02.1).
fn move_keeps_the_buffer() -> bool {
    let mut payload = String::with_capacity(32);
    payload.push_str("order-17 placed");
    let moved = payload; // copies ptr, len, cap; `payload` is now unusable
    println!("moved holds {moved}");
    payload.len() > 0
}

fn main() {
    println!("{}", move_keeps_the_buffer());
}
