//! Measuring what the figures of Module 18 report: heap high-water marks,
//! resident memory and the machine's `memcpy` bandwidth.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

// ANCHOR: peak_alloc
/// The system allocator, counting: how many bytes are allocated now, and
/// the most there have been since the last [`PeakAlloc::reset_peak`]. A
/// program opts in with `#[global_allocator]`.
#[derive(Debug)]
pub struct PeakAlloc {
    current: AtomicUsize,
    peak: AtomicUsize,
    allocations: AtomicUsize,
    allocated: AtomicUsize,
}

impl PeakAlloc {
    pub const fn new() -> Self {
        PeakAlloc {
            current: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            allocations: AtomicUsize::new(0),
            allocated: AtomicUsize::new(0),
        }
    }

    /// The most bytes allocated at once since the last reset.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    /// Starts a new measurement from what is allocated now.
    pub fn reset_peak(&self) {
        self.peak
            .store(self.current.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    /// The bytes allocated now.
    pub fn current(&self) -> usize {
        self.current.load(Ordering::Relaxed)
    }

    /// How many allocations (and reallocations) there have been since the
    /// program started: subtract two readings to count a piece of work's.
    pub fn allocations(&self) -> usize {
        self.allocations.load(Ordering::Relaxed)
    }

    /// How many bytes all those allocations asked for together, freed or
    /// not (a reallocation counts its new size).
    pub fn allocated(&self) -> usize {
        self.allocated.load(Ordering::Relaxed)
    }

    fn grew(&self, bytes: usize) {
        self.allocations.fetch_add(1, Ordering::Relaxed);
        self.allocated.fetch_add(bytes, Ordering::Relaxed);
        let now = self.current.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.peak.fetch_max(now, Ordering::Relaxed);
    }
}

impl Default for PeakAlloc {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every call is passed to `System` unchanged; the counters only
// observe the sizes, and never touch the memory.
unsafe impl GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is `System::alloc`'s.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            self.grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: `pointer` came from `alloc` above, that is from `System`.
        unsafe { System.dealloc(pointer, layout) };
        self.current.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; `System` keeps the contents.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            self.current.fetch_sub(layout.size(), Ordering::Relaxed);
            self.grew(new_size);
        }
        moved
    }
}
// ANCHOR_END: peak_alloc

// ANCHOR: rss
/// This process's peak resident set size in bytes (`VmHWM` in
/// `/proc/self/status`), or `None` off Linux.
pub fn peak_rss() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Starts a new peak-RSS measurement from the current size (Linux's
/// `clear_refs`, value 5). Returns whether the kernel accepted it.
pub fn reset_peak_rss() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}
// ANCHOR_END: rss

// ANCHOR: memcpy
/// The machine's `memcpy` bandwidth in bytes per second: the best of
/// `rounds` copies of `bytes` bytes between two buffers that were touched
/// first (so page faults are not measured). The ceiling any pass over the
/// data can reach: it reads and writes every byte once and does nothing else.
pub fn memcpy_bandwidth(bytes: usize, rounds: usize) -> f64 {
    let source = vec![0x5Au8; bytes];
    let mut target = vec![0u8; bytes];
    let mut best = Duration::MAX;
    for _ in 0..rounds.max(1) {
        let started = Instant::now();
        target.copy_from_slice(std::hint::black_box(&source));
        best = best.min(started.elapsed());
        std::hint::black_box(&mut target);
    }
    bytes as f64 / best.as_secs_f64()
}
// ANCHOR_END: memcpy

/// Runs `work` `rounds` times and returns the best time: the run least
/// disturbed by whatever else the machine was doing.
pub fn best_of<T>(rounds: usize, mut work: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..rounds.max(1) {
        let started = Instant::now();
        let result = std::hint::black_box(work());
        best = best.min(started.elapsed());
        last = Some(result);
    }
    (best, last.expect("at least one round ran"))
}

/// Megabytes (10^6 bytes) per second.
pub fn mb_per_second(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / time.as_secs_f64() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_rss_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss().is_some_and(|bytes| bytes > 0));
        }
    }

    #[test]
    fn memcpy_bandwidth_is_positive() {
        assert!(memcpy_bandwidth(1 << 16, 3) > 0.0);
    }

    #[test]
    fn best_of_returns_the_work_result() {
        let (_, value) = best_of(3, || 6 * 7);
        assert_eq!(value, 42);
    }
}
