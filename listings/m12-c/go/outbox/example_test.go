// An external test package: it sees only what outbox exports, as a Go
// producer would, and it may not use cgo itself.
package outbox_test

import (
	"errors"
	"fmt"

	"example.com/outboxffi/outbox"
)

// ANCHOR: producer
// A producer checks each message before its INSERT: a refused one never
// reaches the outbox, and the transaction rolls back with the bridge's own
// reason.
func Example_producer() {
	messages := []struct{ aggregate, eventType, payload string }{
		{"order-7", "order.placed", `{"total_cents":4200}`},
		{"", "order.placed", `{}`},
		{"order-8", " ", `{}`},
	}
	for _, m := range messages {
		checked, err := outbox.Check(m.aggregate, m.eventType, []byte(m.payload))
		var invalid *outbox.InvalidError
		switch {
		case errors.As(err, &invalid):
			fmt.Printf("rollback: %s (status %d)\n", invalid.Reason, invalid.Status)
		case err != nil:
			fmt.Println("rollback:", err)
		default:
			fmt.Printf("insert %s %s: %d bytes, crc32c %08x\n",
				m.aggregate, m.eventType, checked.Len, checked.Checksum)
		}
	}
	// Output:
	// insert order-7 order.placed: 20 bytes, crc32c b88784c7
	// rollback: the aggregate id is empty (status 1)
	// rollback: the event type is empty (status 3)
}

// ANCHOR_END: producer
