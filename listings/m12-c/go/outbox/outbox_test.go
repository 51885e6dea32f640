package outbox

import (
	"errors"
	"hash/crc32"
	"strings"
	"testing"
)

func TestCheckAcceptsAndChecksums(t *testing.T) {
	got, err := Check("order-1", "order.placed", []byte("123456789"))
	if err != nil {
		t.Fatal(err)
	}
	if got != (Checked{Checksum: 0xE3069283, Len: 9}) {
		t.Fatalf("got %+v", got)
	}
}

func TestCheckRefusesWithTheBridgesReasons(t *testing.T) {
	cases := []struct {
		aggregate, eventType string
		payload              []byte
		reason               string
	}{
		{"", "order.placed", nil, "the aggregate id is empty"},
		{strings.Repeat("a", 201), "order.placed", nil, "the aggregate id is 201 bytes long; the limit is 200"},
		{"order-1", " ", nil, "the event type is empty"},
		{"order-1", "t", make([]byte, 1<<20+1), "the payload is 1048577 bytes; the limit is 1048576"},
	}
	for _, c := range cases {
		_, err := Check(c.aggregate, c.eventType, c.payload)
		var invalid *InvalidError
		if !errors.As(err, &invalid) || !errors.Is(err, ErrInvalid) {
			t.Fatalf("%q: want an InvalidError, got %v", c.reason, err)
		}
		if invalid.Reason != c.reason {
			t.Errorf("got %q, want %q", invalid.Reason, c.reason)
		}
	}
}

// ANCHOR: crc_test
// Go's standard library has CRC-32C too (hash/crc32 with the Castagnoli
// table): both must agree on every input.
func TestChecksumAgreesWithGosStandardLibrary(t *testing.T) {
	table := crc32.MakeTable(crc32.Castagnoli)
	data := make([]byte, 4096)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for n := 0; n <= len(data); n += 97 {
		if got, want := Checksum(data[:n]), crc32.Checksum(data[:n], table); got != want {
			t.Fatalf("%d bytes: rust %08x, go %08x", n, got, want)
		}
	}
}

// ANCHOR_END: crc_test

// ANCHOR: bench
// The cost of crossing into C and back: the same 16-byte checksum through
// cgo and in Go (the standard library's CRC-32C, which uses the CPU's CRC32
// instruction on amd64).
var sink uint32
var small = []byte("order-1:placed:1")

func BenchmarkCgoCall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = Checksum(small)
	}
}

// Nothing to checksum: what is left is the crossing itself.
func BenchmarkCgoEmptyCall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = Checksum(nil)
	}
}

func BenchmarkGoCall(b *testing.B) {
	table := crc32.MakeTable(crc32.Castagnoli)
	for i := 0; i < b.N; i++ {
		sink = crc32.Checksum(small, table)
	}
}

// ANCHOR_END: bench
