// The orphan rule: a crate may implement a trait for a type only if it
// defines the trait or the type. outbox-store owns neither `From` nor
// `sqlx::Error` nor `StoreError`; here the same shape with std's types.
impl From<std::num::ParseIntError> for std::io::Error {
    fn from(error: std::num::ParseIntError) -> Self {
        std::io::Error::other(error)
    }
}

fn main() {
    let parsed: Result<u32, std::io::Error> = "42".parse::<u32>().map_err(Into::into);
    println!("{parsed:?}");
}
