// The Worker's JavaScript entry point (lesson 12.5). wasm-bindgen's `web`
// target writes outbox_worker.js with an `initSync`; Workers hands us the
// compiled module as an import (wrangler's rule for *.wasm), so the module
// is instantiated once, when the isolate loads, not on every request.
import { initSync, fetch as handle } from "../pkg/outbox_worker.js";
import module from "../pkg/outbox_worker_bg.wasm";

initSync({ module });

export default {
  fetch(request, env, ctx) {
    return handle(request, env, ctx);
  },
};
