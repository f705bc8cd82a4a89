//! The follow-up tab (回访) and its form, as pure state: the list of closed cases worst
//! overdue first, and the form — how (电话 / 走访 / 现场), reached or not, satisfaction,
//! a problem found with its kind and department, remarks — built on the field kit.

use super::form::{Field, Kit, TEXT_MAX};
use crate::domain::Lang;
use crate::domain::follow_up::{Method, ProblemKind, Satisfaction, Visit};
use crate::store::FollowUpRow;
use uuid::Uuid;

/// The follow-up tab: rows as loaded (already worst first) and the selected one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FollowUpsState {
    /// `None` until loaded.
    pub rows: Option<Vec<FollowUpRow>>,
    /// The centre's departments a problem can be routed to: id and name.
    pub departments: Vec<(Uuid, String)>,
    pub selected: usize,
}

impl FollowUpsState {
    pub fn selected_row(&self) -> Option<&FollowUpRow> {
        self.rows.as_ref()?.get(self.selected)
    }

    pub fn move_selection(&mut self, d: isize) {
        let n = self.rows.as_ref().map_or(0, Vec::len);
        self.selected = self
            .selected
            .saturating_add_signed(d)
            .min(n.saturating_sub(1));
    }

    /// A reload keeps the selection on the same closing when it is still listed.
    pub fn set_rows(&mut self, rows: Vec<FollowUpRow>, departments: Vec<(Uuid, String)>) {
        let keep = self.selected_row().map(|r| r.closing_id);
        self.selected = keep
            .and_then(|id| rows.iter().position(|r| r.closing_id == id))
            .unwrap_or(0)
            .min(rows.len().saturating_sub(1));
        self.rows = Some(rows);
        self.departments = departments;
    }
}

pub const METHODS: [Method; 3] = [Method::Phone, Method::Visit, Method::OnSite];
pub const SATISFACTIONS: [Satisfaction; 3] = [
    Satisfaction::Satisfied,
    Satisfaction::Fair,
    Satisfaction::Dissatisfied,
];
pub const PROBLEMS: [ProblemKind; 3] = [
    ProblemKind::Individual,
    ProblemKind::Common,
    ProblemKind::Root,
];

/// What saving the form records.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowUpRecord {
    /// Not reached: one more try counted.
    Try {
        case_id: Uuid,
        method: Method,
        note: String,
    },
    Visit {
        visit: Visit,
        version: i32,
    },
}

/// The follow-up form over the follow-up tab.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpForm {
    pub case_id: Uuid,
    pub version: i32,
    pub case_no: String,
    pub tries: i32,
    pub kit: Kit,
    departments: Vec<Uuid>,
    pub saving: bool,
}

impl FollowUpForm {
    pub fn new(row: &FollowUpRow, departments: &[(Uuid, String)]) -> Self {
        let kit = Kit::new(vec![
            Field::choice(
                "method",
                "follow_up.label.method",
                &[
                    "follow_up.method.phone",
                    "follow_up.method.visit",
                    "follow_up.method.on_site",
                ],
            ),
            Field::choice(
                "reached",
                "follow_up.label.reached",
                &["follow_up.reached.yes", "follow_up.reached.no"],
            ),
            Field::choice(
                "satisfaction",
                "follow_up.label.satisfaction",
                &[
                    "follow_up.satisfaction.satisfied",
                    "follow_up.satisfaction.fair",
                    "follow_up.satisfaction.dissatisfied",
                ],
            ),
            Field::choice(
                "problem",
                "follow_up.label.problem",
                &[
                    "follow_up.problem.none",
                    "follow_up.problem.individual",
                    "follow_up.problem.common",
                    "follow_up.problem.root",
                ],
            ),
            Field::names(
                "department",
                "follow_up.label.department",
                departments.iter().map(|(_, n)| n.clone()).collect(),
            ),
            Field::text("remarks", "follow_up.label.remarks", TEXT_MAX),
        ]);
        let mut form = Self {
            case_id: row.case_id,
            version: row.case_version,
            case_no: row.case_no.clone(),
            tries: row.tries,
            kit,
            departments: departments.iter().map(|(id, _)| *id).collect(),
            saving: false,
        };
        form.sync();
        form
    }

