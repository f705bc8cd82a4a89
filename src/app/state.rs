//! The console's whole state: what every view reads. Only `update` changes it.

use super::detail::{DetailState, FindState};
use super::draft::Draft;
use super::intake::IntakeForm;
use super::keymap::Context;
use super::queue::QueueState;
use super::triage::TriageForm;
use crate::domain::{Case, Centre, Lang};
use crate::store::IntakeReceipt;
use crate::theme::Theme;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Queue,
    Intake,
    Triage,
    Deadlines,
    Board,
    Audit,
    Rooms,
    /// The follow-up list (回访).
    FollowUps,
    Figures,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    DiscardIntake,
    Quit,
    /// Quit while a form over the panels holds what was typed (it waits in `State::under`).
    QuitForm,
}

/// What sits on top of the panels, taking the keys.
pub enum Overlay {
    Help {
        filter: String,
        scroll: u16,
    },
    Confirm(Ask),
    Receipt(Box<IntakeReceipt>),
    RestoreDraft(Box<Draft>),
    Find(Box<FindState>),
    /// A short text asked for on top of the case file (a ledger line, an explanation).
    Prompt(Box<Prompt>),
    /// How the case ended, or the court's answer on judicial confirmation.
    Outcome(Box<super::outcome::OutcomeForm>),
    Detail(Box<DetailState>),
    Whistle(Box<super::board::WhistleForm>),
    /// Rooms and mediators proposed for a case.
    Allocate(Box<super::rooms::AllocateForm>),
    /// The follow-up form over the follow-up tab.
    FollowUp(Box<super::follow_up::FollowUpForm>),
}

pub use super::prompt::{Prompt, PromptKind};

/// One side of a same-pair lookup: the name as typed, and the resident ID when it is
/// complete and valid (a side whose IDs differ is not the same party).
pub type PairSide = (String, Option<String>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Live,
    Lost { since: DateTime<Utc> },
}

/// A one-line message under the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

pub struct State {
    pub lang: Lang,
    pub theme: Theme,
    pub ascii: bool,
    pub centre: Centre,
    pub operator: String,
    /// The service window this console calls tickets to, e.g. "1号窗口".
    pub window: String,
    pub now: DateTime<Utc>,
    pub size: (u16, u16),
    pub tab: Tab,
    pub queue: QueueState,
    pub intake: Option<IntakeForm>,
    /// The triage form and the case it is for.
    pub triage: Option<(TriageForm, Box<Case>)>,
    /// Open cases for the deadlines tab, worst clock first; `None` until loaded.
    pub deadlines: Option<Vec<Case>>,
    /// The selected case on the deadlines tab, kept by id as the list re-sorts.
    pub deadline_selected: super::selection::Selection<uuid::Uuid>,
    pub board: super::board::BoardState,
    pub rooms: super::rooms::RoomsState,
    pub figures: super::figures::FiguresState,
    /// The read-only wall screen (`yidi board`): no editing keys, no writes.
    pub wallboard: bool,
    /// Who is signed in; `None` shows the login screen (the console's state stays behind it).
    pub session: Option<crate::domain::Operator>,
    pub login: Option<super::login::LoginForm>,
    /// Locked-out operators' worlds (forms, reveals, audit, selections), each given back
    /// only to its own operator; the latest last.
    pub parked: Vec<super::session::OperatorSession>,
    /// `Some(0)` when the database has no operator yet.
    pub operators: Option<usize>,
    /// Untouched this long, the console locks.
    pub idle_lock: chrono::Duration,
    pub last_input: DateTime<Utc>,
    /// Shown on the login screen of the demo centre: where its operators' passwords are.
    pub login_hint: Option<String>,
    /// `[serve] public_url`: the receipt's QR code links to the tracking page there.
    pub public_url: Option<String>,
    /// Parties (by position) whose data the operator revealed in the open case file; gone
    /// when the file closes.
    pub revealed: Option<(uuid::Uuid, Vec<usize>)>,
    pub audit: super::audit::AuditState,
    pub follow_ups: super::follow_up::FollowUpsState,
    /// Earlier cases of the applicant on the intake form (repeat visit, 重复访), by the ID
    /// they were looked up with; saving links the new case to the latest of them.
    pub earlier: Option<(String, Vec<Case>)>,
    /// Earlier cases between the intake's first applicant and first respondent, by the pair
    /// of names they were looked up with.
    pub earlier_pair: Option<((PairSide, PairSide), Vec<Case>)>,
    pub overlay: Option<Overlay>,
    /// The overlay waiting under help or the quit question; it comes back when they close.
    pub under: Option<Overlay>,
    /// Writes sent and not yet answered, with when they were sent: a second press of their
    /// key is ignored until the answer comes (or a while has passed).
    pub in_flight: Vec<(super::action::Op, DateTime<Utc>)>,
    /// How far this machine's clock is from the database server's (timers follow the server).
    pub clock_offset: chrono::Duration,
    /// The working-day calendar of the county's policy: which years are official, for the
    /// warning beside a deadline in a provisional or missing year.
    pub calendar: std::sync::Arc<crate::domain::WorkCalendar>,
    /// How far the replica the wall screen reads from lags (`--read-db`), in seconds.
    pub replica_lag: Option<f64>,
    /// The notice on screen and since when: it goes after a few seconds or the next key.
    pub notice_seen: Option<(String, DateTime<Utc>)>,
    pub connection: Connection,
    pub notice: Option<Notice>,
    /// Something visible changed since the last frame.
    pub dirty: bool,
    pub quit: bool,
}

