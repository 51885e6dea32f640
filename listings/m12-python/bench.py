"""Lesson 12.1's table: the Rust module against the same checks in plain
Python, measured in one run on one machine. `cargo course figures` runs it
(through `cargo course ffi --bench python`) and compares the ratios with the
book's."""

import sys
import time

import outbox_check
import pure_python

# ANCHOR: cases
SMALL = b'{"order":"o-1","amount":42}'
LARGE = bytes((i * 7) & 0xFF for i in range(1024 * 1024))
CASES = [
    # (row, what Python runs, what Rust runs, calls per timing)
    ("check-small", lambda: pure_python.check("order-1", "order.placed", SMALL),
     lambda: outbox_check.check("order-1", "order.placed", SMALL), 20000),
    ("crc32c-1KiB", lambda: pure_python.crc32c(LARGE[:1024]),
     lambda: outbox_check.crc32c(LARGE[:1024]), 500),
    ("crc32c-1MiB", lambda: pure_python.crc32c(LARGE),
     lambda: outbox_check.crc32c(LARGE), 2),
]
# ANCHOR_END: cases


def per_call(function, calls):
    """Seconds per call: the best of five timings of `calls` calls."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(calls):
            function()
        best = min(best, (time.perf_counter() - started) / calls)
    return best


def micros(seconds):
    return f"{seconds * 1e6:,.1f} µs" if seconds < 1e-3 else f"{seconds * 1e3:,.1f} ms"


def main():
    rows = []
    for name, python, rust, calls in CASES:
        # The Rust calls are so much faster that they get more calls per timing.
        python_time = per_call(python, calls)
        rust_time = per_call(rust, calls * 20)
        rows.append((name, python_time, rust_time))
    print("<!-- figures: " + " ".join(f"{n}={p / r:.3f}" for n, p, r in rows) + " -->")
    print("| Work per call | Pure Python | Rust through PyO3 | Rust's speed-up |")
    print("|---|---:|---:|---:|")
    for name, python_time, rust_time in rows:
        print(f"| {name} | {micros(python_time)} | {micros(rust_time)} | {python_time / rust_time:,.1f}× |")
    version = sys.version.split()[0]
    print()
    print(
        f'<p class="figure-note">Best of five timings per row on CPython {version}, '
        "in one run on the two-core machine that built this book; <code>check-small</code> "
        "checks a 27-byte message, the <code>crc32c</code> rows checksum 1 KiB and 1 MiB. "
        "Measured by <code>cargo course figures --bless</code> "
        "(<code>cargo course ffi --bench python</code>, which runs "
        "<code>listings/m12-python/bench.py</code>).</p>"
    )


if __name__ == "__main__":
    main()
