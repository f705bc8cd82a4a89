//! A case (案件) from intake to follow-up, and the state machine it moves through.

use super::sla::{ClockMarks, Deadlines};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// Declares a string-backed enum with `as_str` / `parse` and its list of values.
macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// How the case reached the centre (受理渠道).
    Channel {
        WalkIn = "walk_in",
        Hotline = "hotline",
        Online = "online",
        GridReport = "grid_report",
        CourtReferral = "court_referral",
        LeaderReception = "leader_reception",
    }
);

text_enum!(
    /// Which of the four streams carries the case (分流).
    Stream {
        Petition = "petition",
        Mediation = "mediation",
        Litigation = "litigation",
        Enforcement = "enforcement",
    }
);

text_enum!(
    /// Immediate (即办件) or joint (协同件).
    Handling {
        Immediate = "immediate",
        Joint = "joint",
    }
);

text_enum!(
    /// Village, township or county: the level of a centre or of the handling of a case.
    Level {
        Village = "village",
        Township = "township",
        County = "county",
    }
);

text_enum!(
    /// Where a case stands.
    CaseState {
        Registered = "registered",
        Triaged = "triaged",
        InSession = "in_session",
        Resolved = "resolved",
        Failed = "failed",
        Referred = "referred",
        Explained = "explained",
        Withdrawn = "withdrawn",
        Closed = "closed",
        FollowedUp = "followed_up",
    }
);

text_enum!(
    /// Something that happens to a case and may move its state.
    CaseEvent {
        Triage = "triage",
        OpenSession = "open_session",
        Resolve = "resolve",
        Fail = "fail",
        Refer = "refer",
        Explain = "explain",
        Withdraw = "withdraw",
        Close = "close",
        RecordFollowUp = "record_follow_up",
        Reassign = "reassign",
        /// A closed case handled again (a reason given, or a follow-up found it unsettled).
        Reopen = "reopen",
    }
);

/// A transition the state machine does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a case that is {from} cannot {event}")]
pub struct IllegalTransition {
    pub from: CaseState,
    pub event: CaseEvent,
}

impl CaseState {
    /// The state after `event`, or an error if the event makes no sense here.
    pub fn apply(self, event: CaseEvent) -> Result<CaseState, IllegalTransition> {
        use CaseEvent as E;
        use CaseState as S;
        let next = match (self, event) {
            (S::Registered, E::Triage) => S::Triaged,
            // Re-triage (a changed stream or lead department) keeps the case triaged.
            (S::Triaged, E::Triage) => S::Triaged,
            (S::Triaged, E::OpenSession) => S::InSession,
            // An immediate case is settled at the window without a session.
            (S::Triaged | S::InSession, E::Resolve) => S::Resolved,
            (S::Triaged | S::InSession, E::Fail) => S::Failed,
            (S::Triaged | S::InSession, E::Refer) => S::Referred,
            (S::Triaged | S::InSession, E::Explain) => S::Explained,
            (S::Registered | S::Triaged | S::InSession, E::Withdraw) => S::Withdrawn,
            (S::Resolved | S::Failed | S::Referred | S::Explained | S::Withdrawn, E::Close) => {
                S::Closed
            }
            // 办结 from the file: a joint case finished by its departments has no mediation
            // outcome to record first; the closing summary says how it ended.
            (S::Triaged | S::InSession, E::Close) => S::Closed,
            (S::Closed, E::RecordFollowUp) => S::FollowedUp,
            // A follow-up that finds a problem sends the case back to be handled again.
            (S::FollowedUp | S::Closed, E::Reassign | E::Reopen) => S::Triaged,
            (from, event) => return Err(IllegalTransition { from, event }),
        };
        Ok(next)
    }

    /// Settled: an outcome is recorded (or the case is withdrawn) and the reply clock stops.
    pub fn is_settled(self) -> bool {
        !matches!(
            self,
            CaseState::Registered | CaseState::Triaged | CaseState::InSession
        )
    }
}

text_enum!(
    /// The court's confirmation of a mediation agreement (司法确认).
    JudicialConfirmation {
        Requested = "requested",
        Granted = "granted",
        Refused = "refused",
    }
);

text_enum!(
    /// Where a failed or unsuitable case goes at the court (诉调对接).
    LitigationTrack {
        FastTrack = "fast_track",
        PriorityFiling = "priority_filing",
    }
);

/// How a case ended, with what the court link needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Mediated: the agreement's number, and whether judicial confirmation is asked for.
    Mediated {
        agreement_no: String,
        confirmation_requested: bool,
    },
    /// Mediation failed: referred to litigation on a track.
    Failed { track: LitigationTrack },
    /// Not suitable for mediation: referred (back) to the court on a track.
    Referred { track: LitigationTrack },
}

