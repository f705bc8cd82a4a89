//! The figures tab (统计, Ctrl-Y) and its reverse-ranking page as a supervisor sees them:
//! drawn from a fixed state on ratatui's `TestBackend`, snapshots in Chinese and English at
//! 80x24 and 200x50, and the checks a person would make (each figure with its numerator and
//! denominator and its setting, the weights beside the ranking, the keys, the help).

mod common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::screen::{LANGS, SIZES, defects, draw, lines, screen, tag};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;
use yidi::app::action::{Action, Command};
use yidi::app::figures::{Choice, Loaded};
use yidi::app::state::{State, Tab};
use yidi::app::update::update;
use yidi::domain::clock::TZ;
use yidi::domain::figures::{
    BreakdownRow, Counts, DepartmentParts, Period, RankingWeights, TownshipParts, rank_departments,
    rank_townships,
};
use yidi::domain::validation::Lang;
use yidi::store::{PeriodFigures, Ranking};

fn now() -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn row(key: &str, cases: i64, resolved: i64) -> BreakdownRow {
    BreakdownRow {
        key: Some(key.into()),
        cases,
        batches: cases,
        persons: cases + 3,
        solved_on_site: resolved / 2,
        resolved,
        fast_track: 0,
    }
}

/// November so far: 甘州区-like counts (1,510 on site of 3,354 batches).
fn loaded() -> Loaded {
    let (period, month) = Choice::Month.periods(now());
    let counts = Counts {
        cases: 3_354,
        batches: 3_354,
        persons: 11_615,
        solved_on_site: 1_510,
        resolved: 2_871,
        mediation_concluded: 3_012,
        confirmation_asked: 212,
        confirmation_granted: 198,
        fast_track: 96,
        priority_filing: 41,
        breach_accept: 3,
        breach_convene: 11,
        breach_reply: 7,
        summons_on_time: 402,
        summons_late: 31,
        median_arrival_min: Some(24.0),
        mean_wait_min: Some(12.4),
        p90_wait_min: Some(31),
        repeats: 188,
        closed: 2_950,
        closed_followed_up: 2_801,
        follow_ups: 2_930,
        satisfied: 2_842,
    };
    let daily = period
        .from
        .iter_days()
        .take_while(|d| *d <= period.to)
        .enumerate()
        .map(|(i, d)| (d, [160, 180, 0, 0, 150, 210, 175][i % 7]))
        .collect();
    let figures = PeriodFigures {
        period: Some(period),
        counts,
        by_category: vec![
            row("劳动争议", 902, 801),
            row("邻里纠纷", 744, 700),
            row("婚姻家庭", 512, 470),
            row("物业纠纷", 433, 390),
            row("征地补偿", 301, 250),
            row("消费纠纷", 262, 160),
            row("交通事故", 200, 100),
        ],
        by_township: vec![
            row("城关镇", 1_210, 1_100),
            row("新河镇", 640, 600),
            row("柳林乡", 520, 470),
            row("石桥镇", 488, 400),
            row("双河镇", 300, 200),
            row("白鹤镇", 196, 101),
        ],
        daily,
    };
    let w = RankingWeights::default();
    let dept = |name: &str, late, overdue, dis| DepartmentParts {
        name: name.into(),
        late_summonses: late,
        overdue_cases: overdue,
        dissatisfied: dis,
    };
    let town = |name: &str, pop, cases, repeats, esc, overdue| TownshipParts {
        name: name.into(),
        population: pop,
        cases,
        repeats,
        escalations: esc,
        overdue_cases: overdue,
    };
    let ranking = Ranking {
        period: Some(month),
        weights: w,
        departments: rank_departments(
            vec![
                dept("住建局", 6, 2, 1),
                dept("人社局", 3, 1, 2),
                dept("自然资源局", 1, 3, 0),
                dept("卫健委", 2, 0, 0),
                dept("公安局", 0, 0, 0),
            ],
            &w,
        ),
        townships: rank_townships(
            vec![
                town("城关镇", Some(120_000), 1_210, 60, 4, 3),
                town("新河镇", Some(45_000), 640, 31, 2, 1),
                town("柳林乡", Some(23_500), 520, 40, 6, 2),
                town("石桥镇", None, 488, 12, 0, 0),
            ],
            &w,
        ),
    };
    Loaded {
        choice: Choice::Month,
        figures,
        ranking,
    }
}

fn on_figures(lang: Lang) -> State {
    let mut s = common::screen::county_console(Uuid::from_u128(1), lang, "default", now());
    s.session = Some(common::screen::operator("audit", "supervisor"));
    let cmds = update(&mut s, ctrl('y'));
    assert_eq!(s.tab, Tab::Figures);
    assert!(
        matches!(cmds.as_slice(), [Command::LoadFigures { .. }]),
        "Ctrl-Y asks the store task for the figures, never the render loop: {cmds:?}"
    );
    update(&mut s, Action::FiguresLoaded(Box::new(loaded())));
    s
}

