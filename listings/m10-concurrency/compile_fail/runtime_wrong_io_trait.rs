// Each runtime family has its own I/O traits. Tokio code asks for
// `tokio::io::AsyncRead`; smol's sockets implement `futures::io::AsyncRead`.
// Files in compile_fail/ are checked by rustc alone, so two small stand-ins
// play the two traits and smol's `TcpStream`.

mod tokio_io {
    /// Stand-in for `tokio::io::AsyncRead`.
    pub trait AsyncRead {}

    /// A helper built on Tokio's traits, as a codec or a client library offers.
    pub fn read_frame<R: AsyncRead>(_reader: &mut R) -> Vec<u8> {
        Vec::new()
    }
}

mod futures_io {
    /// Stand-in for `futures::io::AsyncRead`, the trait smol's types implement.
    pub trait AsyncRead {}
}

/// Stand-in for `smol::net::TcpStream`.
struct SmolTcpStream;

impl futures_io::AsyncRead for SmolTcpStream {}

fn main() {
    let mut stream = SmolTcpStream;
    let _frame = tokio_io::read_frame(&mut stream);
}
