//! Finding a case (one key from every panel) and the case file the detail view shows.
//! The state here is pure; [`load_case_file`] is the one read, run from a store task.

use crate::domain::escalation::EscalationStep;
use crate::domain::{Case, JournalEntry, Party, Summons};
use crate::store::{LedgerEntry, Store, StoreError};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The longest query kept: a tracking code with its `YIDI:` prefix is 41 characters.
pub const MAX_QUERY: usize = 64;

/// Everything the detail view shows, loaded in one go by a store task.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFile {
    pub case: Case,
    pub parties: Vec<Party>,
    /// Oldest first.
    pub journal: Vec<JournalEntry>,
    pub ledger: Vec<LedgerEntry>,
    /// Department names with their part: `"lead"` or `"cooperating"`, the lead first.
    pub departments: Vec<(String, &'static str)>,
    /// The steps up village → township → county, oldest first, with the names of the centres
    /// the case left and went to.
    pub escalations: Vec<(EscalationStep, String, String)>,
    /// Department name and summons.
    pub summons: Vec<(String, Summons)>,
    /// Rooms the case holds now: name and since when.
    pub rooms: Vec<(String, DateTime<Utc>)>,
    /// Today's ticket code, e.g. `A007`, if the case drew one.
    pub ticket: Option<String>,
    /// Whether each open summons' department was told (by summons id).
    pub notices: Vec<(uuid::Uuid, crate::domain::notice::NoticeState)>,
}

impl CaseFile {
    /// A case's file before anything else about it is known: no parties, journal,
    /// departments, summonses, rooms or ticket.
    pub fn of(case: Case) -> Self {
        Self {
            case,
            parties: Vec::new(),
            journal: Vec::new(),
            ledger: Vec::new(),
            departments: Vec::new(),
            escalations: Vec::new(),
            summons: Vec::new(),
            rooms: Vec::new(),
            ticket: None,
            notices: Vec::new(),
        }
    }
}

/// The "find a case" popup: what is typed and what was found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FindState {
    pub query: String,
    pub results: Vec<Case>,
    pub selected: usize,
    /// A search is under way (the store task has not answered yet).
    pub searching: bool,
    /// At least one search has answered, so an empty list means "no case found".
    pub searched: bool,
}

impl FindState {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn type_char(&mut self, c: char) {
        if !c.is_control() && self.query.chars().count() < MAX_QUERY {
            self.query.push(c);
        }
    }

    pub fn backspace(&mut self) {
        self.query.pop();
    }

    /// A pasted or scanned text: line breaks become spaces, other control characters go.
    pub fn paste(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '\r' | '\n' | '\t' => {
                    if !self.query.ends_with(' ') && !self.query.is_empty() {
                        self.type_char(' ')
                    }
                }
                c => self.type_char(c),
            }
        }
    }

    /// Moves the selection by `d` rows, staying within the results.
    pub fn move_selection(&mut self, d: isize) {
        if self.results.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.results.len() - 1;
        self.selected = self.selected.saturating_add_signed(d).min(last);
    }

    pub fn selected_case(&self) -> Option<&Case> {
        self.results.get(self.selected)
    }

    /// The answer to a search: shown from the top.
    pub fn set_results(&mut self, results: Vec<Case>) {
        self.results = results;
        self.selected = 0;
        self.searching = false;
        self.searched = true;
    }
}

/// The detail view's state: the file and how far it is scrolled.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailState {
    pub file: CaseFile,
    pub scroll: u16,
}

impl DetailState {
    pub fn new(file: CaseFile) -> Self {
        Self { file, scroll: 0 }
    }

    /// Scrolls by `d` lines; the view keeps the last page in sight.
    pub fn scroll_by(&mut self, d: i32) {
        self.scroll = (i32::from(self.scroll) + d).clamp(0, i32::from(u16::MAX)) as u16;
    }
}

