//! The resident's view of a case (一码跟进): which of the six steps — accepted, routed,
//! departments reported, mediation, outcome, follow-up — are done and when, and what comes
//! next by when. Built only from fixed facts (times, states, department and room names):
//! never a person's name, ID, phone or any text typed by staff.

use super::case::CaseState;
use super::sla::Deadlines;
use chrono::{DateTime, Duration, Utc};

/// How long after a case closes its tracking code still opens the page.
pub const TOKEN_DAYS_AFTER_CLOSE: i64 = 365;

/// One summons as the resident may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct SummonsFact {
    pub department: String,
    pub due_at: DateTime<Utc>,
    pub arrived_at: Option<DateTime<Utc>>,
    pub cancelled: bool,
}

/// The room the case is in, or reserved for it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomFact {
    pub name: String,
    pub from: DateTime<Utc>,
    /// A reservation not yet claimed, rather than a session in progress.
    pub reserved: bool,
}

/// Everything the page may show about one case, read by the store in one go.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackingFacts {
    pub case_no: String,
    pub state: CaseState,
    pub received_at: DateTime<Utc>,
    pub deadlines: Deadlines,
    pub triaged_at: Option<DateTime<Utc>>,
    /// Departments assigned at triage (lead first), by name.
    pub departments: Vec<String>,
    pub summonses: Vec<SummonsFact>,
    pub session_at: Option<DateTime<Utc>>,
    pub room: Option<RoomFact>,
    /// How the case ended (resolved, failed, referred, explained, withdrawn) and when.
    pub outcome: Option<(CaseState, DateTime<Utc>)>,
    pub closed_at: Option<DateTime<Utc>>,
    pub followed_up_at: Option<DateTime<Utc>>,
}

impl TrackingFacts {
    /// A code stops opening the page a year after its case closed.
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.closed_at
            .is_some_and(|c| now - c > Duration::days(TOKEN_DAYS_AFTER_CLOSE))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Accepted,
    Routed,
    Reported,
    Mediation,
    Outcome,
    FollowUp,
}

impl StepKind {
    pub const ALL: [StepKind; 6] = [
        StepKind::Accepted,
        StepKind::Routed,
        StepKind::Reported,
        StepKind::Mediation,
        StepKind::Outcome,
        StepKind::FollowUp,
    ];

    /// The locale key of the step's name.
    pub fn key(self) -> &'static str {
        match self {
            StepKind::Accepted => "serve.step.accepted",
            StepKind::Routed => "serve.step.routed",
            StepKind::Reported => "serve.step.reported",
            StepKind::Mediation => "serve.step.mediation",
            StepKind::Outcome => "serve.step.outcome",
            StepKind::FollowUp => "serve.step.follow_up",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Done(DateTime<Utc>),
    /// Under way now (departments whistled and not all here, a session in a room).
    Current,
    Pending,
    /// Not part of this case's path (no department was needed, a withdrawn case).
    Skipped,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    pub status: StepStatus,
    /// Fixed facts beside the step: department names with their state, the outcome's key.
    pub notes: Vec<Note>,
}

/// One fact beside a step, to be put in words by the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// Departments on the case (lead first).
    Departments(Vec<String>),
    /// A whistled department: arrived when, or due by when.
    Arrived(String, DateTime<Utc>),
    Due(String, DateTime<Utc>),
    /// The outcome's locale key.
    Outcome(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub steps: Vec<Step>,
    /// The next step and its deadline (none once followed up).
    pub next: Option<(StepKind, Option<DateTime<Utc>>)>,
}

/// The locale key naming how a case ended.
pub fn outcome_key(state: CaseState) -> &'static str {
    match state {
        CaseState::Resolved => "serve.outcome.resolved",
        CaseState::Failed => "serve.outcome.failed",
        CaseState::Referred => "serve.outcome.referred",
        CaseState::Explained => "serve.outcome.explained",
        CaseState::Withdrawn => "serve.outcome.withdrawn",
        _ => "serve.outcome.closed",
    }
}

