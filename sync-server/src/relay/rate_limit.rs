//! A token bucket per connection: a device may send a burst of requests, then
//! only so many per second. Time is passed in, so tests need no clock.

use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests per second, sustained.
    pub per_second: u32,
    /// Requests a device may send at once after a quiet spell.
    pub burst: u32,
}

#[derive(Debug)]
pub struct TokenBucket {
    rate: Rate,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket: a device that just connected may catch up at once.
    pub fn new(rate: Rate, now: Instant) -> Self {
        TokenBucket {
            rate,
            tokens: f64::from(rate.burst),
            last: now,
        }
    }

    /// Takes one token if there is one.
    pub fn take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * f64::from(self.rate.per_second))
            .min(f64::from(self.rate.burst));
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_burst_then_the_sustained_rate() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(
            Rate {
                per_second: 10,
                burst: 3,
            },
            start,
        );
        let taken = |bucket: &mut TokenBucket, at: Duration, n: usize| {
            (0..n).filter(|_| bucket.take(start + at)).count()
        };
        assert_eq!(taken(&mut bucket, Duration::ZERO, 5), 3, "the burst");
        assert_eq!(taken(&mut bucket, Duration::from_millis(50), 5), 0);
        assert_eq!(taken(&mut bucket, Duration::from_millis(100), 5), 1);
        assert_eq!(taken(&mut bucket, Duration::from_millis(300), 5), 2);
        // A long quiet spell refills only up to the burst.
        assert_eq!(taken(&mut bucket, Duration::from_secs(60), 10), 3);
    }
}
