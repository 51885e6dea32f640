// `std::error::Error` requires `Debug` and `Display`; deriving `Debug` alone
// is not enough.
use std::error::Error;

#[derive(Debug)]
enum StoreError {
    Busy,
}

impl Error for StoreError {}

fn main() {
    let error: Box<dyn Error> = Box::new(StoreError::Busy);
    println!("{error:?}");
}
