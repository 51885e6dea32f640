//! Lesson 11.2: every interior-mutability type is built on `UnsafeCell`.
//! A small `Cell` for `Copy` values, with the argument for why it is sound.

use std::cell::UnsafeCell;

// ANCHOR: copy_cell
/// A value that may be replaced through `&self`, on one thread.
///
/// Sound because of three facts, each enforced by the type system:
/// 1. `UnsafeCell<T>` is not `Sync`, so neither is `CopyCell<T>`: two threads
///    can never reach the same cell, and no access races with another.
/// 2. No method returns a reference into the cell. `get` copies the value out
///    and `set` writes a new one in; each access through the raw pointer ends
///    before the method returns, so it never overlaps a `&T` or `&mut T`.
/// 3. `T: Copy` means copying runs no user code and overwriting drops
///    nothing, so no code can run, and re-enter the cell, mid-access.
#[derive(Debug)]
struct CopyCell<T: Copy> {
    value: UnsafeCell<T>,
}

impl<T: Copy> CopyCell<T> {
    const fn new(value: T) -> Self {
        Self {
            value: UnsafeCell::new(value),
        }
    }

    fn get(&self) -> T {
        // SAFETY: no reference into the cell exists (fact 2) and no other
        // thread can touch it (fact 1), so this read cannot conflict.
        unsafe { *self.value.get() }
    }

    fn set(&self, value: T) {
        // SAFETY: as in `get`; and writing over a `Copy` value runs no `Drop`
        // (fact 3), so nothing observes the cell half-written.
        unsafe { *self.value.get() = value }
    }
}
// ANCHOR_END: copy_cell

// ANCHOR: use
fn main() {
    let attempts = CopyCell::new(0_u32);
    let shared = &attempts;
    for _ in 0..3 {
        shared.set(shared.get() + 1);
    }
    println!("attempts: {}", attempts.get());
}
// ANCHOR_END: use

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn copy_cell_round_trips() {
        let cell = CopyCell::new((1_u8, 'a'));
        let alias = &cell;
        alias.set((2, 'b'));
        assert_eq!(cell.get(), (2, 'b'));
        assert_eq!(alias.get(), (2, 'b'));
    }

    // ANCHOR: valgrind
    /// Miri is not available on the course's stable toolchain, so this test
    /// runs `copy_cell_round_trips` again under valgrind, which reports
    /// invalid or uninitialised memory accesses (not aliasing violations).
    #[test]
    fn runs_clean_under_valgrind() {
        if std::env::var_os("M11_UNDER_VALGRIND").is_some() {
            return;
        }
        if Command::new("valgrind").arg("--version").output().is_err() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "valgrind is required in CI"
            );
            eprintln!("valgrind not installed: skipped");
            return;
        }
        let test_binary = std::env::current_exe().expect("the test binary's path");
        let run = Command::new("valgrind")
            .args(["--quiet", "--error-exitcode=1"])
            .arg(test_binary)
            .args([
                "--exact",
                "tests::copy_cell_round_trips",
                "--test-threads=1",
            ])
            .env("M11_UNDER_VALGRIND", "1")
            .output()
            .expect("valgrind runs");
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(stdout.contains("1 passed"), "{stdout}");
    }
    // ANCHOR_END: valgrind
}
