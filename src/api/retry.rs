//! How long to wait before trying a request again: a value the caller drives with its own
//! clock and random numbers, so that nothing here sleeps.

use std::time::{Duration, SystemTime};

use super::RetryAfter;

/// When to try again after a [`Retry`](super::Delivery::Retry): Sprig's `Retry-After` when it
/// gave one, else exponential back-off with full jitter — a uniformly random wait between
/// zero and `min(cap, base × 2^(attempt − 1))`.
///
/// The caller owns the loop: it passes the attempt count, the time now and a random number,
/// and sleeps (or schedules) as it likes.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use sprig_events::api::{RetryAfter, RetryPolicy};
///
/// let policy = RetryPolicy::new(3, Duration::from_secs(1), Duration::from_secs(10));
/// let now = SystemTime::UNIX_EPOCH;
/// // After the first attempt: anywhere in [0, 1 s); 2^63 is the middle.
/// assert_eq!(policy.next_delay(1, None, now, 1 << 63), Some(Duration::from_millis(500)));
/// // Sprig's Retry-After wins over the back-off.
/// let after = RetryAfter::Delay(Duration::from_secs(7));
/// assert_eq!(policy.next_delay(2, Some(&after), now, 0), Some(Duration::from_secs(7)));
/// // Three attempts made: no more.
/// assert_eq!(policy.next_delay(3, None, now, 0), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    attempts: u32,
    base: Duration,
    cap: Duration,
    max_retry_after: Duration,
}

impl RetryPolicy {
    /// At most `attempts` requests in all (the first included; 0 counts as 1), backing off
    /// from `base`, never waiting longer than `cap` unless Sprig asks to.
    pub fn new(attempts: u32, base: Duration, cap: Duration) -> Self {
        RetryPolicy {
            attempts: attempts.max(1),
            base,
            cap,
            max_retry_after: Duration::from_secs(300),
        }
    }

    /// The longest `Retry-After` honoured (5 minutes unless set): past it, the policy gives
    /// up rather than wait or send early.
    #[must_use]
    pub fn with_max_retry_after(mut self, longest: Duration) -> Self {
        self.max_retry_after = longest;
        self
    }

    /// The most requests made for one update, the first included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The first back-off's ceiling.
    pub fn base(&self) -> Duration {
        self.base
    }

    /// The back-off's largest ceiling.
    pub fn cap(&self) -> Duration {
        self.cap
    }

    /// The longest `Retry-After` honoured.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The wait before the next attempt, `attempts_made` having been made (1 after the
    /// first), or `None` when the policy gives up: every attempt used, or a `Retry-After`
    /// longer than [`max_retry_after`](RetryPolicy::max_retry_after).
    ///
    /// `now` reads a `Retry-After` date; `random` is a uniformly random `u64` (from any
    /// source) that places the back-off in its range.
    pub fn next_delay(
        &self,
        attempts_made: u32,
        retry_after: Option<&RetryAfter>,
        now: SystemTime,
        random: u64,
    ) -> Option<Duration> {
        if attempts_made >= self.attempts {
            return None;
        }
        match retry_after {
            Some(after) => {
                let delay = after.delay_from(now);
                (delay <= self.max_retry_after).then_some(delay)
            }
            None => Some(self.backoff(attempts_made, random)),
        }
    }

    /// The back-off after `attempts_made` attempts: `random`'s place in `[0, ceiling)`, where
    /// the ceiling is `min(cap, base × 2^(attempts_made − 1))`.
    pub fn backoff(&self, attempts_made: u32, random: u64) -> Duration {
        let doublings = attempts_made.saturating_sub(1).min(63);
        let ceiling = self
            .base
            .checked_mul(1u32.checked_shl(doublings).unwrap_or(u32::MAX))
            .unwrap_or(Duration::MAX)
            .min(self.cap);
        fraction_of(ceiling, random)
    }
}

impl Default for RetryPolicy {
    /// 5 attempts, back-off from 500 ms up to 30 s, `Retry-After` honoured up to 5 minutes.
    fn default() -> Self {
        RetryPolicy::new(5, Duration::from_millis(500), Duration::from_secs(30))
    }
}

/// `random / 2^64` of `whole`, in integer nanoseconds so that the same inputs give the same
/// wait everywhere.
fn fraction_of(whole: Duration, random: u64) -> Duration {
    let nanos = whole.as_nanos();
    // Two halves, so that no product overflows: `nanos` may need up to 94 bits.
    let (high, low) = (nanos >> 64, nanos & u128::from(u64::MAX));
    let scaled = high * u128::from(random) + ((low * u128::from(random)) >> 64);
    let seconds = u64::try_from(scaled / 1_000_000_000).unwrap_or(u64::MAX);
    let sub_nanos = u32::try_from(scaled % 1_000_000_000).unwrap_or(0);
    Duration::new(seconds, sub_nanos)
}
