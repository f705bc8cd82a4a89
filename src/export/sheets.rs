//! The sheets of each export kind: their Chinese headers, widths and rows.

use super::sink::{Cell, Column, Sink, col};
use super::{Failure, Kind, Request};
use crate::domain::Centre;
use crate::domain::clock::TZ;
use crate::domain::figures::{Figure, Value, figures};
use crate::domain::party::mask_name;
use crate::domain::{phone, resident_id};
use crate::store::Store;
use chrono::{DateTime, Utc};

/// A label in Chinese (exports are read by the centre's supervisors in Excel or WPS).
pub fn zh(key: &str) -> String {
    rust_i18n::t!(key, locale = "zh-CN").into_owned()
}

fn time(t: DateTime<Utc>) -> String {
    t.with_timezone(&TZ).format("%Y-%m-%d %H:%M").to_string()
}

fn label(prefix: &str, code: Option<&str>) -> Cell {
    match code {
        Some(c) => {
            let key = format!("{prefix}.{c}");
            let text = zh(&key);
            // An unknown code is written as stored rather than as a locale key.
            Cell::Text(if text == key { c.to_string() } else { text })
        }
        None => Cell::Empty,
    }
}

const LEDGER: &[Column] = &[
    col("案件编号", 20),
    col("受理时间", 16),
    col("受理渠道", 10),
    col("纠纷类别", 14),
    col("乡镇", 10),
    col("状态", 8),
    col("办理结果", 8),
    col("办理方式", 8),
    col("牵头单位", 16),
    col("人数", 4),
    col("申请人", 10),
    col("身份证号", 18),
    col("联系电话", 13),
    col("协议编号", 20),
    col("司法确认", 8),
    col("诉讼程序", 8),
    col("办结时间", 16),
];

const FOLLOW_UPS: &[Column] = &[
    col("案件编号", 20),
    col("回访时间", 16),
    col("回访人", 10),
    col("满意度", 8),
    col("发现问题", 8),
    col("备注", 30),
];

const FIGURES: &[Column] = &[
    col("指标", 22),
    col("数值", 10),
    col("分子", 8),
    col("分母", 8),
    col("口径设置", 26),
    col("定义", 80),
];

const BREAKDOWN: &[Column] = &[
    col("", 14),
    col("受理件数", 8),
    col("批次", 6),
    col("人次", 6),
    col("现场化解", 8),
    col("化解", 6),
    col("化解率", 8),
];

const DAILY: &[Column] = &[col("日期", 10), col("受理件数", 8)];

const DEPARTMENTS: &[Column] = &[
    col("名次", 4),
    col("部门", 22),
    col("得分", 6),
    col("迟到报到", 8),
    col("牵头超期", 8),
    col("不满意回访", 10),
];

const TOWNSHIPS: &[Column] = &[
    col("名次", 4),
    col("乡镇", 10),
    col("得分", 6),
    col("常住人口", 8),
    col("受理件数", 8),
    col("每万人件数", 10),
    col("重复访", 6),
    col("升级", 6),
    col("超期", 6),
];

fn title(centre: &Centre, request: &Request, what: &str) -> String {
    format!(
        "{} {what}（{} 至 {}）",
        centre.name, request.period.from, request.period.to
    )
}

/// Writes the request's sheets; returns how many data rows were written.
pub(crate) async fn write(
    store: &Store,
    centre: &Centre,
    request: &Request,
    sink: &mut (dyn Sink + Send),
    now: DateTime<Utc>,
) -> Result<u64, Failure> {
    match request.kind {
        Kind::Ledger => ledger(store, centre, request, sink).await,
        Kind::FollowUps => follow_ups(store, centre, request, sink).await,
        Kind::Figures => figure_sheets(store, centre, request, sink, now).await,
        Kind::Ranking => ranking(store, centre, request, sink, now).await,
    }
}

