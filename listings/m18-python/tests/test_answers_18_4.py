"""The worked answer to lesson 18.4's first exercise, checked from Python.

Its Rust side is `Preprocessor.chunk_texts` in `src/lib.rs` (the `answer1`
anchor); answers 2 and 3 need no code."""

import pytest

import pure_python
import textprep
from test_textprep import DOCUMENTS


# ANCHOR: answer1
@pytest.mark.parametrize("max_tokens, overlap", [(128, 16), (3, 1), (1, 0)])
def test_answer1_text_in_text_out(max_tokens, overlap):
    prep = textprep.Preprocessor(max_tokens, overlap)
    texts = [document.decode() for document in DOCUMENTS]
    expected = pure_python.chunk_batch(DOCUMENTS, max_tokens, overlap)
    # Every chunk is whole UTF-8: no character is cut in two.
    assert prep.chunk_texts(texts) == [chunk.decode() for chunk in expected]
    # ASCII lowercasing leaves Ü alone, as `bytes.lower()` does.
    assert textprep.Preprocessor().chunk_texts(["Über Zürich!"]) == ["Über zürich!"]
    with pytest.raises(TypeError):
        prep.chunk_texts([b"bytes are not str"])
# ANCHOR_END: answer1
