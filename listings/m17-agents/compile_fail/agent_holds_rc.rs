// An agent whose state holds an `Rc`: the `Send` supertrait refuses it.
use std::collections::BTreeMap;
use std::future::Future;
use std::rc::Rc;

trait Agent: Send + 'static {
    type Msg: Send + 'static;
    fn handle(&mut self, msg: Self::Msg) -> impl Future<Output = ()> + Send;
}

struct Cache {
    entries: Rc<BTreeMap<String, u64>>,
}

impl Agent for Cache {
    type Msg = String;

    async fn handle(&mut self, key: String) {
        let _found = self.entries.get(&key);
    }
}

fn main() {
    let _cache = Cache { entries: Rc::new(BTreeMap::new()) };
}
