//! Operators and what they do that needs watching: adding and disabling operators, signing
//! in (argon2 hashes, failures counted), revealing a party's personal data with a reason,
//! and the audit view over the journal.

use super::rows::JournalRow;
use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::operator::{Operator, Permission, Roles};
use crate::domain::party::Party;
use crate::domain::{Field, JournalEntry, Problem, ValidationError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Shortest password an operator may set.
pub const MIN_PASSWORD: usize = 8;

#[derive(sqlx::FromRow)]
struct OperatorRow {
    id: Uuid,
    login: String,
    name: String,
    roles: String,
    password_hash: String,
    disabled: bool,
    failed_logins: i32,
    last_failed_at: Option<DateTime<Utc>>,
    centre_id: Option<Uuid>,
    covers_below: bool,
}

/// The query of `OperatorRow`s.
macro_rules! select_operators {
    () => {
        "SELECT id, login, name, roles, password_hash, disabled, failed_logins, \
         last_failed_at, centre_id, covers_below FROM operators"
    };
}

impl OperatorRow {
    fn operator(&self) -> Result<Operator> {
        Ok(Operator {
            id: self.id,
            login: self.login.clone(),
            name: self.name.clone(),
            roles: Roles::parse(&self.roles).ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "operator {} has roles {:?}",
                    self.login, self.roles
                ))
            })?,
            disabled: self.disabled,
            centre_id: self.centre_id,
            covers_below: self.covers_below,
        })
    }
}

/// How the journal names a refused sign-in whose login names no operator.
pub const UNKNOWN_LOGIN: &str = "(unknown login)";

/// Why a sign-in failed. `failures` counts this one, to slow the next try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInRefused {
    WrongLoginOrPassword {
        failures: i32,
    },
    Disabled,
    /// The operator belongs to a centre this console does not serve.
    OtherCentre,
    /// Tried again before the back-off after the last failure ran out (console and command
    /// line alike): the password was not even checked.
    TooSoon {
        wait_secs: i64,
    },
}

/// What the audit view asks for; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    /// The case by its number (YD20261123-0007).
    pub case_no: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Hashes off the async threads: argon2 takes tens of milliseconds on purpose.
async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        // A fresh random salt per hash (rand's thread generator is seeded from the OS).
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
            .map_err(|e| StoreError::Corrupt(format!("cannot make a salt: {e}")))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Corrupt(format!("cannot hash a password: {e}")))
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("hashing stopped: {e}")))?
}

async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A real hash of nothing anyone types, made once, to verify unknown logins against.
async fn dummy_hash() -> Result<String> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| hash(Uuid::new_v4().to_string()))
        .await
        .cloned()
}

fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(
            ValidationError::new(Field::Password, Problem::TooShort { min: MIN_PASSWORD }).into(),
        );
    }
    Ok(())
}

impl Store {
    /// Adds an operator. Only an administrator (or the command line on the server) may.
    pub async fn add_operator(
        &self,
        centre_id: Uuid,
        login: &str,
        name: &str,
        roles: &Roles,
        password: &str,
        stamp: &Stamp,
    ) -> Result<Operator> {
        stamp.require(Permission::ManageUsers)?;
        let login = login.trim();
        if login.is_empty() {
            return Err(ValidationError::new(Field::Login, Problem::Empty).into());
        }
        check_password(password)?;
        let hashed = hash(password.to_string()).await?;
        let id = Uuid::now_v7();
        let result = write_tx!(self, stamp, crate::domain::Permission::ManageUsers, tx => {
            sqlx::query(
                "INSERT INTO operators (id, login, name, roles, password_hash, disabled, failed_logins, created_at, version, centre_id) \
                 VALUES ($1, $2, $3, $4, $5, FALSE, 0, $6, 1, $7)",
            )
            .bind(id)
            .bind(login)
            .bind(name.trim())
            .bind(roles.as_text())
            .bind(&hashed)
            .bind(stamp.at())
            .bind(centre_id)
            .execute(&mut *tx)
            .await?;
            let detail = format!("operator {login} added as {}", roles.as_text());
            ((), Some(Entry { acting: None, centre_id, case_id: None, action: "operator_add", detail, entity: "operator", entity_id: id }))
        });
        match result {
            Err(e) if e.is_unique_violation() => Err(StoreError::LoginTaken(login.to_string())),
            other => other,
        }?;
        self.operator(login).await?.ok_or(StoreError::NotFound {
            entity: "operator",
            id,
        })
    }

