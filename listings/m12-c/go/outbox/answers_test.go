package outbox

import (
	"errors"
	"hash/crc32"
	"testing"
)

func TestChecksumBatchAgreesWithGo(t *testing.T) {
	table := crc32.MakeTable(crc32.Castagnoli)
	payloads := [][]byte{[]byte("123456789"), nil, []byte(`{"amount":42}`), make([]byte, 4096)}
	sums, err := ChecksumBatch(payloads)
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != len(payloads) {
		t.Fatalf("%d checksums for %d payloads", len(sums), len(payloads))
	}
	for i, p := range payloads {
		if want := crc32.Checksum(p, table); sums[i] != want {
			t.Errorf("payload %d: rust %08x, go %08x", i, sums[i], want)
		}
	}
	if sums, err := ChecksumBatch(nil); sums != nil || err != nil {
		t.Errorf("an empty batch: got %v, %v", sums, err)
	}
}

func TestEachReasonHasASentinel(t *testing.T) {
	_, err := Check("order-1", "t", make([]byte, 1<<20+1))
	if !errors.Is(err, ErrPayloadTooLarge) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("want ErrPayloadTooLarge and ErrInvalid, got %v", err)
	}
	if errors.Is(err, ErrEmptyEventType) {
		t.Fatal("one reason matched another's sentinel")
	}
	_, err = Check("", "t", nil)
	if !errors.Is(err, ErrEmptyAggregateID) {
		t.Fatalf("want ErrEmptyAggregateID, got %v", err)
	}
}

func TestEveryStatusHasAMessage(t *testing.T) {
	for status := 0; status <= 7; status++ {
		if got := statusMessage(status); got == "unknown status" || got == "" {
			t.Errorf("status %d: %q", status, got)
		}
	}
	if got := statusMessage(99); got != "unknown status" {
		t.Errorf("status 99: %q", got)
	}
}
