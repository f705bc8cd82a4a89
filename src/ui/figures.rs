//! The figures tab (统计): the period's figures with numerator and denominator and the
//! setting where the articles count differently, bars by category and by township, a daily
//! sparkline; its second page is the month's reverse ranking (逆排名) with its weights and
//! each row's parts. Reads `State` only.

use crate::app::figures::Page;
use crate::app::state::State;
use crate::domain::figures::{Figure, FigureKey, Value, figures};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Cell, Paragraph, Row, Sparkline, Table, Widget};

pub struct FiguresView<'a>(pub &'a State);

/// A figure's value as two short texts: the value (`33.3 %`, `3354件`, `中位数 24`) and its
/// detail (`2/6` for a rate, the other parts of a count: `3354批次 11615人次`).
pub fn value_text(s: &State, f: &Figure) -> (String, String) {
    let sep = if s.lang == crate::domain::Lang::Zh {
        ""
    } else {
        " "
    };
    let part = |p: &str| s.t(&format!("figures.part.{p}"));
    let counts = |parts: &[(&str, i64)]| {
        parts
            .iter()
            .map(|(p, n)| format!("{n}{sep}{}", part(p)))
            .collect::<Vec<_>>()
    };
    let minutes = |parts: &[(&str, Option<f64>)]| {
        parts
            .iter()
            .map(|(p, m)| match m {
                Some(m) => format!("{} {:.0}", part(p), m),
                None => format!("{} —", part(p)),
            })
            .collect::<Vec<_>>()
    };
    let split = |mut texts: Vec<String>| {
        let first = if texts.is_empty() {
            String::new()
        } else {
            texts.remove(0)
        };
        (first, texts.join(" "))
    };
    match &f.value {
        Value::Rate(r) => (
            r.percent_text(),
            format!("{}/{}", r.numerator, r.denominator),
        ),
        Value::Counts(parts) => split(counts(parts)),
        Value::Minutes(parts) => split(minutes(parts)),
    }
}

/// Figure definitions for the help (F1): name and definition, filtered like the key list.
pub fn definition_lines<'a>(s: &State, filter: &str) -> Vec<Line<'a>> {
    let needle = filter.trim().to_lowercase();
    let both = |key: &str| {
        format!(
            "{} {}",
            rust_i18n::t!(key, locale = "zh-CN"),
            rust_i18n::t!(key, locale = "en")
        )
        .to_lowercase()
    };
    let mut out = Vec::new();
    for key in FigureKey::ALL {
        let name = format!("figures.name.{}", key.key());
        let def = format!("figures.def.{}", key.key());
        let hay = format!("统计 figures {} {}", both(&name), both(&def));
        if !needle.is_empty() && !hay.contains(&needle) {
            continue;
        }
        if out.is_empty() {
            out.push(Line::styled(
                s.t("figures.definitions"),
                s.theme.style("help.context"),
            ));
        }
        out.push(Line::from(vec![
            Span::styled(format!("  {}: ", s.t(&name)), s.theme.style("help.key")),
            Span::raw(s.t(&def)),
        ]));
    }
    out
}

fn period_line(s: &State) -> Line<'static> {
    let f = &s.figures;
    let (period, month) = f.choice.periods(s.now);
    let shown = if f.page == Page::Ranking {
        month
    } else {
        period
    };
    let arrows = if s.ascii { ("<", ">") } else { ("◀", "▶") };
    let mut spans = vec![
        Span::styled(
            format!("{} {} {}", arrows.0, s.t(f.choice.key()), arrows.1),
            s.theme.style("tabs.active"),
        ),
        Span::raw(format!(" {} – {} ", shown.from, shown.to)),
    ];
    for (page, key) in [
        (Page::Figures, "figures.page.figures"),
        (Page::Ranking, "figures.page.ranking"),
    ] {
        let mark = if page == f.page { "[x]" } else { "[ ]" };
        spans.push(Span::styled(
            format!(" {mark}{}", s.t(key)),
            s.theme.style(if page == f.page {
                "help.context"
            } else {
                "form.hint"
            }),
        ));
    }
    if f.loading {
        spans.push(Span::styled(
            format!("  {}", s.t("figures.loading")),
            s.theme.style("form.hint"),
        ));
    }
    Line::from(spans)
}

