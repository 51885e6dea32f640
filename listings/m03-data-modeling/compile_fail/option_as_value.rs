// A lookup that may find nothing returns Option<T>, not T.
fn payload_len(id: i64) -> Option<usize> {
    if id == 7 { Some(42) } else { None }
}

fn main() {
    let len: usize = payload_len(7);
    println!("{len} bytes");
}
