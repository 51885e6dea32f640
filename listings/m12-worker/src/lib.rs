// The Module 12 checks as an HTTP service on Cloudflare Workers (lesson
// 12.5): a producer that cannot link Rust (a Ruby monolith, a shell
// script) POSTs a message and learns whether the bridge would take it.
//
// The request logic is plain Rust in [`check_request`], tested natively by
// `cargo test`; the `#[event(fetch)]` handler only moves bytes between it
// and the Workers runtime. `cargo course test ffi` builds the Worker for
// wasm32, serves it with `wrangler dev` (workerd, on this machine) and
// sends it real HTTP requests.

use serde::Deserialize;
use serde_json::{Value, json};
use worker::{Context, Env, Method, Request, Response, Result, event};

// ANCHOR: logic
/// The body `POST /check` accepts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    aggregate_id: String,
    event_type: String,
    /// Any JSON value: the payload the outbox would store, compacted.
    payload: Value,
}

/// An HTTP status and a JSON body.
#[derive(Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

/// What `POST /check` answers for `body`: 200 with the checksum, 422 with
/// the bridge's reason, or 400 when the body is not a check request.
pub fn check_request(body: &[u8]) -> Reply {
    let request: CheckRequest = match serde_json::from_slice(body) {
        Ok(request) => request,
        Err(e) => {
            return Reply {
                status: 400,
                body: json!({ "error": format!("not a check request: {e}") }),
            };
        }
    };
    // A `Value` always serialises; compact JSON is what the outbox stores.
    let payload = serde_json::to_vec(&request.payload).unwrap_or_default();
    match m12_ffi::check(&request.aggregate_id, &request.event_type, &payload) {
        Ok(checked) => Reply {
            status: 200,
            body: json!({
                "checksum": format!("{:08x}", checked.checksum),
                "len": checked.len,
            }),
        },
        Err(invalid) => Reply {
            status: 422,
            body: json!({ "error": invalid.to_string() }),
        },
    }
}
// ANCHOR_END: logic

// ANCHOR: handler
/// The Worker's entry point: Workers calls the exported `fetch` for every
/// request, with the deployment's bindings in `env` (exercise 2 reads one).
#[event(fetch)]
async fn fetch(mut req: Request, env: Env, _ctx: Context) -> Result<Response> {
    match (req.method(), req.path().as_str()) {
        (Method::Get, "/healthz") => Response::ok("ok"),
        (Method::Post, "/check") => {
            // ANCHOR_END: handler
            // ANCHOR: answer3_route
            let length = req.headers().get("content-length")?;
            if let Some(reply) = refuse_large_body(length.as_deref()) {
                return Ok(Response::from_json(&reply.body)?.with_status(reply.status));
            }
            // ANCHOR_END: answer3_route
            // ANCHOR: handler
            let body = req.bytes().await?;
            let reply = check_request(&body);
            Ok(Response::from_json(&reply.body)?.with_status(reply.status))
        }
        // ANCHOR_END: handler
        // ANCHOR: answer2_route
        (Method::Get, "/limits") => {
            let deployment = env.var("DEPLOYMENT")?.to_string();
            Response::from_json(&limits(&deployment).body)
        }
        // ANCHOR_END: answer2_route
        // ANCHOR: handler
        (_, "/check") => Response::error("use POST", 405),
        _ => Response::error("not found", 404),
    }
}
// ANCHOR_END: handler

// The answers to lesson 12.5's exercises, tested natively below and over
// HTTP in test/worker.test.mjs.

// ANCHOR: answer2
/// Exercise 2: what `GET /limits` answers, so a producer can check sizes
/// before it sends anything. `deployment` comes from the `DEPLOYMENT`
/// variable in wrangler.toml's `[vars]`.
pub fn limits(deployment: &str) -> Reply {
    Reply {
        status: 200,
        body: json!({
            "deployment": deployment,
            "max_aggregate_id": m12_ffi::message::MAX_AGGREGATE_ID,
            "max_payload": m12_ffi::message::MAX_PAYLOAD,
        }),
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
/// Exercise 3: the largest body `POST /check` reads. Four times the payload
/// limit leaves room for the JSON around the payload, pretty-printing and
/// escapes; a larger body is refused even if its payload would compact to
/// less than the limit, to keep the isolate's memory for other requests.
pub const MAX_BODY: usize = 4 * m12_ffi::message::MAX_PAYLOAD;

/// A 413 for a request whose `Content-Length` is over [`MAX_BODY`], decided
/// before the body is read. `None` (read it) when the header is missing or
/// not a number, as for a chunked upload.
pub fn refuse_large_body(content_length: Option<&str>) -> Option<Reply> {
    let len: usize = content_length?.trim().parse().ok()?;
    (len > MAX_BODY).then(|| Reply {
        status: 413,
        body: json!({ "error": format!("the body is {len} bytes; this Worker reads at most {MAX_BODY}") }),
    })
}
// ANCHOR_END: answer3

/// The book compiles this file as a program (lesson 12.5), and a program
/// needs a `main`; the Worker itself never calls it.
#[allow(dead_code)]
fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_with_the_checksum_of_the_compacted_payload() {
        let reply = check_request(
            br#"{"aggregate_id":"order-1","event_type":"order.placed","payload": 123456789}"#,
        );
        assert_eq!(
            reply,
            Reply {
                status: 200,
                body: json!({"checksum": "e3069283", "len": 9})
            }
        );
    }

    #[test]
    fn refusals_and_bad_bodies_get_their_own_statuses() {
        let refused = check_request(br#"{"aggregate_id":"","event_type":"t","payload":{}}"#);
        assert_eq!(refused.status, 422);
        assert_eq!(refused.body, json!({"error": "the aggregate id is empty"}));
        assert_eq!(check_request(b"not json").status, 400);
        assert_eq!(
            check_request(br#"{"aggregate_id":"a","event_type":"t"}"#).status,
            400
        );
    }

    // ANCHOR: answer1
    #[test]
    fn an_unknown_field_is_a_bad_request() {
        let reply = check_request(
            br#"{"aggregate_id":"order-1","event_type":"t","payload":{},"headers":{}}"#,
        );
        assert_eq!(reply.status, 400);
        let error = reply.body["error"].as_str().unwrap_or_default();
        assert!(
            error.starts_with("not a check request: unknown field `headers`"),
            "{error}"
        );
    }
    // ANCHOR_END: answer1

    #[test]
    fn limits_name_the_deployment_and_the_bridge_limits() {
        let reply = limits("local");
        assert_eq!(
            reply.body,
            json!({"deployment": "local", "max_aggregate_id": 200, "max_payload": 1_048_576})
        );
    }

    #[test]
    fn only_a_declared_oversized_body_is_refused_unread() {
        let over = (MAX_BODY + 1).to_string();
        assert_eq!(refuse_large_body(Some(&over)).map(|r| r.status), Some(413));
        assert_eq!(refuse_large_body(Some(&MAX_BODY.to_string())), None);
        assert_eq!(refuse_large_body(Some("lots")), None);
        assert_eq!(refuse_large_body(None), None);
    }
}
