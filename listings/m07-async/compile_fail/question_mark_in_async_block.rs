// `?` inside an async block whose error type nothing pins down.
fn main() {
    let load = async {
        let id: u64 = "42".parse()?;
        Ok(id)
    };
    drop(load);
}
