//! Lesson 03.2: methods, sorted by how they take `self`.

use std::fmt;

// ANCHOR: lease
/// A relay's claim on a batch of messages, in milliseconds since start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Lease {
    holder: String,
    expires_at: u64,
    renewals: u32,
}

/// What is left of a lease once it has been given up.
#[derive(Debug, PartialEq, Eq)]
struct Released {
    holder: String,
    renewals: u32,
}
// ANCHOR_END: lease

// ANCHOR: read
/// Creating and reading: `&self` borrows the lease and changes nothing.
impl Lease {
    fn new(holder: &str, now: u64, ttl: u64) -> Self {
        Self {
            holder: holder.to_string(),
            expires_at: now.saturating_add(ttl),
            renewals: 0,
        }
    }

    fn is_live(&self, now: u64) -> bool {
        now < self.expires_at
    }

    fn remaining(&self, now: u64) -> u64 {
        self.expires_at.saturating_sub(now)
    }
}
// ANCHOR_END: read

// ANCHOR: write
/// Changing and ending: `&mut self` edits in place, `self` consumes.
impl Lease {
    fn renew(&mut self, now: u64, ttl: u64) {
        self.expires_at = now.saturating_add(ttl);
        self.renewals += 1;
    }

    /// Gives the lease up. Taking `self` by value means that, afterwards,
    /// nobody can renew or read it: the compiler has seen it go.
    fn release(self) -> Released {
        Released {
            holder: self.holder,
            renewals: self.renewals,
        }
    }
}
// ANCHOR_END: write

// ANCHOR: display
/// `Display` is what `{}` and `to_string()` use: text for people and logs.
impl fmt::Display for Lease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} holds the batch until t={} (renewed {}x)",
            self.holder, self.expires_at, self.renewals
        )
    }
}
// ANCHOR_END: display

fn main() {
    // ANCHOR: calls
    let mut lease = Lease::new("relay-1", 0, 30_000);

    // The dot call and the path call are the same function.
    assert_eq!(lease.remaining(10_000), Lease::remaining(&lease, 10_000));
    println!("at t=10000: {} left", lease.remaining(10_000));

    lease.renew(25_000, 30_000); // the compiler writes `Lease::renew(&mut lease, …)`
    println!("{lease}");

    // Auto-deref: the same method through a reference and through a Box.
    let by_ref: &Lease = &lease;
    let boxed: Box<Lease> = Box::new(lease.clone());
    assert!(by_ref.is_live(50_000) && boxed.is_live(50_000));

    let released = lease.release(); // `lease` is gone from here on
    println!("{released:?}");
    // ANCHOR_END: calls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewing_moves_the_deadline() {
        let mut lease = Lease::new("r", 0, 100);
        assert!(!lease.is_live(100));
        lease.renew(90, 100);
        assert!(lease.is_live(150));
        assert_eq!(lease.remaining(150), 40);
        assert_eq!(lease.remaining(500), 0, "saturates instead of underflowing");
    }

    #[test]
    fn releasing_keeps_the_history() {
        let mut lease = Lease::new("relay-2", 0, 10);
        lease.renew(5, 10);
        assert_eq!(
            lease.release(),
            Released {
                holder: "relay-2".into(),
                renewals: 1
            }
        );
    }

    #[test]
    fn display_is_for_people() {
        let lease = Lease::new("relay-1", 0, 5);
        assert_eq!(
            lease.to_string(),
            "relay-1 holds the batch until t=5 (renewed 0x)"
        );
    }
}
