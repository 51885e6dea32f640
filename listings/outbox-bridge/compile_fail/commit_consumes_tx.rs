// Like sqlx's `Transaction`, `commit` takes the transaction by value:
// once committed, nothing more can be written in it.
struct Transaction {
    statements: Vec<String>,
}

impl Transaction {
    fn execute(&mut self, sql: &str) {
        self.statements.push(sql.to_owned());
    }

    fn commit(self) -> usize {
        self.statements.len()
    }
}

fn main() {
    let mut tx = Transaction {
        statements: Vec::new(),
    };
    tx.execute("INSERT INTO orders (id) VALUES ('order-1')");
    let written = tx.commit();
    tx.execute("INSERT INTO outbox (aggregate_id) VALUES ('order-1')");
    println!("{written} statement(s) committed");
}
