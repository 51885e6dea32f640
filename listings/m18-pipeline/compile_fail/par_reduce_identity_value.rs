// rayon's `reduce` takes a closure that makes the identity, not the identity
// itself: each job that needs a starting value calls it. Passing a value, as
// `Iterator::fold` takes one, is refused. The stand-in has `reduce`'s bounds.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Summary {
    documents: u64,
    tokens: u64,
}

impl Summary {
    fn merge(self, other: Summary) -> Summary {
        Summary {
            documents: self.documents + other.documents,
            tokens: self.tokens + other.tokens,
        }
    }
}

fn reduce<T: Send>(
    items: Vec<T>,
    identity: impl Fn() -> T + Sync + Send,
    op: impl Fn(T, T) -> T + Sync + Send,
) -> T {
    items.into_iter().fold(identity(), op)
}

fn main() {
    let per_document = vec![
        Summary { documents: 1, tokens: 12 },
        Summary { documents: 1, tokens: 30 },
    ];
    let total = reduce(per_document, Summary::default(), Summary::merge);
    println!("{total:?}");
}
