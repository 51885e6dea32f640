//! Lesson 11.1: two `Rc`s that point at each other keep each other alive
//! forever: a leak, with no `unsafe` anywhere. A `Weak` back-pointer fixes it.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

// ANCHOR: log
/// Where `Drop` writes down what it freed, so the program can prove it.
type DropLog = Rc<RefCell<Vec<String>>>;
// ANCHOR_END: log

// ANCHOR: leaky
mod leaky {
    use super::DropLog;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A broker connection that owns its channel.
    pub(crate) struct Connection {
        pub(crate) channel: RefCell<Option<Rc<Channel>>>,
        pub(crate) log: DropLog,
    }

    /// A channel that owns its connection too: the cycle.
    pub(crate) struct Channel {
        pub(crate) connection: Rc<Connection>,
        pub(crate) log: DropLog,
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
            connection: Rc::clone(&connection),
            log: Rc::clone(log),
        });
        *connection.channel.borrow_mut() = Some(channel);
        connection
    }
}
// ANCHOR_END: leaky

// ANCHOR: fixed
mod fixed {
    use super::DropLog;
    use std::cell::RefCell;
    use std::rc::{Rc, Weak};

    pub(crate) struct Connection {
        pub(crate) channel: RefCell<Option<Rc<Channel>>>,
        pub(crate) log: DropLog,
    }

    /// The back-pointer is weak: the channel can reach its connection
    /// without keeping it alive.
    pub(crate) struct Channel {
        pub(crate) connection: Weak<Connection>,
        pub(crate) log: DropLog,
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
            connection: Rc::downgrade(&connection),
            log: Rc::clone(log),
        });
        *connection.channel.borrow_mut() = Some(channel);
        connection
    }
}
// ANCHOR_END: fixed

// ANCHOR: use
fn main() {
    let log = DropLog::default();
    let watch: Weak<leaky::Connection> = {
        let connection = leaky::open(&log);
        let channel = connection.channel.borrow().clone().expect("opened");
        println!(
            "leaky: connection owners {} (our handle and the channel)",
            Rc::strong_count(&channel.connection)
        );
        Rc::downgrade(&connection)
    }; // our handles are dropped here
    println!("leaky: dropped so far {:?}", log.borrow());
    println!(
        "leaky: owners left {}, and nothing outside the cycle can reach it",
        watch.strong_count()
    );

    let log = DropLog::default();
    {
        let connection = fixed::open(&log);
        println!("fixed: connection owners {}", Rc::strong_count(&connection));
        let channel = connection.channel.borrow().clone().expect("opened");
        let parent = channel
            .connection
            .upgrade()
            .expect("the connection is alive");
        println!(
            "fixed: the channel reaches its connection: {}",
            Rc::ptr_eq(&parent, &connection)
        );
    }
    println!("fixed: dropped so far {:?}", log.borrow());
}
// ANCHOR_END: use

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strong_cycle_never_drops() {
        let log = DropLog::default();
        let watch = Rc::downgrade(&leaky::open(&log));
        assert!(log.borrow().is_empty());
        assert_eq!(watch.strong_count(), 1, "kept alive by its own channel");
        // Break the cycle by hand so the test does not leak.
        let connection = watch.upgrade().expect("still alive");
        connection.channel.borrow_mut().take();
        drop(connection);
        assert_eq!(*log.borrow(), ["channel", "connection"]);
    }

    #[test]
    fn the_weak_back_pointer_lets_both_drop() {
        let log = DropLog::default();
        let connection = fixed::open(&log);
        let channel = connection.channel.borrow().clone().expect("opened");
        drop(connection);
        assert_eq!(
            *log.borrow(),
            ["connection"],
            "the channel has no strong hold on it"
        );
        assert!(channel.connection.upgrade().is_none());
        drop(channel);
        assert_eq!(*log.borrow(), ["connection", "channel"]);
    }
}
