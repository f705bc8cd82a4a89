//! Who may do what: the operators' roles and the one permission table every write is checked
//! against — in the console, which hides what a role may not do, and again in the store.

use super::case::text_enum;
use super::validation::Lang;

text_enum!(
    /// What an operator is at the centre. An operator may hold several roles.
    Role {
        Reception = "reception",
        DutyLeader = "duty_leader",
        Mediator = "mediator",
        DepartmentLiaison = "department_liaison",
        Supervisor = "supervisor",
        Admin = "admin",
        Wallboard = "wallboard",
    }
);

text_enum!(
    /// Something an operator does that the centre restricts.
    Permission {
        /// Register a case, call and move tickets.
        Intake = "intake",
        /// Triage, ledger lines, explanations, outcomes, repeat links, escalation.
        Triage = "triage",
        /// Whistle, re-whistle or cancel a summons.
        Whistle = "whistle",
        RecordArrival = "record_arrival",
        /// Acknowledge a summons escalated to the duty leader.
        Acknowledge = "acknowledge",
        AllocateRoom = "allocate_room",
        /// Resolve, close and follow up a case.
        Close = "close",
        /// Arrival windows and the duty roster.
        EditRoster = "edit_roster",
        Export = "export",
        RevealPersonalData = "reveal_personal_data",
        ViewAudit = "view_audit",
        ManageUsers = "manage_users",
        /// The county's policy: deadlines' days, grace, follow-up days, calendar years.
        SetPolicy = "set_policy",
        /// Set-up and housekeeping only yidi itself does (centres, reference data, sweeps,
        /// sign-in bookkeeping): no role holds it, so no operator's stamp passes.
        Setup = "setup",
    }
);

use Permission as P;
use Role as R;

/// The permission table: each role and what it may do. Nothing else decides.
const TABLE: &[(Role, &[Permission])] = &[
    (
        R::Reception,
        &[
            P::Intake,
            P::Triage,
            P::Whistle,
            P::RecordArrival,
            P::AllocateRoom,
            P::Close,
        ],
    ),
    (
        R::DutyLeader,
        &[
            P::Intake,
            P::Triage,
            P::Whistle,
            P::RecordArrival,
            P::Acknowledge,
            P::AllocateRoom,
            P::Close,
            P::EditRoster,
            P::Export,
            P::RevealPersonalData,
        ],
    ),
    (
        R::Mediator,
        &[P::Triage, P::RecordArrival, P::AllocateRoom, P::Close],
    ),
    (R::DepartmentLiaison, &[P::RecordArrival]),
    (
        R::Supervisor,
        &[P::Export, P::RevealPersonalData, P::ViewAudit],
    ),
    (
        R::Admin,
        &[
            P::Intake,
            P::Triage,
            P::Whistle,
            P::RecordArrival,
            P::Acknowledge,
            P::AllocateRoom,
            P::Close,
            P::EditRoster,
            P::Export,
            P::RevealPersonalData,
            P::ViewAudit,
            P::ManageUsers,
            P::SetPolicy,
        ],
    ),
    (R::Wallboard, &[]),
];

pub fn permits(role: Role, permission: Permission) -> bool {
    TABLE
        .iter()
        .any(|(r, ps)| *r == role && ps.contains(&permission))
}

/// The roles that may do `permission`, for the refusal message.
pub fn roles_allowed(permission: Permission) -> Vec<Role> {
    Role::ALL
        .iter()
        .copied()
        .filter(|r| permits(*r, permission))
        .collect()
}

/// The roles an operator holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Roles(pub Vec<Role>);

impl Roles {
    pub fn may(&self, permission: Permission) -> bool {
        self.0.iter().any(|r| permits(*r, permission))
    }

