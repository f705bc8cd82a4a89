//! One source of "now", injectable so tests can move time.

use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until a test moves it.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<DateTime<Utc>>>);

impl FixedClock {
    pub fn at(t: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(t)))
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The database server's clock as seen from this console: the console's own clock plus the
/// offset last measured against the server. Every console of one database then stamps writes
/// and counts timers from the same "now", whatever its own clock says.
pub struct ServerClock {
    local: Arc<dyn Clock>,
    offset_ms: std::sync::atomic::AtomicI64,
}

impl ServerClock {
    pub fn new(local: Arc<dyn Clock>) -> Self {
        Self {
            local,
            offset_ms: std::sync::atomic::AtomicI64::new(0),
        }
    }

    /// The console's own clock, to time a measurement with.
    pub fn local_now(&self) -> DateTime<Utc> {
        self.local.now()
    }

    /// Takes a reading: the server said `server` for a question asked at `sent` and answered
    /// at `received` (both on the console's clock); the server's moment is taken as the
    /// middle of the round trip. Returns the offset now in force.
    pub fn measured(
        &self,
        sent: DateTime<Utc>,
        server: DateTime<Utc>,
        received: DateTime<Utc>,
    ) -> chrono::Duration {
        let middle = sent + (received - sent) / 2;
        let offset = server - middle;
        self.offset_ms.store(
            offset.num_milliseconds(),
            std::sync::atomic::Ordering::Relaxed,
        );
        offset
    }

    pub fn offset(&self) -> chrono::Duration {
        chrono::Duration::milliseconds(self.offset_ms.load(std::sync::atomic::Ordering::Relaxed))
    }
}

impl Clock for ServerClock {
    fn now(&self) -> DateTime<Utc> {
        self.local.now() + self.offset()
    }
}

/// An offset over this is shown on screen: the console's own clock is wrong.
pub const SKEW_SHOWN: chrono::Duration = chrono::Duration::seconds(2);

/// Beijing time, the zone every date at the centre is counted in.
pub const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// The calendar day (Beijing time) an instant falls on.
pub fn local_day(t: DateTime<Utc>) -> chrono::NaiveDate {
    t.with_timezone(&TZ).date_naive()
}

/// The first instant of a Beijing calendar day, in UTC.
pub fn day_start(day: chrono::NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    // Asia/Shanghai has had no DST since 1991, so midnight always exists once.
    TZ.from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| {
            day.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::hours(8)
        })
}

/// A wall-clock time typed at the window ("9:20", "09:20", full-width "０９：２０") on a
/// Beijing day, as an instant; `None` if it is not a time.
pub fn local_time_on(day: chrono::NaiveDate, text: &str) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let plain = half_width(text);
    let time = chrono::NaiveTime::parse_from_str(&plain, "%H:%M").ok()?;
    TZ.from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Typed digits, colons and dashes as ASCII (the IME types them full width), trimmed.
fn half_width(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '：' => ':',
            '－' => '-',
            '　' => ' ',
            c => c,
        })
        .collect()
}

/// A typed moment in Beijing time: `HH:MM` on `today`, or a full `YYYY-MM-DD HH:MM` (what a
/// prompt pre-fills for another day, so it is never read as today). Full-width digits and
/// colons are read too.
pub fn local_moment(today: chrono::NaiveDate, text: &str) -> Option<DateTime<Utc>> {
    let plain = half_width(text);
    match plain.split_once(char::is_whitespace) {
        Some((day, time)) => {
            let day = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
            local_time_on(day, time)
        }
        None => local_time_on(today, &plain),
    }
}

/// How a prompt pre-fills a moment: `HH:MM` today, else `YYYY-MM-DD HH:MM`.
pub fn moment_text(today: chrono::NaiveDate, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&TZ);
    if local.date_naive() == today {
        local.format("%H:%M").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}

#[cfg(test)]
mod time_tests {
    use super::*;

    #[test]
    fn a_moment_on_another_day_keeps_its_date_both_ways() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let monday = "2026-11-30T01:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let text = moment_text(today, monday);
        assert_eq!(text, "2026-11-30 09:00");
        assert_eq!(local_moment(today, &text), Some(monday));
        assert_eq!(
            local_moment(today, "２０２６－１１－３０　０９：００"),
            Some(monday)
        );
        let friday = "2026-11-27T06:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(moment_text(today, friday), "14:00");
        assert_eq!(local_moment(today, "14:00"), Some(friday));
        assert_eq!(local_moment(today, "11-30 09:00"), None);
    }

    #[test]
    fn a_typed_time_is_read_in_beijing_time_with_full_width_digits() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let want = "2026-11-23T01:20:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(local_time_on(day, "9:20"), Some(want));
        assert_eq!(local_time_on(day, " ０９：２０ "), Some(want));
        assert_eq!(local_time_on(day, "25:00"), None);
        assert_eq!(local_time_on(day, "nine"), None);
    }
}
