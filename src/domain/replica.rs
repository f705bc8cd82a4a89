//! When a read replica's lag is worth telling the duty leader about.

/// A replica further behind than this is named on the wall screen.
pub const LAG_SHOWN_SECS: f64 = 2.0;

/// The whole seconds to show, when the lag is over [`LAG_SHOWN_SECS`].
pub fn lag_shown(lag: Option<f64>) -> Option<u64> {
    lag.filter(|l| *l > LAG_SHOWN_SECS)
        .map(|l| l.round() as u64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_lag_over_two_seconds_is_shown() {
        assert_eq!(super::lag_shown(None), None);
        assert_eq!(super::lag_shown(Some(0.0)), None);
        assert_eq!(super::lag_shown(Some(2.0)), None);
        assert_eq!(super::lag_shown(Some(7.4)), Some(7));
    }
}