    /// Stored as `reception,duty_leader`.
    pub fn as_text(&self) -> String {
        self.0
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn parse(text: &str) -> Option<Roles> {
        let roles: Option<Vec<Role>> = text
            .split([',', ' '])
            .filter(|t| !t.is_empty())
            .map(Role::parse)
            .collect();
        roles.filter(|r| !r.is_empty()).map(Roles)
    }
}

pub fn role_label(role: Role, lang: Lang) -> String {
    rust_i18n::t!(format!("role.{}", role.as_str()), locale = lang.locale()).into_owned()
}

pub fn permission_label(permission: Permission, lang: Lang) -> String {
    rust_i18n::t!(
        format!("permission.{}", permission.as_str()),
        locale = lang.locale()
    )
    .into_owned()
}

/// "Only duty leader, admin may export." in the operator's language.
pub fn refusal(permission: Permission, lang: Lang) -> String {
    if roles_allowed(permission).is_empty() {
        return rust_i18n::t!("permission.system_only", locale = lang.locale()).into_owned();
    }
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    let roles: Vec<String> = roles_allowed(permission)
        .into_iter()
        .map(|r| role_label(r, lang))
        .collect();
    rust_i18n::t!(
        "permission.refused",
        locale = lang.locale(),
        what = permission_label(permission, lang),
        roles = roles.join(sep)
    )
    .into_owned()
}

/// The wait before the answer to a failed sign-in, growing with each failure in a row
/// (0.5 s, 1 s, 2 s, … at most 16 s), so guessing is slow. The store refuses a new try
/// for the same login inside it, console and command line alike.
pub fn failure_delay(failures: i32) -> std::time::Duration {
    let steps = failures.clamp(1, 6) - 1;
    std::time::Duration::from_millis(500 << steps)
}

/// A password on its way to the store: never shown by `Debug`, so never in a log or a panic.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A signed-in operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub id: uuid::Uuid,
    pub login: String,
    pub name: String,
    pub roles: Roles,
    pub disabled: bool,
    /// The centre the operator belongs to (`None`: an operator from before centres were
    /// kept apart and never placed; they can sign in nowhere until placed).
    pub centre_id: Option<uuid::Uuid>,
    /// A county operator given the townships below their centre.
    pub covers_below: bool,
}

impl Operator {
    /// Whether the operator may work at a console of `centre` (whose parent is `parent`):
    /// their own centre, or a township below it when they were given the townships.
    pub fn serves(&self, centre: uuid::Uuid, parent: Option<uuid::Uuid>) -> bool {
        self.centre_id.is_some()
            && (self.centre_id == Some(centre) || (self.covers_below && parent == self.centre_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every role × every permission, written out: a change to the table must change this.
    #[test]
    fn every_role_may_exactly_what_the_table_says() {
        let expected: &[(Role, &str)] = &[
            (
                R::Reception,
                "intake triage whistle record_arrival allocate_room close",
            ),
            (
                R::DutyLeader,
                "intake triage whistle record_arrival acknowledge allocate_room close edit_roster export reveal_personal_data",
            ),
            (R::Mediator, "triage record_arrival allocate_room close"),
            (R::DepartmentLiaison, "record_arrival"),
            (R::Supervisor, "export reveal_personal_data view_audit"),
            (
                R::Admin,
                "intake triage whistle record_arrival acknowledge allocate_room close edit_roster export reveal_personal_data view_audit manage_users set_policy",
            ),
            (R::Wallboard, ""),
        ];
        for role in Role::ALL {
            let want = expected.iter().find(|(r, _)| r == role).unwrap().1;
            for p in Permission::ALL {
                assert_eq!(
                    permits(*role, *p),
                    want.split(' ').any(|w| w == p.as_str()),
                    "{role} × {p}"
                );
            }
        }
    }

    #[test]
    fn reception_cannot_export_reveal_or_manage_users() {
        let reception = Roles(vec![R::Reception]);
        assert!(reception.may(P::Intake));
        for p in [
            P::Export,
            P::RevealPersonalData,
            P::ManageUsers,
            P::ViewAudit,
        ] {
            assert!(!reception.may(p), "{p}");
        }
        let both = Roles::parse("reception, duty_leader").unwrap();
        assert!(both.may(P::Acknowledge));
        assert_eq!(both.as_text(), "reception,duty_leader");
        assert_eq!(Roles::parse("reception,king"), None);
        assert_eq!(Roles::parse(""), None);
    }

    #[test]
    fn a_refusal_names_the_roles_that_may() {
        let text = refusal(P::ManageUsers, Lang::En);
        assert!(text.contains("admin"), "{text}");
        let zh = refusal(P::Export, Lang::Zh);
        assert!(zh.contains("值班领导") && zh.contains("导出"), "{zh}");
    }
}
