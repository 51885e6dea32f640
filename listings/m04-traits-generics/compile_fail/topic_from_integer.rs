// `Into<Topic>` exists for exactly the types `Topic` has a `From` impl for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Topic(String);

impl From<&str> for Topic {
    fn from(name: &str) -> Self {
        Topic(name.trim().to_lowercase())
    }
}

impl From<String> for Topic {
    fn from(name: String) -> Self {
        Topic::from(name.as_str())
    }
}

fn main() {
    let audit = Topic::from(String::from(" Audit "));
    let t: Topic = 42.into();
    println!("{audit:?} {t:?}");
}
