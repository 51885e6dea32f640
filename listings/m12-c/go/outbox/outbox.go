// Package outbox calls the Rust message checks of lesson 12.2 from Go
// through cgo (lesson 12.3). It links liboutbox_ffi.a statically: the Go
// binary then needs no .so beside it at run time.
//
// `cargo course test ffi` sets CGO_LDFLAGS to the directory cargo built the
// library into; by hand:
//
//	cargo build -p m12-c --release
//	CGO_LDFLAGS="-L$CARGO_TARGET_DIR/release" go test ./...
package outbox

// ANCHOR: preamble

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -l:liboutbox_ffi.a -lm -ldl -lpthread
#include <stdlib.h>
#include "outbox_ffi.h"
*/
import "C"

// ANCHOR_END: preamble

import (
	"errors"
	"unsafe"
)

// ANCHOR: check
// Checked is what a valid message's producer stores beside it.
type Checked struct {
	Checksum uint32
	Len      int
}

// ErrInvalid is wrapped by every refusal, for errors.Is.
var ErrInvalid = errors.New("invalid outbox message")

// InvalidError says why a message was refused.
type InvalidError struct {
	Status int
	Reason string
}

func (e *InvalidError) Error() string { return e.Reason }
func (e *InvalidError) Unwrap() error { return ErrInvalid }

// Check runs the bridge's message checks in Rust.
func Check(aggregateID, eventType string, payload []byte) (Checked, error) {
	// C strings are copies in C memory: Go's garbage collector may move Go
	// memory, so a Go string cannot be handed to C as it is.
	cAggregate := C.CString(aggregateID)
	defer C.free(unsafe.Pointer(cAggregate))
	cType := C.CString(eventType)
	defer C.free(unsafe.Pointer(cType))

	var out C.OutboxChecked
	status := C.outbox_check(cAggregate, cType, bytesPtr(payload), C.size_t(len(payload)), &out)
	if status == C.OUTBOX_STATUS_OK {
		return Checked{Checksum: uint32(out.checksum), Len: int(out.len)}, nil
	}
	why := C.outbox_explain(cAggregate, cType, bytesPtr(payload), C.size_t(len(payload)))
	defer C.outbox_string_free(why) // Rust allocated it, so Rust frees it
	return Checked{}, &InvalidError{Status: int(status), Reason: C.GoString(why)}
}

// Checksum is CRC-32C, computed in Rust.
func Checksum(payload []byte) uint32 {
	return uint32(C.outbox_crc32c(bytesPtr(payload), C.size_t(len(payload))))
}

// bytesPtr passes a Go slice's memory to C without copying. cgo's rule:
// C may read it during the call but must not keep the pointer after.
func bytesPtr(b []byte) *C.uint8_t {
	if len(b) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0]))
}

// ANCHOR_END: check
