// Fails with E0308: a `&Vec<String>` parameter cannot take a sub-slice
// (Try it 2 of lesson 02.3).
fn total_bytes(payloads: &Vec<String>) -> usize {
    payloads.iter().map(|payload| payload.len()).sum()
}

fn main() {
    let pending = vec![String::from("{\"total\":42}"), String::from("{}")];
    println!("all: {} bytes", total_bytes(&pending));
    println!("first: {} bytes", total_bytes(&pending[..1]));
}
