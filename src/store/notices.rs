//! The notice outbox: a notice row written inside the whistle's (re-whistle's,
//! cancellation's, escalation's) own transaction, each department's channel, the delivery
//! worker's lease, and the worker's claims and results.

use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::notice::{NoticeKind, NoticeState, NotifyKind};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Writes the notice of `$kind` about summons `$summons_id` inside transaction `$tx`, with
/// its text built from fixed facts. A department with no channel gets an `unconfigured`
/// notice (the board says so); an escalation goes to the duty leader and is always queued.
macro_rules! queue_notice {
    ($tx:ident, $summons_id:expr, $kind:expr, $at:expr) => {{
        let kind: $crate::domain::notice::NoticeKind = $kind;
        let at: chrono::DateTime<chrono::Utc> = $at;
        let (centre_id, case_id, department_id, due_at, department, notify_kind, case_no, category, centre, room): (
            uuid::Uuid, uuid::Uuid, uuid::Uuid, chrono::DateTime<chrono::Utc>, String, String, String, String, String, Option<String>,
        ) = sqlx::query_as(
            "SELECT s.centre_id, s.case_id, s.department_id, s.due_at, d.name, d.notify_kind, c.case_no, c.category, ce.name, \
               (SELECT r.name FROM room_bookings b JOIN rooms r ON r.id = b.room_id \
                 WHERE b.case_id = s.case_id AND b.released_at IS NULL LIMIT 1) \
             FROM summons s JOIN departments d ON d.id = s.department_id JOIN cases c ON c.id = s.case_id \
             JOIN centres ce ON ce.id = s.centre_id WHERE s.id = $1",
        )
        .bind($summons_id)
        .fetch_one(&mut *$tx)
        .await?;
        let facts = $crate::domain::notice::NoticeFacts {
            centre, department, case_no, category, due_at, room,
            late_min: (at - due_at).num_minutes().max(0),
        };
        let to_leader = kind == $crate::domain::notice::NoticeKind::Escalate;
        let state = if !to_leader && notify_kind == "none" {
            $crate::domain::notice::NoticeState::Unconfigured
        } else {
            $crate::domain::notice::NoticeState::Pending
        };
        sqlx::query(
            "INSERT INTO notices (id, centre_id, case_id, summons_id, department_id, kind, body, created_at, state, next_attempt_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8)",
        )
        .bind(uuid::Uuid::now_v7())
        .bind(centre_id)
        .bind(case_id)
        .bind($summons_id)
        .bind((!to_leader).then_some(department_id))
        .bind(kind.as_str())
        .bind($crate::domain::notice::message(kind, &facts))
        .bind(at)
        .bind(state.as_str())
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use queue_notice;

/// A notice due for delivery, with where it goes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PendingNotice {
    pub id: Uuid,
    pub centre_id: Uuid,
    pub case_id: Uuid,
    pub summons_id: Uuid,
    pub department_id: Option<Uuid>,
    pub kind: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    pub notify_kind: Option<String>,
    pub notify_target: Option<String>,
    pub notify_secret: Option<String>,
    pub department_phone: Option<String>,
}

impl PendingNotice {
    pub fn kind(&self) -> Option<NoticeKind> {
        NoticeKind::parse(&self.kind)
    }
}

/// A department's channel, as set by `yidi department notify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyChannel {
    pub kind: NotifyKind,
    /// Webhook URL, or phone number for SMS.
    pub target: Option<String>,
    pub secret: Option<String>,
}

impl Store {
    /// Sets how a department is notified; the journal names the kind only (a webhook URL
    /// carries its robot's key).
    pub async fn set_department_notify(
        &self,
        department_id: Uuid,
        channel: &NotifyChannel,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(crate::domain::Permission::EditRoster)?;
        write_tx!(self, stamp, crate::domain::Permission::EditRoster, tx => {
            let row: Option<(Uuid, String)> = sqlx::query_as(
                "UPDATE departments SET notify_kind = $1, notify_target = $2, notify_secret = $3, version = version + 1 \
                 WHERE id = $4 RETURNING centre_id, name",
            )
            .bind(channel.kind.as_str())
            .bind(&channel.target)
            .bind(&channel.secret)
            .bind(department_id)
            .fetch_optional(&mut *tx)
            .await?;
            let (centre_id, name) = row.ok_or(StoreError::NotFound { entity: "department", id: department_id })?;
            let detail = format!("{name}: notices by {}", channel.kind);
            ((), Some(Entry { acting: None, centre_id, case_id: None, action: "notify_channel", detail, entity: "department", entity_id: department_id }))
        })
    }

    /// Takes or renews the lease `name` for `holder` until `now + ttl`; false while another
    /// holder's lease is still running.
    pub async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        ttl: chrono::Duration,
    ) -> Result<bool> {
        let stamp = Stamp::system_as(holder, now);
        write_tx!(self, &stamp, crate::domain::Permission::Setup, tx => {
            let done = sqlx::query(
                "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
                 WHERE leases.holder = excluded.holder OR leases.expires_at < $4",
            )
            .bind(name)
            .bind(holder)
            .bind(now + ttl)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            (done.rows_affected() == 1, None)
        })
    }

    /// Gives the lease up at once (a clean stop), so the next worker need not wait it out.
    pub async fn release_lease(&self, name: &str, holder: &str, now: DateTime<Utc>) -> Result<()> {
        let stamp = Stamp::system_as(holder, now);
        write_tx!(self, &stamp, crate::domain::Permission::Setup, tx => {
            sqlx::query("UPDATE leases SET expires_at = $3 WHERE name = $1 AND holder = $2")
                .bind(name)
                .bind(holder)
                .bind(now - chrono::Duration::seconds(1))
                .execute(&mut *tx)
                .await?;
            ((), None)
        })
    }

    /// Pending notices whose next try is due at `now`, oldest first.
    pub async fn due_notices(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<PendingNotice>> {
        Ok(read!(self, pool => {
            sqlx::query_as(
                "SELECT n.id, n.centre_id, n.case_id, n.summons_id, n.department_id, n.kind, n.body, n.created_at, n.attempts, \
                   d.notify_kind, d.notify_target, d.notify_secret, d.phone AS department_phone \
                 FROM notices n LEFT JOIN departments d ON d.id = n.department_id \
                 WHERE n.state = 'pending' AND n.next_attempt_at <= $1 ORDER BY n.created_at, n.id LIMIT $2",
            )
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Claims one try of a notice: counts the attempt and sets when the next may be made,
    /// before anything is sent, so a worker that dies mid-send leaves it to be tried again.
    /// False if it is no longer due (another worker has it, or it is done).
    pub async fn claim_notice(
        &self,
        id: Uuid,
        now: DateTime<Utc>,
        retry_at: DateTime<Utc>,
    ) -> Result<bool> {
        let stamp = Stamp::system(super::System::Notify, "", now);
        write_tx!(self, &stamp, crate::domain::Permission::Setup, tx => {
            let done = sqlx::query(
                "UPDATE notices SET attempts = attempts + 1, next_attempt_at = $1 \
                 WHERE id = $2 AND state = 'pending' AND next_attempt_at <= $3",
            )
            .bind(retry_at)
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            (done.rows_affected() == 1, None)
        })
    }

    /// Records how a try ended. `Pending` keeps the notice for its next try (the reason is
    /// kept, nothing is journalled); `Sent`, `Failed` and `Unconfigured` are final and go on
    /// the change feed so the boards show them.
    pub async fn finish_notice(
        &self,
        id: Uuid,
        state: NoticeState,
        reason: Option<&str>,
        stamp: &Stamp,
    ) -> Result<()> {
        write_tx!(self, stamp, crate::domain::Permission::Setup, tx => {
            let row: Option<(Uuid, Uuid, Uuid, String)> = sqlx::query_as(
                "UPDATE notices SET state = $1, last_error = COALESCE($2, last_error), \
                 done_at = CASE WHEN $1 = 'pending' THEN NULL ELSE $3 END \
                 WHERE id = $4 AND state = 'pending' RETURNING centre_id, case_id, summons_id, kind",
            )
            .bind(state.as_str())
            .bind(reason)
            .bind(stamp.at())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let entry = match row {
                Some((centre_id, case_id, summons_id, kind)) if state != NoticeState::Pending => {
                    let detail = match reason {
                        Some(r) => format!("{kind} notice {state}: {r}"),
                        None => format!("{kind} notice {state}"),
                    };
                    Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "notice", detail, entity: "summons", entity_id: summons_id })
                }
                _ => None,
            };
            ((), entry)
        })
    }

    /// Each notice of a summons, oldest first: (kind, state, attempts, last error).
    pub async fn notices_of_summons(
        &self,
        summons_id: Uuid,
    ) -> Result<Vec<(String, String, i32, Option<String>)>> {
        Ok(read!(self, pool => {
            sqlx::query_as(
                "SELECT kind, state, attempts, last_error FROM notices WHERE summons_id = $1 ORDER BY created_at, id",
            )
            .bind(summons_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Whether a summons' department was told: the state of the notice of its whistle or
    /// re-whistle (`None` before notices existed).
    pub async fn summons_notice(&self, summons_id: Uuid) -> Result<Option<NoticeState>> {
        let state: Option<String> = read!(self, pool => {
            sqlx::query_scalar(
                "SELECT state FROM notices WHERE summons_id = $1 AND kind IN ('whistle', 'rewhistle') \
                 ORDER BY created_at DESC, id DESC LIMIT 1",
            )
            .bind(summons_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(state.as_deref().and_then(NoticeState::parse))
    }
}
