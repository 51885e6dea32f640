// Fails with E0382: `b` moved into `c`, so even reading `b.name` is a use
// of a moved value (Try it 2 of lesson 02.1).
struct Noisy {
    name: String,
}

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("drop   {}", self.name);
    }
}

fn main() {
    let b = Noisy {
        name: String::from("b"),
    };
    let c = b; // ownership moves from `b` to `c`
    println!("{}", b.name.clone());
    println!("-- end of function, `c` owns {}", c.name);
}
