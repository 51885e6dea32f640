// The Module 12 checks compiled to WebAssembly (lesson 12.4).
//
// `cargo build --target wasm32-unknown-unknown` makes the `.wasm`;
// `wasm-bindgen` then writes the JavaScript that converts JS strings and
// `Uint8Array`s into Rust's `&str` and `&[u8]` and back. Node, browsers,
// Deno and Cloudflare Workers (lesson 12.5) load the same module.

use wasm_bindgen::prelude::*;

// ANCHOR: checked
/// What a valid message's producer stores beside it. A `#[wasm_bindgen]`
/// struct lives in the module's memory; JavaScript holds a handle to it
/// and reads its fields through the getters.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    checksum: u32,
    len: usize,
}

#[wasm_bindgen]
impl Checked {
    #[wasm_bindgen(getter)]
    pub fn checksum(&self) -> u32 {
        self.checksum
    }

    #[wasm_bindgen(getter)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// False: a `Checked` always describes a payload, even an empty one
    /// (clippy asks for `is_empty` beside `len`).
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}
// ANCHOR_END: checked

// ANCHOR: exports
/// Checks a message the way the bridge will. An `Err(JsError)` is thrown
/// in JavaScript as an `Error` with this message.
///
/// `&str` arguments arrive as copies: JavaScript strings are UTF-16, so the
/// glue encodes them as UTF-8 into the module's memory. `&[u8]` from a
/// `Uint8Array` is copied in too: a wasm module can read only its own
/// linear memory.
#[wasm_bindgen]
pub fn check(aggregate_id: &str, event_type: &str, payload: &[u8]) -> Result<Checked, JsError> {
    let checked = m12_ffi::check(aggregate_id, event_type, payload)?;
    Ok(Checked {
        checksum: checked.checksum,
        len: checked.len,
    })
}

/// CRC-32C of a `Uint8Array`, as a JavaScript number.
#[wasm_bindgen]
pub fn crc32c(data: &[u8]) -> u32 {
    m12_ffi::crc32c(data)
}

/// The checksum as the header value a consumer compares: eight hex digits.
/// A returned `String` is copied out and decoded into a JavaScript string.
#[wasm_bindgen(js_name = checksumHeader)]
pub fn checksum_header(data: &[u8]) -> String {
    format!("{:08x}", m12_ffi::crc32c(data))
}
// ANCHOR_END: exports

// The answers to lesson 12.4's exercises: exports like the ones above,
// tested natively below and from JavaScript in test/outbox.test.mjs.

// ANCHOR: answer1
/// Exercise 1: the payload as a JavaScript string. The glue encodes it as
/// UTF-8, so the bytes checked are the ones `TextEncoder` would produce.
#[wasm_bindgen(js_name = checkText)]
pub fn check_text(aggregate_id: &str, event_type: &str, payload: &str) -> Result<Checked, JsError> {
    check(aggregate_id, event_type, payload.as_bytes())
}
// ANCHOR_END: answer1

// ANCHOR: answer2
/// Exercise 2: why a message was refused, as a number JavaScript can
/// compare (`outbox.Refusal.EmptyEventType`). The values are the C ABI's
/// codes from lesson 12.2 (`Invalid::code`).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    EmptyAggregateId = 1,
    AggregateIdTooLong = 2,
    EmptyEventType = 3,
    PayloadTooLarge = 4,
}

/// `undefined` in JavaScript when the message is valid.
#[wasm_bindgen]
pub fn refusal(aggregate_id: &str, event_type: &str, payload: &[u8]) -> Option<Refusal> {
    let invalid = m12_ffi::check(aggregate_id, event_type, payload).err()?;
    Some(match invalid {
        m12_ffi::Invalid::EmptyAggregateId => Refusal::EmptyAggregateId,
        m12_ffi::Invalid::AggregateIdTooLong { .. } => Refusal::AggregateIdTooLong,
        m12_ffi::Invalid::EmptyEventType => Refusal::EmptyEventType,
        m12_ffi::Invalid::PayloadTooLarge { .. } => Refusal::PayloadTooLarge,
    })
}
// ANCHOR_END: answer2

// ANCHOR: answer3_std
/// Exercise 3, first try: times the check with std's clock. Natively this
/// works. wasm32-unknown-unknown has no clock, so there `Instant::now()`
/// panics and JavaScript catches `RuntimeError: unreachable`.
#[wasm_bindgen(js_name = timedCheckStd)]
pub fn timed_check_std(
    aggregate_id: &str,
    event_type: &str,
    payload: &[u8],
) -> Result<f64, JsError> {
    let started = std::time::Instant::now();
    m12_ffi::check(aggregate_id, event_type, payload)?;
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}
// ANCHOR_END: answer3_std

// ANCHOR: answer3
#[wasm_bindgen]
extern "C" {
    /// The host's `performance.now()`: milliseconds since the page or
    /// process started (Node, browsers, Deno and Workers all have it).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Exercise 3: the check and how long it took, in milliseconds, timed by
/// the JavaScript host's clock.
#[wasm_bindgen(js_name = timedCheck)]
pub fn timed_check(aggregate_id: &str, event_type: &str, payload: &[u8]) -> Result<f64, JsError> {
    let started = performance_now();
    m12_ffi::check(aggregate_id, event_type, payload)?;
    Ok(performance_now() - started)
}
// ANCHOR_END: answer3

#[cfg(test)]
mod tests {
    use super::*;

    // On the host, the functions are plain Rust; the Node tests in test/
    // exercise them through the generated JavaScript.
    #[test]
    fn the_exports_work_as_plain_rust() {
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(checksum_header(b"123456789"), "e3069283");
        let checked = check("order-1", "order.placed", b"{}").map_err(|_| "refused");
        assert_eq!(checked.map(|c| c.len()), Ok(2));
    }

    #[test]
    fn a_text_payload_is_checked_as_its_utf8_bytes() {
        let text = check_text("order-1", "t", "ü€").map_err(|_| "refused");
        let bytes = check("order-1", "t", "ü€".as_bytes()).map_err(|_| "refused");
        assert_eq!(text, bytes);
        assert_eq!(text.map(|c| c.len()), Ok(5));
    }

    #[test]
    fn refusals_have_the_c_abi_codes() {
        let cases: [(&str, &str, &[u8], Refusal); 3] = [
            ("", "t", b"", Refusal::EmptyAggregateId),
            (&"a".repeat(201), "t", b"", Refusal::AggregateIdTooLong),
            ("order-1", " ", b"", Refusal::EmptyEventType),
        ];
        for (id, event_type, payload, expected) in cases {
            let invalid = m12_ffi::check(id, event_type, payload).expect_err("refused");
            assert_eq!(refusal(id, event_type, payload), Some(expected));
            assert_eq!(expected as i32, invalid.code());
        }
        let big = vec![0u8; m12_ffi::message::MAX_PAYLOAD + 1];
        assert_eq!(
            refusal("order-1", "t", &big),
            Some(Refusal::PayloadTooLarge)
        );
        assert_eq!(refusal("order-1", "t", b"{}"), None);
    }

    // The std clock exists natively, so this passes here; the Node test
    // shows the same function failing in WebAssembly.
    #[test]
    fn std_timing_works_natively() {
        let millis = timed_check_std("order-1", "t", b"{}").map_err(|_| "refused");
        assert!(millis.is_ok_and(|ms| ms >= 0.0));
    }
}
