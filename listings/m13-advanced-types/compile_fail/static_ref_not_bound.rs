// Fails with E0597: `&'static str` asks for a borrow valid for the rest of
// the program, which a local `String` cannot give. `T: 'static` (take the
// `String` by value) was probably what was meant.
fn describe_forever(value: &'static str) -> String {
    format!("{value:?}")
}

fn main() {
    let owned = String::from("order-7");
    println!("{}", describe_forever(&owned));
}
