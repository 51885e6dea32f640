//! Answers to the exercises of lesson 11.3.

// ANCHOR: answer1
mod answer1 {
    use std::sync::atomic::{AtomicU64, Ordering};

    /// `Stats` from `atomic_counters.rs` with a byte total.
    #[derive(Debug, Default)]
    pub(crate) struct Stats {
        pub(crate) published: AtomicU64,
        pub(crate) failed: AtomicU64,
        pub(crate) bytes: AtomicU64,
    }

    impl Stats {
        pub(crate) fn record(&self, ok: bool, bytes: u64) {
            let counter = if ok { &self.published } else { &self.failed };
            counter.fetch_add(1, Ordering::Relaxed);
            if ok {
                // Independent of the count: Relaxed again. A reader may see
                // the count of a message before its bytes, or after; each
                // total is exact once the threads are joined.
                self.bytes.fetch_add(bytes, Ordering::Relaxed);
            }
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer3
mod answer3 {
    use std::thread;

    /// `sizes_in_parallel` from `thread_spawn.rs`, borrowing the batches.
    pub(crate) fn sizes_in_parallel(batches: &[Vec<String>]) -> Vec<usize> {
        thread::scope(|scope| {
            let handles: Vec<_> = batches
                .iter()
                .map(|batch| scope.spawn(move || batch.iter().map(String::len).sum()))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a checking thread panicked"))
                .collect()
        })
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
mod answer4 {
    use std::sync::{Mutex, MutexGuard};

    #[derive(Debug)]
    pub(crate) struct Account {
        pub(crate) id: u32,
        pub(crate) balance: Mutex<i64>,
    }

    /// Locks every account in one global order (by id), whatever order the
    /// caller listed them in, and returns the guards in the caller's order.
    pub(crate) fn lock_all<'a>(accounts: &[&'a Account]) -> Vec<MutexGuard<'a, i64>> {
        let mut order: Vec<usize> = (0..accounts.len()).collect();
        order.sort_by_key(|&i| accounts[i].id);
        // Locking one std mutex twice never returns: refuse duplicates.
        assert!(
            order
                .windows(2)
                .all(|w| accounts[w[0]].id != accounts[w[1]].id),
            "each account may be listed once"
        );
        let mut guards: Vec<Option<MutexGuard<'a, i64>>> = accounts.iter().map(|_| None).collect();
        for i in order {
            guards[i] = Some(accounts[i].balance.lock().expect("not poisoned"));
        }
        guards
            .into_iter()
            .map(|g| g.expect("every account locked"))
            .collect()
    }

    /// Moves `amount` from the first account to each of the others.
    pub(crate) fn pay_out(accounts: &[&Account], amount: i64) {
        let mut guards = lock_all(accounts);
        let (payer, payees) = guards.split_first_mut().expect("a payer");
        for payee in payees {
            **payer -= amount;
            **payee += amount;
        }
    }
}
// ANCHOR_END: answer4

// ANCHOR: answer5
mod answer5 {
    use std::sync::Mutex;

    #[derive(Debug)]
    pub(crate) struct Balances {
        pub(crate) available: i64,
        pub(crate) reserved: i64,
    }

    /// Checks everything that can fail before changing anything, and then
    /// changes both fields with nothing that can panic in between.
    pub(crate) fn reserve(balances: &Mutex<Balances>, amount: i64) {
        let mut b = balances.lock().expect("balances poisoned");
        assert!(amount <= 100, "amount {amount} over the limit");
        b.available -= amount;
        b.reserved += amount;
    }
}
// ANCHOR_END: answer5

fn main() {
    std::panic::set_hook(Box::new(|_| {}));

    let stats = answer1::Stats::default();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| (0..1_000).for_each(|i| stats.record(i % 4 != 0, 10)));
        }
    });
    let load = |c: &std::sync::atomic::AtomicU64| c.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "1. published {}, failed {}, bytes {}",
        load(&stats.published),
        load(&stats.failed),
        load(&stats.bytes)
    );

    println!("2. is a loom test: cargo test -p m11-shared-state --test loom_message_passing");

    let batches = vec![
        vec!["ab".to_owned()],
        vec!["cde".to_owned(), "f".to_owned()],
    ];
    println!(
        "3. sizes {:?}, batches still ours: {}",
        answer3::sizes_in_parallel(&batches),
        batches.len()
    );

    let account = |id| answer4::Account {
        id,
        balance: std::sync::Mutex::new(100),
    };
    let (a, b, c) = (account(1), account(2), account(3));
    std::thread::scope(|scope| {
        scope.spawn(|| (0..100).for_each(|_| answer4::pay_out(&[&c, &a, &b], 1)));
        scope.spawn(|| (0..100).for_each(|_| answer4::pay_out(&[&a, &b, &c], 1)));
    });
    let balances: Vec<i64> = [&a, &b, &c]
        .iter()
        .map(|x| *x.balance.lock().expect("ok"))
        .collect();
    println!("4. balances {balances:?}");

    let balances = std::sync::Mutex::new(answer5::Balances {
        available: 500,
        reserved: 0,
    });
    let crashed = std::panic::catch_unwind(|| answer5::reserve(&balances, 300)).is_err();
    let b = balances
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    println!(
        "5. panicked: {crashed}, poisoned: {}, balances {b:?}",
        balances.is_poisoned()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    #[test]
    fn answer1_counts_bytes_of_published_messages_only() {
        let stats = answer1::Stats::default();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| (0..500).for_each(|i| stats.record(i % 5 != 0, 3)));
            }
        });
        assert_eq!(stats.published.load(Ordering::Relaxed), 1600);
        assert_eq!(stats.failed.load(Ordering::Relaxed), 400);
        assert_eq!(stats.bytes.load(Ordering::Relaxed), 4800);
    }

    #[test]
    fn answer3_borrows_and_keeps_order() {
        let batches: Vec<Vec<String>> = (0..6).map(|i| vec!["x".repeat(i)]).collect();
        assert_eq!(answer3::sizes_in_parallel(&batches), [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn answer4_any_listing_order_is_deadlock_free() {
        let account = |id| answer4::Account {
            id,
            balance: std::sync::Mutex::new(0),
        };
        let (a, b, c) = (account(1), account(2), account(3));
        std::thread::scope(|scope| {
            for order in [[&a, &b, &c], [&c, &b, &a], [&b, &c, &a], [&a, &c, &b]] {
                scope.spawn(move || (0..500).for_each(|_| answer4::pay_out(&order, 1)));
            }
        });
        let total: i64 = [&a, &b, &c]
            .iter()
            .map(|x| *x.balance.lock().expect("ok"))
            .sum();
        assert_eq!(total, 0, "every payment moved money, none created it");
    }

    #[test]
    #[should_panic(expected = "each account may be listed once")]
    fn answer4_refuses_an_account_listed_twice() {
        let a = answer4::Account {
            id: 1,
            balance: std::sync::Mutex::new(0),
        };
        answer4::pay_out(&[&a, &a], 1);
    }

    #[test]
    fn answer5_a_panic_still_poisons_but_leaves_the_data_whole() {
        let balances = std::sync::Mutex::new(answer5::Balances {
            available: 500,
            reserved: 0,
        });
        assert!(std::panic::catch_unwind(|| answer5::reserve(&balances, 300)).is_err());
        assert!(
            balances.is_poisoned(),
            "the flag does not know the data is fine"
        );
        let b = balances
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        assert_eq!((b.available, b.reserved), (500, 0));
    }
}
