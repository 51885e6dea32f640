// `Semaphore::acquire` returns a permit that borrows the semaphore, and a
// spawned task must own everything it holds ('static). Files in compile_fail/
// are checked by rustc alone, so a stand-in plays Tokio's types with the
// same signatures.

use std::future::Future;

/// Stand-in for `tokio::sync::Semaphore`.
struct Semaphore;

/// Stand-in for `tokio::sync::SemaphorePermit<'a>`: it borrows the semaphore.
struct SemaphorePermit<'a>(&'a Semaphore);

impl Semaphore {
    async fn acquire(&self) -> SemaphorePermit<'_> {
        SemaphorePermit(self)
    }
}

/// Stand-in for `tokio::task::JoinSet::spawn`: the same bounds.
fn spawn<F>(task: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    drop(task);
}

async fn publish(_job: u32) {}

async fn run_all(jobs: Vec<u32>) {
    let semaphore = Semaphore;
    for job in jobs {
        let permit = semaphore.acquire().await;
        spawn(async move {
            publish(job).await;
            drop(permit);
        });
    }
}

fn main() {
    drop(run_all(vec![1, 2, 3]));
}
