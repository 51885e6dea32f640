// Worked answers to the exercises of lesson 12.3. The cgo flags of
// outbox.go apply to every file of the package, so this preamble only
// includes the header.

package outbox

/*
#include "outbox_ffi.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// ANCHOR: batch
// ChecksumBatch is Checksum for many payloads in one cgo call. The payloads
// are copied end to end into one buffer first: C may borrow Go memory only
// if it holds no Go pointers, and a [][]byte is a list of Go pointers.
func ChecksumBatch(payloads [][]byte) ([]uint32, error) {
	if len(payloads) == 0 {
		return nil, nil
	}
	lens := make([]C.size_t, len(payloads))
	total := 0
	for i, p := range payloads {
		lens[i] = C.size_t(len(p))
		total += len(p)
	}
	data := make([]byte, 0, total)
	for _, p := range payloads {
		data = append(data, p...)
	}
	sums := make([]uint32, len(payloads))
	status := C.outbox_crc32c_batch(bytesPtr(data), &lens[0], C.size_t(len(payloads)),
		(*C.uint32_t)(unsafe.Pointer(&sums[0])))
	if status != C.OUTBOX_STATUS_OK {
		return nil, fmt.Errorf("outbox_crc32c_batch: %s", statusMessage(int(status)))
	}
	return sums, nil
}

// ANCHOR_END: batch

// ANCHOR: reasons
// One sentinel per reason, so callers can write
// errors.Is(err, outbox.ErrPayloadTooLarge).
var (
	ErrEmptyAggregateID   = fmt.Errorf("%w: empty aggregate id", ErrInvalid)
	ErrAggregateIDTooLong = fmt.Errorf("%w: aggregate id too long", ErrInvalid)
	ErrEmptyEventType     = fmt.Errorf("%w: empty event type", ErrInvalid)
	ErrPayloadTooLarge    = fmt.Errorf("%w: payload too large", ErrInvalid)
)

var reasons = map[int]error{
	C.OUTBOX_STATUS_EMPTY_AGGREGATE_ID:    ErrEmptyAggregateID,
	C.OUTBOX_STATUS_AGGREGATE_ID_TOO_LONG: ErrAggregateIDTooLong,
	C.OUTBOX_STATUS_EMPTY_EVENT_TYPE:      ErrEmptyEventType,
	C.OUTBOX_STATUS_PAYLOAD_TOO_LARGE:     ErrPayloadTooLarge,
}

// Is makes errors.Is match the sentinel of e's status (and, through
// Unwrap, ErrInvalid).
func (e *InvalidError) Is(target error) bool {
	reason, ok := reasons[e.Status]
	return ok && reason == target
}

// ANCHOR_END: reasons

// ANCHOR: status_message
// statusMessage is the library's own words for a status code. A test needs
// it, and a _test.go file cannot use cgo, so it lives here. The string is
// static in Rust: there is nothing to free.
func statusMessage(status int) string {
	return C.GoString(C.outbox_status_message(C.int32_t(status)))
}

// ANCHOR_END: status_message
