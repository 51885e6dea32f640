// Fails with E0597: `Holds<Audit<'a>>` claims to own an `Audit<'a>`
// (`PhantomData<T>`), so dropping it may run `Audit`'s destructor, which
// reads the borrow. `early` is dropped after `label`, too late.
use std::marker::PhantomData;

struct Audit<'a>(&'a str);

impl Drop for Audit<'_> {
    fn drop(&mut self) {
        println!("audit of {} dropped", self.0);
    }
}

struct Holds<T> {
    name: String,
    _owns: PhantomData<T>,
}

fn holds<'a>(_label: &'a str, name: &str) -> Holds<Audit<'a>> {
    Holds {
        name: name.to_owned(),
        _owns: PhantomData,
    }
}

fn main() {
    let early;
    let label = String::from("order-7");
    early = holds(&label, "holds");
    println!("{}", early.name);
}
