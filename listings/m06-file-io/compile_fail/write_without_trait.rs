// `write!` and `writeln!` call `write_fmt`, a method of the `std::io::Write`
// trait, and a trait's methods are only callable when the trait is in scope.
use std::fs::File;

fn main() -> std::io::Result<()> {
    let mut file = File::create("events.log")?;
    writeln!(file, "1 order-42 OrderPlaced")?;
    Ok(())
}
