"""pytest suite for the Rust extension module `outbox_check` (lesson 12.1).

Run by `cargo course test ffi` after `maturin develop` built the module into
the course's virtual environment."""

import array
import threading
import time

import pytest

import outbox_check
import pure_python


def test_a_valid_message_gets_its_checksum():
    checked = outbox_check.check("order-1", "order.placed", b"123456789")
    assert checked.checksum == 0xE3069283
    assert checked.len == 9
    assert repr(checked) == "Checked(checksum=0xe3069283, len=9)"


@pytest.mark.parametrize(
    "aggregate_id, event_type, payload, reason",
    [
        ("", "order.placed", b"{}", "the aggregate id is empty"),
        (" \t", "order.placed", b"{}", "the aggregate id is empty"),
        ("é" * 101, "order.placed", b"{}", "the aggregate id is 202 bytes long; the limit is 200"),
        ("order-1", "", b"{}", "the event type is empty"),
        (
            "order-1",
            "order.placed",
            bytes(outbox_check.MAX_PAYLOAD + 1),
            "the payload is 1048577 bytes; the limit is 1048576",
        ),
    ],
)
def test_refusals_are_python_exceptions_with_the_bridges_reasons(
    aggregate_id, event_type, payload, reason
):
    with pytest.raises(outbox_check.InvalidMessage, match=f"^{reason}$"):
        outbox_check.check(aggregate_id, event_type, payload)
    # The pure-Python version refuses the same messages for the same reasons.
    with pytest.raises(pure_python.InvalidMessage, match=f"^{reason}$"):
        pure_python.check(aggregate_id, event_type, payload)


# ANCHOR: exceptions
def test_invalid_message_is_a_value_error():
    assert issubclass(outbox_check.InvalidMessage, ValueError)
    with pytest.raises(ValueError):
        outbox_check.check("", "t", b"")


def test_wrong_argument_types_raise_type_error():
    with pytest.raises(TypeError):
        outbox_check.check("order-1", "t", "a str is not bytes")
    with pytest.raises(TypeError):
        outbox_check.crc32c(bytearray(b"bytearray is mutable"))
# ANCHOR_END: exceptions


def test_rust_and_python_agree_on_every_length():
    data = bytes((i * 7) & 0xFF for i in range(3000))
    for n in range(0, len(data), 37):
        assert outbox_check.crc32c(data[:n]) == pure_python.crc32c(data[:n])


def test_buffers_of_every_kind_are_accepted():
    data = b"123456789"
    for buffer in (bytearray(data), memoryview(data), array.array("B", data)):
        assert outbox_check.crc32c_buffer(buffer) == 0xE3069283


# ANCHOR: gil
def _progress_while(checksum, data):
    """How many times the main thread counted while another thread ran
    `checksum(data)`: high if the call released the GIL, near 0 if not."""
    started = threading.Event()
    result = []

    def work():
        started.set()
        result.append(checksum(data))

    worker = threading.Thread(target=work)
    worker.start()
    started.wait()
    counted = 0
    while worker.is_alive():
        counted += 1
        if counted % 100 == 0:
            # Offer the GIL to a thread that waits for it: without this, the
            # main thread could go on counting after the call, for a whole
            # switch interval, while the worker waits to finish.
            time.sleep(0)
    worker.join()
    assert len(result) == 1
    return counted


def test_long_checksums_release_the_gil():
    data = bytes(64 * 1024 * 1024)
    released = _progress_while(outbox_check.crc32c, data)
    held = _progress_while(outbox_check._crc32c_holding_gil, data)
    # Holding the GIL, the worker lets the main thread run only around the
    # call, a few hundred counts; released, it counts through the whole call.
    assert released > 10 * max(held, 1000), (released, held)
# ANCHOR_END: gil