/// From this size up, all panels show at once.
pub const DASHBOARD: (u16, u16) = (160, 45);
/// Below this size only the "window too small" screen shows.
pub const MINIMUM: (u16, u16) = (80, 24);

impl State {
    pub fn new(
        centre: Centre,
        operator: String,
        window: String,
        lang: Lang,
        theme: Theme,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            lang,
            theme,
            ascii: false,
            public_url: None,
            centre,
            operator,
            window,
            now,
            size: MINIMUM,
            tab: Tab::Queue,
            queue: QueueState::default(),
            intake: None,
            triage: None,
            deadlines: None,
            deadline_selected: Default::default(),
            board: super::board::BoardState::default(),
            rooms: super::rooms::RoomsState::default(),
            figures: Default::default(),
            wallboard: false,
            session: None,
            login: None,
            parked: Vec::new(),
            operators: None,
            idle_lock: super::login::DEFAULT_IDLE_LOCK,
            last_input: now,
            login_hint: None,
            revealed: None,
            audit: Default::default(),
            follow_ups: Default::default(),
            earlier: None,
            earlier_pair: None,
            overlay: None,
            under: None,
            in_flight: Vec::new(),
            notice_seen: None,
            clock_offset: chrono::Duration::zero(),
            calendar: std::sync::Arc::new(crate::domain::WorkCalendar::builtin()),
            replica_lag: None,
            connection: Connection::Live,
            notice: None,
            dirty: true,
            quit: false,
        }
    }

    /// Which keymap context the keys go to now.
    pub fn context(&self) -> Context {
        if !self.wallboard && self.session.is_none() {
            return Context::Login;
        }
        match &self.overlay {
            Some(Overlay::Help { .. }) => Context::Help,
            Some(Overlay::Confirm(_)) | Some(Overlay::RestoreDraft(_)) => Context::Confirm,
            Some(Overlay::Receipt(_)) => Context::Receipt,
            Some(Overlay::Find(_)) => Context::Find,
            Some(Overlay::Prompt(_)) => Context::Prompt,
            Some(Overlay::Outcome(_)) => Context::Outcome,
            Some(Overlay::Detail(_)) => Context::Detail,
            Some(Overlay::Whistle(_)) => Context::Whistle,
            Some(Overlay::Allocate(_)) => Context::Allocate,
            Some(Overlay::FollowUp(_)) => Context::FollowUpForm,
            None if self.wallboard => Context::Wallboard,
            None => match (self.tab, &self.intake) {
                (Tab::Intake, Some(_)) => Context::Intake,
                (Tab::Triage, _) if self.triage.is_some() => Context::Triage,
                (Tab::Deadlines, _) => Context::Deadlines,
                (Tab::Board, _) if self.board.show_roster => Context::Roster,
                (Tab::Board, _) => Context::Board,
                (Tab::Audit, _) => Context::Audit,
                (Tab::Rooms, _) => Context::Rooms,
                (Tab::FollowUps, _) => Context::FollowUps,
                (Tab::Figures, _) => Context::Figures,
                _ => Context::Queue,
            },
        }
    }

    /// The row of the selected case on the deadlines tab, in display order.
    pub fn deadline_index(&self) -> usize {
        let ids: Vec<uuid::Uuid> = self.deadline_rows().iter().map(|(c, _)| c.id).collect();
        self.deadline_selected.row_in(&ids, 0)
    }

    /// The selected case on the deadlines tab.
    pub fn deadline_case(&self) -> Option<&Case> {
        self.deadline_rows()
            .get(self.deadline_index())
            .map(|(c, _)| *c)
    }

    /// Moves the deadlines tab's cursor, keeping it on its case from then on.
    pub fn move_deadline(&mut self, delta: isize) {
        let ids: Vec<uuid::Uuid> = self.deadline_rows().iter().map(|(c, _)| c.id).collect();
        self.deadline_selected.step(&ids, 0, delta);
    }

    /// The deadlines tab's rows in display order: the worst clock first, then the soonest due.
    pub fn deadline_rows(&self) -> Vec<(&Case, [crate::domain::ClockState; 3])> {
        let mut rows: Vec<_> = self
            .deadlines
            .iter()
            .flatten()
            .map(|c| {
                (
                    c,
                    crate::domain::sla::clocks(&c.deadlines, &c.marks, None, self.now),
                )
            })
            .collect();
        // An escalated village case's county clock counts as much as the three 127 clocks.
        rows.sort_by_key(|(c, clocks)| {
            let county = c.marks.county_clock(None, self.now).map(|(_, s)| s);
            (
                clocks
                    .iter()
                    .chain(county.iter())
                    .map(|s| s.urgency())
                    .min(),
                c.deadlines.reply,
            )
        });
        rows
    }

    pub fn t(&self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.lang.locale()).into_owned()
    }
}
