"""Lesson 18's preprocessing in plain Python: the baseline of lesson 18.5.

Written the way a Python team would write it: `bytes.lower()` (ASCII only,
like the Rust normaliser), one compiled regular expression for the tokens
(the byte classes of `m18_pipeline::pretokenize`), and a loop for the
windows. The regex engine is C; what stays in Python is one match object
per token and the loop over the windows."""

import re

# ANCHOR: token
# A word: ASCII letters, digits, `_`, and every byte of 0x80 and above (so a
# UTF-8 character is never split). A symbol run: anything else but ASCII
# whitespace. The same classes as the Rust scanner's table.
TOKEN = re.compile(rb"[A-Za-z0-9_\x80-\xff]+|[^A-Za-z0-9_\x80-\xff \t\n\r\x0b\x0c]+")
# ANCHOR_END: token
SEPARATOR = b"\x1e"


# ANCHOR: chunks
def chunks(document: bytes, max_tokens: int = 128, overlap: int = 16) -> list[bytes]:
    """The chunks of one document: windows of `max_tokens` tokens, each
    starting `max_tokens - overlap` tokens after the previous one."""
    text = document.lower()
    spans = [match.span() for match in TOKEN.finditer(text)]
    step = max_tokens - overlap
    out = []
    first = 0
    while first < len(spans):
        last = min(first + max_tokens, len(spans))
        out.append(text[spans[first][0] : spans[last - 1][1]])
        if last == len(spans):
            break
        first += step
    return out
# ANCHOR_END: chunks


def tokens(document: bytes) -> list[tuple[int, int]]:
    """The tokens' `(start, end)` byte offsets."""
    return [match.span() for match in TOKEN.finditer(document)]


def chunk_batch(documents: list[bytes], max_tokens: int = 128, overlap: int = 16) -> list[bytes]:
    """Every document's chunks, flattened in order."""
    out = []
    for document in documents:
        out.extend(chunks(document, max_tokens, overlap))
    return out


def documents(corpus: bytes) -> list[bytes]:
    """The non-empty documents of a corpus."""
    return [document for document in corpus.split(SEPARATOR) if document]
