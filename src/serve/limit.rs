//! Requests per address: a token bucket for each client address, so one phone (or one
//! script guessing codes) cannot read page after page.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

pub struct RateLimiter {
    per_sec: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

/// Past this many addresses, full buckets are forgotten (they would allow a burst anyway).
const PRUNE_AT: usize = 10_000;

impl RateLimiter {
    /// `per_min` requests a minute on average, up to `burst` at once.
    pub fn new(per_min: u32, burst: u32) -> Self {
        Self {
            per_sec: f64::from(per_min.max(1)) / 60.0,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a request from `addr` at `now` may be served (and counts it if so).
    pub fn allow(&self, addr: IpAddr, now: Instant) -> bool {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= PRUNE_AT {
            let (per_sec, burst) = (self.per_sec, self.burst);
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.saturating_duration_since(*at).as_secs_f64() * per_sec < burst
            });
        }
        let (tokens, at) = buckets.entry(addr).or_insert((self.burst, now));
        *tokens = (*tokens + now.saturating_duration_since(*at).as_secs_f64() * self.per_sec)
            .min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_allowed_then_one_request_per_refill() {
        let limiter = RateLimiter::new(60, 3);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.allow(a, t0)));
        assert!(!limiter.allow(a, t0), "the fourth at once is refused");
        assert!(limiter.allow(b, t0), "another address has its own bucket");
        assert!(
            limiter.allow(a, t0 + Duration::from_secs(1)),
            "one a second comes back"
        );
        assert!(!limiter.allow(a, t0 + Duration::from_secs(1)));
    }
}
