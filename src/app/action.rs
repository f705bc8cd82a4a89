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
    /// Done, with a message for the status line.
    Done(String),
    Failed(String),
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
        applicant: String,
        respondent: String,
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
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    LoadQueue,
    SaveIntake(Box<Intake>),
    CallNext {
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
    Find(String),
    LoadCaseFile(Uuid),
    LoadTriage(Uuid),
    LoadDeadlines,
    LoadFigures {
        period: crate::domain::figures::Period,
        month: crate::domain::figures::Period,
        weights: crate::domain::figures::RankingWeights,
    },
    /// Writes the figures (or the ranking) of the period to an xlsx file in the data folder.
    ExportFigures {
        ranking: bool,
        period: crate::domain::figures::Period,
        settings: crate::domain::figures::FigureSettings,
        weights: crate::domain::figures::RankingWeights,
    },
    LookUpEarlier(String),
    LookUpPair {
        applicant: String,
        respondent: String,
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
    SaveTriage {
        case_id: Uuid,
        version: i32,
        triage: Box<crate::store::Triage>,
        close_note: Option<String>,
        /// An earlier case to link this one to as a repeat visit.
        repeat_of: Option<Uuid>,
    },
}
