//! Lesson 11.4: an async cache with single-flight loading, a TTL and a size
//! bound. Many concurrent `get_with` calls for one key run one load; the
//! others wait for it.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::OnceCell;
use tokio::time::{Duration, Instant};

// ANCHOR: types
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
// ANCHOR_END: types

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

    // ANCHOR: get_with
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
    // ANCHOR_END: get_with

    // ANCHOR: slot_for
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
    // ANCHOR_END: slot_for

    pub(crate) fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .map
            .len()
    }
}

// ANCHOR: main
/// A stand-in for a slow lookup (a database or an HTTP call) that counts
/// how often it really runs.
async fn fetch_price(sku: &str, calls: &AtomicU64) -> Result<u64, String> {
    calls.fetch_add(1, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(50)).await;
    Ok(sku.len() as u64 * 100)
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let cache = Arc::new(Cache::new(100, Duration::from_secs(60)));
    let calls = Arc::new(AtomicU64::new(0));
    let started = Instant::now();

    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (cache, calls) = (Arc::clone(&cache), Arc::clone(&calls));
        tasks.spawn(async move {
            let key = "sku-1".to_owned();
            cache.get_with(&key, || fetch_price(&key, &calls)).await
        });
    }
    let prices: Vec<u64> = tasks
        .join_all()
        .await
        .into_iter()
        .map(|price| *price.expect("loaded"))
        .collect();
    println!("10 concurrent gets: {prices:?}");
    println!(
        "loads run: {}, virtual time taken: {} ms",
        calls.load(Ordering::Relaxed),
        started.elapsed().as_millis()
    );

    tokio::time::advance(Duration::from_secs(61)).await;
    let key = "sku-1".to_owned();
    let again = cache.get_with(&key, || fetch_price(&key, &calls)).await;
    println!(
        "after the TTL: {}, loads run: {}, entries: {}",
        again.expect("loaded"),
        calls.load(Ordering::Relaxed),
        cache.len()
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::task::JoinSet;

    /// A loader that records each call and each completed load.
    #[derive(Debug, Default)]
    struct Source {
        started: AtomicU64,
        finished: AtomicU64,
    }

    impl Source {
        async fn load(&self, key: &str, wait: Duration) -> Result<String, String> {
            self.started.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(wait).await;
            self.finished.fetch_add(1, Ordering::Relaxed);
            Ok(format!("value of {key}"))
        }
        fn counts(&self) -> (u64, u64) {
            (
                self.started.load(Ordering::Relaxed),
                self.finished.load(Ordering::Relaxed),
            )
        }
    }

    // ANCHOR: test_single_flight
    /// 400 tasks on four worker threads, 8 keys: exactly one load per key.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn many_concurrent_gets_run_one_load_per_key() {
        let cache = Arc::new(Cache::new(100, Duration::from_secs(60)));
        let loads: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
        let mut tasks = JoinSet::new();
        for i in 0..400 {
            let (cache, loads) = (Arc::clone(&cache), Arc::clone(&loads));
            tasks.spawn(async move {
                let key = format!("key-{}", i % 8);
                let value = cache
                    .get_with(&key, || async {
                        *loads.lock().expect("ok").entry(key.clone()).or_default() += 1;
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Ok::<_, String>(key.clone())
                    })
                    .await
                    .expect("loads succeed");
                assert_eq!(*value, key);
            });
        }
        tasks.join_all().await; // panics if any task panicked
        let loads = loads.lock().expect("ok");
        assert_eq!(loads.len(), 8);
        assert!(loads.values().all(|&n| n == 1), "{loads:?}");
    }
    // ANCHOR_END: test_single_flight

    // ANCHOR: test_cancel
    /// The caller running the load is cancelled half-way: the slot stays
    /// empty rather than broken, and the next waiter loads it.
    #[tokio::test(start_paused = true)]
    async fn a_cancelled_loader_does_not_poison_the_entry() {
        let cache = Arc::new(Cache::new(10, Duration::from_secs(60)));
        let source = Arc::new(Source::default());
        let key = "sku-1".to_owned();
        let first = tokio::spawn({
            let (cache, source, key) = (Arc::clone(&cache), Arc::clone(&source), key.clone());
            async move {
                let load = || source.load(&key, Duration::from_millis(100));
                cache.get_with(&key, load).await
            }
        });
        tokio::time::sleep(Duration::from_millis(10)).await; // `first` is loading
        let second = tokio::spawn({
            let (cache, source, key) = (Arc::clone(&cache), Arc::clone(&source), key.clone());
            async move {
                let load = || source.load(&key, Duration::from_millis(100));
                cache.get_with(&key, load).await
            }
        });
        tokio::time::sleep(Duration::from_millis(20)).await; // `second` waits on the slot
        first.abort();
        assert!(first.await.expect_err("aborted").is_cancelled());

        let started = Instant::now();
        let value = second.await.expect("no panic").expect("loaded");
        assert_eq!(*value, "value of sku-1");
        assert_eq!(
            started.elapsed(),
            Duration::from_millis(100),
            "a whole new load"
        );
        assert_eq!(source.counts(), (2, 1), "two loads started, one finished");

        let cached = cache
            .get_with(&key, || source.load(&key, Duration::ZERO))
            .await;
        assert!(Arc::ptr_eq(&cached.expect("cached"), &value));
        assert_eq!(source.counts(), (2, 1), "no third load");
    }
    // ANCHOR_END: test_cancel

    #[tokio::test(start_paused = true)]
    async fn entries_expire_after_the_ttl() {
        let cache = Cache::new(10, Duration::from_secs(60));
        let source = Source::default();
        let key = "k".to_owned();
        let load = || source.load(&key, Duration::from_millis(5));
        cache.get_with(&key, load).await.expect("loaded");
        tokio::time::advance(Duration::from_secs(59)).await;
        cache.get_with(&key, load).await.expect("cached");
        assert_eq!(source.counts(), (1, 1));
        tokio::time::advance(Duration::from_secs(1)).await;
        cache.get_with(&key, load).await.expect("reloaded");
        assert_eq!(source.counts(), (2, 2));
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_cache_evicts_the_least_recently_used() {
        let cache = Cache::new(2, Duration::from_secs(60));
        let source = Source::default();
        for key in ["a", "b", "a", "c"] {
            let key = key.to_owned();
            cache
                .get_with(&key, || source.load(&key, Duration::ZERO))
                .await
                .expect("ok");
        }
        assert_eq!(cache.len(), 2);
        assert_eq!(
            source.counts(),
            (3, 3),
            "a, b, c loaded; the second a was a hit"
        );
        let key = "b".to_owned(); // evicted when c came in: a was used more recently
        cache
            .get_with(&key, || source.load(&key, Duration::ZERO))
            .await
            .expect("ok");
        assert_eq!(source.counts(), (4, 4));
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_load_is_not_cached() {
        let cache = Cache::new(10, Duration::from_secs(60));
        let key = "k".to_owned();
        let failed = cache
            .get_with(&key, || async { Err::<u64, _>("database down") })
            .await;
        assert_eq!(failed.expect_err("failed"), "database down");
        let loaded = cache.get_with(&key, || async { Ok::<_, &str>(7) }).await;
        assert_eq!(*loaded.expect("loaded"), 7);
    }

    // ANCHOR: test_nested
    /// A loader may use the cache for other keys: the map is not locked
    /// while it runs. (A paused clock turns a hang into a timeout error.)
    #[tokio::test(start_paused = true)]
    async fn a_loader_can_get_other_keys_without_deadlock() {
        let cache = Cache::new(10, Duration::from_secs(60));
        let leaf = |n: u64| async move { Ok::<_, String>(n) };
        let total = "total".to_owned();
        let (a, b) = ("a".to_owned(), "b".to_owned());
        let sum = cache.get_with(&total, || async {
            let x = cache.get_with(&a, || leaf(1)).await?;
            let y = cache.get_with(&b, || leaf(2)).await?;
            Ok::<_, String>(*x + *y)
        });
        let sum = tokio::time::timeout(Duration::from_secs(5), sum).await;
        assert_eq!(*sum.expect("no deadlock").expect("loaded"), 3);
        assert_eq!(cache.len(), 3);
    }
    // ANCHOR_END: test_nested
}
