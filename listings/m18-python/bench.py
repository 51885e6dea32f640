"""Lesson 18.5's benchmark: the same preprocessing (normalise, pre-tokenize,
chunk) of the same corpus by pure Python, by Hugging Face `tokenizers` and by
the Rust module `textprep`, each in a process of its own so its peak memory
is its own. `cargo course figures` runs it (through `cargo course ffi --bench
pipeline`) and checks the ratios on the table's first line.

    python bench.py CORPUS                 # the table
    python bench.py CORPUS --child NAME    # one measurement, as JSON (internal)
"""

import json
import os
import subprocess
import sys
import time

import pure_python

# Documents per call: large enough that a call's fixed cost is noise, small
# enough that a batch's chunks are a few megabytes, not the whole corpus's.
BATCH = 256
MAX_TOKENS = 128
OVERLAP = 16
# Oniguruma's spelling of pure_python.TOKEN, over characters instead of
# bytes: every character from U+0080 up is a word character, as every byte
# from 0x80 up is in the byte version.
HF_PATTERN = r"[A-Za-z0-9_\x{80}-\x{10FFFF}]+|[^A-Za-z0-9_\x{80}-\x{10FFFF} \t\n\r\x{0B}\x{0C}]+"


def batches(documents):
    for start in range(0, len(documents), BATCH):
        yield documents[start : start + BATCH]


# ANCHOR: runners
def run_pure_python(documents):
    chunks = chunk_bytes = 0
    started = time.perf_counter()
    for batch in batches(documents):
        for document in batch:
            out = pure_python.chunks(document, MAX_TOKENS, OVERLAP)
            chunks += len(out)
            chunk_bytes += sum(map(len, out))
    seconds = time.perf_counter() - started
    # Counted apart from the timing, so the timed loop is the pipeline alone.
    tokens = sum(len(pure_python.tokens(document)) for document in documents)
    return seconds, tokens, chunks, chunk_bytes


def run_rust(documents, parallel):
    import textprep

    prep = textprep.Preprocessor(max_tokens=MAX_TOKENS, overlap=OVERLAP)
    prep.chunk_batch(documents[:BATCH], parallel=parallel)  # rayon's threads start here
    chunks = chunk_bytes = 0
    started = time.perf_counter()
    for batch in batches(documents):
        out = prep.chunk_batch(batch, parallel=parallel)
        chunks += len(out)
        chunk_bytes += sum(map(len, out))
    seconds = time.perf_counter() - started
    return seconds, prep.summary(documents).tokens, chunks, chunk_bytes