impl Widget for FiguresView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.0;
        let title = format!(" {} ", s.t("figures.tab"));
        let block = super::block(s, title, true);
        let inner = block.inner(area);
        block.render(area, buf);
        let [head, body] = inner.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
        period_line(s).render(head, buf);
        match s.figures.page {
            Page::Figures => render_figures(s, body, buf),
            Page::Ranking => render_ranking(s, body, buf),
        }
    }
}

fn hint(s: &State, area: Rect, buf: &mut Buffer) {
    Paragraph::new(s.t("figures.loading"))
        .style(s.theme.style("form.hint"))
        .render(area, buf);
}

fn render_figures(s: &State, area: Rect, buf: &mut Buffer) {
    let Some(data) = &s.figures.figures else {
        return hint(s, area, buf);
    };
    let wide = area.width >= 120;
    let table_width = if wide {
        area.width * 3 / 5
    } else {
        area.width.saturating_sub(22)
    };
    let [left, right] = area.layout(&Layout::horizontal([
        Constraint::Length(table_width),
        Constraint::Fill(1),
    ]));
    let list = figures(&data.counts, &s.figures.settings);
    let setting = |f: &Figure| {
        f.setting
            .map(|k| s.t(&k.replace("figures.setting.", "figures.setting_short.")))
    };
    let rows = list.iter().map(|f| {
        let (value, detail) = value_text(s, f);
        let detail = match setting(f) {
            Some(set) if detail.is_empty() => set,
            Some(set) => format!("{detail} {set}"),
            None => detail,
        };
        let mut cells = vec![
            Cell::from(s.t(&format!("figures.name.{}", f.key.key()))),
            Cell::from(value),
            Cell::from(detail),
        ];
        if wide {
            cells.push(
                Cell::from(s.t(&format!("figures.def.{}", f.key.key())))
                    .style(s.theme.style("form.hint")),
            );
        }
        Row::new(cells)
    });
    let mut widths = vec![
        Constraint::Length(if wide { 16 } else { 12 }),
        Constraint::Length(if wide { 14 } else { 11 }),
        if wide {
            Constraint::Length(36)
        } else {
            Constraint::Fill(1)
        },
    ];
    if wide {
        widths.push(Constraint::Fill(1));
    }
    let header = Row::new(
        [
            "figures.col.figure",
            "figures.col.value",
            "figures.col.ratio",
            "figures.col.definition",
        ]
        .iter()
        .take(widths.len())
        .map(|k| Cell::from(s.t(k))),
    )
    .style(s.theme.style("help.context"));
    Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .render(left, buf);

    // Charts: bars by category and by township, then the daily sparkline.
    let [cats, towns, daily] = right.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Length(if right.height >= 12 { 4 } else { 3 }),
    ]));
    let unknown = s.t("figures.unknown");
    bars(
        s,
        &s.t("figures.by_category"),
        // Stored in Chinese; the known ones read in the operator's language.
        data.by_category.iter().map(|r| {
            let name = r
                .key
                .as_deref()
                .map(|k| super::detail::category_label(s, k));
            (name.unwrap_or_else(|| unknown.clone()), r.cases)
        }),
        cats,
        buf,
    );
    bars(
        s,
        &s.t("figures.by_township"),
        data.by_township
            .iter()
            .map(|r| (r.key.clone().unwrap_or_else(|| unknown.clone()), r.cases)),
        towns,
        buf,
    );
    let values: Vec<u64> = data.daily.iter().map(|(_, n)| *n as u64).collect();
    let block = super::block(s, format!(" {} ", s.t("figures.daily")), false);
    let mut spark = Sparkline::default().block(block).data(&values);
    if s.ascii {
        spark = spark.bar_set(ascii_bars());
    }
    spark.render(daily, buf);
}

fn ascii_bars() -> symbols::bar::Set<'static> {
    symbols::bar::Set {
        full: "#",
        seven_eighths: "#",
        three_quarters: "=",
        five_eighths: "=",
        half: "-",
        three_eighths: "-",
        one_quarter: ".",
        one_eighth: ".",
        empty: " ",
    }
}

