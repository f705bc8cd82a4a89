//! Who makes a write: a signed-in operator, checked against the database on every write,
//! or a named part of yidi itself. A write names its permission (`write_tx!`), so a write
//! without one does not compile.

use super::{Result, StoreError};
use crate::domain::{Operator, Permission, Roles};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Who makes a write, and when (from the caller's clock, so tests can move time).
#[derive(Debug, Clone)]
pub struct Stamp {
    actor: String,
    at: DateTime<Utc>,
    authority: Authority,
}

#[derive(Debug, Clone)]
enum Authority {
    /// Roles as read at sign-in, for an early refusal; each write reads them again.
    Operator { id: Uuid, roles: Roles },
    /// yidi itself: setup, the demo, the sweeps, the notice worker, the resident's page, an
    /// administrator at the server's command line.
    System,
    /// A console with nobody signed in: every write is refused.
    Nobody,
}

/// The parts of yidi that write without an operator; each is journalled by name, with the
/// console or host that ran it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    Setup,
    Demo,
    /// A console's sweep for late summonses or unclaimed reservations.
    Sweep,
    /// Counting failures and successes of a sign-in, before anyone is signed in.
    SignIn,
    /// The notice worker of `yidi serve` / `yidi notify`.
    Notify,
}

impl System {
    fn name(self) -> &'static str {
        match self {
            System::Setup => "系统·初始化",
            System::Demo => "系统·演示数据",
            System::Sweep => "系统·自动巡检",
            System::SignIn => "系统·登录",
            System::Notify => "系统·通知",
        }
    }
}

impl Stamp {
    /// `at` is kept to the microsecond, the finest both databases store.
    fn with(actor: String, at: DateTime<Utc>, authority: Authority) -> Self {
        use chrono::SubsecRound;
        Self {
            actor,
            at: at.trunc_subsecs(6),
            authority,
        }
    }

    /// A write by a signed-in operator: journalled under their login; every write checks
    /// in its own transaction that they are still enabled, what their roles are now, and
    /// that the centre written to is theirs.
    pub fn operator(op: &Operator, at: DateTime<Utc>) -> Self {
        let authority = Authority::Operator {
            id: op.id,
            roles: op.roles.clone(),
        };
        Self::with(op.login.clone(), at, authority)
    }

    /// A console with nobody signed in: every write is refused.
    pub fn nobody(console: &str, at: DateTime<Utc>) -> Self {
        Self::with(console.to_string(), at, Authority::Nobody)
    }

    /// yidi itself, named, with where it ran (a console's name, a host).
    pub(crate) fn system(who: System, place: &str, at: DateTime<Utc>) -> Self {
        let actor = if place.is_empty() {
            who.name().to_string()
        } else {
            format!("{}@{place}", who.name())
        };
        Self::with(actor, at, Authority::System)
    }

    /// yidi itself writing under a name of its own choosing: the demo's scripted operators,
    /// the login a sign-in attempt names, the notice worker's lease holder, the resident's
    /// channel.
    pub(crate) fn system_as(actor: impl Into<String>, at: DateTime<Utc>) -> Self {
        Self::with(actor.into(), at, Authority::System)
    }

    /// An administrator at the server's command line (`yidi user`, `yidi population`,
    /// `yidi roster set`, `yidi policy set`): whoever can run these holds the database's
    /// credentials already. Journalled with the OS user and host.
    pub fn command_line(at: DateTime<Utc>) -> Self {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            // SAFETY: getuid cannot fail and touches no memory.
            .unwrap_or_else(|_| format!("uid {}", unsafe { libc::getuid() }));
        let actor = crate::text::clean_line(&format!("命令行·{user}@{}", host_name()));
        Self::with(actor, at, Authority::System)
    }

    /// A system stamp under any name, for the test suites' fixtures only.
    #[cfg(any(test, feature = "test-support"))]
    pub fn new(actor: impl Into<String>, at: DateTime<Utc>) -> Self {
        Self::with(actor.into(), at, Authority::System)
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// The same writer at another moment.
    pub fn at_time(&self, at: DateTime<Utc>) -> Self {
        Self::with(self.actor.clone(), at, self.authority.clone())
    }

    /// Refuses early what the operator's roles (as at sign-in) do not allow; the write
    /// itself checks again against the database.
    pub fn require(&self, permission: Permission) -> Result<()> {
        match &self.authority {
            Authority::Operator { roles, .. } if !roles.may(permission) => {
                Err(StoreError::Forbidden(permission))
            }
            Authority::Nobody => Err(StoreError::Forbidden(permission)),
            _ => Ok(()),
        }
    }

    /// The signed-in operator's id, `None` for yidi itself.
    pub(crate) fn operator_id(&self) -> Option<Uuid> {
        match &self.authority {
            Authority::Operator { id, .. } => Some(*id),
            _ => None,
        }
    }
}

impl super::Store {
    /// The operator's standing for a write to `centre` that cannot read it in its own
    /// transaction (the intake, one statement). yidi's own stamps pass.
    pub(crate) async fn standing(
        &self,
        stamp: &Stamp,
        permission: Permission,
        centre: Uuid,
    ) -> Result<()> {
        stamp.require(permission)?;
        let Some(operator) = stamp.operator_id() else {
            return Ok(());
        };
        let standing: Option<Standing> = super::read!(self, pool => {
            sqlx::query_as(STANDING_SQL)
                .bind(operator)
                .bind(Some(centre))
                .fetch_optional(pool)
                .await?
        });
        Standing::allow(standing, permission)
    }
}

/// What a write's transaction reads about its operator: still enabled, roles now, and
/// whether the centre written to is inside theirs.
#[derive(sqlx::FromRow)]
pub(crate) struct Standing {
    pub login: String,
    pub roles: String,
    pub disabled: bool,
    pub inside: bool,
}

/// The one read, in the write's own transaction (an index lookup by primary key).
pub(crate) const STANDING_SQL: &str = "SELECT o.login, o.roles, o.disabled, \
     ($2 IS NULL OR o.centre_id = $2 OR (o.covers_below AND EXISTS \
        (SELECT 1 FROM centres c WHERE c.id = $2 AND c.parent_id = o.centre_id))) AS inside \
     FROM operators o WHERE o.id = $1";

impl Standing {
    /// The write goes ahead only for an enabled operator, whose roles now allow it, in
    /// their own centre.
    pub(crate) fn allow(standing: Option<Standing>, permission: Permission) -> Result<()> {
        let Some(s) = standing else {
            return Err(StoreError::Forbidden(permission));
        };
        if s.disabled {
            return Err(StoreError::Disabled(s.login));
        }
        let roles = Roles::parse(&s.roles).unwrap_or_default();
        if !roles.may(permission) {
            return Err(StoreError::Forbidden(permission));
        }
        if !s.inside {
            return Err(StoreError::OutsideCentre);
        }
        Ok(())
    }
}

/// This machine's name, for the journal (empty when it cannot be read).
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| crate::text::clean_line(h.trim()))
        .unwrap_or_default()
}
