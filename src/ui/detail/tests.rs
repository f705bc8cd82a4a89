//! Tests of the case file view: clocks in words, the timeline, masking and reveal.

use super::*;
use crate::app::detail::tests::{beijing, case};

#[test]
fn every_labelled_journal_action_reads_in_both_languages() {
    for action in ACTIONS {
        for locale in ["zh-CN", "en"] {
            let key = format!("detail.action.{action}");
            let text = rust_i18n::t!(&key, locale = locale);
            assert_ne!(text, key, "{action} has no {locale} label");
        }
    }
}
use crate::domain::case::{Handling, Level, Stream};
use crate::domain::party::PartyRole;
use crate::domain::validation::Lang;
use crate::domain::{Centre, JournalEntry, Party, Summons};
use crate::store::LedgerEntry;
use crate::theme::Theme;
use crate::ui::buffer_rows as rows;
use crate::ui::cells::cells;
use uuid::Uuid;

pub(crate) fn state(lang: Lang, now: DateTime<Utc>) -> State {
    let centre = Centre {
        id: Uuid::nil(),
        code: "county".into(),
        name: "示范县社会治理综合服务中心".into(),
        level: Level::County,
        parent: None,
    };
    State::new(
        centre,
        "王敏".into(),
        "1号窗口".into(),
        lang,
        Theme::fallback(),
        now,
    )
}

fn entry(id: i64, at: DateTime<Utc>, action: &str, detail: &str) -> JournalEntry {
    JournalEntry {
        id,
        centre_id: Uuid::nil(),
        case_id: Some(Uuid::from_u128(7)),
        at,
        actor: "窗口1-王敏".into(),
        action: action.into(),
        detail: detail.into(),
    }
}

/// Case 7 on Tuesday 24 Nov 10:00: accepted Monday, the session not yet convened
/// (due today), the housing bureau late.
fn file() -> CaseFile {
    let mut c = case(7);
    c.state = CaseState::Triaged;
    c.stream = Some(Stream::Mediation);
    c.handling = Some(Handling::Joint);
    c.level = Some(Level::County);
    c.first_handler = Some("王敏".into());
    c.group_persons = 15;
    c.group_batches = 2;
    c.repeat_of = Some(Uuid::from_u128(3));
    c.marks.accepted = Some(beijing(23, 9, 0));
    let mut applicant = Party::person(PartyRole::Applicant, "张建国");
    applicant.resident_id = Some("11010519491231002X".into());
    applicant.phone = Some("13800138000".into());
    let summons = Summons::new(c.id, Uuid::nil(), beijing(24, 9, 10), 40);
    CaseFile {
        parties: vec![
            applicant,
            Party::organisation(PartyRole::Respondent, "某建筑公司"),
        ],
        journal: vec![
            entry(2, beijing(23, 9, 0), "triage", "stream mediation"),
            entry(1, beijing(23, 8, 47), "intake", "channel walk_in"),
            entry(3, beijing(24, 9, 10), "whistle", "住建局"),
            entry(4, beijing(24, 9, 12), "mystery_step", ""),
        ],
        ledger: vec![LedgerEntry {
            id: Uuid::nil(),
            case_id: c.id,
            at: beijing(24, 9, 30),
            actor: "王敏".into(),
            progress: "核实工资清单".into(),
            next_step: "召集双方".into(),
        }],
        departments: vec![("住建局".into(), "lead"), ("总工会".into(), "cooperating")],
        escalations: Vec::new(),
        summons: vec![("住建局".into(), summons)],
        rooms: vec![("第一调解室".into(), beijing(24, 9, 15))],
        ticket: Some("A007".into()),
        notices: Vec::new(),
        case: c,
    }
}

fn render(view_state: &State, detail: &DetailState, w: u16, h: u16) -> Vec<String> {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    DetailView {
        state: view_state,
        detail,
    }
    .render(area, &mut buf);
    rows(&buf)
}

fn all_text(view_state: &State, detail: &DetailState, w: u16) -> String {
    // Tall enough to hold every line: the whole file, as a scroll would show it.
    render(view_state, detail, w, 200).join("\n")
}

