// Node's own test runner (`node --test`) over the JavaScript that
// wasm-bindgen generated for m12-wasm (lesson 12.4). `cargo course ffi`
// builds the module and sets OUTBOX_WASM_PKG to the generated directory.
// ANCHOR: load
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";

const pkg = process.env.OUTBOX_WASM_PKG;
assert.ok(pkg, "OUTBOX_WASM_PKG must name the directory wasm-bindgen wrote");
// `wasm-bindgen --target nodejs` writes a CommonJS module.
const outbox = createRequire(import.meta.url)(path.join(pkg, "outbox_wasm.js"));
// ANCHOR_END: load

// ANCHOR: struct
test("a valid message gets its checksum", () => {
  const payload = new TextEncoder().encode("123456789");
  const checked = outbox.check("order-1", "order.placed", payload);
  assert.equal(checked.checksum, 0xe3069283);
  assert.equal(checked.len, 9);
  assert.equal(checked.isEmpty(), false);
  checked.free(); // hands the Rust value's memory back to the module
});
// ANCHOR_END: struct

// ANCHOR: errors
test("a refusal is a thrown Error with the bridge's reason", () => {
  assert.throws(() => outbox.check("", "order.placed", new Uint8Array()), {
    name: "Error",
    message: "the aggregate id is empty",
  });
  assert.throws(() => outbox.check("é".repeat(101), "t", new Uint8Array()), {
    message: "the aggregate id is 202 bytes long; the limit is 200",
  });
  assert.throws(() => outbox.check("order-1", " ", new Uint8Array()), {
    message: "the event type is empty",
  });
});
// ANCHOR_END: errors

// ANCHOR: strings
test("strings cross as UTF-8, bytes as copies", () => {
  // Two UTF-16 code units, but "ü" and "€" are 2 and 3 bytes in UTF-8:
  // the length limit counts what Rust sees, bytes.
  const id = "ü€".repeat(40); // .length is 80; 200 bytes: just inside the limit
  assert.equal(outbox.check(id, "t", new Uint8Array()).len, 0);
  assert.throws(() => outbox.check(id + "x", "t", new Uint8Array()), /201 bytes/);

  const bytes = new Uint8Array([1, 2, 3]);
  const before = outbox.crc32c(bytes);
  bytes[0] = 9; // the module checksummed its own copy; nothing else changed
  assert.notEqual(outbox.crc32c(bytes), before);
  assert.equal(outbox.checksumHeader(new TextEncoder().encode("123456789")), "e3069283");
});
// ANCHOR_END: strings

test("a large payload is refused without crashing the module", () => {
  const big = new Uint8Array(1024 * 1024 + 1);
  assert.throws(() => outbox.check("order-1", "t", big), /1048577 bytes/);
  // The module still works afterwards.
  assert.equal(outbox.crc32c(new Uint8Array()), 0);
});

// ANCHOR: free
test("a Checked used after free() throws instead of reading freed memory", () => {
  const checked = outbox.check("order-1", "t", new Uint8Array([1]));
  checked.free();
  assert.throws(() => checked.checksum, { message: "null pointer passed to rust" });
});
// ANCHOR_END: free

// ANCHOR: loose_types
test("the glue trusts the types it was given", () => {
  // A string where a Uint8Array belongs is not an error: Uint8Array.set
  // turns each character into NaN, stored as 0. These are three zero bytes.
  assert.equal(outbox.crc32c("abc"), outbox.crc32c(new Uint8Array(3)));
  assert.notEqual(outbox.crc32c("abc"), outbox.crc32c(new TextEncoder().encode("abc")));
});
// ANCHOR_END: loose_types

// Exercise 1: the payload as a string.
// ANCHOR: answer1
test("checkText checks the UTF-8 bytes of a string payload", () => {
  const text = outbox.checkText("order-1", "t", "ü€");
  const bytes = outbox.check("order-1", "t", new TextEncoder().encode("ü€"));
  assert.equal(text.len, 5); // "ü€".length is 2
  assert.equal(text.checksum, bytes.checksum);
  // A lone surrogate is not Unicode: the glue's encoder replaces it with
  // U+FFFD (3 bytes), so Rust never sees an invalid &str.
  assert.equal(outbox.checkText("order-1", "t", "\uD800").len, 3);
});
// ANCHOR_END: answer1

// Exercise 2: the reason as a number.
// ANCHOR: answer2
test("refusal names the reason without throwing", () => {
  const { Refusal } = outbox;
  assert.equal(outbox.refusal("", "t", new Uint8Array()), Refusal.EmptyAggregateId);
  assert.equal(outbox.refusal("order-1", " ", new Uint8Array()), Refusal.EmptyEventType);
  assert.equal(Refusal.EmptyEventType, 3); // the C ABI's code
  assert.equal(outbox.refusal("order-1", "t", new Uint8Array()), undefined);
});
// ANCHOR_END: answer2

// Exercise 3: timing the check. Last in the file, because a trap leaves the
// module's state (its stack pointer, any allocation in flight) wherever the
// panic stopped it.
// ANCHOR: answer3
test("std's clock panics in WebAssembly; the host's clock works", () => {
  const payload = new Uint8Array(64 * 1024);
  const millis = outbox.timedCheck("order-1", "t", payload);
  assert.ok(millis >= 0 && millis < 10_000, `took ${millis} ms`);
  // The panic's message is lost: the module aborts with the `unreachable`
  // instruction, and JavaScript sees only the trap.
  assert.throws(() => outbox.timedCheckStd("order-1", "t", payload), {
    name: "RuntimeError",
    message: "unreachable",
  });
});
// ANCHOR_END: answer3