async fn ledger(
    store: &Store,
    centre: &Centre,
    request: &Request,
    sink: &mut (dyn Sink + Send),
) -> Result<u64, Failure> {
    sink.sheet("案件台账", &title(centre, request, "案件台账"), LEDGER)?;
    let unmasked = request.unmasked;
    let mut after = None;
    let mut rows = 0u64;
    loop {
        let page = store
            .ledger_page(centre.id, request.period.from, request.period.to, after)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some((last.received_at, last.id));
        for r in &page {
            let organisation = r.is_organisation.unwrap_or(false);
            let name = r.applicant.as_deref().map(|n| {
                if unmasked || organisation {
                    n.to_string()
                } else {
                    mask_name(n)
                }
            });
            let id = r.resident_id.as_deref().map(|id| {
                if unmasked {
                    id.to_string()
                } else {
                    resident_id::mask(id)
                }
            });
            let tel = r.phone.as_deref().map(|t| {
                if unmasked {
                    t.to_string()
                } else {
                    phone::mask(t)
                }
            });
            sink.row(&[
                r.case_no.clone().into(),
                time(r.received_at).into(),
                label("intake.channel", Some(&r.channel)),
                r.category.clone().into(),
                r.township.clone().into(),
                label("detail.state", Some(&r.state)),
                label("detail.state", r.settled_as.as_deref()),
                label("intake.handling", r.handling.as_deref()),
                r.lead_department.clone().into(),
                Cell::Int(r.group_persons.into()),
                name.into(),
                id.into(),
                tel.into(),
                r.agreement_no.clone().into(),
                label("figures.confirmation", r.judicial_confirmation.as_deref()),
                label("detail.track", r.litigation_track.as_deref()),
                r.closed_at.map(time).into(),
            ])?;
            rows += 1;
        }
    }
    Ok(rows)
}

async fn follow_ups(
    store: &Store,
    centre: &Centre,
    request: &Request,
    sink: &mut (dyn Sink + Send),
) -> Result<u64, Failure> {
    sink.sheet("回访", &title(centre, request, "回访记录"), FOLLOW_UPS)?;
    let (start, end) = request.period.bounds();
    let mut after = None;
    let mut rows = 0u64;
    loop {
        let page = store.follow_up_page(centre.id, start, end, after).await?;
        let Some(last) = page.last() else { break };
        after = Some((last.at, last.id));
        for f in &page {
            sink.row(&[
                f.case_no.clone().into(),
                time(f.at).into(),
                f.by_whom.clone().into(),
                zh(&format!("figures.satisfaction.{}", f.satisfaction)).into(),
                (if f.problem_found { "是" } else { "否" }).into(),
                f.note.clone().into(),
            ])?;
            rows += 1;
        }
    }
    Ok(rows)
}

/// The rows of one figure: one per part (a rate is one row with its numerator and
/// denominator), each with the setting in force and the definition.
pub fn figure_rows(f: &Figure) -> Vec<Vec<Cell>> {
    let name = zh(&format!("figures.name.{}", f.key.key()));
    let setting: Cell = f.setting.map(zh).into();
    let definition: Cell = zh(&format!("figures.def.{}", f.key.key())).into();
    match &f.value {
        Value::Rate(r) => vec![vec![
            name.into(),
            r.percent_text().into(),
            Cell::Int(r.numerator),
            Cell::Int(r.denominator),
            setting,
            definition,
        ]],
        Value::Counts(parts) => parts
            .iter()
            .map(|(part, n)| {
                vec![
                    format!("{name}（{}）", zh(&format!("figures.part.{part}"))).into(),
                    Cell::Int(*n),
                    Cell::Empty,
                    Cell::Empty,
                    setting.clone(),
                    definition.clone(),
                ]
            })
            .collect(),
        Value::Minutes(parts) => parts
            .iter()
            .map(|(part, m)| {
                vec![
                    format!("{name}（{}）", zh(&format!("figures.part.{part}"))).into(),
                    m.map_or(Cell::Text("—".into()), |m| {
                        Cell::Num((m * 10.0).round() / 10.0)
                    }),
                    Cell::Empty,
                    Cell::Empty,
                    setting.clone(),
                    definition.clone(),
                ]
            })
            .collect(),
    }
}

