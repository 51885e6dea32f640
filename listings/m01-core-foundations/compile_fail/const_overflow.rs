// Fails with E0080: constants are evaluated at compile time, overflow included.
const MAX_ATTEMPTS: u8 = 200;
const RETRY_BUDGET: u8 = MAX_ATTEMPTS + 100;

fn main() {
    println!("{RETRY_BUDGET}");
}
