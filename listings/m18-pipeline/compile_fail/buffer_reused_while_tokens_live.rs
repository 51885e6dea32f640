// One buffer reused for every document, as a streaming reader does; the
// first document's tokens are kept while the second is read over it.
fn words(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(u8::is_ascii_whitespace)
        .filter(|word| !word.is_empty())
}

/// Replaces the buffer's contents, keeping its allocation.
fn read_into(buffer: &mut Vec<u8>, document: &[u8]) {
    buffer.clear();
    buffer.extend_from_slice(document);
}

fn main() {
    let documents: [&[u8]; 2] = [b"first document", b"second one"];
    let mut buffer: Vec<u8> = Vec::new();
    read_into(&mut buffer, documents[0]);
    let first: Vec<&[u8]> = words(&buffer).collect();
    read_into(&mut buffer, documents[1]);
    println!("{} tokens in the first document", first.len());
}
