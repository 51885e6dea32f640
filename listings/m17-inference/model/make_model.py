#!/usr/bin/env python3
"""Build the outbox event classifier of lesson 17.5, and check the committed copy.

    python make_model.py           # train, write event_classifier.onnx and reference.json
    python make_model.py --check   # rebuild in memory; exit 1 if either file would change

The model sorts an outbox event (its type and payload text) into one of three
routes: routine, priority, alert. Its input is a fixed-size vector of hashed
word counts, computed by `features()` below and, identically, by
`listings/m17-inference/src/features.rs`:

1. Text = event type + " " + payload.
2. Tokens = maximal runs of ASCII letters and digits (every other character,
   including any non-ASCII one, separates tokens), ASCII-lowercased.
3. Bucket = FNV-1a 32-bit hash of the token's bytes, modulo BUCKETS.
4. Feature[bucket] = number of tokens that fell into it, as float32.

Counts are small integers, which float32 holds exactly, so Rust and Python
agree on every bit of the input.

The network is Gemm(64 -> 16) + Relu + Gemm(16 -> 3) + Softmax, trained with
plain numpy full-batch gradient descent on a dataset made from templates with
a fixed seed. Every weight is rounded to a multiple of 1/1024 before export,
so a last-bit difference in a machine's BLAS cannot change a byte of the
model, and the ONNX file carries no timestamp: the same inputs give the same
bytes on every run.

Pinned versions: requirements.txt beside this file.
"""

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

HERE = Path(__file__).resolve().parent
MODEL_PATH = HERE / "event_classifier.onnx"
REFERENCE_PATH = HERE / "reference.json"

BUCKETS = 64
HIDDEN = 16
LABELS = ["routine", "priority", "alert"]
SEED = 17
# ONNX opset 13 and IR version 7: old enough for every runtime we test with.
OPSET = 13
IR_VERSION = 7
# How far onnxruntime's probabilities may move from reference.json in --check
# (a different CPU may sum in a different order; float32 epsilon is ~1.2e-7).
CHECK_TOLERANCE = 1e-6

TOKEN = re.compile(r"[0-9A-Za-z]+")


def fnv1a32(data: bytes) -> int:
    """FNV-1a, 32 bits: offset basis 2166136261, prime 16777619."""
    h = 2166136261
    for byte in data:
        h ^= byte
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def tokens(text: str) -> list[str]:
    return [t.lower() for t in TOKEN.findall(text)]


def features(event_type: str, payload: str) -> np.ndarray:
    counts = np.zeros(BUCKETS, dtype=np.float32)
    for token in tokens(event_type + " " + payload):
        counts[fnv1a32(token.encode("ascii")) % BUCKETS] += 1.0
    return counts


# --- the training data: templates filled in with a fixed seed ---------------

ROUTINE = [
    ("order.created", "order {n} created for customer {c}"),
    ("order.shipped", "order {n} shipped via {carrier}"),
    ("invoice.issued", "invoice {n} issued to customer {c}"),
    ("customer.updated", "customer {c} changed their {field}"),
    ("cart.updated", "customer {c} added {k} items to cart"),
    ("order.delivered", "order {n} delivered by {carrier}"),
]
PRIORITY = [
    ("payment.failed", "payment for order {n} failed, card declined"),
    ("order.cancelled", "customer {c} cancelled order {n} before shipping"),
    ("refund.requested", "customer {c} requested a refund for order {n}"),
    ("payment.retry", "payment retry {k} for invoice {n} failed"),
    ("order.delayed", "order {n} delayed, {carrier} missed the pickup"),
    ("stock.low", "stock for item {n} below threshold, {k} left"),
]
ALERT = [
    ("fraud.suspected", "suspicious payment pattern on account {c}"),
    ("account.locked", "account {c} locked after {k} failed logins"),
    ("chargeback.opened", "chargeback opened on order {n}, possible fraud"),
    ("security.breach", "unauthorized access to account {c} detected"),
    ("payment.fraud", "card used from {k} countries in one hour, fraud suspected"),
    ("account.takeover", "password and email of account {c} changed from unknown device"),
]
CARRIERS = ["dhl", "ups", "fedex", "post"]
FIELDS = ["address", "email", "phone", "name"]


def dataset(rng: np.random.Generator, per_class: int) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for label, templates in enumerate([ROUTINE, PRIORITY, ALERT]):
        for _ in range(per_class):
            event_type, text = templates[rng.integers(len(templates))]
            payload = text.format(
                n=int(rng.integers(1000, 99999)),
                c=f"c{int(rng.integers(100, 999))}",
                k=int(rng.integers(2, 9)),
                carrier=CARRIERS[rng.integers(len(CARRIERS))],
                field=FIELDS[rng.integers(len(FIELDS))],
            )
            rows.append(features(event_type, payload))
            labels.append(label)
    return np.stack(rows).astype(np.float64), np.array(labels)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def train() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(SEED)
    x, y = dataset(rng, per_class=200)
    onehot = np.eye(len(LABELS))[y]
    w1 = rng.normal(0.0, np.sqrt(2.0 / BUCKETS), (BUCKETS, HIDDEN))
    b1 = np.zeros(HIDDEN)
    w2 = rng.normal(0.0, np.sqrt(2.0 / HIDDEN), (HIDDEN, len(LABELS)))
    b2 = np.zeros(len(LABELS))
    rate = 0.1
    for _ in range(600):
        h_pre = x @ w1 + b1
        h = np.maximum(h_pre, 0.0)
        p = softmax(h @ w2 + b2)
        d_logits = (p - onehot) / len(x)
        d_w2 = h.T @ d_logits
        d_b2 = d_logits.sum(axis=0)
        d_h = (d_logits @ w2.T) * (h_pre > 0)
        d_w1 = x.T @ d_h
        d_b1 = d_h.sum(axis=0)
        w1 -= rate * d_w1
        b1 -= rate * d_b1
        w2 -= rate * d_w2
        b2 -= rate * d_b2
    accuracy = float((softmax(np.maximum(x @ w1 + b1, 0) @ w2 + b2).argmax(1) == y).mean())
    if accuracy < 0.95:
        sys.exit(f"training reached only {accuracy:.3f} accuracy on its own data")

    def grid(a: np.ndarray) -> np.ndarray:
        return (np.round(a * 1024.0) / 1024.0).astype(np.float32)

    return {"w1": grid(w1), "b1": grid(b1), "w2": grid(w2), "b2": grid(b2)}


