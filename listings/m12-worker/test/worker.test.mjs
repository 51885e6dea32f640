// HTTP tests against the Worker that `wrangler dev` serves locally
// (lesson 12.5). `cargo course test ffi` starts it and sets WORKER_URL.
import { test } from "node:test";
import assert from "node:assert/strict";

const base = process.env.WORKER_URL;
assert.ok(base, "WORKER_URL must point at wrangler dev");

// workerd accepts connections before the Worker is loaded: wait for it.
async function ready() {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${base}/healthz never answered 200`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ANCHOR: post
function post(body) {
  return fetch(`${base}/check`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
// ANCHOR_END: post

test("the Worker answers its health check", async () => {
  await ready();
  const response = await fetch(`${base}/healthz`);
  assert.equal(await response.text(), "ok");
});

// ANCHOR: valid
test("a valid message gets the checksum of its compacted payload", async () => {
  await ready();
  const response = await post({ aggregate_id: "order-1", event_type: "order.placed", payload: 123456789 });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), { checksum: "e3069283", len: 9 });
});
// ANCHOR_END: valid

test("a refused message is a 422 with the bridge's reason", async () => {
  await ready();
  const response = await post({ aggregate_id: "", event_type: "order.placed", payload: {} });
  assert.equal(response.status, 422);
  assert.deepEqual(await response.json(), { error: "the aggregate id is empty" });
});

test("a body that is not a check request is a 400, other routes 404 and 405", async () => {
  await ready();
  assert.equal((await post("not json")).status, 400);
  assert.equal((await post({ aggregate_id: "a", event_type: "t" })).status, 400);
  assert.equal((await fetch(`${base}/nowhere`)).status, 404);
  assert.equal((await fetch(`${base}/check`)).status, 405);
});

// Exercise 1: a field the Worker does not know.
// ANCHOR: answer1
test("an unknown field is a 400 that names it", async () => {
  await ready();
  const response = await post({ aggregate_id: "order-1", event_type: "t", payload: {}, headers: {} });
  assert.equal(response.status, 400);
  const { error } = await response.json();
  assert.match(error, /^not a check request: unknown field `headers`/);
});
// ANCHOR_END: answer1

// Exercise 2: a route that reads a binding from `env`.
// ANCHOR: answer2
test("GET /limits names the deployment from wrangler.toml's [vars]", async () => {
  await ready();
  const response = await fetch(`${base}/limits`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    deployment: "local",
    max_aggregate_id: 200,
    max_payload: 1048576,
  });
});
// ANCHOR_END: answer2

// Exercise 3: refusing a body by its declared size.
// ANCHOR: answer3
test("a body declared larger than 4 MiB is a 413", async () => {
  await ready();
  const limit = 4 * 1024 * 1024;
  const response = await post(" ".repeat(limit + 1));
  assert.equal(response.status, 413);
  assert.deepEqual(await response.json(), {
    error: `the body is ${limit + 1} bytes; this Worker reads at most ${limit}`,
  });
  // At the limit the body is read, and these spaces are not a check request.
  assert.equal((await post(" ".repeat(limit))).status, 400);
});
// ANCHOR_END: answer3