    pub async fn operator(&self, login: &str) -> Result<Option<Operator>> {
        let row: Option<OperatorRow> = read!(self, pool => {
            sqlx::query_as(concat!(select_operators!(), " WHERE login = $1"))
                .bind(login)
                .fetch_optional(pool)
                .await?
        });
        row.map(|r| r.operator()).transpose()
    }

    pub async fn operators(&self) -> Result<Vec<Operator>> {
        let rows: Vec<OperatorRow> = read!(self, pool => {
            sqlx::query_as(concat!(select_operators!(), " ORDER BY login"))
                .fetch_all(pool)
                .await?
        });
        rows.iter().map(OperatorRow::operator).collect()
    }

    /// Sets a new password (and clears the failure count).
    pub async fn set_password(
        &self,
        centre_id: Uuid,
        login: &str,
        password: &str,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(Permission::ManageUsers)?;
        check_password(password)?;
        let hashed = hash(password.to_string()).await?;
        write_tx!(self, stamp, crate::domain::Permission::ManageUsers, tx => {
            // The entry is checked against the centre of the operator changed, not only the
            // administrator's: an administrator manages the operators of their own centres.
            let found: Option<(Uuid, Option<Uuid>)> = sqlx::query_as(
                "UPDATE operators SET password_hash = $1, failed_logins = 0, version = version + 1 WHERE login = $2 RETURNING id, centre_id",
            )
            .bind(&hashed)
            .bind(login)
            .fetch_optional(&mut *tx)
            .await?;
            let (id, theirs) = found.ok_or_else(|| StoreError::NoSuchOperator(login.to_string()))?;
            let detail = format!("operator {login}: password changed");
            ((), Some(Entry { acting: theirs, centre_id, case_id: None, action: "operator_password", detail, entity: "operator", entity_id: id }))
        })
    }

    /// Disables (or enables again) an operator; a disabled one cannot sign in anywhere.
    pub async fn set_disabled(
        &self,
        centre_id: Uuid,
        login: &str,
        disabled: bool,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(Permission::ManageUsers)?;
        write_tx!(self, stamp, crate::domain::Permission::ManageUsers, tx => {
            // The entry is checked against the centre of the operator changed, not only the
            // administrator's: an administrator manages the operators of their own centres.
            let found: Option<(Uuid, Option<Uuid>)> = sqlx::query_as(
                "UPDATE operators SET disabled = $1, version = version + 1 WHERE login = $2 RETURNING id, centre_id",
            )
            .bind(disabled)
            .bind(login)
            .fetch_optional(&mut *tx)
            .await?;
            let (id, theirs) = found.ok_or_else(|| StoreError::NoSuchOperator(login.to_string()))?;
            let (action, what) = if disabled {
                ("operator_disable", "disabled")
            } else {
                ("operator_enable", "enabled again")
            };
            let detail = format!("operator {login}: {what}");
            ((), Some(Entry { acting: theirs, centre_id, case_id: None, action, detail, entity: "operator", entity_id: id }))
        })
    }

