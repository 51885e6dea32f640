// Handing out a reference into a map that sits behind a lock.
use std::collections::HashMap;
use std::sync::Mutex;

struct Cache {
    entries: Mutex<HashMap<String, String>>,
}

impl Cache {
    fn get(&self, key: &str) -> Option<&String> {
        let entries = self.entries.lock().unwrap();
        entries.get(key)
    }
}

fn main() {
    let cache = Cache {
        entries: Mutex::new(HashMap::new()),
    };
    println!("{:?}", cache.get("sku-1"));
}
