//! A day's script: cases and the steps each goes through (triage, whistles, arrivals, rooms,
//! outcomes, follow-up), played in time order through the store so every case has its journal.

use crate::domain::case::{CaseEvent, Handling, Level, Stream};
use crate::domain::clock::{day_start, local_day};
use crate::domain::{FollowUp, Intake, SlaPolicy, WorkCalendar};
use crate::store::{Stamp, Store, StoreError, Triage};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// What the demo's scripted sessions say when they end.
const RELEASED: &str = "调解结束";

/// Minutes of the scripted morning: 08:30 to 11:30.
pub const MORNING_MINUTES: i64 = 180;

/// Places the scripted morning on the real day.
///
/// The script is written for 08:30–11:30. If `now` is later, intake times of settled cases are
/// stretched over 08:30–`now` while what happens after each intake keeps its real minutes, and
/// live cases (waiting, in session, whistled departments counting down) keep their distance to
/// `now`. If `now` is earlier than 11:30 (or before opening), the day is written as if it were
/// 11:30: the store takes the stamp's time. Both keep every room booking apart and every step
/// before the end of the frame.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    open: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Frame {
    pub fn new(now: DateTime<Utc>) -> Self {
        let open = day_start(local_day(now)) + Duration::minutes(8 * 60 + 30);
        let end = now.max(open + Duration::minutes(MORNING_MINUTES));
        Self { open, end }
    }

    /// A settled case received `minute` minutes after 08:30 on the script.
    pub fn morning(&self, minute: i64) -> DateTime<Utc> {
        let span = (self.end - self.open).num_seconds();
        self.open + Duration::seconds(minute * span / MORNING_MINUTES)
    }

    /// A live case received `minute` minutes after 08:30 on the script, kept at its distance to the end.
    pub fn live(&self, minute: i64) -> DateTime<Utc> {
        self.end - Duration::minutes(MORNING_MINUTES - minute)
    }

    /// The scripted "now": the later of `now` and 11:30.
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }
}

/// One thing done to a case.
pub enum Op {
    Intake,
    /// The next ticket is called to the actor's window and served (added by the script itself).
    Call,
    Triage {
        stream: Stream,
        handling: Handling,
        level: Level,
        lead: &'static str,
        cooperating: &'static [&'static str],
        first_handler: &'static str,
    },
    Whistle {
        dept: &'static str,
        reason: &'static str,
    },
    /// The whistled department checks in at the step's time.
    Arrive {
        dept: &'static str,
    },
    /// The late summons of the department goes to the duty leader (as a console's sweep
    /// would write it), and the duty leader acknowledges it.
    Escalate {
        dept: &'static str,
    },
    Acknowledge {
        dept: &'static str,
    },
    Book {
        room: &'static str,
        /// Put in the room with this mediator (the console's allocation), else booked bare.
        mediator: Option<&'static str>,
    },
    /// A reservation of a legal-aid or counselling room at `hm` (Beijing time) today, or
    /// at the next slot of the kind when that time has passed.
    Reserve {
        room: &'static str,
        kind: crate::domain::room::RoomKind,
        hm: Option<(u32, u32)>,
    },
    OutOfService {
        room: &'static str,
        reason: &'static str,
    },
    Release {
        room: &'static str,
    },
    Event(CaseEvent, Option<String>),
    /// The outcome as the console records it (Ctrl-O): the agreement and judicial
    /// confirmation, or the court track, with the note.
    Outcome(crate::domain::case::Outcome, String),
    /// The court's answer on judicial confirmation (Ctrl-K).
    Confirmation {
        granted: bool,
    },
    FollowUp {
        by: &'static str,
        satisfaction: i32,
        note: &'static str,
    },
    /// A reached follow-up by phone; a problem goes to the named department.
    Visit {
        satisfaction: crate::domain::follow_up::Satisfaction,
        problem: Option<(crate::domain::follow_up::ProblemKind, &'static str)>,
        note: &'static str,
    },
    /// A follow-up call nobody answered.
    Unreached {
        note: &'static str,
    },
}

struct Step {
    at: DateTime<Utc>,
    case: usize,
    actor: String,
    op: Op,
}

/// Cases with their steps, in the order they were written.
#[derive(Default)]
pub struct Script {
    intakes: Vec<Intake>,
    steps: Vec<Step>,
}

/// Adds steps to one case, counting minutes from its intake.
pub struct CaseSteps<'a> {
    script: &'a mut Script,
    case: usize,
    at: DateTime<Utc>,
    actor: &'static str,
}

impl Script {
    /// A resident with a ticket is called to a window a minute after taking it, if the case
    /// moves on at all (cases still registered at the end keep their tickets waiting).
    fn add_calls(&mut self) {
        let moves = |case: usize| {
            self.steps.iter().any(|s| {
                s.case == case
                    && matches!(s.op, Op::Triage { .. } | Op::Event(CaseEvent::Withdraw, _))
            })
        };
        let mut calls = Vec::new();
        for step in &self.steps {
            if matches!(step.op, Op::Intake)
                && self.intakes[step.case].takes_ticket()
                && moves(step.case)
            {
                let at = step.at + Duration::minutes(1);
                calls.push(Step {
                    at,
                    case: step.case,
                    actor: step.actor.clone(),
                    op: Op::Call,
                });
            }
        }
        self.steps.extend(calls);
    }

