//! The connection to the relay: where in the hello-challenge-welcome dance it
//! is, and when to try again after it broke.

use heard_core::time::Timestamp;

#[derive(Clone, Debug, PartialEq)]
pub enum Link {
    /// Not connected. `since`: when it was last connected (none: not in
    /// this run); `retry_at`: when to connect again; `attempt`: failures in
    /// a row.
    Offline {
        since: Option<Timestamp>,
        retry_at: Timestamp,
        attempt: u32,
    },
    /// The driver is opening a connection, or it is open and said hello.
    Connecting,
    /// The relay sent its challenge and was answered.
    Challenged,
    /// Authenticated: pushes and pulls may flow.
    Ready,
}

/// How long to wait after `attempt` failures in a row: doubling from one
/// second to five minutes, spread by `seed` so that the devices of one
/// project, cut off together, do not all come back in the same instant.
pub fn backoff_ms(attempt: u32, seed: u64) -> i64 {
    let base: i64 = 1_000i64.saturating_mul(1 << attempt.min(9)).min(300_000);
    let spread = (seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(attempt)) % 1_000;
    base / 2 + (base / 2) * spread as i64 / 1_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_stay_bounded_and_differ_between_devices() {
        let waits: Vec<i64> = (0..12).map(|a| backoff_ms(a, 7)).collect();
        assert!(waits.windows(2).take(8).all(|w| w[1] > w[0]), "{waits:?}");
        assert!(
            waits.iter().all(|w| (500..=300_000).contains(w)),
            "{waits:?}"
        );
        assert_ne!(backoff_ms(3, 1), backoff_ms(3, 2));
    }
}
