/* A C producer checking messages before it writes them to the outbox,
 * through the Rust library (lesson 12.2). `cargo course test ffi` builds it
 * with gcc against liboutbox_ffi.so, runs it under valgrind, and compares
 * what it prints with c/expected.txt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outbox_ffi.h"

static int failures = 0;

static void expect(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "FAILED: %s\n", what);
        failures++;
    }
}

/* ANCHOR: check */
static void check(const char *aggregate_id, const char *event_type, const char *payload) {
    OutboxChecked checked = {0};
    OutboxStatus status =
        outbox_check(aggregate_id, event_type, (const uint8_t *)payload, strlen(payload), &checked);
    if (status == OUTBOX_STATUS_OK) {
        printf("%-10s %-14s ok: crc32c %08x over %zu bytes\n", aggregate_id, event_type,
               checked.checksum, checked.len);
        return;
    }
    /* An owned string from Rust: freed by Rust, never by free(). */
    char *why = outbox_explain(aggregate_id, event_type, (const uint8_t *)payload, strlen(payload));
    printf("%-10s %-14s refused (%d): %s\n", aggregate_id, event_type, (int)status, why);
    outbox_string_free(why);
}
/* ANCHOR_END: check */

/* ANCHOR: answer2 */
/* Lesson 12.2, exercise 2: a payload one byte over the limit. Two
 * allocators meet here: the payload is C's (calloc, so free), the
 * explanation is Rust's (so outbox_string_free). */
static void check_too_large(void) {
    size_t len = 1024 * 1024 + 1;
    uint8_t *payload = calloc(len, 1);
    if (payload == NULL) {
        expect(0, "calloc");
        return;
    }
    OutboxChecked checked = {0};
    OutboxStatus status = outbox_check("order-4", "order.placed", payload, len, &checked);
    char *why = outbox_explain("order-4", "order.placed", payload, len);
    printf("%-10s %-14s refused (%d): %s\n", "order-4", "order.placed", (int)status, why);
    expect(status == OUTBOX_STATUS_PAYLOAD_TOO_LARGE && checked.len == 0, "payload over the limit");
    outbox_string_free(why);
    free(payload);
}
/* ANCHOR_END: answer2 */

int main(void) {
    /* ANCHOR: calls */
    check("order-1", "order.placed", "123456789");
    check("order-2", "order.paid", "{\"amount\":42}");
    check("", "order.placed", "{}");
    check("order-3", "  ", "{}");
    /* ANCHOR_END: calls */

    const char *nine = "123456789";
    expect(outbox_crc32c((const uint8_t *)nine, 9) == 0xE3069283u, "crc32c check value");
    expect(outbox_crc32c(NULL, 0) == 0, "crc32c of nothing");
    const size_t lens[] = {9, 0};
    uint32_t sums[2] = {0};
    expect(outbox_crc32c_batch((const uint8_t *)nine, lens, 2, sums) == OUTBOX_STATUS_OK &&
               sums[0] == 0xE3069283u && sums[1] == 0,
           "crc32c of a batch");

    OutboxChecked untouched = {.checksum = 7, .len = 7};
    expect(outbox_check(NULL, "t", NULL, 0, &untouched) == OUTBOX_STATUS_NULL_ARGUMENT,
           "null aggregate id");
    expect(outbox_check("a", "t", NULL, 0, NULL) == OUTBOX_STATUS_NULL_ARGUMENT, "null out");
    expect(untouched.checksum == 7 && untouched.len == 7, "refused call leaves out alone");
    expect(outbox_check("\xff", "t", NULL, 0, &untouched) == OUTBOX_STATUS_NOT_UTF8, "not UTF-8");
    expect(outbox_explain("a", "t", NULL, 0) == NULL, "valid message has no explanation");
    outbox_string_free(NULL);
    printf("status 7 means: %s\n", outbox_status_message(7));
    check_too_large();

    if (failures > 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("all C checks passed\n");
    return 0;
}
