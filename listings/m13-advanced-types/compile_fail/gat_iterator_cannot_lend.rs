// Fails with E0207: `Iterator::Item` has no lifetime parameter, so an item
// cannot borrow from the `&mut self` of each `next` call. Naming a lifetime
// on the impl does not help: nothing ties it to `Self`.
struct Decoding {
    lines: Vec<String>,
    buffer: Vec<String>,
}

impl<'a> Iterator for Decoding {
    type Item = &'a mut Vec<String>;

    fn next(&mut self) -> Option<Self::Item> {
        self.buffer.clear();
        self.buffer.extend(self.lines.pop());
        Some(&mut self.buffer)
    }
}

fn main() {}
