//! Lesson 18.3: a rayon pool of your own size, and how async code hands
//! CPU-bound preprocessing to it without blocking the runtime.
//!
//! `cargo run -p m18-pipeline --example parallel_pools`

use m18_pipeline::corpus;
use m18_pipeline::parallel;
use m18_pipeline::pipeline::documents_memchr;
use m18_pipeline::{ChunkConfig, Summary};
use rayon::{ThreadPool, ThreadPoolBuildError, ThreadPoolBuilder};
use std::sync::Arc;
use tokio::task::JoinError;

// ANCHOR: pool
/// Summarizes `documents` on a pool of exactly `threads` threads, and says
/// how many threads the work saw. Inside `install`, every rayon call
/// (`par_iter`, `join`, `current_num_threads`) uses this pool, not the
/// global one.
fn summarize_on(
    threads: usize,
    documents: &[&[u8]],
    config: ChunkConfig,
) -> Result<(usize, Summary), ThreadPoolBuildError> {
    let pool = ThreadPoolBuilder::new().num_threads(threads).build()?;
    Ok(pool.install(|| {
        (
            rayon::current_num_threads(),
            parallel::summarize(documents, config),
        )
    }))
}
// ANCHOR_END: pool

// ANCHOR: from_async
/// Preprocesses a corpus from async code. `install` blocks the thread that
/// calls it until the pool is done, so it runs on tokio's blocking pool:
/// the runtime's worker threads go on polling other tasks meanwhile. The
/// closure is `'static`, so it owns what it needs (two `Arc`s).
async fn summarize_in_background(
    pool: Arc<ThreadPool>,
    text: Arc<Vec<u8>>,
    config: ChunkConfig,
) -> Result<Summary, JoinError> {
    tokio::task::spawn_blocking(move || {
        let documents: Vec<&[u8]> = documents_memchr(&text).collect();
        pool.install(|| parallel::summarize(&documents, config))
    })
    .await
}
// ANCHOR_END: from_async

// ANCHOR: main
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = corpus::synthetic(18, 2_000);
    let documents: Vec<&[u8]> = documents_memchr(&text).collect();
    let config = ChunkConfig::DEFAULT;

    let (_, expected) = summarize_on(1, &documents, config)?;
    println!("{expected:?}");
    for threads in [1, 2, 3] {
        let (seen, summary) = summarize_on(threads, &documents, config)?;
        println!(
            "pool of {threads}: the work saw {seen} thread(s), same summary: {}",
            summary == expected
        );
    }

    let pool = Arc::new(ThreadPoolBuilder::new().num_threads(2).build()?);
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let summary = runtime.block_on(summarize_in_background(pool, Arc::new(text), config))?;
    println!(
        "from async, through spawn_blocking: same summary: {}",
        summary == expected
    );
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_has_the_threads_it_was_built_with() {
        let text = corpus::synthetic(4, 200);
        let documents: Vec<&[u8]> = documents_memchr(&text).collect();
        let config = ChunkConfig::new(16, 4).expect("valid");
        let (one, expected) = summarize_on(1, &documents, config).expect("a pool");
        assert_eq!(one, 1);
        let (four, summary) = summarize_on(4, &documents, config).expect("a pool");
        assert_eq!(four, 4);
        assert_eq!(summary, expected);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_runtime_thread_stays_free_while_the_pool_works() {
        let text = Arc::new(corpus::synthetic(5, 200));
        let pool = Arc::new(
            ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .expect("a pool"),
        );
        let config = ChunkConfig::DEFAULT;
        // The job first waits for a message that only another task on this
        // runtime's single thread sends. Run inline, it would wait forever.
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let job = {
            let (pool, text) = (Arc::clone(&pool), Arc::clone(&text));
            tokio::task::spawn_blocking(move || {
                wait.recv().expect("the go signal is sent");
                let documents: Vec<&[u8]> = documents_memchr(&text).collect();
                pool.install(|| parallel::summarize(&documents, config))
            })
        };
        tokio::spawn(async move { go.send(()).expect("the job waits for it") })
            .await
            .expect("the sender does not panic");
        let summary = job.await.expect("the job does not panic");
        let direct = summarize_in_background(pool, text, config)
            .await
            .expect("no panic");
        assert_eq!(summary, direct);
        assert_eq!(summary.documents, 200);
    }
}
