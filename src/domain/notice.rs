//! Notices to departments (吹哨通知): what a whistle, re-whistle, cancellation or escalation
//! says to a department's group chat or the duty leader's phone, how a department is
//! reached, the states of a notice, and how long to wait before trying again.

use super::case::text_enum;
use super::clock::TZ;
use chrono::{DateTime, Utc};
use std::time::Duration;

text_enum!(
    /// What a notice announces.
    NoticeKind {
        Whistle = "whistle",
        Rewhistle = "rewhistle",
        Cancel = "cancel",
        Escalate = "escalate",
    }
);

text_enum!(
    /// Where a notice stands in the outbox.
    NoticeState {
        Pending = "pending",
        Sent = "sent",
        Failed = "failed",
        Unconfigured = "unconfigured",
    }
);

text_enum!(
    /// How a department is reached: a group robot's webhook (WeCom, DingTalk), a plain
    /// JSON webhook, an SMS, or not at all.
    NotifyKind {
        None = "none",
        Wecom = "wecom",
        Dingtalk = "dingtalk",
        Json = "json",
        Sms = "sms",
    }
);

impl NoticeState {
    /// The board's mark and the locale key of its word: meaning never by colour alone.
    pub fn mark(self, ascii: bool) -> &'static str {
        match (self, ascii) {
            (NoticeState::Sent, false) => "✓",
            (NoticeState::Sent, true) => "+",
            (NoticeState::Failed, _) => "!",
            (NoticeState::Unconfigured, false) => "–",
            (NoticeState::Unconfigured, true) => "-",
            (NoticeState::Pending, _) => "~",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            NoticeState::Sent => "notice.sent",
            NoticeState::Failed => "notice.failed",
            NoticeState::Unconfigured => "notice.unconfigured",
            NoticeState::Pending => "notice.pending",
        }
    }
}

/// The fixed facts a notice names: no party, no description, nothing typed by staff.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeFacts {
    pub centre: String,
    pub department: String,
    pub case_no: String,
    pub category: String,
    pub due_at: DateTime<Utc>,
    pub room: Option<String>,
    /// Minutes late, for an escalation.
    pub late_min: i64,
}

/// The text sent (in Chinese: it goes to the departments' own group chats and phones).
pub fn message(kind: NoticeKind, f: &NoticeFacts) -> String {
    let due = f.due_at.with_timezone(&TZ).format("%H:%M");
    let place = match &f.room {
        Some(room) => format!("{}{}", f.centre, room),
        None => f.centre.clone(),
    };
    match kind {
        NoticeKind::Whistle => format!(
            "【吹哨】请{}于{due}前到{place}报到。案件{}（{}）。",
            f.department, f.case_no, f.category
        ),
        NoticeKind::Rewhistle => format!(
            "【再次吹哨】{}尚未报到，请于{due}前到{place}报到。案件{}（{}）。",
            f.department, f.case_no, f.category
        ),
        NoticeKind::Cancel => format!(
            "【取消吹哨】{}无需再到{}报到。案件{}。",
            f.department, f.centre, f.case_no
        ),
        NoticeKind::Escalate => format!(
            "【超时督办】{}应于{due}前到{place}报到，已逾期{}分钟。案件{}（{}），请值班领导协调。",
            f.department, f.late_min, f.case_no, f.category
        ),
    }
}

/// The wait before the next try after `attempts` failed ones: `base`, doubling, at most
/// fifteen minutes.
pub fn backoff(attempts: u32, base: Duration) -> Duration {
    let doubled = base.saturating_mul(1u32 << attempts.saturating_sub(1).min(16));
    doubled.min(Duration::from_secs(15 * 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn facts() -> NoticeFacts {
        NoticeFacts {
            centre: "示范县社会治理综合服务中心".into(),
            department: "人社局".into(),
            case_no: "YD20261123-0007".into(),
            category: "劳动争议/欠薪".into(),
            due_at: TZ
                .with_ymd_and_hms(2026, 11, 23, 9, 23, 0)
                .unwrap()
                .with_timezone(&Utc),
            room: None,
            late_min: 0,
        }
    }

    #[test]
    fn a_whistle_names_the_department_the_case_and_the_beijing_deadline() {
        let text = message(NoticeKind::Whistle, &facts());
        assert!(text.contains("人社局"), "{text}");
        assert!(text.contains("YD20261123-0007"), "{text}");
        assert!(text.contains("09:23"), "{text}");
        let mut f = facts();
        f.late_min = 6;
        assert!(message(NoticeKind::Escalate, &f).contains("逾期6分钟"));
    }

    #[test]
    fn retries_wait_longer_each_time_up_to_a_ceiling() {
        let base = Duration::from_secs(5);
        assert_eq!(backoff(1, base), Duration::from_secs(5));
        assert_eq!(backoff(2, base), Duration::from_secs(10));
        assert_eq!(backoff(4, base), Duration::from_secs(40));
        assert_eq!(backoff(40, base), Duration::from_secs(900));
    }

    #[test]
    fn every_state_has_a_mark_besides_its_colour() {
        for s in NoticeState::ALL {
            assert!(!s.mark(false).is_empty() && s.mark(true).is_ascii());
        }
    }
}
