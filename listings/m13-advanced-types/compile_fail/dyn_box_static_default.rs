// Fails with E0597: the field's type `Box<dyn Fn(&str) -> bool>` means
// `+ 'static`, so the closure may not borrow the local `banned`.
struct Checks {
    rules: Vec<Box<dyn Fn(&str) -> bool>>,
}

fn main() {
    let banned = String::from("Test");
    let mut checks = Checks { rules: Vec::new() };
    checks
        .rules
        .push(Box::new(|event: &str| !event.starts_with(banned.as_str())));
    println!("{} rule(s)", checks.rules.len());
}
