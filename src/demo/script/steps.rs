//! The steps a scripted case goes through, written as they happen at the centre: triage,
//! whistle, arrival, room, outcome, closing and follow-up, each at its minute.

use super::*;

impl CaseSteps<'_> {
    /// The case's index in the script.
    pub fn index(&self) -> usize {
        self.case
    }

    pub(in crate::demo) fn push(self, minutes: i64, actor: Option<String>, op: Op) -> Self {
        let actor = actor.unwrap_or_else(|| self.actor.to_string());
        let at = self.at + Duration::minutes(minutes);
        self.script.steps.push(Step {
            at,
            case: self.case,
            actor,
            op,
        });
        self
    }

    /// Triage `minutes` after intake; the first handler is taken from the actor's name.
    pub fn triage(
        self,
        minutes: i64,
        stream: Stream,
        handling: Handling,
        level: Level,
        lead: &'static str,
        cooperating: &'static [&'static str],
    ) -> Self {
        let first_handler = self.actor.rsplit('-').next().unwrap_or(self.actor);
        self.push(
            minutes,
            None,
            Op::Triage {
                stream,
                handling,
                level,
                lead,
                cooperating,
                first_handler,
            },
        )
    }

    pub fn whistle(self, minutes: i64, dept: &'static str, reason: &'static str) -> Self {
        self.push(minutes, None, Op::Whistle { dept, reason })
    }

    pub fn arrive(self, minutes: i64, dept: &'static str) -> Self {
        self.push(minutes, Some(format!("{dept}-报到")), Op::Arrive { dept })
    }

    /// The department's summons escalates (late past the 5-minute grace) and the duty
    /// leader acknowledges it `ack_after` minutes later.
    pub fn escalate(self, minutes: i64, dept: &'static str, ack_after: i64) -> Self {
        let leader = Some(format!("值班领导-{}", crate::demo::data::DUTY_LEADER));
        self.push(minutes, Some("系统-超时升级".into()), Op::Escalate { dept })
            .push(minutes + ack_after, leader, Op::Acknowledge { dept })
    }

    pub fn book(self, minutes: i64, room: &'static str) -> Self {
        self.push(
            minutes,
            None,
            Op::Book {
                room,
                mediator: None,
            },
        )
    }

    /// Puts the case in a room with a mediator, as the allocate form does.
    pub fn book_with(self, minutes: i64, room: &'static str, mediator: &'static str) -> Self {
        self.push(
            minutes,
            None,
            Op::Book {
                room,
                mediator: Some(mediator),
            },
        )
    }

    /// Books a room with a mediator and opens the session in it.
    pub fn session_with(self, minutes: i64, room: &'static str, mediator: &'static str) -> Self {
        self.book_with(minutes, room, mediator)
            .event(minutes, CaseEvent::OpenSession, None)
    }

    /// Reserves a legal-aid or counselling room at `hm` today (or the next slot).
    pub fn reserve(
        self,
        minutes: i64,
        room: &'static str,
        kind: crate::domain::room::RoomKind,
        hm: Option<(u32, u32)>,
    ) -> Self {
        self.push(minutes, None, Op::Reserve { room, kind, hm })
    }

    /// The building's staff take a room out of service.
    pub fn out_of_service(self, minutes: i64, room: &'static str, reason: &'static str) -> Self {
        self.push(
            minutes,
            Some("后勤-刘师傅".into()),
            Op::OutOfService { room, reason },
        )
    }

    pub fn release(self, minutes: i64, room: &'static str) -> Self {
        self.push(minutes, None, Op::Release { room })
    }

    /// Books a room and opens the session in it.
    pub fn session(self, minutes: i64, room: &'static str) -> Self {
        self.book(minutes, room)
            .event(minutes, CaseEvent::OpenSession, None)
    }

    pub fn event(self, minutes: i64, event: CaseEvent, note: Option<String>) -> Self {
        self.push(minutes, None, Op::Event(event, note))
    }

    /// Settled by an agreement, recorded as the console does: its number, and whether judicial
    /// confirmation (司法确认) is asked of the court.
    pub fn mediated(
        self,
        minutes: i64,
        agreement_no: impl Into<String>,
        confirmation_requested: bool,
        note: impl Into<String>,
    ) -> Self {
        let outcome = crate::domain::case::Outcome::Mediated {
            agreement_no: agreement_no.into(),
            confirmation_requested,
        };
        self.push(minutes, None, Op::Outcome(outcome, note.into()))
    }

    /// Not settled here: back to the court on a track (诉讼通道), recorded as the console does.
    pub fn back_to_court(
        self,
        minutes: i64,
        track: crate::domain::case::LitigationTrack,
        note: impl Into<String>,
    ) -> Self {
        let outcome = crate::domain::case::Outcome::Referred { track };
        self.push(minutes, None, Op::Outcome(outcome, note.into()))
    }

    /// The court's answer on judicial confirmation.
    pub fn confirmed(self, minutes: i64, granted: bool) -> Self {
        self.push(minutes, None, Op::Confirmation { granted })
    }

    pub fn resolve(self, minutes: i64, note: impl Into<String>) -> Self {
        self.event(minutes, CaseEvent::Resolve, Some(note.into()))
    }

    pub fn fail(self, minutes: i64, note: impl Into<String>) -> Self {
        self.event(minutes, CaseEvent::Fail, Some(note.into()))
    }

    pub fn refer(self, minutes: i64, note: impl Into<String>) -> Self {
        self.event(minutes, CaseEvent::Refer, Some(note.into()))
    }

    pub fn explain(self, minutes: i64, note: impl Into<String>) -> Self {
        self.event(minutes, CaseEvent::Explain, Some(note.into()))
    }

    pub fn withdraw(self, minutes: i64, note: impl Into<String>) -> Self {
        self.event(minutes, CaseEvent::Withdraw, Some(note.into()))
    }

    pub fn close(self, minutes: i64) -> Self {
        self.event(minutes, CaseEvent::Close, None)
    }

    pub fn follow_up(self, minutes: i64, satisfaction: i32, note: &'static str) -> Self {
        let by = "回访员-李娜";
        self.push(
            minutes,
            Some(by.to_string()),
            Op::FollowUp {
                by,
                satisfaction,
                note,
            },
        )
    }
}
