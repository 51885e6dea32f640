// The tokens of a file, returned from the function that read it. The
// signature promises slices borrowed from `path` (the only reference the
// caller gave); they are slices of `text`, which is freed on return.
use std::fs;
use std::path::Path;

fn words(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(u8::is_ascii_whitespace)
        .filter(|word| !word.is_empty())
}

fn first_words(path: &Path, n: usize) -> std::io::Result<Vec<&[u8]>> {
    let text = fs::read(path)?;
    Ok(words(&text).take(n).collect())
}

fn main() {
    let first = first_words(Path::new("README.md"), 5);
    println!("{first:?}");
}
