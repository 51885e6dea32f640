// `into_inner` takes the `BufWriter` by value: after it, the writer is gone.
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut out = BufWriter::new(Vec::new());
    writeln!(out, "7 order-42 OrderPlaced")?;
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    writeln!(out, "8 order-7 OrderShipped")?;
    println!("{} bytes", bytes.len());
    Ok(())
}
