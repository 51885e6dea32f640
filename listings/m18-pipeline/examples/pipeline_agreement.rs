//! Lesson 18.5: before timing anything, every way of running the pipeline
//! must give the same answer. The serial loop, rayon and the streaming
//! reader are run over one synthetic corpus and their summaries compared.
//!
//! `cargo run -p m18-pipeline --example pipeline_agreement`

use m18_pipeline::pipeline::{documents_memchr, summarize_corpus};
use m18_pipeline::stream::{StreamLimits, summarize_file};
use m18_pipeline::temp::TempFile;
use m18_pipeline::{ChunkConfig, Summary, corpus, parallel};

// ANCHOR: agree
/// The summaries of the three paths, by name, or the first disagreement.
async fn summaries(
    corpus: &[u8],
    config: ChunkConfig,
) -> anyhow::Result<Vec<(&'static str, Summary)>> {
    let serial = summarize_corpus(corpus, config);

    let documents: Vec<&[u8]> = documents_memchr(corpus).collect();
    let parallel = parallel::summarize(&documents, config);

    let file = TempFile::write("agreement", corpus).await?;
    let streamed = summarize_file(file.path(), config, StreamLimits::DEFAULT).await;

    let all = vec![
        ("serial", serial),
        ("rayon", parallel),
        ("streamed", streamed?),
    ];
    if let Some((name, summary)) = all.iter().find(|(_, summary)| *summary != serial) {
        anyhow::bail!("{name} disagrees with the serial loop: {summary:?} against {serial:?}");
    }
    Ok(all)
}
// ANCHOR_END: agree

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let corpus = corpus::synthetic(18, 2_000);
    for (name, summary) in summaries(&corpus, ChunkConfig::DEFAULT).await? {
        println!(
            "{name:>8}: {} documents, {} tokens, {} chunks, {} chunk bytes",
            summary.documents, summary.tokens, summary.chunks, summary.chunk_bytes
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_three_paths_agree_on_several_configurations() {
        let corpus = corpus::synthetic(5, 300);
        for (max_tokens, overlap) in [(1, 0), (7, 3), (128, 16), (512, 511)] {
            let config = ChunkConfig::new(max_tokens, overlap).expect("valid");
            let all = summaries(&corpus, config).await.expect("the paths agree");
            assert_eq!(all.len(), 3);
            assert!(all[0].1.chunks > 0);
        }
    }
}