/// Horizontal bars, most first, as many as the area holds; each bar shows its count.
fn bars(
    s: &State,
    title: &str,
    rows: impl Iterator<Item = (String, i64)>,
    area: Rect,
    buf: &mut Buffer,
) {
    let block = super::block(s, format!(" {title} "), false);
    let inner = block.inner(area);
    block.render(area, buf);
    let fit = inner.height as usize;
    let bars: Vec<Bar> = rows
        .take(fit)
        .map(|(label, n)| {
            Bar::default()
                .label(Line::from(label))
                .value(n.max(0) as u64)
                .text_value(n.to_string())
        })
        .collect();
    if bars.is_empty() {
        return;
    }
    let mut chart = BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(s.theme.style("help.key"))
        .value_style(Style::default())
        .data(BarGroup::default().bars(&bars));
    if s.ascii {
        chart = chart.bar_set(ascii_bars());
    }
    chart.render(inner, buf);
}

fn render_ranking(s: &State, area: Rect, buf: &mut Buffer) {
    let Some(r) = &s.figures.ranking else {
        return hint(s, area, buf);
    };
    let w = &r.weights;
    let wide = area.width >= 120;
    let [dept_area, town_area] = if wide {
        area.layout(&Layout::horizontal([
            Constraint::Percentage(45),
            Constraint::Percentage(55),
        ]))
    } else {
        area.layout(&Layout::vertical([
            Constraint::Percentage(50),
            Constraint::Percentage(50),
        ]))
    };
    let weight_title = |key: &str, weights: String| {
        format!(
            " {} · {} {} ",
            s.t(key),
            s.t("figures.ranking.weights"),
            weights
        )
    };
    let dept_weights = format!(
        "{}×{} {}×{} {}×{}",
        s.t("figures.ranking.late"),
        w.department_late,
        s.t("figures.ranking.overdue"),
        w.department_overdue,
        s.t("figures.ranking.dissatisfied"),
        w.department_dissatisfied
    );
    let town_weights = format!(
        "{}×{} {}×{} {}×{} {}×{}",
        s.t("figures.ranking.per_10k"),
        w.township_per_10k,
        s.t("figures.ranking.repeat"),
        w.township_repeat,
        s.t("figures.ranking.escalations"),
        w.township_escalations,
        s.t("figures.ranking.overdue"),
        w.township_overdue
    );
    let header = |keys: &[&str]| {
        Row::new(keys.iter().map(|k| Cell::from(s.t(k)))).style(s.theme.style("help.context"))
    };
    let rows = r.departments.iter().map(|d| {
        Row::new([
            Cell::from(d.place.to_string()),
            Cell::from(d.parts.name.clone()),
            Cell::from(format!("{:.1}", d.score)),
            Cell::from(d.parts.late_summonses.to_string()),
            Cell::from(d.parts.overdue_cases.to_string()),
            Cell::from(d.parts.dissatisfied.to_string()),
        ])
    });
    Table::new(
        rows,
        [
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(6),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(8),
        ],
    )
    .header(header(&[
        "figures.ranking.place",
        "figures.ranking.department",
        "figures.ranking.score",
        "figures.ranking.late",
        "figures.ranking.overdue",
        "figures.ranking.dissatisfied",
    ]))
    .block(super::block(
        s,
        weight_title("figures.ranking.departments", dept_weights),
        false,
    ))
    .render(dept_area, buf);
    let rows = r.townships.iter().map(|t| {
        Row::new([
            Cell::from(t.place.to_string()),
            Cell::from(t.parts.name.clone()),
            Cell::from(format!("{:.2}", t.score)),
            Cell::from(
                t.parts
                    .per_10k()
                    .map_or("—".to_string(), |x| format!("{x:.2}")),
            ),
            Cell::from(t.parts.repeats.to_string()),
            Cell::from(t.parts.escalations.to_string()),
            Cell::from(t.parts.overdue_cases.to_string()),
        ])
    });
    Table::new(
        rows,
        [
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(7),
            Constraint::Length(8),
            Constraint::Length(6),
            Constraint::Length(6),
            Constraint::Length(7),
        ],
    )
    .header(header(&[
        "figures.ranking.place",
        "figures.ranking.township",
        "figures.ranking.score",
        "figures.ranking.per_10k",
        "figures.ranking.repeat",
        "figures.ranking.escalations",
        "figures.ranking.overdue",
    ]))
    .block(super::block(
        s,
        weight_title("figures.ranking.townships", town_weights),
        false,
    ))
    .render(town_area, buf);
}
