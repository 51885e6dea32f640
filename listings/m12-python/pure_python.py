"""The same checks written in plain Python: the baseline lesson 12.1's
benchmark compares the Rust module with, and a second opinion its tests
compare every answer against."""

MAX_AGGREGATE_ID = 200
MAX_PAYLOAD = 1024 * 1024


def _make_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _make_table()


# ANCHOR: crc32c
def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    table = _TABLE  # a local name is faster than a global in CPython
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc ^ 0xFFFFFFFF
# ANCHOR_END: crc32c


class InvalidMessage(ValueError):
    pass


def check(aggregate_id: str, event_type: str, payload: bytes):
    if not aggregate_id.strip():
        raise InvalidMessage("the aggregate id is empty")
    # The limit is in bytes of UTF-8, as in Rust's `str::len`.
    length = len(aggregate_id.encode())
    if length > MAX_AGGREGATE_ID:
        raise InvalidMessage(
            f"the aggregate id is {length} bytes long; the limit is {MAX_AGGREGATE_ID}"
        )
    if not event_type.strip():
        raise InvalidMessage("the event type is empty")
    if len(payload) > MAX_PAYLOAD:
        raise InvalidMessage(f"the payload is {len(payload)} bytes; the limit is {MAX_PAYLOAD}")
    return crc32c(payload), len(payload)
