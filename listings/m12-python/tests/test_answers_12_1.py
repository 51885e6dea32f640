"""The worked answers to lesson 12.1's "Try it", checked from Python.

The Rust side of answers 1 to 3 is `mod answers_12_1` at the end of
`src/lib.rs`; answer 4 needs no Rust, only the module built by maturin."""

import importlib
import pathlib
import shutil

import pytest

import outbox_check


# ANCHOR: answer1
def test_answer1_a_stream_checked_in_pieces():
    whole = b"the outbox keeps every message"
    for split in range(len(whole) + 1):
        first, rest = whole[:split], whole[split:]
        # `crc` has a default: the first piece is checksummed from 0.
        crc = outbox_check.crc32c_extend(first)
        assert outbox_check.crc32c_extend(rest, crc) == outbox_check.crc32c(whole)
    # The keyword works too, and a negative start does not fit a u32.
    assert outbox_check.crc32c_extend(b"", crc=7) == 7
    with pytest.raises(OverflowError):
        outbox_check.crc32c_extend(b"x", -1)
# ANCHOR_END: answer1


# ANCHOR: answer2
def test_answer2_check_takes_any_bytes_like_payload():
    payload = b"123456789"
    for bytes_like in (payload, bytearray(payload), memoryview(payload)):
        checked = outbox_check.check_bytes_like("order-1", "order.placed", bytes_like)
        assert checked == outbox_check.check("order-1", "order.placed", payload)
    # A str is still refused: text is not bytes until somebody encodes it.
    with pytest.raises(TypeError):
        outbox_check.check_bytes_like("order-1", "order.placed", "123456789")
    # The original `check` keeps refusing what it cannot borrow.
    with pytest.raises(TypeError):
        outbox_check.check("order-1", "order.placed", bytearray(payload))
# ANCHOR_END: answer2


# ANCHOR: answer3
def test_answer3_a_batch_is_checked_in_one_call():
    batch = [("order-1", "order.placed", b"{}"), ("order-2", "order.paid", bytearray(b"[]"))]
    one_by_one = [outbox_check.check(a, t, bytes(p)) for a, t, p in batch]
    assert outbox_check.check_batch(batch) == one_by_one
    assert outbox_check.check_batch([]) == []
    refused = batch + [("order-3", " ", b"{}")]
    with pytest.raises(outbox_check.InvalidMessage, match="^message 2: the event type is empty$"):
        outbox_check.check_batch(refused)
# ANCHOR_END: answer3


# ANCHOR: answer4
def test_answer4_a_module_under_another_name_does_not_import(tmp_path, monkeypatch):
    # maturin may install the extension inside a package of the same name.
    native = getattr(outbox_check, "outbox_check", outbox_check)
    built = pathlib.Path(native.__file__)
    suffix = built.name[len("outbox_check"):]  # e.g. ".cpython-311-x86_64-linux-gnu.so"
    shutil.copy(built, tmp_path / f"outbox_checks{suffix}")
    monkeypatch.syspath_prepend(tmp_path)
    with pytest.raises(ImportError) as refused:
        importlib.import_module("outbox_checks")  # what `import outbox_checks` does
    assert str(refused.value) == (
        "dynamic module does not define module export function (PyInit_outbox_checks)"
    )
# ANCHOR_END: answer4
