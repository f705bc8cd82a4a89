//! Everything that can happen to the console: terminal input, time, and store results.
//! `Command`s are what `update` asks the store tasks to do; their results come back as actions.

use crate::domain::Intake;
use crate::store::{IntakeReceipt, QueueRow};
use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;
use uuid::Uuid;

#[derive(Debug)]
pub enum Action {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Tick(DateTime<Utc>),
    /// The change feed says something was committed (here or on another console).
    StoreChanged,
    /// The change feed's changes since the last report: each says its centre, entity,
    /// case and action, so the console re-reads only what they touched.
    Changed(Vec<crate::domain::Change>),
    /// The parts a `Reload` read.
    PanelsLoaded(Box<super::feed_tasks::Panels>),
    StoreLost,
    /// Back after a loss: re-read everything.
    StoreBack,
    QueueLoaded(Vec<QueueRow>),
    BoardLoaded(Box<super::board::BoardData>),
    IntakeSaved(Box<IntakeReceipt>),
    /// A save failed; the form keeps everything. `retry` says the database was unreachable.
    IntakeFailed {
        message: String,
        unreachable: bool,
    },
    /// The form's intake id was already stored by another operator: the form keeps
    /// everything and takes a new id, so the next save is its own case.
    IntakeIdTaken(String),
    /// Done, with a message for the status line.
    Done(String),
    Failed(String),
    /// The answer to one write (`Ok` or `Err` with the message for the status line): it
    /// reaches the form that asked for it, and nothing else.
    Answered {
        op: Op,
        result: Result<String, String>,
    },
    /// A write's result has been delivered (whatever it was): its key works again.
    Finished(Op),
    /// The units triage chose for a case (lead first), to pre-tick on its whistle form.
    WhistleSuggested {
        case_id: Uuid,
        departments: Vec<Uuid>,
    },
    /// The console's clock was measured against the server's: it is off by this much.
    ClockMeasured(chrono::Duration),
    /// The county's policy as stored (read at start and when it changes).
    PolicyLoaded(Box<crate::domain::policy::Policy>),
    /// The replica read from (`--read-db`) lags its primary by this many seconds.
    ReplicaLag(Option<f64>),
    /// A ticket was called to a window.
    Called {
        ticket: Uuid,
        window: String,
    },
    DraftFound(Box<super::draft::Draft>),
    FindResults {
        query: String,
        cases: Vec<crate::domain::Case>,
    },
    CaseFileLoaded(Box<super::detail::CaseFile>),
    TriageReady {
        case: Box<crate::domain::Case>,
        departments: Vec<crate::domain::Department>,
        /// The case's cooperating units as stored (a re-triage starts from them).
        cooperating: Vec<Uuid>,
        /// Earlier cases of the same person or the same pair of parties.
        earlier: Vec<crate::store::EarlierCase>,
    },
    TriageSaved(Box<crate::domain::Case>),
    DeadlinesLoaded(Vec<crate::domain::Case>),
    /// Earlier cases of the applicant whose resident ID was just typed.
    EarlierFound {
        resident_id: String,
        cases: Vec<crate::domain::Case>,
    },
    /// Earlier cases between the intake's applicant and respondent (by name).
    PairFound {
        applicant: super::state::PairSide,
        respondent: super::state::PairSide,
        cases: Vec<crate::domain::Case>,
    },
    /// The case file read again because something changed; shown only if still open.
    CaseFileRefreshed(Box<super::detail::CaseFile>),
    /// The outcome form's save was refused; the form keeps everything.
    OutcomeRefused(String),
    /// Refused; `reload` asks for the case again (another console changed it).
    TriageRefused {
        message: String,
        reload: Option<Uuid>,
    },
    /// What allocating a room to a case needs; `transfer` moves that session.
    AllocationReady {
        input: Box<crate::store::AllocationInput>,
        transfer: Option<Uuid>,
    },
    /// A room write was refused: the form or prompt keeps what was chosen.
    RoomRefused {
        message: String,
        room_id: Option<Uuid>,
    },
    Signal,
    SignedIn(crate::domain::Operator),
    AuditLoaded(Vec<crate::domain::JournalEntry>),
    /// The figures tab's period and its month's ranking.
    FiguresLoaded(Box<super::figures::Loaded>),
    /// An export from the figures tab: the file written, or why not.
    FiguresExported(Result<String, String>),
    /// The party at this position was revealed (and journalled); the case file comes back.
    PartyRevealed {
        seq: usize,
        file: Box<super::detail::CaseFile>,
    },
    SignInRefused(String),
    /// How many operators the database holds (none: the first administrator is missing).
    OperatorsCounted(usize),
    /// A result of 办结, re-opening or the follow-up tab.
    Finish(super::finish::FinishAction),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    LoadQueue,
    /// Re-read these parts of the world (what a change touched).
    Reload(super::feed::Parts),
    SaveIntake(Box<Intake>),
    CallNext {
        window: String,
    },
    /// Calls the ticket the operator chose (not the next in line) to this window.
    CallTicket {
        ticket: Uuid,
        version: i32,
        window: String,
    },
    Recall {
        ticket: Uuid,
        version: i32,
    },
    NoShow {
        ticket: Uuid,
        version: i32,
    },
    Requeue {
        ticket: Uuid,
        version: i32,
    },
    SaveDraft(Box<super::draft::Draft>),
    ClearDraft,
    /// An operator signed in: drafts now go to their file at this console, and theirs (if
    /// any) is offered back.
    OpenDrafts {
        login: String,
    },
    Find(String),
    LoadCaseFile(Uuid),
    LoadTriage(Uuid),
    LoadDeadlines,
    /// Read the county's policy again (an administrator changed it).
    LoadPolicy,
    LoadFigures {
        period: crate::domain::figures::Period,
        month: crate::domain::figures::Period,
        weights: crate::domain::figures::RankingWeights,
    },
    /// Writes the figures (or the ranking) of the period to an xlsx file in the data folder.
    /// Writes this month's ledger or follow-ups (from the deadlines or follow-up view).
    ExportList {
        kind: crate::export::Kind,
        period: crate::domain::figures::Period,
        settings: crate::domain::figures::FigureSettings,
        weights: crate::domain::figures::RankingWeights,
    },
    ExportFigures {
        ranking: bool,
        period: crate::domain::figures::Period,
        settings: crate::domain::figures::FigureSettings,
        weights: crate::domain::figures::RankingWeights,
    },
    LookUpEarlier(String),
    LookUpPair {
        applicant: super::state::PairSide,
        respondent: super::state::PairSide,
    },
    RefreshCaseFile(Uuid),
    RecordOutcome {
        case_id: Uuid,
        version: i32,
        choice: super::outcome::OutcomeChoice,
        note: String,
    },
    RecordConfirmation {
        case_id: Uuid,
        version: i32,
        granted: bool,
    },
    /// One level up (the domain says which).
    Escalate {
        case_id: Uuid,
        version: i32,
        to: crate::domain::Level,
    },
    AddLedger {
        case_id: Uuid,
        progress: String,
        next_step: String,
    },
    Explain {
        case_id: Uuid,
        version: i32,
        text: String,
    },
    /// Read the case's lead and cooperating units for its whistle form.
    SuggestWhistle(Uuid),
    /// Summon departments to a case (吹哨).
    Whistle {
        case_id: Uuid,
        departments: Vec<Uuid>,
        reason: String,
    },
    /// A department checked in; `note` says why the time was entered by hand.
    RecordArrival {
        summons_id: Uuid,
        at: DateTime<Utc>,
        note: Option<String>,
    },
    AcknowledgeEscalation(Uuid),
    Rewhistle(Uuid),
    CancelSummons {
        summons_id: Uuid,
        reason: String,
    },
    /// Escalate what is late past the grace (whichever console sweeps first writes it).
    EscalateLate {
        grace: chrono::Duration,
    },
    SetArrivalWindow {
        department_id: Uuid,
        minutes: i32,
    },
    SignIn {
        login: String,
        password: crate::domain::Password,
    },
    RevealParty {
        case_id: Uuid,
        seq: usize,
        reason: String,
    },
    LoadAudit(crate::store::AuditFilter),
    /// Locked: the store tasks stop writing as the operator.
    SignOut,
    CountOperators,
    /// Read what allocating a room to a case needs (and open the allocate form).
    LoadAllocation {
        case_id: Uuid,
        transfer: Option<Uuid>,
    },
    AllocateRoom {
        case_id: Uuid,
        room_id: Uuid,
        mediator_id: Option<Uuid>,
    },
    TransferSession {
        booking_id: Uuid,
        room_id: Uuid,
    },
    ReleaseSession {
        booking_id: Uuid,
        outcome: String,
    },
    /// `Some(reason)`: out of service; `None`: back in service.
    SetOutOfService {
        room_id: Uuid,
        reason: Option<String>,
    },
    ReserveRoom {
        room_id: Uuid,
        case_id: Uuid,
        starts_at: DateTime<Utc>,
    },
    ClaimReservation {
        reservation_id: Uuid,
        mediator_id: Option<Uuid>,
    },
    /// Release reservations not claimed within `after` of their start.
    ReleaseUnclaimed {
        after: chrono::Duration,
    },
    /// 办结, re-opening and the follow-up tab.
    Finish(super::finish::FinishCommand),
    SaveTriage {
        case_id: Uuid,
        version: i32,
        triage: Box<crate::store::Triage>,
        close_note: Option<String>,
        /// An earlier case to link this one to as a repeat visit.
        repeat_of: Option<Uuid>,
    },
}