/// Reads everything the detail view shows about one case. Called from a store task.
pub async fn load_case_file(store: &Store, case_id: Uuid) -> Result<CaseFile, StoreError> {
    let case = store.case(case_id).await?.ok_or(StoreError::NotFound {
        entity: "case",
        id: case_id,
    })?;
    let parties = store.parties(case_id).await?;
    let journal = store.journal_for_case(case_id).await?;
    let ledger = store.ledger(case_id).await?;
    let ticket = store.ticket_for_case(case_id).await?.map(|t| t.code());
    let steps = store.escalations(case_id).await?;
    // Departments, open summonses with their notices, rooms: three queries scoped to the case.
    let links = store.case_file_links(case_id, case.centre_id).await?;
    let escalations = if steps.is_empty() {
        Vec::new()
    } else {
        let centres = store.centres().await?;
        let centre_name = |id: Uuid| {
            centres
                .iter()
                .find(|c| c.id == id)
                .map_or_else(|| id.to_string(), |c| c.name.clone())
        };
        steps
            .into_iter()
            .map(|s| {
                let (from, to) = (centre_name(s.from_centre), centre_name(s.to_centre));
                (s, from, to)
            })
            .collect()
    };
    let departments = links.departments;
    let rooms = links.rooms;
    let notices = links
        .summons
        .iter()
        .filter_map(|(_, sm, n)| n.map(|n| (sm.id, n)))
        .collect();
    let summons = links
        .summons
        .into_iter()
        .map(|(name, sm, _)| (name, sm))
        .collect();
    Ok(CaseFile {
        case,
        parties,
        journal,
        ledger,
        departments,
        escalations,
        summons,
        rooms,
        ticket,
        notices,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::case::{CaseState, Channel, Lanes};
    use crate::domain::clock::TZ;
    use crate::domain::sla::{ClockMarks, Deadlines};
    use chrono::TimeZone;

    pub(crate) fn beijing(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        TZ.with_ymd_and_hms(2026, 11, d, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    pub(crate) fn case(no: u32) -> Case {
        Case {
            id: Uuid::from_u128(u128::from(no)),
            centre_id: Uuid::nil(),
            case_no: format!("YD20261123-{no:04}"),
            tracking_token: Uuid::nil(),
            channel: Channel::WalkIn,
            category: "劳动争议/欠薪".into(),
            description: "工地欠薪三个月".into(),
            state: CaseState::Registered,
            stream: None,
            handling: None,
            level: None,
            lead_department: None,
            first_handler: None,
            group_batches: 1,
            group_persons: 1,
            lanes: Lanes::default(),
            court_case_no: None,
            repeat_of: None,
            outcome_note: None,
            received_at: beijing(23, 8, 47),
            deadlines: Deadlines {
                accept: beijing(24, 0, 0),
                convene: beijing(25, 0, 0),
                reply: TZ
                    .with_ymd_and_hms(2026, 12, 2, 0, 0, 0)
                    .unwrap()
                    .with_timezone(&Utc),
            },
            marks: ClockMarks::default(),
            court: Default::default(),
            closed_at: None,
            version: 1,
        }
    }

    #[test]
    fn typing_backspace_and_paste_edit_the_query() {
        let mut f = FindState::new();
        for c in "A00".chars() {
            f.type_char(c);
        }
        f.type_char('7');
        f.type_char('\u{7}');
        assert_eq!(f.query, "A007");
        f.backspace();
        f.backspace();
        assert_eq!(f.query, "A0");
        f.backspace();
        f.backspace();
        f.backspace();
        assert_eq!(f.query, "");
        f.paste("张建国\r\n138 0013 8000\n");
        assert_eq!(f.query, "张建国 138 0013 8000 ");
        let mut long = FindState::new();
        long.paste(&"9".repeat(200));
        assert_eq!(long.query.chars().count(), MAX_QUERY);
    }

    #[test]
    fn selection_stays_within_the_results() {
        let mut f = FindState::new();
        f.move_selection(1);
        assert_eq!(f.selected, 0);
        assert!(f.selected_case().is_none());
        f.searching = true;
        f.set_results(vec![case(1), case(2), case(3)]);
        assert!(f.searched && !f.searching);
        f.move_selection(1);
        f.move_selection(5);
        assert_eq!(f.selected, 2);
        assert_eq!(f.selected_case().unwrap().case_no, "YD20261123-0003");
        f.move_selection(-10);
        assert_eq!(f.selected, 0);
        f.move_selection(1);
        f.set_results(vec![case(9)]);
        assert_eq!(f.selected, 0, "a new answer starts at the top");
        f.set_results(Vec::new());
        assert!(f.selected_case().is_none() && f.searched);
    }

    #[test]
    fn detail_scroll_never_goes_negative() {
        let file = CaseFile::of(case(1));
        let mut d = DetailState::new(file);
        d.scroll_by(-3);
        assert_eq!(d.scroll, 0);
        d.scroll_by(5);
        assert_eq!(d.scroll, 5);
    }

    #[tokio::test]
    async fn the_case_file_is_read_with_parties_and_journal() {
        use crate::domain::case::Level;
        use crate::domain::party::PartyRole;
        use crate::domain::{Centre, Intake, SlaPolicy, WorkCalendar};
        use crate::store::Stamp;

        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("yidi.db").display());
        let store = Store::open(&url).await.unwrap();
        let at = beijing(23, 8, 47);
        let stamp = Stamp::system_as("窗口1-王敏", at);
        let centre = store
            .ensure_centre(
                &Centre {
                    id: Uuid::now_v7(),
                    code: "county".into(),
                    name: "示范县社会治理综合服务中心".into(),
                    level: Level::County,
                    parent: None,
                },
                &stamp,
            )
            .await
            .unwrap();
        let mut applicant = Party::person(PartyRole::Applicant, "张建国");
        applicant.resident_id = Some("11010519491231002X".into());
        applicant.phone = Some("13800138000".into());
        let intake = Intake::new(centre.id, Channel::WalkIn, "劳动争议/欠薪", "欠薪三个月")
            .with_party(applicant)
            .with_party(Party::organisation(PartyRole::Respondent, "某建筑公司"));
        let deadlines = SlaPolicy::default().deadlines(at, &WorkCalendar::builtin());
        let receipt = store.intake(&intake, deadlines, &stamp).await.unwrap();

        let file = load_case_file(&store, receipt.case.id).await.unwrap();
        assert_eq!(file.case.id, receipt.case.id);
        assert_eq!(file.parties.len(), 2);
        assert_eq!(file.parties[0].name, "张建国");
        assert!(!file.journal.is_empty());
        assert_eq!(file.journal[0].action, "intake");
        assert_eq!(file.ticket.as_deref(), Some("A001"));
        assert!(file.summons.is_empty() && file.rooms.is_empty());

        let missing = load_case_file(&store, Uuid::now_v7()).await;
        assert!(matches!(missing, Err(StoreError::NotFound { .. })));
        store.close().await;
    }
}