async fn figure_sheets(
    store: &Store,
    centre: &Centre,
    request: &Request,
    sink: &mut (dyn Sink + Send),
    now: DateTime<Utc>,
) -> Result<u64, Failure> {
    let got = store.period_figures(centre.id, request.period, now).await?;
    let mut rows = 0u64;
    sink.sheet("统计", &title(centre, request, "统计"), FIGURES)?;
    for f in figures(&got.counts, &request.settings) {
        for row in figure_rows(&f) {
            sink.row(&row)?;
            rows += 1;
        }
    }
    for (name, key_header, list) in [
        ("按类别", "纠纷类别", &got.by_category),
        ("按乡镇", "乡镇", &got.by_township),
    ] {
        let mut columns = BREAKDOWN.to_vec();
        columns[0] = col(key_header, 14);
        sink.sheet(name, &title(centre, request, name), &columns)?;
        for r in list {
            sink.row(&[
                r.key.clone().unwrap_or_else(|| "（未注明）".into()).into(),
                Cell::Int(r.cases),
                Cell::Int(r.batches),
                Cell::Int(r.persons),
                Cell::Int(r.solved_on_site),
                Cell::Int(r.resolved),
                r.resolution(&request.settings).percent_text().into(),
            ])?;
            rows += 1;
        }
    }
    sink.sheet("每日", &title(centre, request, "每日受理"), DAILY)?;
    for (day, n) in &got.daily {
        sink.row(&[day.to_string().into(), Cell::Int(*n)])?;
        rows += 1;
    }
    Ok(rows)
}

/// The weights as printed beside the ranking.
pub fn weights_text(w: &crate::domain::figures::RankingWeights) -> (String, String) {
    (
        format!(
            "迟到报到×{} 牵头超期×{} 不满意回访×{}",
            w.department_late, w.department_overdue, w.department_dissatisfied
        ),
        format!(
            "每万人件数×{} 重复访×{} 升级×{} 超期×{}",
            w.township_per_10k, w.township_repeat, w.township_escalations, w.township_overdue
        ),
    )
}

async fn ranking(
    store: &Store,
    centre: &Centre,
    request: &Request,
    sink: &mut (dyn Sink + Send),
    now: DateTime<Utc>,
) -> Result<u64, Failure> {
    let r = store
        .ranking(centre.id, request.period, request.weights, now)
        .await?;
    let (dept_w, town_w) = weights_text(&request.weights);
    let mut rows = 0u64;
    let what = format!("部门逆排名 权重：{dept_w}");
    sink.sheet("部门逆排名", &title(centre, request, &what), DEPARTMENTS)?;
    for d in &r.departments {
        sink.row(&[
            Cell::Int(d.place as i64),
            d.parts.name.clone().into(),
            Cell::Num(d.score),
            Cell::Int(d.parts.late_summonses),
            Cell::Int(d.parts.overdue_cases),
            Cell::Int(d.parts.dissatisfied),
        ])?;
        rows += 1;
    }
    let what = format!("乡镇逆排名 权重：{town_w}");
    sink.sheet("乡镇逆排名", &title(centre, request, &what), TOWNSHIPS)?;
    for t in &r.townships {
        sink.row(&[
            Cell::Int(t.place as i64),
            t.parts.name.clone().into(),
            Cell::Num((t.score * 100.0).round() / 100.0),
            t.parts.population.map_or(Cell::Empty, Cell::Int),
            Cell::Int(t.parts.cases),
            t.parts
                .per_10k()
                .map_or(Cell::Empty, |x| Cell::Num((x * 100.0).round() / 100.0)),
            Cell::Int(t.parts.repeats),
            Cell::Int(t.parts.escalations),
            Cell::Int(t.parts.overdue_cases),
        ])?;
        rows += 1;
    }
    Ok(rows)
}
