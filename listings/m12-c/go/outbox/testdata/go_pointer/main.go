// Passes C a pointer to Go memory that holds Go pointers (lesson 12.3,
// Pitfalls): cgo's run-time check stops the program.
// TestGoPointerToGoPointerPanics checks that it does.
package main

/*
#cgo CFLAGS: -I${SRCDIR}/../../../../include
#cgo LDFLAGS: -l:liboutbox_ffi.a
#include "outbox_ffi.h"

// ANCHOR: void_pointer
static uint32_t checksum_of(const void *data, size_t len) {
    return outbox_crc32c(data, len);
}
// ANCHOR_END: void_pointer
*/
import "C"

import (
	"fmt"
	"unsafe"
)

func main() {
	// ANCHOR: go_pointer
	payloads := [][]byte{[]byte("order-1"), []byte("order-2")}
	// payloads[0] is a slice header: a pointer into Go memory, a length, a
	// capacity. Handing C its address hands C a Go pointer to Go pointers.
	sum := C.checksum_of(unsafe.Pointer(&payloads[0]), C.size_t(len(payloads)))
	// ANCHOR_END: go_pointer
	fmt.Println(sum)
}