/// The six steps and the next one, from the facts.
pub fn timeline(f: &TrackingFacts) -> Timeline {
    use StepStatus::*;
    let settled = f.state.is_settled();
    let withdrawn = f.outcome.is_some_and(|(s, _)| s == CaseState::Withdrawn)
        || f.state == CaseState::Withdrawn;
    let live: Vec<&SummonsFact> = f.summonses.iter().filter(|s| !s.cancelled).collect();
    let all_arrived = !live.is_empty() && live.iter().all(|s| s.arrived_at.is_some());

    let routed = match f.triaged_at {
        Some(t) => Done(t),
        None if withdrawn => Skipped,
        None => Pending,
    };
    let mut routed_notes = Vec::new();
    if !f.departments.is_empty() {
        routed_notes.push(Note::Departments(f.departments.clone()));
    }

    let reported = if all_arrived {
        Done(
            live.iter()
                .filter_map(|s| s.arrived_at)
                .max()
                .unwrap_or(f.received_at),
        )
    } else if !live.is_empty() && !settled {
        Current
    } else if settled || f.state == CaseState::InSession {
        Skipped
    } else {
        Pending
    };
    let reported_notes = live
        .iter()
        .map(|s| match s.arrived_at {
            Some(a) => Note::Arrived(s.department.clone(), a),
            None => Note::Due(s.department.clone(), s.due_at),
        })
        .collect();

    let in_room = f.room.as_ref().is_some_and(|r| !r.reserved);
    let mediation = match (f.session_at, f.state) {
        (_, CaseState::InSession) => Current,
        (Some(_), _) if in_room && !settled => Current,
        (Some(t), _) => Done(t),
        (None, _) if settled => Skipped,
        (None, _) => Pending,
    };
    let (outcome, outcome_notes) = match f.outcome {
        Some((s, t)) => (Done(t), vec![Note::Outcome(outcome_key(s))]),
        None if settled => (
            Done(f.closed_at.unwrap_or(f.received_at)),
            vec![Note::Outcome(outcome_key(f.state))],
        ),
        None => (Pending, Vec::new()),
    };
    let follow_up = match f.followed_up_at {
        Some(t) => Done(t),
        None if withdrawn => Skipped,
        None => Pending,
    };

    let step = |kind, status, notes| Step {
        kind,
        status,
        notes,
    };
    let steps = vec![
        step(StepKind::Accepted, Done(f.received_at), Vec::new()),
        step(StepKind::Routed, routed, routed_notes),
        step(StepKind::Reported, reported, reported_notes),
        step(StepKind::Mediation, mediation, Vec::new()),
        step(StepKind::Outcome, outcome, outcome_notes),
        step(StepKind::FollowUp, follow_up, Vec::new()),
    ];

    let next = match f.state {
        CaseState::Registered => Some((StepKind::Routed, Some(f.deadlines.accept))),
        CaseState::Triaged if reported == Current => Some((
            StepKind::Reported,
            live.iter()
                .filter(|s| s.arrived_at.is_none())
                .map(|s| s.due_at)
                .max(),
        )),
        CaseState::Triaged => Some((StepKind::Mediation, Some(f.deadlines.convene))),
        CaseState::InSession => Some((StepKind::Outcome, Some(f.deadlines.reply))),
        CaseState::FollowedUp => None,
        _ if withdrawn => None,
        _ => Some((StepKind::FollowUp, None)),
    };
    Timeline { steps, next }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        crate::domain::clock::TZ
            .with_ymd_and_hms(2026, 11, 23, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn facts(state: CaseState) -> TrackingFacts {
        TrackingFacts {
            case_no: "YD20261123-0007".into(),
            state,
            received_at: t(8, 47),
            deadlines: Deadlines {
                accept: t(23, 59),
                convene: t(23, 59) + Duration::days(1),
                reply: t(23, 59) + Duration::days(8),
            },
            triaged_at: None,
            departments: Vec::new(),
            summonses: Vec::new(),
            session_at: None,
            room: None,
            outcome: None,
            closed_at: None,
            followed_up_at: None,
        }
    }

    fn status(tl: &Timeline, kind: StepKind) -> StepStatus {
        tl.steps.iter().find(|s| s.kind == kind).unwrap().status
    }

    #[test]
    fn a_new_case_waits_for_routing_by_the_accept_deadline() {
        let f = facts(CaseState::Registered);
        let tl = timeline(&f);
        assert_eq!(status(&tl, StepKind::Accepted), StepStatus::Done(t(8, 47)));
        assert_eq!(status(&tl, StepKind::Routed), StepStatus::Pending);
        assert_eq!(tl.next, Some((StepKind::Routed, Some(f.deadlines.accept))));
    }

    #[test]
    fn whistled_departments_are_current_until_all_arrive_and_the_next_due_is_the_latest() {
        let mut f = facts(CaseState::Triaged);
        f.triaged_at = Some(t(8, 52));
        f.summonses = vec![
            SummonsFact {
                department: "人社局".into(),
                due_at: t(9, 23),
                arrived_at: Some(t(9, 18)),
                cancelled: false,
            },
            SummonsFact {
                department: "住建局".into(),
                due_at: t(9, 33),
                arrived_at: None,
                cancelled: false,
            },
        ];
        let tl = timeline(&f);
        assert_eq!(status(&tl, StepKind::Reported), StepStatus::Current);
        assert_eq!(tl.next, Some((StepKind::Reported, Some(t(9, 33)))));
        f.summonses[1].arrived_at = Some(t(9, 41));
        let tl = timeline(&f);
        assert_eq!(status(&tl, StepKind::Reported), StepStatus::Done(t(9, 41)));
        assert_eq!(
            tl.next,
            Some((StepKind::Mediation, Some(f.deadlines.convene)))
        );
    }

    #[test]
    fn a_mediated_and_closed_case_awaits_its_follow_up() {
        let mut f = facts(CaseState::Closed);
        f.triaged_at = Some(t(8, 52));
        f.session_at = Some(t(9, 45));
        f.outcome = Some((CaseState::Resolved, t(11, 20)));
        f.closed_at = Some(t(11, 21));
        let tl = timeline(&f);
        assert_eq!(status(&tl, StepKind::Mediation), StepStatus::Done(t(9, 45)));
        assert_eq!(status(&tl, StepKind::Outcome), StepStatus::Done(t(11, 20)));
        assert_eq!(status(&tl, StepKind::Reported), StepStatus::Skipped);
        assert_eq!(tl.next, Some((StepKind::FollowUp, None)));
        f.followed_up_at = Some(t(15, 0));
        f.state = CaseState::FollowedUp;
        assert_eq!(timeline(&f).next, None);
    }

    #[test]
    fn a_code_expires_a_year_after_closing() {
        let mut f = facts(CaseState::Closed);
        assert!(
            !f.expired(t(9, 0) + Duration::days(4000)),
            "open cases never expire"
        );
        f.closed_at = Some(t(11, 0));
        assert!(!f.expired(t(11, 0) + Duration::days(300)));
        assert!(f.expired(t(11, 0) + Duration::days(366)));
    }
}
