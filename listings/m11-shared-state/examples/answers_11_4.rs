//! Answers to the exercises of lesson 11.4.

/// A copy of the cache in `cache_single_flight.rs` (one example cannot
/// import another), used only through its public methods.
mod cache_single_flight {
    use std::collections::HashMap;
    use std::future::Future;
    use std::hash::Hash;
    use std::sync::{Arc, Mutex, PoisonError};
    use tokio::sync::OnceCell;
    use tokio::time::{Duration, Instant};

    /// A loaded value and when it stops being fresh.
    #[derive(Debug)]
    struct Loaded<V> {
        value: Arc<V>,
        expires: Instant,
    }

    /// One key's slot. Everyone who asks for the key while it loads shares the
    /// same `OnceCell`, and so the same load.
    type Slot<V> = Arc<OnceCell<Loaded<V>>>;

    #[derive(Debug)]
    struct Entry<V> {
        slot: Slot<V>,
        /// When the entry was last asked for, in `Cache::clock` ticks (for LRU).
        last_used: u64,
    }

    #[derive(Debug)]
    struct Entries<K, V> {
        map: HashMap<K, Entry<V>>,
        clock: u64,
    }

    /// An async cache. The map is behind a std `Mutex` that is held only briefly
    /// and never across an `.await`; the loads happen outside it.
    #[derive(Debug)]
    pub(crate) struct Cache<K, V> {
        entries: Mutex<Entries<K, V>>,
        ttl: Duration,
        capacity: usize,
    }

    impl<K: Eq + Hash + Clone, V> Cache<K, V> {
        pub(crate) fn new(capacity: usize, ttl: Duration) -> Self {
            Self {
                entries: Mutex::new(Entries {
                    map: HashMap::new(),
                    clock: 0,
                }),
                ttl,
                capacity: capacity.max(1),
            }
        }

        /// The value for `key`: cached and fresh, or loaded by `load`. Concurrent
        /// callers for the same key share one load. A failed or cancelled load
        /// leaves the slot empty, and the next caller in line loads again.
        pub(crate) async fn get_with<F, Fut, E>(&self, key: &K, load: F) -> Result<Arc<V>, E>
        where
            F: FnOnce() -> Fut,
            Fut: Future<Output = Result<V, E>>,
        {
            let slot = self.slot_for(key); // locks and unlocks the map; no .await inside
            let loaded = slot
                .get_or_try_init(|| async {
                    let value = load().await?;
                    Ok(Loaded {
                        value: Arc::new(value),
                        expires: Instant::now() + self.ttl,
                    })
                })
                .await?;
            Ok(Arc::clone(&loaded.value))
        }

        /// Finds the key's slot, or makes a fresh one (replacing an expired one,
        /// evicting the least recently used entry if the cache is full).
        fn slot_for(&self, key: &K) -> Slot<V> {
            let now = Instant::now();
            // Only the key's `Hash`, `Eq` or `Clone` could panic in here. A `HashMap`
            // stays valid through such a panic, and for a cache a lost entry only
            // means a reload: a poisoned map is still usable.
            let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            entries.clock += 1;
            let tick = entries.clock;
            if let Some(entry) = entries.map.get_mut(key) {
                let expired = entry.slot.get().is_some_and(|loaded| loaded.expires <= now);
                if !expired {
                    entry.last_used = tick;
                    return Arc::clone(&entry.slot);
                }
                entries.map.remove(key);
            }
            if entries.map.len() >= self.capacity {
                let oldest = entries
                    .map
                    .iter()
                    .min_by_key(|(_, entry)| entry.last_used)
                    .map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    entries.map.remove(&oldest);
                }
            }
            let slot = Slot::default();
            entries.map.insert(
                key.clone(),
                Entry {
                    slot: Arc::clone(&slot),
                    last_used: tick,
                },
            );
            slot
        }

        pub(crate) fn len(&self) -> usize {
            self.entries
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .map
                .len()
        }
    }
}

use cache_single_flight::Cache;
use std::sync::Arc;
use tokio::time::Duration;

// ANCHOR: answer1
mod answer1 {
    use super::Cache;
    use std::future::Future;
    use std::hash::Hash;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// A cache that counts requests and real loads; hits are the difference.
    #[derive(Debug)]
    pub(crate) struct Counted<K, V> {
        pub(crate) cache: Cache<K, V>,
        gets: AtomicU64,
        loads: AtomicU64,
    }

    impl<K: Eq + Hash + Clone, V> Counted<K, V> {
        pub(crate) fn new(cache: Cache<K, V>) -> Self {
            Self {
                cache,
                gets: AtomicU64::new(0),
                loads: AtomicU64::new(0),
            }
        }

