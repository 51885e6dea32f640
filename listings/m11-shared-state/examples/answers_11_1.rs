//! Answers to the exercises of lesson 11.1.

// ANCHOR: answer1
mod answer1 {
    use std::rc::Rc;

    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct Routes {
        pub(crate) topics: Vec<String>,
    }

    /// Consumer 2 gets a deep copy: a second table with one owner of its own.
    pub(crate) fn run() -> (usize, bool) {
        let routes = Rc::new(Routes {
            topics: vec!["orders".into()],
        });
        let first = Rc::clone(&routes);
        let second = Rc::new(Routes::clone(&routes));
        (
            Rc::strong_count(&routes), // 2: `routes` and `first`
            Rc::ptr_eq(&first, &second),
        )
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use std::thread;

    #[derive(Debug)]
    pub(crate) struct Settings {
        pub(crate) broker: String,
        pub(crate) batch_size: usize,
    }

    /// Scoped threads end before `scope` returns, so they may borrow:
    /// no `Arc`, no clones, and `&Settings` is enough.
    pub(crate) fn run_workers(settings: &Settings, workers: u32) -> Vec<String> {
        thread::scope(|scope| {
            let handles: Vec<_> = (1..=workers)
                .map(|worker| {
                    scope.spawn(move || {
                        format!(
                            "worker {worker}: {} messages per batch to {}",
                            settings.batch_size, settings.broker
                        )
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().expect("a worker does not panic"))
                .collect()
        })
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
mod answer3 {
    use std::cell::RefCell;
    use std::rc::Rc;

    pub(crate) type DropLog = Rc<RefCell<Vec<String>>>;

    pub(crate) struct Connection {
        channel: RefCell<Option<Rc<Channel>>>,
        log: DropLog,
    }

    pub(crate) struct Channel {
        _connection: Rc<Connection>, // still strong: the cycle is there
        log: DropLog,
    }

    impl Connection {
        /// Breaks the cycle by hand: the channel's `Rc` leaves the connection.
        pub(crate) fn close(&self) {
            self.channel.borrow_mut().take();
        }
    }

    impl Drop for Connection {
        fn drop(&mut self) {
            self.log.borrow_mut().push("connection".into());
        }
    }

    impl Drop for Channel {
        fn drop(&mut self) {
            self.log.borrow_mut().push("channel".into());
        }
    }

    pub(crate) fn open(log: &DropLog) -> Rc<Connection> {
        let connection = Rc::new(Connection {
            channel: RefCell::new(None),
            log: Rc::clone(log),
        });
        let channel = Rc::new(Channel {
            _connection: Rc::clone(&connection),
            log: Rc::clone(log),
        });
        *connection.channel.borrow_mut() = Some(channel);
        connection
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
mod answer4 {
    use std::rc::{Rc, Weak};

    /// No `RefCell`: the channel is built inside `new_cyclic`, with a weak
    /// pointer to the connection that is being constructed.
    pub(crate) struct Connection {
        pub(crate) url: String,
        pub(crate) channel: Rc<Channel>,
    }

    pub(crate) struct Channel {
        pub(crate) connection: Weak<Connection>,
    }

    pub(crate) fn open(url: &str) -> Rc<Connection> {
        Rc::new_cyclic(|me: &Weak<Connection>| {
            // `me.upgrade()` is `None` in here: the connection does not exist yet.
            Connection {
                url: url.to_owned(),
                channel: Rc::new(Channel {
                    connection: me.clone(),
                }),
            }
        })
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
mod answer5 {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static CLONES: AtomicUsize = AtomicUsize::new(0);

    /// Counts its clones, to see whether `make_mut` makes one.
    #[derive(Debug)]
    pub(crate) struct Limits {
        pub(crate) lanes: usize,
    }

    impl Clone for Limits {
        fn clone(&self) -> Self {
            CLONES.fetch_add(1, Ordering::Relaxed);
            Self { lanes: self.lanes }
        }
    }

    /// Returns (clones made, moved to a new allocation, the watcher still upgrades).
    pub(crate) fn run() -> (usize, bool, bool) {
        let mut current = Arc::new(Limits { lanes: 4 });
        let before = Arc::as_ptr(&current);
        let watcher = Arc::downgrade(&current);
        Arc::make_mut(&mut current).lanes = 8;
        let moved = !std::ptr::eq(before, Arc::as_ptr(&current));
        (
            CLONES.load(Ordering::Relaxed),
            moved,
            watcher.upgrade().is_some(),
        )
    }
}
// ANCHOR_END: answer5

fn main() {
    let (owners, same) = answer1::run();
    println!("1. owners of the original: {owners}, consumer 2 shares it: {same}");

    let settings = answer2::Settings {
        broker: "amqp://localhost".into(),
        batch_size: 500,
    };
    for line in answer2::run_workers(&settings, 2) {
        println!("2. {line}");
    }

    let log = answer3::DropLog::default();
    let connection = answer3::open(&log);
    connection.close();
    drop(connection);
    println!("3. dropped after close(): {:?}", log.borrow());

    let connection = answer4::open("amqp://localhost");
    let parent = connection.channel.connection.upgrade();
    println!(
        "4. the channel reaches {:?}",
        parent.as_ref().map(|c| c.url.as_str())
    );

    let (clones, moved, watcher_alive) = answer5::run();
    println!(
        "5. clones: {clones}, moved to a new allocation: {moved}, the watcher upgrades: {watcher_alive}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn a_deep_copy_is_not_shared() {
        assert_eq!(answer1::run(), (2, false));
    }

    #[test]
    fn scoped_workers_borrow_the_settings() {
        let settings = answer2::Settings {
            broker: "b".into(),
            batch_size: 3,
        };
        let lines = answer2::run_workers(&settings, 3);
        assert_eq!(lines[2], "worker 3: 3 messages per batch to b");
    }

    #[test]
    fn close_breaks_the_cycle() {
        let log = answer3::DropLog::default();
        let connection = answer3::open(&log);
        connection.close();
        assert_eq!(
            *log.borrow(),
            ["channel"],
            "only the connection owned the channel"
        );
        drop(connection);
        assert_eq!(*log.borrow(), ["channel", "connection"]);
    }

    #[test]
    fn new_cyclic_links_both_ways_and_frees_both() {
        let connection = answer4::open("u");
        let channel = Rc::clone(&connection.channel);
        let parent = channel.connection.upgrade().expect("alive");
        assert!(Rc::ptr_eq(&parent, &connection));
        drop(parent);
        drop(connection);
        assert!(channel.connection.upgrade().is_none());
    }

    #[test]
    fn make_mut_ignores_weak_pointers() {
        assert_eq!(answer5::run(), (0, true, false));
    }
}
