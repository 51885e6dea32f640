// A test file that uses cgo itself: the go tool refuses to build it
// (lesson 12.3, Pitfalls). TestCgoInATestFileIsRefused checks that it does.
package cgointest

/*
#cgo CFLAGS: -I${SRCDIR}/../../../../include
#include "outbox_ffi.h"
*/
import "C"

import "testing"

func TestStatusMessage(t *testing.T) {
	if C.GoString(C.outbox_status_message(7)) != "the library panicked" {
		t.Fatal("wrong message")
	}
}