/// What a write is about: the operation and its subject. A result carries it back, so it
/// reaches only the form that asked, and a second press while the first is in flight is
/// ignored (one F5, one call; one arrival, one record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    CallNext,
    Recall(Uuid),
    NoShow(Uuid),
    Requeue(Uuid),
    Arrival(Uuid),
    Acknowledge(Uuid),
    Rewhistle(Uuid),
    CancelSummons(Uuid),
    Whistle(Uuid),
    Allocate(Uuid),
    Booking(Uuid),
    Room(Uuid),
    Reservation(Uuid),
    Department(Uuid),
    Case(Uuid),
}

impl Op {
    /// The operation a command starts; `None` for reads and the console's own upkeep.
    pub fn of(cmd: &Command) -> Option<Op> {
        use Command as C;
        Some(match cmd {
            // One call at a time from a window, whichever ticket.
            C::CallNext { .. } | C::CallTicket { .. } => Op::CallNext,
            C::Recall { ticket, .. } => Op::Recall(*ticket),
            C::NoShow { ticket, .. } => Op::NoShow(*ticket),
            C::Requeue { ticket, .. } => Op::Requeue(*ticket),
            C::RecordArrival { summons_id, .. } => Op::Arrival(*summons_id),
            C::CancelSummons { summons_id, .. } => Op::CancelSummons(*summons_id),
            C::AcknowledgeEscalation(id) => Op::Acknowledge(*id),
            C::Rewhistle(id) => Op::Rewhistle(*id),
            C::Whistle { case_id, .. } => Op::Whistle(*case_id),
            C::AllocateRoom { case_id, .. } => Op::Allocate(*case_id),
            C::TransferSession { booking_id, .. } | C::ReleaseSession { booking_id, .. } => {
                Op::Booking(*booking_id)
            }
            C::SetOutOfService { room_id, .. } | C::ReserveRoom { room_id, .. } => {
                Op::Room(*room_id)
            }
            C::ClaimReservation { reservation_id, .. } => Op::Reservation(*reservation_id),
            C::SetArrivalWindow { department_id, .. } => Op::Department(*department_id),
            C::RecordOutcome { case_id, .. }
            | C::RecordConfirmation { case_id, .. }
            | C::Escalate { case_id, .. }
            | C::AddLedger { case_id, .. }
            | C::Explain { case_id, .. }
            | C::SaveTriage { case_id, .. }
            | C::RevealParty { case_id, .. } => Op::Case(*case_id),
            _ => return None,
        })
    }
}