impl Outcome {
    pub fn event(&self) -> CaseEvent {
        match self {
            Outcome::Mediated { .. } => CaseEvent::Resolve,
            Outcome::Failed { .. } => CaseEvent::Fail,
            Outcome::Referred { .. } => CaseEvent::Refer,
        }
    }
}

/// The court-link fields of a case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CourtLink {
    pub agreement_no: Option<String>,
    pub judicial_confirmation: Option<JudicialConfirmation>,
    pub litigation_track: Option<LitigationTrack>,
}

/// Priority lanes for the queue (flags; a case can be in several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lanes {
    /// Elderly or disabled.
    pub elderly_disabled: bool,
    pub group_visit: bool,
    pub emotional_risk: bool,
}

impl Lanes {
    /// Lower sorts first: emotional risk, then elderly/disabled, then group, then the rest.
    pub fn rank(self) -> u8 {
        if self.emotional_risk {
            0
        } else if self.elderly_disabled {
            1
        } else if self.group_visit {
            2
        } else {
            3
        }
    }

    pub fn bits(self) -> i32 {
        (self.elderly_disabled as i32)
            | (self.group_visit as i32) << 1
            | (self.emotional_risk as i32) << 2
    }

    pub fn from_bits(bits: i32) -> Self {
        Self {
            elderly_disabled: bits & 1 != 0,
            group_visit: bits & 2 != 0,
            emotional_risk: bits & 4 != 0,
        }
    }
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Client-generated (uuid v7) so a retried intake is recognised.
    pub id: Uuid,
    pub centre_id: Uuid,
    /// Readable number from a daily sequence, e.g. `YD20261122-0007`.
    pub case_no: String,
    /// Random token put in the tracking QR code (一码跟进).
    pub tracking_token: Uuid,
    pub channel: Channel,
    pub category: String,
    pub description: String,
    pub state: CaseState,
    pub stream: Option<Stream>,
    pub handling: Option<Handling>,
    pub level: Option<Level>,
    pub lead_department: Option<Uuid>,
    pub first_handler: Option<String>,
    pub group_batches: i32,
    pub group_persons: i32,
    pub lanes: Lanes,
    pub court_case_no: Option<String>,
    pub repeat_of: Option<Uuid>,
    pub outcome_note: Option<String>,
    pub received_at: DateTime<Utc>,
    pub deadlines: Deadlines,
    pub marks: ClockMarks,
    pub court: CourtLink,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// The readable case number for the `seq`-th case of `day`.
pub fn case_no(day: NaiveDate, seq: i64) -> String {
    format!("YD{}-{:04}", day.format("%Y%m%d"), seq)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseEvent as E;
    use CaseState as S;

    #[test]
    fn the_whole_road_of_a_mediated_case() {
        let mut s = S::Registered;
        for e in [
            E::Triage,
            E::OpenSession,
            E::Resolve,
            E::Close,
            E::RecordFollowUp,
        ] {
            s = s.apply(e).unwrap();
        }
        assert_eq!(s, S::FollowedUp);
    }

    #[test]
    fn an_immediate_case_resolves_without_a_session() {
        assert_eq!(S::Triaged.apply(E::Resolve), Ok(S::Resolved));
    }

    #[test]
    fn illegal_transitions_are_errors_not_no_ops() {
        for (from, event) in [
            (S::Registered, E::Resolve),
            (S::Registered, E::Close),
            (S::Closed, E::Resolve),
            (S::Resolved, E::OpenSession),
            (S::Withdrawn, E::Triage),
            (S::FollowedUp, E::Close),
            (S::InSession, E::RecordFollowUp),
        ] {
            assert_eq!(
                from.apply(event),
                Err(IllegalTransition { from, event }),
                "{from} + {event}"
            );
        }
    }

    #[test]
    fn every_state_and_event_round_trips_as_text() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(*s));
        }
        for e in E::ALL {
            assert_eq!(E::parse(e.as_str()), Some(*e));
        }
        assert_eq!(Channel::parse("carrier_pigeon"), None);
    }

    #[test]
    fn lanes_survive_storage_and_sort_risk_first() {
        let l = Lanes {
            elderly_disabled: true,
            group_visit: false,
            emotional_risk: true,
        };
        assert_eq!(Lanes::from_bits(l.bits()), l);
        assert!(
            l.rank()
                < Lanes {
                    group_visit: true,
                    ..Default::default()
                }
                .rank()
        );
        assert!(
            Lanes {
                group_visit: true,
                ..Default::default()
            }
            .rank()
                < Lanes::default().rank()
        );
    }

    #[test]
    fn case_numbers_read_by_day() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(case_no(d, 7), "YD20261122-0007");
    }
}
