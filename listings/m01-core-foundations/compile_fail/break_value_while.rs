// `break` with a value inside `while`: only `loop` can produce a value.
fn main() {
    let mut attempt = 0;
    let accepted_on = while attempt < 10 {
        attempt += 1;
        if attempt == 3 {
            break attempt;
        }
    };
    println!("{accepted_on:?}");
}
