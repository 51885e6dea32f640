// `?` cannot turn a boxed error into an `anyhow::Error`, not even one that is
// `Send + Sync`: anyhow converts types that implement `std::error::Error`,
// and `Box<dyn Error + Send + Sync>` does not. This file is compiled by rustc
// alone, so `mod anyhow` stands in for the crate with anyhow's own blanket
// `From` impl; the real crate fails the same way.
use std::error::Error;

mod anyhow {
    #[derive(Debug)]
    pub struct Error(Box<dyn std::error::Error + Send + Sync + 'static>);

    impl<E> From<E> for Error
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        fn from(error: E) -> Self {
            Error(Box::new(error))
        }
    }

    pub type Result<T> = std::result::Result<T, Error>;
}

type BoxError = Box<dyn Error + Send + Sync>;

fn connect_driver() -> Result<u16, BoxError> {
    Err("connection refused".into())
}

fn start() -> anyhow::Result<u16> {
    let port = connect_driver()?;
    Ok(port)
}

fn main() {
    println!("{:?}", start().is_ok());
}
