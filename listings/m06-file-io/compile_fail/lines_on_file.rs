// `lines()` belongs to `BufRead`, which a bare `File` does not implement:
// reading line by line needs a buffer to find the newlines in.
use std::fs::File;

fn main() -> std::io::Result<()> {
    let file = File::open("outbox.dump")?;
    for line in file.lines() {
        println!("{}", line?);
    }
    Ok(())
}
