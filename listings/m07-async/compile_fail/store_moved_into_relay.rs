// Handing the store to the relay task, then using it again in main.
#[derive(Debug, Default)]
struct MemoryOutbox {
    rows: Vec<u64>,
}

async fn run_relay(store: MemoryOutbox) -> usize {
    store.rows.len()
}

fn main() {
    let store = MemoryOutbox::default();
    let relay = run_relay(store);
    println!("{} rows pending", store.rows.len());
    drop(relay);
}
