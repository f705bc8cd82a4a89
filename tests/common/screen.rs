//! Drawing a `State` on ratatui's `TestBackend` and reading the screen back as a person
//! would: text rows without the halves of wide characters, and the visible defects.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellWidth};
use yidi::app::action::Action;
use yidi::app::state::State;
use yidi::app::update::update;
use yidi::domain::validation::Lang;

/// Tells the state its size (as the terminal's resize event does) and draws one frame.
pub fn draw(s: &mut State, w: u16, h: u16) -> Terminal<TestBackend> {
    update(s, Action::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| yidi::ui::render(s, f)).unwrap();
    terminal
}

/// The screen as text, one string per row, without the cells hidden under wide characters.
pub fn lines(buf: &Buffer) -> Vec<String> {
    let w = buf.area.width as usize;
    buf.content
        .chunks(w)
        .map(|cells| {
            let mut line = String::new();
            let mut skip = 0u16;
            for c in cells {
                if skip == 0 {
                    line.push_str(c.symbol());
                }
                skip = skip.max(c.cell_width()).saturating_sub(1);
            }
            line
        })
        .collect()
}

/// Every defect a person would see as garbage: something drawn over half of a wide character,
/// or a row that takes more cells than the terminal has.
pub fn defects(buf: &Buffer) -> Vec<String> {
    let w = buf.area.width as usize;
    let mut out = Vec::new();
    for (y, cells) in buf.content.chunks(w).enumerate() {
        let mut skip = 0u16;
        let mut used = 0usize;
        for (x, c) in cells.iter().enumerate() {
            if skip == 0 {
                used += usize::from(c.symbol().cell_width());
            } else if c.symbol() != " " && !c.symbol().is_empty() {
                out.push(format!(
                    "row {y} col {x}: {:?} drawn over the second half of a wide character",
                    c.symbol()
                ));
            }
            skip = skip.max(c.cell_width()).saturating_sub(1);
        }
        if used > w {
            out.push(format!("row {y}: {used} cells wide on a {w}-cell terminal"));
        }
    }
    out
}

/// The screen text for a snapshot, after checking it has no visible defects.
pub fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    let d = defects(buf);
    assert!(d.is_empty(), "{}\n{}", d.join("\n"), lines(buf).join("\n"));
    lines(buf).iter().map(|l| format!("\"{l}\"\n")).collect()
}

pub fn tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

pub const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];
pub const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

/// An operator as the console holds one once signed in.
pub fn operator(login: &str, roles: &str) -> yidi::domain::Operator {
    yidi::domain::Operator {
        id: uuid::Uuid::nil(),
        login: login.into(),
        name: login.into(),
        roles: yidi::domain::Roles::parse(roles).expect("known roles"),
        disabled: false,
        centre_id: None,
        covers_below: false,
    }
}

/// A console of the demo county centre at window 1 at `now`, in `theme`, nobody signed in
/// yet (the view tests sign in with [`operator`] when they need to).
pub fn county_console(
    centre_id: uuid::Uuid,
    lang: Lang,
    theme: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> State {
    let centre = yidi::domain::Centre {
        id: centre_id,
        code: "county".into(),
        name: "示范县社会治理综合服务中心".into(),
        level: yidi::domain::Level::County,
        parent: None,
    };
    State::new(
        centre,
        "王敏".into(),
        "1号窗口".into(),
        lang,
        yidi::theme::Theme::builtin(theme).expect("built-in theme"),
        now,
    )
}

/// A walk-in just registered at the county centre: scenario 1's case as intake leaves it.
pub fn walk_in_case(
    centre_id: uuid::Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> yidi::domain::Case {
    let day = |d: i64| now + chrono::Duration::days(d);
    yidi::domain::Case {
        id: uuid::Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0c07),
        centre_id,
        case_no: "YD20261123-0007".into(),
        tracking_token: uuid::Uuid::from_u128(0x3f2a_9c41_7d0e_4b5a_8e61_2c9d_04b7_a1f3),
        channel: yidi::domain::Channel::WalkIn,
        category: "劳动争议/欠薪".into(),
        description: "十二名工人被拖欠工资".into(),
        state: yidi::domain::CaseState::Registered,
        stream: None,
        handling: None,
        level: None,
        lead_department: None,
        first_handler: None,
        group_batches: 1,
        group_persons: 12,
        lanes: Default::default(),
        court_case_no: None,
        repeat_of: None,
        outcome_note: None,
        received_at: now,
        deadlines: yidi::domain::Deadlines {
            accept: day(1),
            convene: day(2),
            reply: day(9),
        },
        marks: Default::default(),
        court: Default::default(),
        closed_at: None,
        version: 1,
    }
}