    /// Places an operator at `centre_id` (and, with `covers_below`, the townships below it).
    pub async fn place_operator(
        &self,
        centre_id: Uuid,
        login: &str,
        covers_below: bool,
        stamp: &Stamp,
    ) -> Result<()> {
        write_tx!(self, stamp, crate::domain::Permission::ManageUsers, tx => {
            let found: Option<(Uuid, Option<Uuid>)> = sqlx::query_as(
                "UPDATE operators SET centre_id = $1, covers_below = $2, version = version + 1 \
                 WHERE login = $3 RETURNING id, centre_id",
            )
            .bind(centre_id)
            .bind(covers_below)
            .bind(login)
            .fetch_optional(&mut *tx)
            .await?;
            let (id, _) = found.ok_or_else(|| StoreError::NoSuchOperator(login.to_string()))?;
            let detail = format!("operator {login}: placed here{}", if covers_below { " with the townships below" } else { "" });
            ((), Some(Entry { acting: None, centre_id, case_id: None, action: "operator_place", detail, entity: "operator", entity_id: id }))
        })
    }

    /// Checks a sign-in at a console of `centre_id`. Every attempt is journalled; a failure
    /// is counted (the console waits longer after each), a success clears the count.
    pub async fn sign_in(
        &self,
        centre_id: Uuid,
        login: &str,
        password: &str,
        at: DateTime<Utc>,
    ) -> Result<std::result::Result<Operator, SignInRefused>> {
        let row: Option<OperatorRow> = read!(self, pool => {
            sqlx::query_as(concat!(select_operators!(), " WHERE login = $1"))
                .bind(login)
                .fetch_optional(pool)
                .await?
        });
        if let Some(r) = row.as_ref().filter(|r| r.failed_logins > 0) {
            let until = r.last_failed_at.unwrap_or(at)
                + chrono::Duration::from_std(crate::domain::operator::failure_delay(
                    r.failed_logins,
                ))
                .unwrap_or_default();
            if until > at {
                let wait_secs = ((until - at).num_milliseconds() + 999) / 1000;
                return Ok(Err(SignInRefused::TooSoon { wait_secs }));
            }
        }
        // An unknown login costs the same hashing time as a known one.
        let stored = match &row {
            Some(r) => r.password_hash.clone(),
            None => dummy_hash().await?,
        };
        let good = verify(password.to_string(), stored).await && row.is_some();
        // A login that names nobody may be anything typed into the field (a resident's ID
        // run on from the form): the append-only journal gets a marker, never that text.
        let who = if row.is_some() { login } else { UNKNOWN_LOGIN };
        let stamp = Stamp::system_as(who, at);
        if !good {
            let failures = row.as_ref().map_or(1, |r| r.failed_logins + 1);
            let entity_id = row.as_ref().map_or(Uuid::nil(), |r| r.id);
            write_tx!(self, &stamp, crate::domain::Permission::Setup, tx => {
                sqlx::query("UPDATE operators SET failed_logins = failed_logins + 1, last_failed_at = $1 WHERE login = $2")
                    .bind(at)
                    .bind(login)
                    .execute(&mut *tx)
                    .await?;
                let detail = format!("sign-in refused for {who} (failure {failures})");
                ((), Some(Entry { acting: None, centre_id, case_id: None, action: "login_failed", detail, entity: "operator", entity_id }))
            })?;
            return Ok(Err(SignInRefused::WrongLoginOrPassword { failures }));
        }
        let Some(row) = row else {
            return Ok(Err(SignInRefused::WrongLoginOrPassword { failures: 1 }));
        };
        let operator = row.operator()?;
        if operator.disabled {
            write_tx!(self, &stamp, crate::domain::Permission::Setup, tx => {
                let detail = format!("sign-in refused for {login}: disabled");
                ((), Some(Entry { acting: None, centre_id, case_id: None, action: "login_failed", detail, entity: "operator", entity_id: operator.id }))
            })?;
            return Ok(Err(SignInRefused::Disabled));
        }
        let parent: Option<Uuid> = read!(self, pool => {
            sqlx::query_scalar("SELECT parent_id FROM centres WHERE id = $1")
                .bind(centre_id)
                .fetch_optional(pool)
                .await?
                .flatten()
        });
        if !operator.serves(centre_id, parent) {
            write_tx!(self, &stamp, crate::domain::Permission::Setup, tx => {
                let detail = format!("sign-in refused for {login}: belongs to another centre");
                ((), Some(Entry { acting: None, centre_id, case_id: None, action: "login_failed", detail, entity: "operator", entity_id: operator.id }))
            })?;
            return Ok(Err(SignInRefused::OtherCentre));
        }
        write_tx!(self, &stamp, crate::domain::Permission::Setup, tx => {
            sqlx::query("UPDATE operators SET failed_logins = 0 WHERE id = $1")
                .bind(operator.id)
                .execute(&mut *tx)
                .await?;
            let detail = format!("{login} signed in");
            ((), Some(Entry { acting: None, centre_id, case_id: None, action: "login", detail, entity: "operator", entity_id: operator.id }))
        })?;
        Ok(Ok(operator))
    }

