"""pytest suite for the Rust extension module `textprep` (lesson 18.4).

The module must be a drop-in replacement for `pure_python.py`: the same
chunks, byte for byte, for every configuration, in parallel or not. Run by
`cargo course test ffi` after `maturin develop --release` built the module
into the course's virtual environment."""

import threading
import time

import pytest

import pure_python
import textprep

# ANCHOR: synthetic
MASK = (1 << 64) - 1
WORDS = (
    "the outbox relay publishes event order placed payment captured message broker "
    "RabbitMQ NATS queue retry after backoff of and a to in is Rust Python tokenizer "
    "chunk model embedding vector café naïve Zürich données 日本語 ошибка price_eur v2 2026 42"
).split()
PUNCTUATION = [",", ".", ":", ";", "!", "?", " -", " (", ")", ' "', '"', "=>", "::"]


def synthetic(seed, documents):
    """`m18_pipeline::corpus::synthetic` ported to Python: the same xorshift64*
    generator and the same choices, so the same seed gives the same bytes."""
    state = ((seed * 0x9E3779B97F4A7C15) & MASK) | 1

    def below(bound):
        nonlocal state
        state ^= state >> 12
        state ^= (state << 25) & MASK
        state ^= state >> 27
        return ((state * 0x2545F4914F6CDD1D) & MASK) % bound

    corpus = []
    for _ in range(documents):
        for index in range(20 + below(381)):
            if index > 0:
                corpus.append("\n" if below(12) == 0 else " ")
            word = WORDS[below(len(WORDS))]
            if below(8) == 0:
                word = word[0].upper() + word[1:]  # sentence case, as in Rust
            corpus.append(word)
            if below(6) == 0:
                corpus.append(PUNCTUATION[below(len(PUNCTUATION))])
        corpus.append("\x1e")
    return "".join(corpus).encode()


DOCUMENTS = pure_python.documents(synthetic(18, 300))
# ANCHOR_END: synthetic

# The corners: nothing, only spaces, only symbols, one token, every byte value
# (the class table against the regular expression), bytes that are not UTF-8,
# uppercase outside ASCII (which ASCII lowercasing must leave alone).
EDGES = [
    b"",
    b" \t\n\r\x0b\x0c",
    b"=> :: !?",
    b"A",
    bytes(range(256)),
    b"\xff\xfe ABC \x80",
    "ÉCOLE Ошибка ZÜRICH".encode(),
    b"one two three four five six seven eight",
]
CONFIGS = [(128, 16), (8, 3), (3, 1), (5, 4), (1, 0)]


# ANCHOR: agreement
@pytest.mark.parametrize("max_tokens, overlap", CONFIGS)
@pytest.mark.parametrize("parallel", [True, False])
def test_a_batch_gives_exactly_the_chunks_of_pure_python(max_tokens, overlap, parallel):
    documents = DOCUMENTS + EDGES
    prep = textprep.Preprocessor(max_tokens=max_tokens, overlap=overlap)
    expected = pure_python.chunk_batch(documents, max_tokens, overlap)
    assert prep.chunk_batch(documents, parallel=parallel) == expected


@pytest.mark.parametrize("max_tokens, overlap", CONFIGS)
def test_one_document_at_a_time_gives_the_same_chunks(max_tokens, overlap):
    prep = textprep.Preprocessor(max_tokens, overlap)
    for document in DOCUMENTS + EDGES:
        assert prep.chunks(document) == pure_python.chunks(document, max_tokens, overlap)
# ANCHOR_END: agreement


def test_the_port_makes_the_same_bytes_as_the_rust_generator():
    for seed, documents in [(18, 300), (1, 5), (2026, 40)]:
        assert synthetic(seed, documents) == textprep._synthetic(seed, documents)


def test_the_test_corpus_has_what_the_pipeline_must_handle():
    corpus = b"".join(DOCUMENTS)
    assert len(DOCUMENTS) == 300
    assert corpus.lower() != corpus  # uppercase to normalise
    assert any(byte >= 0x80 for byte in corpus)  # UTF-8 beyond ASCII
    assert b"\n" in corpus and b"::" in corpus