#[test]
fn chinese_detail_masks_and_reads_the_clocks() {
    let s = state(Lang::Zh, beijing(24, 10, 0));
    let d = DetailState::new(file());
    for w in [80, 200] {
        let text = all_text(&s, &d, w);
        assert!(text.contains("YD20261123-0007"), "{text}");
        assert!(text.contains("110105********002X"), "{text}");
        assert!(!text.contains("11010519491231002X"));
        assert!(!text.contains("13800138000"));
        assert!(text.contains("138****8000"), "{text}");
        assert!(text.contains("张*国") && !text.contains("张建国"));
        assert!(text.contains("某建筑公司"));
        assert!(text.contains("受理 11-23 ✓按期完成"), "{text}");
        assert!(text.contains("召集 11-24 ⏳今日到期"), "{text}");
        assert!(text.contains("答复 12-01 ·进行中"), "{text}");
        assert!(text.contains("已迟到 10 分钟"), "{text}");
        assert!(text.contains("牵头 住建局"));
        assert!(text.contains("协办 总工会"), "{text}");
        assert!(text.contains("第一调解室"));
        assert!(text.contains("核实工资清单"));
        assert!(text.contains("2 批 15 人次"));
        assert!(text.contains("↻"));
        assert!(text.contains("A007"));
        let intake = text.find("11-23 08:47 窗口1-王敏 登记受理").expect(&text);
        let triage = text.find("11-23 09:00 窗口1-王敏 分流交办").expect(&text);
        let whistle = text.find("09:10 窗口1-王敏 吹哨").expect(&text);
        assert!(intake < triage && triage < whistle, "oldest first");
        assert!(text.contains("mystery_step"), "unknown actions show raw");
    }
}

#[test]
fn a_mediated_case_shows_its_agreement_and_the_courts_answer() {
    use crate::domain::case::{CaseState, JudicialConfirmation};
    let s = state(Lang::Zh, beijing(25, 9, 0));
    let mut f = file();
    f.case.state = CaseState::Resolved;
    f.case.court.agreement_no = Some("(2026)示调字第118号".into());
    f.case.court.judicial_confirmation = Some(JudicialConfirmation::Granted);
    let text = all_text(&s, &DetailState::new(f), 200);
    assert!(text.contains("调解协议编号: (2026)示调字第118号"), "{text}");
    assert!(text.contains("司法确认: 已确认"), "{text}");
}

#[test]
fn an_escalated_village_case_shows_its_steps_and_the_county_clock() {
    use crate::domain::escalation::EscalationStep;
    let s = state(Lang::Zh, beijing(24, 10, 0));
    let mut f = file();
    f.case.level = Some(Level::Township);
    f.case.marks.county_due = Some(beijing(25, 0, 0));
    f.escalations = vec![(
        EscalationStep {
            at: beijing(24, 9, 0),
            actor: "东关村调委会".into(),
            from: Level::Village,
            to: Level::Township,
            from_centre: Uuid::from_u128(3),
            to_centre: Uuid::from_u128(2),
        },
        "东关村".into(),
        "城关镇".into(),
    )];
    let text = all_text(&s, &DetailState::new(f.clone()), 100);
    assert!(text.contains("上报县级 11-24 ⏳今日到期"), "{text}");
    assert!(
        text.contains("11-24 09:00 东关村调委会 村级 → 乡镇级 (东关村 → 城关镇)"),
        "{text}"
    );
    // It reached the county the next morning: a day late.
    f.case.marks.reached_county = Some(beijing(25, 8, 30));
    let en = state(Lang::En, beijing(25, 9, 0));
    let text = all_text(&en, &DetailState::new(f), 100);
    assert!(text.contains("To county 11-24 ✓!met late"), "{text}");
}