    /// Registers `intake` at `at` by `actor` (who also does the following steps unless told).
    pub fn case(
        &mut self,
        at: DateTime<Utc>,
        actor: &'static str,
        intake: Intake,
    ) -> CaseSteps<'_> {
        let case = self.intakes.len();
        self.intakes.push(intake);
        self.steps.push(Step {
            at,
            case,
            actor: actor.to_string(),
            op: Op::Intake,
        });
        CaseSteps {
            script: self,
            case,
            at,
            actor,
        }
    }

    /// The id the case will have once stored.
    pub fn id(&self, case: usize) -> Uuid {
        self.intakes[case].id
    }

    /// Plays every step in time order (steps at the same instant in the order written).
    pub async fn play(
        mut self,
        store: &Store,
        departments: &HashMap<String, Uuid>,
        rooms: &HashMap<String, Uuid>,
        mediators: &HashMap<String, Uuid>,
    ) -> Result<(), StoreError> {
        let cal = WorkCalendar::builtin();
        let policy = SlaPolicy::default();
        let lookup = |map: &HashMap<String, Uuid>, what: &str, name: &str| {
            map.get(name).copied().ok_or_else(|| {
                StoreError::Corrupt(format!("the demo script names an unknown {what} {name}"))
            })
        };
        self.add_calls();
        self.steps.sort_by_key(|s| s.at);
        // Closings of the last month get their follow-up due date (and show on the follow-up
        // tab); older ones are from before follow-ups were tracked.
        let follow_ups_from = self
            .steps
            .last()
            .map(|s| s.at - Duration::days(30))
            .unwrap_or_default();
        let follow_up = crate::domain::follow_up::FollowUpPolicy::default();
        let mut versions = vec![0; self.intakes.len()];
        let mut summons: HashMap<(usize, &str), Uuid> = HashMap::new();
        let mut bookings: HashMap<(usize, &str), Uuid> = HashMap::new();
        for step in &self.steps {
            let stamp = Stamp::system_as(step.actor.clone(), step.at);
            let intake = &self.intakes[step.case];
            let id = intake.id;
            let version = &mut versions[step.case];
            match &step.op {
                Op::Call => call_and_serve(store, intake.centre_id, &stamp).await?,
                Op::Intake => {
                    let receipt = store
                        .intake(intake, policy.deadlines(step.at, &cal), &stamp)
                        .await?;
                    *version = receipt.case.version;
                }
                Op::Triage {
                    stream,
                    handling,
                    level,
                    lead,
                    cooperating,
                    first_handler,
                } => {
                    let t = Triage {
                        stream: *stream,
                        handling: *handling,
                        level: *level,
                        lead_department: Some(lookup(departments, "department", lead)?),
                        cooperating: cooperating
                            .iter()
                            .map(|d| lookup(departments, "department", d))
                            .collect::<Result<_, _>>()?,
                        first_handler: first_handler.to_string(),
                    };
                    *version = store.triage(id, *version, &t, &stamp).await?.version;
                }
                Op::Whistle { dept, reason } => {
                    let s = store
                        .whistle(id, lookup(departments, "department", dept)?, reason, &stamp)
                        .await?;
                    summons.insert((step.case, dept), s.id);
                }
                Op::Arrive { dept } => {
                    let s = summons.get(&(step.case, *dept)).copied().ok_or_else(|| {
                        StoreError::Corrupt(format!(
                            "the demo script has {dept} arrive before it was whistled"
                        ))
                    })?;
                    store.record_arrival(s, step.at, None, &stamp).await?;
                }
                Op::Escalate { dept } | Op::Acknowledge { dept } => {
                    let s = summons.get(&(step.case, *dept)).copied().ok_or_else(|| {
                        StoreError::Corrupt(format!(
                            "the demo script escalates {dept} before it was whistled"
                        ))
                    })?;
                    if matches!(step.op, Op::Escalate { .. }) {
                        store
                            .escalate_late_summons(
                                self.intakes[step.case].centre_id,
                                Duration::minutes(5),
                                &stamp,
                            )
                            .await?;
                    } else {
                        store.acknowledge_escalation(s, &stamp).await?;
                    }
                }
                Op::Book { room, mediator } => {
                    let room_id = lookup(rooms, "room", room)?;
                    let booking = match mediator {
                        Some(m) => {
                            let m = lookup(mediators, "mediator", m)?;
                            store.allocate_room(id, room_id, Some(m), &stamp).await?
                        }
                        None => store.allocate_room(id, room_id, None, &stamp).await?,
                    };
                    bookings.insert((step.case, room), booking);
                }
                Op::Reserve { room, kind, hm } => {
                    let room_id = lookup(rooms, "room", room)?;
                    let wanted = hm.and_then(|(h, m)| {
                        crate::domain::clock::local_time_on(
                            local_day(step.at),
                            &format!("{h:02}:{m:02}"),
                        )
                    });
                    let next = crate::domain::allocation::next_slot(
                        *kind,
                        step.at,
                        &crate::domain::WorkCalendar::builtin(),
                    );
                    let first = match wanted.filter(|w| *w > step.at) {
                        Some(w) => store.reserve_room(room_id, id, w, &stamp).await,
                        None => Err(StoreError::NotFound {
                            entity: "slot",
                            id: room_id,
                        }),
                    };
                    if first.is_err()
                        && let Some(next) = next
                    {
                        store.reserve_room(room_id, id, next, &stamp).await?;
                    }
                }
                Op::OutOfService { room, reason } => {
                    store
                        .set_out_of_service(lookup(rooms, "room", room)?, Some(reason), &stamp)
                        .await?;
                }
                Op::Release { room } => {
                    if let Some(b) = bookings.remove(&(step.case, *room)) {
                        // Settling the case already ended its session (one close): done.
                        match store.release_session(b, RELEASED, &stamp).await {
                            Ok(_)
                            | Err(StoreError::Room(crate::store::RoomRefusal::SessionEnded)) => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
                Op::Event(CaseEvent::Close, note) if step.at >= follow_ups_from => {
                    let summary = note.as_deref().unwrap_or("办结");
                    let due = follow_up.due(step.at, &cal);
                    *version = store
                        .close_case(id, *version, summary, due, &stamp)
                        .await?
                        .version;
                }
                Op::Visit {
                    satisfaction,
                    problem,
                    note,
                } => {
                    let problem = match problem {
                        Some((kind, dept)) => {
                            Some((*kind, lookup(departments, "department", dept)?))
                        }
                        None => None,
                    };
                    let visit = crate::domain::follow_up::Visit {
                        case_id: id,
                        method: crate::domain::follow_up::Method::Phone,
                        satisfaction: *satisfaction,
                        note: note.to_string(),
                        problem,
                    };
                    let problem_due = problem.map(|(k, _)| follow_up.problem_due(k, step.at, &cal));
                    let reply = problem_due.unwrap_or(policy.deadlines(step.at, &cal).reply);
                    *version = store
                        .record_visit(&visit, *version, reply, problem_due, &stamp)
                        .await?
                        .version;
                }
                Op::Unreached { note } => {
                    let method = crate::domain::follow_up::Method::Phone;
                    store
                        .record_follow_up_try(id, method, note, follow_up.max_tries, &stamp)
                        .await?;
                }
                Op::Outcome(outcome, note) => {
                    *version = store
                        .record_outcome(id, *version, outcome, note, &stamp)
                        .await?
                        .version;
                }
                Op::Confirmation { granted } => {
                    *version = store
                        .record_confirmation(id, *version, *granted, &stamp)
                        .await?
                        .version;
                }
                Op::Event(event, note) => {
                    *version = store
                        .transition(id, *version, *event, note.as_deref(), &stamp)
                        .await?
                        .version;
                }
                // A case closed this month is followed up on its closing.
                Op::FollowUp {
                    satisfaction, note, ..
                } if step.at >= follow_ups_from => {
                    let visit = crate::domain::follow_up::Visit {
                        case_id: id,
                        method: crate::domain::follow_up::Method::Phone,
                        satisfaction: crate::domain::follow_up::Satisfaction::from_score(
                            *satisfaction,
                        )
                        .unwrap_or(crate::domain::follow_up::Satisfaction::Satisfied),
                        note: note.to_string(),
                        problem: None,
                    };
                    let reply = policy.deadlines(step.at, &cal).reply;
                    *version = store
                        .record_visit(&visit, *version, reply, None, &stamp)
                        .await?
                        .version;
                }
                Op::FollowUp {
                    by,
                    satisfaction,
                    note,
                } => {
                    let f = FollowUp {
                        id: Uuid::now_v7(),
                        case_id: id,
                        at: step.at,
                        by: by.to_string(),
                        satisfaction: *satisfaction,
                        note: note.to_string(),
                        problem_found: false,
                    };
                    store.record_follow_up(&f, *version, &stamp).await?;
                    *version += 1;
                }
            }
        }
        Ok(())
    }
}

/// Calls the next ticket to the actor's window and serves it. The queue decides whose ticket
/// that is (priority lanes first), as at a real window; every call has a ticket waiting
/// because each case's call comes a minute after its own intake.
async fn call_and_serve(store: &Store, centre_id: Uuid, stamp: &Stamp) -> Result<(), StoreError> {
    let window = stamp.actor().split('-').next().unwrap_or("窗口");
    let day = local_day(stamp.at());
    let Some(ticket) = store.call_next(centre_id, day, window, stamp).await? else {
        return Err(StoreError::Corrupt(
            "the demo script calls a ticket when nobody waits".into(),
        ));
    };
    let row = store
        .queue(centre_id, day)
        .await?
        .into_iter()
        .find(|r| r.ticket_id == ticket);
    let version = row.map(|r| r.version).ok_or(StoreError::NotFound {
        entity: "ticket",
        id: ticket,
    })?;
    store
        .move_ticket(ticket, version, crate::domain::TicketMove::Serve, stamp)
        .await
}

mod steps;