def test_the_summary_counts_what_pure_python_produces():
    prep = textprep.Preprocessor(max_tokens=8, overlap=3)
    chunks = pure_python.chunk_batch(DOCUMENTS, 8, 3)
    summary = prep.summary(DOCUMENTS)
    assert summary.documents == len(DOCUMENTS)
    assert summary.tokens == sum(len(pure_python.tokens(d)) for d in DOCUMENTS)
    assert summary.chunks == len(chunks)
    assert summary.chunk_bytes == sum(map(len, chunks))


# ANCHOR: refusals
@pytest.mark.parametrize(
    "max_tokens, overlap, reason",
    [
        (0, 0, "a chunk must hold at least one token"),
        (4, 4, "an overlap of 4 tokens leaves chunks of 4 tokens no room to advance"),
        (4, 9, "an overlap of 9 tokens leaves chunks of 4 tokens no room to advance"),
    ],
)
def test_a_configuration_that_cannot_work_is_a_value_error(max_tokens, overlap, reason):
    with pytest.raises(ValueError, match=f"^{reason}$"):
        textprep.Preprocessor(max_tokens=max_tokens, overlap=overlap)


def test_arguments_of_the_wrong_kind_are_refused_by_the_conversion():
    with pytest.raises(OverflowError):
        textprep.Preprocessor(max_tokens=-1)  # a usize cannot be negative
    prep = textprep.Preprocessor()
    with pytest.raises(TypeError):
        prep.chunk_batch([b"bytes", "a str is not bytes"])
    # PyBackedBytes also takes a bytearray (copying it); &[u8] only bytes.
    assert prep.chunk_batch([bytearray(b"Mutable Text")]) == [b"mutable text"]
    with pytest.raises(TypeError):
        prep.chunks(bytearray(b"Mutable Text"))
# ANCHOR_END: refusals


def test_the_preprocessor_is_frozen_and_shows_its_configuration():
    prep = textprep.Preprocessor(max_tokens=64, overlap=8)
    assert (prep.max_tokens, prep.overlap) == (64, 8)
    assert repr(prep) == "Preprocessor(max_tokens=64, overlap=8)"
    with pytest.raises(AttributeError):
        prep.max_tokens = 32
    assert repr(prep.summary([b"Two words"])) == (
        "Summary(documents=1, tokens=2, chunks=1, chunk_bytes=9)"
    )


# ANCHOR: tokens
@pytest.mark.parametrize("document", DOCUMENTS[:50] + EDGES)
def test_tokens_and_normalize_agree_with_pure_python(document):
    assert textprep.tokens(document) == pure_python.tokens(document)
    assert textprep.normalize(document) == document.lower()
# ANCHOR_END: tokens


# ANCHOR: gil
def _counted_while(call):
    """How often the main thread counted while another thread ran `call()`:
    high if the call released the GIL, a few hundred at most if it kept it."""
    started = threading.Event()
    result = []

    def work():
        started.set()
        result.append(call())

    worker = threading.Thread(target=work)
    worker.start()
    started.wait()
    counted = 0
    while worker.is_alive():
        counted += 1
        if counted % 100 == 0:
            time.sleep(0)  # let a worker that waits for the GIL finish
    worker.join()
    return counted, result[0]


@pytest.mark.parametrize("parallel", [True, False])
def test_chunk_batch_releases_the_gil_while_it_works(parallel):
    batch = DOCUMENTS * 60  # 18 000 documents, 25 MB: the same 300 objects again
    prep = textprep.Preprocessor()
    released, chunks = _counted_while(lambda: prep.chunk_batch(batch, parallel=parallel))
    # The same text as one document: `chunks` keeps the GIL for the whole call.
    whole = b" ".join(batch)
    held, _ = _counted_while(lambda: prep.chunks(whole))
    assert len(chunks) >= len(batch)
    assert released > 10 * max(held, 1000), (released, held)
# ANCHOR_END: gil


def test_one_preprocessor_serves_many_python_threads():
    prep = textprep.Preprocessor(max_tokens=16, overlap=4)
    expected = pure_python.chunk_batch(DOCUMENTS, 16, 4)
    results = [None] * 4

    def work(slot):
        results[slot] = prep.chunk_batch(DOCUMENTS)

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4
