// Like sqlx: a transaction dereferences to its connection, so it can run
// any statement, but a connection is not a transaction. `enqueue` asks for
// the transaction, so an event can only be written inside one.
struct Connection;

struct Transaction {
    connection: Connection,
    statements: usize,
}

impl std::ops::Deref for Transaction {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.connection
    }
}

fn enqueue(tx: &mut Transaction, event_type: &str) -> usize {
    tx.statements += 1;
    event_type.len()
}

fn main() {
    // A connection straight from the pool: the event would commit on its own.
    let mut connection = Connection;
    enqueue(&mut connection, "OrderPlaced");
}