def run_tokenizers(documents):
    from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordLevel

    # A tokenizer that does lesson 18's normalise and pre-tokenize steps;
    # the one-word vocabulary makes its model step as cheap as it can be.
    tokenizer = Tokenizer(WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Split(Regex(HF_PATTERN), behavior="removed", invert=True)
    tokens = 0
    started = time.perf_counter()
    for batch in batches(documents):
        # tokenizers takes str: decoding is part of the price of using it.
        texts = [document.decode("utf-8") for document in batch]
        tokens += sum(len(encoding) for encoding in tokenizer.encode_batch_fast(texts))
    seconds = time.perf_counter() - started
    return seconds, tokens, None, None
# ANCHOR_END: runners


def goals(over_python, over_tokenizers):
    """Lesson 18.5's two goals for the all-cores row, judged by this run."""
    verdicts = []
    for what, value, goal in [("pure Python", over_python, 30), ("`tokenizers`", over_tokenizers, 1)]:
        verdicts.append(f"≥ {goal}× {what}: {'met' if value >= goal else '**not met**'}")
    return "; ".join(verdicts)


RUNNERS = {
    "pure-python": ("Pure Python (`re`, one process)", run_pure_python),
    "tokenizers": ("Hugging Face `tokenizers` (normalise + pre-tokenize, all cores)", run_tokenizers),
    "rust-serial": ("Rust `textprep`, one thread", lambda documents: run_rust(documents, False)),
    "rust-parallel": ("Rust `textprep`, all cores", lambda documents: run_rust(documents, True)),
}


def child(name, corpus_path):
    if name == "memcpy":
        import textprep

        print(json.dumps({"bandwidth": textprep.memcpy_bandwidth()}))
        return
    with open(corpus_path, "rb") as file:
        documents = pure_python.documents(file.read())
    seconds, tokens, chunks, chunk_bytes = RUNNERS[name][1](documents)
    print(json.dumps({"seconds": seconds, "tokens": tokens, "chunks": chunks, "chunk_bytes": chunk_bytes}))


def measure(name, corpus_path):
    """Runs one child; returns its JSON and its peak RSS in bytes."""
    process = subprocess.Popen(
        [sys.executable, __file__, corpus_path, "--child", name], stdout=subprocess.PIPE
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.stdout.close()
    if status != 0:
        sys.exit(f"bench.py: the {name} run failed (wait status {status})")
    return json.loads(output), usage.ru_maxrss * 1024  # Linux reports KiB


def main():
    corpus_path = sys.argv[1]
    if len(sys.argv) == 4 and sys.argv[2] == "--child":
        child(sys.argv[3], corpus_path)
        return
    size = os.path.getsize(corpus_path)
    bandwidth = measure("memcpy", corpus_path)[0]["bandwidth"]
    results = {}
    for name in RUNNERS:
        print(f"bench.py: {name}", file=sys.stderr)
        results[name] = measure(name, corpus_path)
    # All four must have found the same tokens, and the two that chunk the
    # same chunks: a fast wrong answer fails the benchmark.
    tokens = {name: result["tokens"] for name, (result, _) in results.items()}
    if len(set(tokens.values())) != 1:
        sys.exit(f"bench.py: the token counts differ: {tokens}")
    chunked = {name: (result["chunks"], result["chunk_bytes"]) for name, (result, _) in results.items() if result["chunks"] is not None}
    if len(set(chunked.values())) != 1:
        sys.exit(f"bench.py: the chunks differ: {chunked}")

    rate = {name: size / result["seconds"] for name, (result, _) in results.items()}
    python, hf = rate["pure-python"], rate["tokenizers"]
    # One ratio per row, each row's throughput over pure Python's (the
    # figures check keeps, for each row, the run with the median ratio).
    print(
        "<!-- figures: "
        + " ".join(f"{name}={rate[name] / python:.3f}" for name in RUNNERS if name != "pure-python")
        + f" memcpy={bandwidth / python:.3f} -->"
    )
    print("| Row | Implementation | Throughput | × pure Python | × `tokenizers` | Share of `memcpy` | Peak RSS | Goals |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for name, (label, _) in RUNNERS.items():
        peak = results[name][1]
        print(
            f"| {name} | {label} | {rate[name] / 1e6:,.1f} MB/s | {rate[name] / python:,.1f}× | "
            f"{rate[name] / hf:,.2f}× | {100 * rate[name] / bandwidth:.2f} % | {peak / 2**20:,.0f} MiB | "
            f"{goals(rate[name] / python, rate[name] / hf) if name == 'rust-parallel' else ''} |"
        )
    print(
        f"| memcpy | `memcpy`, the ceiling | {bandwidth / 1e6:,.0f} MB/s | {bandwidth / python:,.0f}× | "
        f"{bandwidth / hf:,.0f}× | 100 % | | |"
    )
    summary = results["pure-python"][0]
    version = sys.version.split()[0]
    print()
    print(
        f'<p class="figure-note">Each row is the median of three runs (one run of each, in turn), '
        f"on CPython {version} and {os.cpu_count()} cores, "
        f"over a corpus of {size / 1e6:,.0f} MB: {summary['tokens']:,} tokens cut into "
        f"{summary['chunks']:,} chunks of at most {MAX_TOKENS} tokens with {OVERLAP} of overlap. "
        "Each implementation runs in its own process; its peak RSS includes the corpus, "
        "read once and split into documents (about twice its size). "
        "Measured by <code>cargo course figures --bless</code> "
        "(<code>cargo course ffi --bench pipeline</code>).</p>"
    )


if __name__ == "__main__":
    main()
