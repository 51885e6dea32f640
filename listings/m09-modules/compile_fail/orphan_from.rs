// In the store crate: turn the driver's error into the core's error with `?`.
// Neither `From`, nor the driver's error, nor `StoreError` belongs to the store
// crate. Here std's `io::Error` and `fmt::Error` play the two foreign types.
impl From<std::io::Error> for std::fmt::Error {
    fn from(_: std::io::Error) -> Self {
        std::fmt::Error
    }
}

fn main() {}
