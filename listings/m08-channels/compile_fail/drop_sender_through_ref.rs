// Closing a channel from a `&self` method by dropping the sender field.
// std's channel is used so that rustc alone can compile this file; tokio's
// `Sender` gives the same error.
use std::sync::mpsc;

struct Intake {
    jobs: mpsc::Sender<u64>,
}

impl Intake {
    fn stop_accepting(&self) {
        drop(self.jobs);
    }
}

fn main() {
    let (jobs, _queue) = mpsc::channel();
    let intake = Intake { jobs };
    intake.stop_accepting();
}
