//! What can go wrong with a store call, in words an operator (or their administrator) can act on.

use crate::domain::case::IllegalTransition;
use crate::domain::validation::ValidationError;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database address is not valid: {0}")]
    BadUrl(String),
    #[error("cannot open the database file {path}: {reason}")]
    CannotOpen { path: String, reason: String },
    #[error(
        "the database file {path} is read-only for this user, and yidi must write to it and to its folder (for the -wal and -shm files); ask the administrator to give this user write access"
    )]
    ReadOnly { path: String },
    #[error("the database cannot be reached: {0}")]
    Unavailable(String),
    /// Every pooled connection stayed busy while this call waited: nothing was sent, so the
    /// call is retried like a busy database.
    #[error("no connection became free in time")]
    PoolBusy,
    #[error(
        "the database has schema version {found}, newer than this yidi knows ({known}); upgrade yidi before using this database"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error(
        "{entity} was changed on another console (you saw version {expected}, it is now {actual}); reload and try again"
    )]
    Conflict {
        entity: &'static str,
        id: Uuid,
        expected: i32,
        actual: i32,
    },
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: Uuid },
    #[error("the room is already in use by another case")]
    RoomBusy { room_id: Uuid },
    #[error("this department has already been summoned for this case and has not arrived yet")]
    AlreadySummoned { case_id: Uuid, department_id: Uuid },
    #[error("{}", crate::domain::operator::refusal(*.0, crate::domain::Lang::En))]
    Forbidden(crate::domain::Permission),
    /// The operator was disabled after signing in: the write is refused there and then.
    #[error("operator {0} has been disabled: writes are refused")]
    Disabled(String),
    /// The write (or read) concerns a centre outside the operator's own.
    #[error("this belongs to another centre, outside the operator's")]
    OutsideCentre,
    /// A policy value out of range, with the key named.
    #[error(transparent)]
    Policy(#[from] crate::domain::policy::PolicyError),
    #[error("there is already an operator with the login {0:?}")]
    LoginTaken(String),
    #[error("there is no operator with the login {0:?}")]
    NoSuchOperator(String),
    #[error("this summons is not late, so there is no escalation to acknowledge")]
    NotEscalated,
    #[error("this summons is already closed (arrived: {arrived})")]
    SummonsClosed { arrived: bool },
    #[error("ticket {code} is {state}; that cannot be done to it now")]
    TicketState { code: String, state: &'static str },
    #[error("judicial confirmation was not requested for this case")]
    NoConfirmationRequested { case_id: Uuid },
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    #[error(transparent)]
    Escalation(#[from] crate::domain::escalation::EscalationRefused),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// A room, a session or a reservation refused, with who and what.
    #[error(transparent)]
    Room(super::rooms::RoomRefusal),
    /// A retried intake whose id was stored by another operator: its receipt is not theirs.
    #[error(
        "this form's intake was already saved by another operator; start a new intake (what you typed stays on screen)"
    )]
    IntakeIdTaken,
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// SQLite's file system or PostgreSQL's data directory has no space left; nothing was
    /// written (the transaction rolled back).
    #[error("the database's disk is full; nothing was saved: {0}")]
    DiskFull(String),
    /// The database refused a write because it became read-only under a running console
    /// (a file or folder whose permissions changed, a server turned standby).
    #[error("the database has become read-only; nothing was saved: {0}")]
    ReadOnlyNow(String),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

impl StoreError {
    /// One sentence for the operator, in their language. Administrative failures (a bad
    /// address, a damaged or newer database) keep their English text, which names the cause.
    pub fn message(&self, lang: crate::domain::Lang) -> String {
        let loc = lang.locale();
        let t = |key: &str| rust_i18n::t!(key, locale = loc).into_owned();
        match self {
            StoreError::Unavailable(_) | StoreError::PoolBusy => t("store.unavailable"),
            StoreError::Conflict { .. } => t("store.conflict"),
            StoreError::NotFound { .. } => t("store.not_found"),
            StoreError::RoomBusy { .. } => t("store.room_busy"),
            StoreError::AlreadySummoned { .. } => t("store.already_summoned"),
            StoreError::Forbidden(p) => crate::domain::operator::refusal(*p, lang),
            StoreError::NotEscalated => t("board.not_escalated"),
            StoreError::Disabled(login) => {
                rust_i18n::t!("store.disabled", locale = loc, login = login).into_owned()
            }
            StoreError::OutsideCentre => t("store.outside_centre"),
            StoreError::Policy(e) => e.message(lang),
            StoreError::IntakeIdTaken => t("trust.intake_id_taken"),
            StoreError::DiskFull(_) => t("store.disk_full"),
            StoreError::ReadOnlyNow(_) => t("store.read_only_now"),
            StoreError::SummonsClosed { arrived: true } => t("store.summons_arrived"),
            StoreError::SummonsClosed { arrived: false } => t("store.summons_cancelled"),
            StoreError::NoConfirmationRequested { .. } => t("store.no_confirmation_requested"),
            StoreError::TicketState { code, state } => {
                let state = t(&format!("ui.ticket.{state}"));
                rust_i18n::t!(
                    "store.ticket_state",
                    locale = loc,
                    code = code,
                    state = state
                )
                .into_owned()
            }
            StoreError::Illegal(e) => {
                let from = t(&format!("detail.state.{}", e.from.as_str()));
                rust_i18n::t!("store.illegal", locale = loc, from = from).into_owned()
            }
            StoreError::Invalid(e) => e.message(lang),
            StoreError::Room(r) => r.message(lang),
            StoreError::Escalation(e) => {
                use crate::domain::escalation::EscalationRefused as R;
                let level = |l: crate::domain::Level| t(&format!("detail.level.{}", l.as_str()));
                match e {
                    R::AtTop => t("store.escalation.at_top"),
                    R::Downward { from, to } | R::Skips { from, to } => rust_i18n::t!(
                        "store.escalation.one_step",
                        locale = loc,
                        from = level(*from),
                        to = level(*to)
                    )
                    .into_owned(),
                }
            }
            other => other.to_string(),
        }
    }

    /// The database is busy or gone for a moment: the same call may succeed if retried.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Unavailable(_) | StoreError::PoolBusy => true,
            StoreError::Database(sqlx::Error::Database(e)) => {
                // SQLite: SQLITE_BUSY (5) / SQLITE_LOCKED (6); PostgreSQL: serialization failure, deadlock.
                matches!(
                    e.code().as_deref(),
                    Some("5" | "6" | "517" | "40001" | "40P01")
                )
            }
            _ => false,
        }
    }

    pub(crate) fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::Io(io) => StoreError::Unavailable(io.to_string()),
            sqlx::Error::PoolTimedOut => StoreError::PoolBusy,
            sqlx::Error::PoolClosed => {
                StoreError::Unavailable("the connection pool is closed".into())
            }
            sqlx::Error::Tls(t) => StoreError::Unavailable(format!("TLS: {t}")),
            // The server is shutting down or restarting (class 57P: admin/crash shutdown,
            // cannot connect now) or the connection broke (class 08): gone for a moment.
            sqlx::Error::Database(db)
                if db.code().is_some_and(|c| {
                    matches!(&*c, "57P01" | "57P02" | "57P03") || c.starts_with("08")
                }) =>
            {
                StoreError::Unavailable(db.message().to_string())
            }
            // SQLITE_FULL; PostgreSQL disk_full.
            sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("13" | "53100")) => {
                StoreError::DiskFull(db.message().to_string())
            }
            // SQLITE_READONLY and its extended codes; PostgreSQL read_only_sql_transaction.
            sqlx::Error::Database(db)
                if matches!(
                    db.code().as_deref(),
                    Some("8" | "264" | "520" | "776" | "1032" | "1288" | "1544" | "25006")
                ) =>
            {
                StoreError::ReadOnlyNow(db.message().to_string())
            }
            sqlx::Error::Configuration(c) => StoreError::BadUrl(c.to_string()),
            other => StoreError::Database(other),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;

    #[test]
    fn operators_read_store_refusals_in_their_language() {
        let conflict = StoreError::Conflict {
            entity: "case",
            id: Uuid::nil(),
            expected: 1,
            actual: 2,
        };
        assert!(conflict.message(Lang::Zh).contains("其他窗口"));
        assert!(conflict.message(Lang::En).contains("Another console"));
        let ticket = StoreError::TicketState {
            code: "A007".into(),
            state: "waiting",
        };
        assert_eq!(
            ticket.message(Lang::Zh),
            "A007 号当前为“等候”，不能进行此操作。"
        );
        let illegal = StoreError::Illegal(crate::domain::case::IllegalTransition {
            from: crate::domain::CaseState::Closed,
            event: crate::domain::CaseEvent::Resolve,
        });
        assert!(
            illegal.message(Lang::En).contains("closed"),
            "{}",
            illegal.message(Lang::En)
        );
    }
}