    /// One party's full record, for an operator who may see it and says why. The reveal is
    /// journalled: who, when, which case and party, and the reason.
    pub async fn reveal_party(
        &self,
        case_id: Uuid,
        seq: i32,
        reason: &str,
        stamp: &Stamp,
    ) -> Result<Party> {
        stamp.require(Permission::RevealPersonalData)?;
        if reason.trim().is_empty() {
            return Err(ValidationError::new(Field::Reason, Problem::Empty).into());
        }
        let parties = self.parties(case_id).await?;
        let party = parties
            .get(usize::try_from(seq).unwrap_or(usize::MAX))
            .cloned()
            .ok_or(StoreError::NotFound {
                entity: "party",
                id: case_id,
            })?;
        let centre_id = self.existing_case(case_id).await?.centre_id;
        write_tx!(self, stamp, crate::domain::Permission::RevealPersonalData, tx => {
            let detail = format!("revealed party {} ({}): {}", seq + 1, party.role, reason.trim());
            ((), Some(Entry::case(centre_id, case_id, "reveal", detail)))
        })?;
        Ok(party)
    }

    /// The journal as the audit view shows it, newest first (at most `limit` entries).
    pub async fn audit(
        &self,
        viewer: &Stamp,
        filter: &AuditFilter,
        limit: i64,
    ) -> Result<Vec<JournalEntry>> {
        viewer.require(Permission::ViewAudit)?;
        let rows: Vec<JournalRow> = read!(self, pool => {
            sqlx::query_as(
                "SELECT id, centre_id, case_id, at, actor, action, detail FROM journal \
                 WHERE ($1 IS NULL OR actor = $1) AND ($2 IS NULL OR action = $2) \
                   AND ($3 IS NULL OR case_id IN (SELECT id FROM cases WHERE case_no = $3)) \
                   AND ($4 IS NULL OR at >= $4) AND ($5 IS NULL OR at < $5) \
                 AND ($7 IS NULL OR EXISTS (SELECT 1 FROM operators o WHERE o.id = $7 \
                      AND (journal.centre_id = o.centre_id OR (o.covers_below AND journal.centre_id IN \
                           (SELECT c.id FROM centres c WHERE c.parent_id = o.centre_id))))) \
                 ORDER BY id DESC LIMIT $6",
            )
            .bind(&filter.actor)
            .bind(&filter.action)
            .bind(&filter.case_no)
            .bind(filter.from)
            .bind(filter.to)
            .bind(limit)
            // An operator reads the journal of their own centres only; yidi itself, all.
            .bind(viewer.operator_id())
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Writes an export's journal entry (what, how many, masked or not) after checking the
    /// operator may export — and may see unmasked data, if that is what they asked for.
    pub async fn record_export(
        &self,
        centre_id: Uuid,
        what: &str,
        rows: usize,
        unmasked: bool,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(Permission::Export)?;
        if unmasked {
            stamp.require(Permission::RevealPersonalData)?;
        }
        write_tx!(self, stamp, crate::domain::Permission::Export, tx => {
            let masking = if unmasked { "UNMASKED" } else { "masked" };
            let detail = format!("exported {what}: {rows} rows, {masking}");
            ((), Some(Entry { acting: None, centre_id, case_id: None, action: "export", detail, entity: "export", entity_id: Uuid::now_v7() }))
        })
    }
}