def to_onnx(weights: dict[str, np.ndarray]) -> bytes:
    inputs = [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", BUCKETS])]
    outputs = [
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", len(LABELS)])
    ]
    initializers = [numpy_helper.from_array(a, name) for name, a in sorted(weights.items())]
    nodes = [
        helper.make_node("Gemm", ["features", "w1", "b1"], ["hidden_pre"], name="dense1"),
        helper.make_node("Relu", ["hidden_pre"], ["hidden"], name="relu1"),
        helper.make_node("Gemm", ["hidden", "w2", "b2"], ["logits"], name="dense2"),
        helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
    ]
    graph = helper.make_graph(nodes, "event_classifier", inputs, outputs, initializers)
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="rust-mastery/make_model.py",
        producer_version="1",
        ir_version=IR_VERSION,
    )
    model.doc_string = "Routes outbox events: " + ", ".join(LABELS)
    onnx.checker.check_model(model, full_check=True)
    return model.SerializeToString(deterministic=True)


# The events the Rust tests compare against, one or two per route and a few
# the templates never produced.
EXAMPLES = [
    ("order.created", "Order 4711 created for customer c42"),
    ("order.shipped", "order 18 shipped via DHL"),
    ("payment.failed", "Payment for order 99 failed: card declined"),
    ("refund.requested", "Customer c7 requested a refund for order 31"),
    ("fraud.suspected", "Suspicious payment pattern on account c9"),
    ("account.locked", "Account c13 locked after 5 failed logins"),
    ("customer.updated", "customer c5 changed their email to ana@example.com"),
    ("note.added", "Grüße aus Köln! Order 12 looks fine."),
]


def onnxruntime_probabilities(model_bytes: bytes, x: np.ndarray) -> np.ndarray:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    (probabilities,) = session.run(["probabilities"], {"features": x})
    return probabilities


def reference(model_bytes: bytes) -> dict:
    x = np.stack([features(t, p) for t, p in EXAMPLES])
    probabilities = onnxruntime_probabilities(model_bytes, x)
    return {
        "about": "Written by make_model.py: features as Python computed them, "
        "probabilities as onnxruntime " + ort.__version__ + " computed them.",
        "labels": LABELS,
        "buckets": BUCKETS,
        "examples": [
            {
                "event_type": event_type,
                "payload": payload,
                "features": [float(v) for v in x[i]],
                "probabilities": [float(v) for v in probabilities[i]],
                "label": LABELS[int(probabilities[i].argmax())],
            }
            for i, (event_type, payload) in enumerate(EXAMPLES)
        ],
    }


def check(model_bytes: bytes) -> list[str]:
    problems = []
    if not MODEL_PATH.exists() or MODEL_PATH.read_bytes() != model_bytes:
        problems.append(f"{MODEL_PATH.name} differs from the model this script builds")
    if not REFERENCE_PATH.exists():
        return problems + [f"{REFERENCE_PATH.name} is missing"]
    committed = json.loads(REFERENCE_PATH.read_text())
    fresh = reference(model_bytes)
    if len(committed["examples"]) != len(fresh["examples"]):
        return problems + [f"{REFERENCE_PATH.name} has a different number of examples"]
    for old, new in zip(committed["examples"], fresh["examples"]):
        name = f"{new['event_type']!r}"
        if (old["event_type"], old["payload"]) != (new["event_type"], new["payload"]):
            problems.append(f"example {name}: the event text changed")
        if old["features"] != new["features"]:
            problems.append(f"example {name}: the features changed")
        if old["label"] != new["label"]:
            problems.append(f"example {name}: label {old['label']} became {new['label']}")
        drift = float(np.max(np.abs(np.array(old["probabilities"]) - new["probabilities"])))
        if drift > CHECK_TOLERANCE:
            problems.append(f"example {name}: onnxruntime's probabilities moved by {drift:.2e}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild in memory and fail if the committed files differ",
    )
    args = parser.parse_args()
    model_bytes = to_onnx(train())
    if args.check:
        problems = check(model_bytes)
        for problem in problems:
            print(f"make_model.py --check: {problem}", file=sys.stderr)
        if problems:
            print("make_model.py --check: FAILED; run make_model.py to rebuild", file=sys.stderr)
            return 1
        print(f"make_model.py --check: {MODEL_PATH.name} and {REFERENCE_PATH.name} are up to date")
        return 0
    MODEL_PATH.write_bytes(model_bytes)
    REFERENCE_PATH.write_text(json.dumps(reference(model_bytes), indent=2) + "\n")
    print(f"wrote {MODEL_PATH.name} ({len(model_bytes)} bytes) and {REFERENCE_PATH.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
