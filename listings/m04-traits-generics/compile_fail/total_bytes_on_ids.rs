// `total_bytes` exists only in `impl Batch<Vec<u8>>`; a `Batch<i64>` lacks it.
#[derive(Debug)]
struct Batch<T> {
    items: Vec<T>,
}

impl Batch<Vec<u8>> {
    fn total_bytes(&self) -> usize {
        self.items.iter().map(Vec::len).sum()
    }
}

fn main() {
    let ids: Batch<i64> = Batch {
        items: vec![1041, 1042],
    };
    println!("{}", ids.total_bytes());
}