#[test]
fn english_detail_says_overdue_in_words() {
    // Wednesday: the convene clock is past its last day.
    let s = state(Lang::En, beijing(25, 9, 0));
    let d = DetailState::new(file());
    for w in [80, 200] {
        let text = all_text(&s, &d, w);
        assert!(text.contains("110105********002X"));
        assert!(!text.contains("11010519491231002X"));
        assert!(text.contains("Accept 11-23 ✓met"), "{text}");
        assert!(text.contains("Convene 11-24 !OVERDUE"), "{text}");
        assert!(text.contains("Reply 12-01 ·running"), "{text}");
        assert!(text.contains("Timeline"));
        assert!(text.contains("registered"));
        assert!(text.contains("department summoned"));
    }
}

#[test]
fn a_settled_case_shows_its_outcome_and_met_reply() {
    let s = state(Lang::En, beijing(25, 9, 0));
    let mut f = file();
    f.case.state = CaseState::Resolved;
    f.case.marks.convened = Some(beijing(24, 11, 0));
    f.case.outcome_note = Some("agreement signed".into());
    f.journal
        .push(entry(9, beijing(24, 16, 0), "resolve", "agreement"));
    let text = all_text(&s, &DetailState::new(f), 100);
    assert!(text.contains("Convene 11-24 ✓met"), "{text}");
    assert!(text.contains("Reply 12-01 ✓met"), "{text}");
    assert!(text.contains("resolved: agreement signed"), "{text}");
}

#[test]
fn overdue_is_styled_as_overdue_and_ascii_marks_it_too() {
    let mut s = state(Lang::Zh, beijing(25, 9, 0));
    s.ascii = true;
    let d = DetailState::new(file());
    let text = all_text(&s, &d, 80);
    assert!(text.contains("召集 11-24 !已超期"), "{text}");
    assert!(text.contains("受理 11-23 +按期完成"), "{text}");
    assert!(!text.contains('⏳'));
    // The overdue word carries the overdue style, the due-today one its own.
    let area = Rect::new(0, 0, 80, 200);
    let mut buf = Buffer::empty(area);
    DetailView {
        state: &s,
        detail: &d,
    }
    .render(area, &mut buf);
    let shown = rows(&buf);
    let y = shown.iter().position(|r| r.contains("!已超期")).unwrap();
    let x = (0..80)
        .find(|&x| buf[(x, y as u16)].symbol() == "!")
        .unwrap();
    let overdue = s.theme.style("summons.timer.overdue");
    let styled = |x: u16, y: usize| {
        let cell = &buf[(x, y as u16)];
        overdue.fg.is_none_or(|fg| cell.fg == fg) && cell.modifier.contains(overdue.add_modifier)
    };
    assert!(styled(x, y));
    let y = shown.iter().position(|r| r.contains("已迟到")).unwrap();
    assert!((0..80).any(|x| styled(x, y)));
}

#[test]
fn fits_80x24_and_200x50_and_scrolls() {
    for lang in [Lang::Zh, Lang::En] {
        let s = state(lang, beijing(24, 10, 0));
        let mut d = DetailState::new(file());
        for (w, h) in [(80, 21), (80, 24), (200, 50)] {
            let shown = render(&s, &d, w, h);
            assert!(shown[0].contains("YD20261123-0007"), "{shown:?}");
            for r in &shown {
                assert!(cells(r) <= w, "{r}");
            }
        }
        // Scrolled far down, the end of the timeline is in view, the header is not.
        d.scroll = u16::MAX;
        let shown = render(&s, &d, 80, 21).join("\n");
        assert!(shown.contains("mystery_step"), "{shown}");
        assert!(!shown.contains("A007"));
    }
}

#[test]
fn never_panics_at_any_size() {
    let s = state(Lang::Zh, beijing(24, 10, 0));
    let mut d = DetailState::new(file());
    for scroll in [0, 7, 500] {
        d.scroll = scroll;
        for w in 0..=100 {
            for h in 0..=40 {
                let area = Rect::new(0, 0, w, h);
                let mut buf = Buffer::empty(area);
                DetailView {
                    state: &s,
                    detail: &d,
                }
                .render(area, &mut buf);
            }
        }
    }
}
