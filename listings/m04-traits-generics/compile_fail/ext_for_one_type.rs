// An extension trait implemented for one type only: the boxed publisher
// chosen at run time is a `Publisher` too, but no impl covers it any more.
// (The bridge's traits, trimmed to synchronous std-only code.)
trait Publisher {
    fn publish(&self, batch: &[&str]) -> Vec<Result<(), String>>;
}

trait DynPublisher {
    fn publish_dyn(&self, batch: &[&str]) -> Vec<Result<(), String>>;
}

impl<P: Publisher> DynPublisher for P {
    fn publish_dyn(&self, batch: &[&str]) -> Vec<Result<(), String>> {
        self.publish(batch)
    }
}

impl Publisher for Box<dyn DynPublisher> {
    fn publish(&self, batch: &[&str]) -> Vec<Result<(), String>> {
        self.as_ref().publish_dyn(batch)
    }
}

trait PublisherExt: Publisher {
    fn publish_counted(&self, batch: &[&str]) -> usize {
        self.publish(batch).iter().filter(|r| r.is_ok()).count()
    }
}

struct Strict;

impl Publisher for Strict {
    fn publish(&self, batch: &[&str]) -> Vec<Result<(), String>> {
        batch
            .iter()
            .map(|payload| {
                if payload.is_empty() {
                    Err("empty payload".to_string())
                } else {
                    Ok(())
                }
            })
            .collect()
    }
}

impl PublisherExt for Strict {}

fn main() {
    let batch = ["{}", "", "{}"];
    println!("confirmed: {}", Strict.publish_counted(&batch));
    let chosen: Box<dyn DynPublisher> = Box::new(Strict);
    println!("boxed confirmed: {}", chosen.publish_counted(&batch));
}
