// A file name is an `OsStr`, not a `str`: it may not be valid UTF-8, so
// there is no free conversion to `&str`.
use std::path::Path;

fn main() {
    let path = Path::new("/var/lib/relay/outbox.log");
    let name: &str = path.file_name().unwrap();
    println!("{name}");
}