        pub(crate) async fn get_with<F, Fut, E>(&self, key: &K, load: F) -> Result<Arc<V>, E>
        where
            F: FnOnce() -> Fut,
            Fut: Future<Output = Result<V, E>>,
        {
            self.gets.fetch_add(1, Ordering::Relaxed);
            // The wrapper runs only if this caller is the one that loads.
            let counted = || {
                self.loads.fetch_add(1, Ordering::Relaxed);
                load()
            };
            self.cache.get_with(key, counted).await
        }

        /// (hits, loads)
        pub(crate) fn stats(&self) -> (u64, u64) {
            let loads = self.loads.load(Ordering::Relaxed);
            (self.gets.load(Ordering::Relaxed) - loads, loads)
        }
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use super::Cache;
    use std::sync::Arc;
    use tokio::time::Duration;

    /// A loader that needs its own key waits for the load it is part of.
    pub(crate) async fn load_that_needs_itself(
        cache: &Cache<String, u64>,
    ) -> Result<Result<Arc<u64>, String>, tokio::time::error::Elapsed> {
        let key = "config".to_owned();
        let load = || async {
            let inner = cache
                .get_with(&key, || async { Ok::<_, String>(1) })
                .await?;
            Ok::<_, String>(*inner + 1)
        };
        tokio::time::timeout(Duration::from_secs(10), cache.get_with(&key, load)).await
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer4
mod answer4 {
    use super::Cache;
    use std::sync::Arc;

    /// The first caller's loader panics; a second caller then loads the key.
    pub(crate) async fn panic_then_retry(cache: Arc<Cache<String, u64>>) -> (bool, u64) {
        let key = "sku-9".to_owned();
        let crashed = tokio::spawn({
            let (cache, key) = (Arc::clone(&cache), key.clone());
            async move {
                let load = || async { panic!("the loader has a bug") };
                cache.get_with::<_, _, String>(&key, load).await
            }
        })
        .await
        .is_err_and(|e| e.is_panic());
        let value = cache
            .get_with(&key, || async { Ok::<_, String>(9) })
            .await
            .expect("the second load works");
        (crashed, *value)
    }
}
// ANCHOR_END: answer4

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    std::panic::set_hook(Box::new(|_| {}));

    let counted = Arc::new(answer1::Counted::new(Cache::new(
        10,
        Duration::from_secs(60),
    )));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let counted = Arc::clone(&counted);
        tasks.spawn(async move {
            let key = "sku-1".to_owned();
            let load = || async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Ok::<_, String>(500_u64)
            };
            counted.get_with(&key, load).await.map(|v| *v)
        });
    }
    tasks.join_all().await;
    let (hits, loads) = counted.stats();
    println!("1. 10 concurrent gets: {hits} hits, {loads} load");

    let cache = Cache::new(10, Duration::from_secs(60));
    let outcome = answer2::load_that_needs_itself(&cache).await;
    println!(
        "2. a loader that needs its own key: timed out = {}",
        outcome.is_err()
    );

    println!("3. see pool_borrowed_guard.stderr (E0597)");

    let cache = Arc::new(Cache::new(10, Duration::from_secs(60)));
    let (crashed, value) = answer4::panic_then_retry(Arc::clone(&cache)).await;
    println!(
        "4. the first loader panicked: {crashed}; the next caller got {value}; entries: {}",
        cache.len()
    );
}

#[cfg(test)]
mod answer_tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn answer1_counts_one_load_and_the_rest_as_hits() {
        let counted = Arc::new(answer1::Counted::new(Cache::new(
            10,
            Duration::from_secs(60),
        )));
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..30 {
            let counted = Arc::clone(&counted);
            tasks.spawn(async move {
                let key = format!("k{}", i % 3);
                let load = || async {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    Ok::<_, String>(i)
                };
                counted.get_with(&key, load).await.map(|v| *v)
            });
        }
        tasks.join_all().await;
        assert_eq!(counted.stats(), (27, 3));
    }

    #[tokio::test(start_paused = true)]
    async fn answer2_a_self_dependent_loader_never_finishes() {
        let cache = Cache::new(10, Duration::from_secs(60));
        assert!(
            answer2::load_that_needs_itself(&cache).await.is_err(),
            "timed out"
        );
        // The timeout dropped the load: the slot is empty, not stuck.
        let key = "config".to_owned();
        let value = cache.get_with(&key, || async { Ok::<_, String>(5) }).await;
        assert_eq!(*value.expect("loaded"), 5);
    }

    #[tokio::test(start_paused = true)]
    async fn answer4_a_panicking_loader_does_not_break_the_cache() {
        let cache = Arc::new(Cache::new(10, Duration::from_secs(60)));
        assert_eq!(
            answer4::panic_then_retry(Arc::clone(&cache)).await,
            (true, 9)
        );
        assert_eq!(cache.len(), 1);
    }
}