    pub fn reached(&self) -> bool {
        self.kit.selected("reached") == 0
    }

    fn problem(&self) -> Option<ProblemKind> {
        self.kit
            .selected("problem")
            .checked_sub(1)
            .map(|i| PROBLEMS[i])
    }

    /// Shows the fields that apply: satisfaction and the problem only when reached, the
    /// department only for a problem found.
    pub fn sync(&mut self) {
        let reached = self.reached();
        let problem = self.problem().is_some();
        self.kit.show("satisfaction", reached);
        self.kit.show("problem", reached);
        self.kit.show("department", reached && problem);
    }

    pub fn cycle(&mut self, delta: isize) {
        self.kit.cycle(delta);
        self.sync();
    }

    /// What to record, or the field at fault named (the focus goes there; nothing is lost).
    pub fn to_record(&mut self, lang: Lang) -> Result<FollowUpRecord, String> {
        self.kit.clear_messages();
        let method = METHODS[self.kit.selected("method")];
        let note = self.kit.text("remarks").trim().to_string();
        if !self.reached() {
            return Ok(FollowUpRecord::Try {
                case_id: self.case_id,
                method,
                note,
            });
        }
        let satisfaction = SATISFACTIONS[self.kit.selected("satisfaction")];
        let problem = match self.problem() {
            Some(kind) => match self.departments.get(self.kit.selected("department")) {
                Some(d) => Some((kind, *d)),
                None => return Err(self.complain("department", lang)),
            },
            None => None,
        };
        // Why the resident is unhappy, or what the problem is, is what the department acts on.
        if note.is_empty() && (problem.is_some() || satisfaction == Satisfaction::Dissatisfied) {
            return Err(self.complain("remarks", lang));
        }
        Ok(FollowUpRecord::Visit {
            visit: Visit {
                case_id: self.case_id,
                method,
                satisfaction,
                note,
                problem,
            },
            version: self.version,
        })
    }

    fn complain(&mut self, id: &'static str, lang: Lang) -> String {
        self.kit.complain_required(id, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    pub fn row() -> FollowUpRow {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap();
        FollowUpRow {
            closing_id: Uuid::from_u128(1),
            case_id: Uuid::from_u128(2),
            case_no: "YD20261123-0007".into(),
            category: "劳动争议".into(),
            case_version: 9,
            closed_at: at,
            summary: "工资已支付".into(),
            due: at + chrono::Duration::days(3),
            tries: 0,
            unreachable_at: None,
            followed_up_at: None,
            reopened_at: None,
            satisfaction: None,
            method: None,
            problem: None,
            department: None,
        }
    }

    fn depts() -> Vec<(Uuid, String)> {
        vec![
            (Uuid::from_u128(10), "人社局".into()),
            (Uuid::from_u128(11), "住建局".into()),
        ]
    }

    #[test]
    fn an_unreached_try_asks_nothing_more() {
        let mut f = FollowUpForm::new(&row(), &depts());
        f.kit.move_focus(1);
        f.cycle(1); // not reached
        assert!(!f.kit.field("satisfaction").shown);
        assert_eq!(
            f.to_record(Lang::Zh).unwrap(),
            FollowUpRecord::Try {
                case_id: row().case_id,
                method: Method::Phone,
                note: String::new()
            }
        );
    }

    #[test]
    fn a_problem_needs_its_department_and_its_remarks() {
        let mut f = FollowUpForm::new(&row(), &depts());
        assert!(!f.kit.field("department").shown);
        f.kit.focus = 3;
        f.cycle(1); // 个性
        assert!(f.kit.field("department").shown);
        f.kit.move_focus(1);
        f.cycle(1); // 住建局
        let err = f.to_record(Lang::Zh).unwrap_err();
        assert!(err.contains("备注"), "{err}");
        assert_eq!(f.kit.focused_id(), Some("remarks"));
        f.kit.type_text("二人工资未到账");
        let FollowUpRecord::Visit { visit, version } = f.to_record(Lang::En).unwrap() else {
            panic!("a visit")
        };
        assert_eq!(version, 9);
        assert_eq!(
            visit.problem,
            Some((ProblemKind::Individual, Uuid::from_u128(11)))
        );
        assert!(visit.reopens());
    }
}