fn snapshot(name: &str, lang: Lang, (w, h): (u16, u16), s: &mut State) {
    let t = draw(s, w, h);
    assert!(
        defects(t.backend().buffer()).is_empty(),
        "{name} {w}x{h}: {:?}",
        defects(t.backend().buffer())
    );
    insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", tag(lang)), screen(&t));
}

#[test]
fn the_figures_page_and_the_ranking_page() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = on_figures(lang);
            snapshot("figures", lang, size, &mut s);
            update(&mut s, key(KeyCode::PageDown));
            snapshot("ranking", lang, size, &mut s);
        }
    }
}

#[test]
fn each_rate_shows_its_numerator_denominator_and_setting_at_80x24() {
    let mut s = on_figures(Lang::Zh);
    let screen = lines(draw(&mut s, 80, 24).backend().buffer()).join("\n");
    for expect in [
        "现场化解率",
        "45.0 %",
        "1510/3354",
        "按批次",
        "化解率",
        "85.6 %",
        "2871/3354",
        "不含速裁",
        "调解成功率",
        "95.3 %",
        "报到准时率",
        "402/433",
        "满意率",
        "按类别",
        "每日受理",
    ] {
        assert!(screen.contains(expect), "{expect} missing:\n{screen}");
    }
}

#[test]
fn the_ranking_prints_its_weights_and_each_rows_parts() {
    let mut s = on_figures(Lang::Zh);
    update(&mut s, key(KeyCode::PageDown));
    let screen = lines(draw(&mut s, 200, 50).backend().buffer()).join("\n");
    assert!(screen.contains("迟到×1 超期×2 不满意×3"), "{screen}");
    let first = screen
        .lines()
        .find(|l| l.contains("住建局"))
        .expect("住建局 listed");
    // 住建局: 6 late ×1 + 2 overdue ×2 + 1 dissatisfied ×3 = 13, the worst.
    assert!(first.contains("13.0"), "{first}");
    let pos = |name: &str| screen.find(name).unwrap();
    assert!(pos("住建局") < pos("人社局") && pos("人社局") < pos("公安局"));
    // 柳林乡: 520 per 23,500 = 221.28 per 10,000.
    assert!(screen.contains("221.28"), "{screen}");
}

#[test]
fn periods_and_export_go_to_the_store_task() {
    let mut s = on_figures(Lang::En);
    let cmds = update(&mut s, key(KeyCode::Right));
    match cmds.as_slice() {
        [Command::LoadFigures { period, month, .. }] => {
            assert_eq!(period.from, NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
            assert_eq!(period, month, "last month ranks last month");
        }
        other => panic!("{other:?}"),
    }
    // A load for a period no longer chosen is dropped.
    update(&mut s, Action::FiguresLoaded(Box::new(loaded())));
    assert!(s.figures.loading);
    let cmds = update(&mut s, ctrl('s'));
    assert!(
        matches!(cmds.as_slice(), [Command::ExportFigures { ranking: false, period, .. }] if period.days() == 31),
        "{cmds:?}"
    );
    update(
        &mut s,
        Action::FiguresExported(Ok("/home/audit/.local/share/yidi/exports/统计.xlsx".into())),
    );
    let screen = lines(draw(&mut s, 80, 24).backend().buffer()).join("\n");
    assert!(screen.contains("Exported to /home/audit"), "{screen}");
    let _ = Period::month_of(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
}

#[test]
fn reception_may_not_export_and_is_told_so() {
    let mut s = on_figures(Lang::En);
    s.session = Some(common::screen::operator("wangmin", "reception"));
    let cmds = update(&mut s, ctrl('s'));
    assert!(cmds.is_empty(), "{cmds:?}");
    let screen = lines(draw(&mut s, 80, 24).backend().buffer()).join("\n");
    assert!(screen.contains("may export"), "{screen}");
}

#[test]
fn help_finds_figures_export_and_the_ranking() {
    for needle in ["统计", "导出", "逆排名", "化解率"] {
        let mut s = on_figures(Lang::Zh);
        update(&mut s, key(KeyCode::F(1)));
        for c in needle.chars() {
            update(&mut s, key(KeyCode::Char(c)));
        }
        let screen = lines(draw(&mut s, 200, 50).backend().buffer()).join("\n");
        let hits = screen.lines().filter(|l| l.contains(needle)).count();
        assert!(
            hits >= 2,
            "help for {needle} finds it (title + a line):\n{screen}"
        );
    }
    let mut s = on_figures(Lang::Zh);
    update(&mut s, key(KeyCode::F(1)));
    for c in "现场化解率".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    let screen = lines(draw(&mut s, 200, 50).backend().buffer()).join("\n");
    assert!(screen.contains("现场化解件数 ÷ 本期受理批次"), "{screen}");
}
