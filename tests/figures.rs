//! The figures (统计) and the reverse ranking (逆排名) as the store counts them, on SQLite and
//! PostgreSQL, against answers worked out by hand — including the three figures the source
//! articles quote, rebuilt from constructed counts. Rates are rounded half away from zero to
//! one decimal.

#[macro_use]
mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::stores::{Fixture, county, deadlines, morning, stamp};
use uuid::Uuid;
use yidi::domain::case::{
    CaseState, Channel, CourtLink, Handling, JudicialConfirmation, Lanes, Level, LitigationTrack,
    Outcome, Stream,
};
use yidi::domain::figures::{FigureKey, FigureSettings, OnSiteBase, Period, Rate, Value, figures};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{Case, Centre, ClockMarks, FollowUp, Intake};
use yidi::store::Store;

on_both!(
    the_article_figures_come_back_from_constructed_counts,
    a_small_month_counts_as_worked_out_by_hand,
);

/// `hh:mm` Beijing time on a day of 2026.
fn at(month: u32, day: u32, hh: u32, mm: u32) -> DateTime<Utc> {
    yidi::domain::clock::TZ
        .with_ymd_and_hms(2026, month, day, hh, mm, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, d).unwrap()
}

/// A case as the import path takes it: closed unless `state` says otherwise.
fn case(centre: Uuid, n: usize, received: DateTime<Utc>, address: &str) -> (Case, Vec<Party>) {
    let mut p = Party::person(PartyRole::Applicant, "张建国");
    p.address = address.into();
    let c = Case {
        id: Uuid::now_v7(),
        centre_id: centre,
        case_no: format!("YD{}-T{n:06}", received.format("%Y%m%d")),
        tracking_token: Uuid::new_v4(),
        channel: Channel::WalkIn,
        category: "劳动争议".into(),
        description: "test".into(),
        state: CaseState::Closed,
        stream: Some(Stream::Mediation),
        handling: Some(Handling::Joint),
        level: Some(Level::County),
        lead_department: None,
        first_handler: Some("王敏".into()),
        group_batches: 1,
        group_persons: 1,
        lanes: Lanes::default(),
        court_case_no: None,
        repeat_of: None,
        outcome_note: None,
        received_at: received,
        deadlines: deadlines(received),
        marks: ClockMarks {
            accepted: Some(received + Duration::minutes(10)),
            convened: Some(received + Duration::hours(2)),
            ..Default::default()
        },
        court: CourtLink::default(),
        closed_at: Some(received + Duration::hours(3)),
        version: 5,
    };
    (c, vec![p])
}

fn agreed(mut c: (Case, Vec<Party>)) -> (Case, Vec<Party>) {
    c.0.court.agreement_no = Some(format!("调协{}", c.0.case_no));
    c
}

fn tracked(mut c: (Case, Vec<Party>), track: LitigationTrack) -> (Case, Vec<Party>) {
    c.0.court.litigation_track = Some(track);
    c
}

async fn centre(store: &Store, code: &str, name: &str) -> Centre {
    let c = Centre {
        id: Uuid::now_v7(),
        code: code.into(),
        name: name.into(),
        level: Level::County,
        parent: None,
    };
    store.ensure_centre(&c, &stamp(morning())).await.unwrap()
}

async fn import(store: &Store, centre: Uuid, cases: Vec<(Case, Vec<Party>)>) {
    for chunk in cases.chunks(5_000) {
        store
            .import_history(centre, chunk, &stamp(morning()))
            .await
            .unwrap();
    }
}

fn rate(figs: &[yidi::domain::figures::Figure], key: FigureKey) -> Rate {
    match &figs.iter().find(|f| f.key == key).unwrap().value {
        Value::Rate(r) => *r,
        other => panic!("{key:?} is {other:?}"),
    }
}

async fn the_article_figures_come_back_from_constructed_counts(store: Store, _url: String) {
    let october = Period::month_of(day(10, 1));
    let when = |k: usize| at(10, 8 + (k % 20) as u32, 9, 0) + Duration::seconds((k / 20) as i64);

    // 甘州区: 3,354 visits (批次), 11,615 persons (人次), 1,510 solved on site.
    let gz = centre(&store, "ganzhou", "甘州区综治中心").await;
    let mut cases = Vec::new();
    for k in 0..3_354 {
        let mut c = case(gz.id, k, when(k), "城关镇人民路1号");
        c.0.group_persons = match k {
            0..1_669 => 1,
            1_669..1_710 => 2,
            _ => 6,
        };
        if k < 1_510 {
            c.0.handling = Some(Handling::Immediate);
            c = agreed(c);
        }
        cases.push(c);
    }
    import(&store, gz.id, cases).await;
    let got = store
        .period_figures(gz.id, october, morning())
        .await
        .unwrap();
    assert_eq!(
        (got.counts.cases, got.counts.batches, got.counts.persons),
        (3_354, 3_354, 11_615)
    );
    let by_batches = figures(&got.counts, &FigureSettings::default());
    assert_eq!(
        rate(&by_batches, FigureKey::OnSiteRate),
        Rate::new(1_510, 3_354)
    );
    assert_eq!(
        rate(&by_batches, FigureKey::OnSiteRate).percent_text(),
        "45.0 %"
    );
    let by_persons = figures(
        &got.counts,
        &FigureSettings {
            on_site_base: OnSiteBase::Persons,
            ..Default::default()
        },
    );
    assert_eq!(
        rate(&by_persons, FigureKey::OnSiteRate).percent_text(),
        "13.0 %"
    );

    // 南昌县: 7,629 received; 5,233 mediated and 1,436 速裁 — 6,669 resolved when 速裁 counts.
    let nc = centre(&store, "nanchang", "南昌县综治中心").await;
    let mut cases = Vec::new();
    for k in 0..7_629 {
        let c = case(nc.id, k, when(k), "莲塘镇1号");
        cases.push(match k {
            0..5_233 => agreed(c),
            5_233..6_669 => tracked(c, LitigationTrack::FastTrack),
            _ => tracked(c, LitigationTrack::PriorityFiling),
        });
    }
    import(&store, nc.id, cases).await;
    let got = store
        .period_figures(nc.id, october, morning())
        .await
        .unwrap();
    let counted = figures(
        &got.counts,
        &FigureSettings {
            fast_track_resolved: true,
            ..Default::default()
        },
    );
    assert_eq!(
        rate(&counted, FigureKey::ResolutionRate),
        Rate::new(6_669, 7_629)
    );
    assert_eq!(
        rate(&counted, FigureKey::ResolutionRate).percent_text(),
        "87.4 %"
    );
    let strict = figures(&got.counts, &FigureSettings::default());
    assert_eq!(
        rate(&strict, FigureKey::ResolutionRate).percent_text(),
        "68.6 %"
    );
    assert_eq!(
        (got.counts.fast_track, got.counts.priority_filing),
        (1_436, 960)
    );

    // 甘州区's mediation: 12,438 mediations ended, 11,853 of them in agreement = 95.3 %.
    let md = centre(&store, "ganzhou-med", "甘州区调解中心").await;
    let mut cases = Vec::new();
    for k in 0..12_438 {
        let mut c = case(md.id, k, when(k), "梁家墩镇1号");
        if k < 11_853 {
            c = agreed(c);
        } else {
            c.0.state = CaseState::Failed;
            c.0.closed_at = None;
        }
        cases.push(c);
    }
    import(&store, md.id, cases).await;
    let got = store
        .period_figures(md.id, october, morning())
        .await
        .unwrap();
    let figs = figures(&got.counts, &FigureSettings::default());
    assert_eq!(
        rate(&figs, FigureKey::MediationSuccess),
        Rate::new(11_853, 12_438)
    );
    assert_eq!(
        rate(&figs, FigureKey::MediationSuccess).percent_text(),
        "95.3 %"
    );
}

/// Six cases, seven summonses, one ticket and two follow-ups in October 2026; every answer
/// below is counted by hand from this list.
async fn a_small_month_counts_as_worked_out_by_hand(store: Store, _url: String) {
    let f: Fixture = county(&store).await;
    let s = f.centre.id;
    let lead = |mut c: (Case, Vec<Party>), d: Uuid| {
        c.0.lead_department = Some(d);
        c
    };
    // c1: immediate, agreed the same morning in 柳林乡 — solved on site.
    let mut c1 = agreed(case(s, 1, at(10, 12, 10, 0), "柳林乡河坝村3组"));
    c1.0.handling = Some(Handling::Immediate);
    // c2: a group of 12 from 柳林乡, sent to the court's fast track.
    let mut c2 = tracked(
        case(s, 2, at(10, 12, 11, 0), "柳林乡大塘村1组"),
        LitigationTrack::FastTrack,
    );
    c2.0.group_persons = 12;
    // c3: 城关镇, a repeat of c1, never accepted: all three clocks broken; 人社局 leads.
    let mut c3 = lead(case(s, 3, at(10, 13, 9, 0), "城关镇人民路12号"), f.hrss.id);
    c3.0.state = CaseState::Triaged;
    c3.0.closed_at = None;
    c3.0.marks = ClockMarks::default();
    c3.0.repeat_of = Some(c1.0.id);
    c3.0.category = "邻里纠纷".into();
    c3.0.version = 2;
    // c4: 城关镇, accepted a day late, agreed, confirmed by the court; 人社局 leads.
    let mut c4 = lead(
        agreed(case(s, 4, at(10, 14, 9, 0), "城关镇解放路3号")),
        f.hrss.id,
    );
    c4.0.marks.accepted = Some(at(10, 15, 9, 0));
    c4.0.court.judicial_confirmation = Some(JudicialConfirmation::Granted);
    c4.0.category = "邻里纠纷".into();
    c4.0.closed_at = Some(at(10, 16, 15, 0));
    // c5: no township in the address; triaged, its mediation fails on 10-21 (recorded below).
    let mut c5 = lead(
        case(s, 5, at(10, 20, 9, 0), "某某物流有限公司"),
        f.housing.id,
    );
    c5.0.state = CaseState::Triaged;
    c5.0.closed_at = None;
    c5.0.category = "婚姻家庭".into();
    c5.0.version = 2;
    let ids = [c1.0.id, c2.0.id, c3.0.id, c4.0.id, c5.0.id];
    import(&store, s, vec![c1, c2, c3, c4, c5]).await;
    let [c1, _c2, c3, c4, c5] = ids;
    // c6: a walk-in on 10-15 from 城关镇, called after 25 minutes, then left untouched.
    let mut p = Party::person(PartyRole::Applicant, "李四");
    p.address = "城关镇和平街5号".into();
    let intake = Intake::new(s, Channel::WalkIn, "物业纠纷", "漏水").with_party(p);
    store
        .intake(
            &intake,
            deadlines(at(10, 15, 9, 0)),
            &stamp(at(10, 15, 9, 0)),
        )
        .await
        .unwrap();
    store
        .call_next(s, day(10, 15), "1号窗口", &stamp(at(10, 15, 9, 25)))
        .await
        .unwrap()
        .expect("a ticket waits");

    // Summonses: c3 人社局 (30 min) arrives in 20 — on time; c3 住建局 (40 min) in 55 — late;
    // c4 人社局 not there at 09:30, re-whistled at 09:45 (the first counts late), the new one
    // arrives at 10:00 — on time, 15 min; c4 住建局 cancelled before its due — not counted;
    // c5 住建局 cancelled after its due — late.
    let whistle = |case_id, dept, t| {
        let store = store.clone();
        async move {
            store
                .whistle(case_id, dept, "到场", &stamp(t))
                .await
                .unwrap()
        }
    };
    let a = whistle(c3, f.hrss.id, at(10, 13, 9, 10)).await;
    store
        .record_arrival(a.id, at(10, 13, 9, 30), None, &stamp(at(10, 13, 9, 30)))
        .await
        .unwrap();
    let b = whistle(c3, f.housing.id, at(10, 13, 9, 10)).await;
    store
        .record_arrival(b.id, at(10, 13, 10, 5), None, &stamp(at(10, 13, 10, 5)))
        .await
        .unwrap();
    let old = whistle(c4, f.hrss.id, at(10, 14, 9, 0)).await;
    let new = store
        .rewhistle(old.id, &stamp(at(10, 14, 9, 45)))
        .await
        .unwrap();
    store
        .record_arrival(new.id, at(10, 14, 10, 0), None, &stamp(at(10, 14, 10, 0)))
        .await
        .unwrap();
    let d = whistle(c4, f.housing.id, at(10, 14, 9, 0)).await;
    store
        .cancel_summons(d.id, "已电话沟通", &stamp(at(10, 14, 9, 20)))
        .await
        .unwrap();
    let e = whistle(c5, f.housing.id, at(10, 20, 9, 0)).await;
    store
        .cancel_summons(e.id, "改期", &stamp(at(10, 20, 10, 0)))
        .await
        .unwrap();

    store
        .record_outcome(
            c5,
            2,
            &Outcome::Failed {
                track: LitigationTrack::PriorityFiling,
            },
            "调解未成",
            &stamp(at(10, 21, 10, 0)),
        )
        .await
        .unwrap();
    // Follow-ups: c1 满意 on 10-20; c4 不满意 on 10-25. c2 has none.
    for (case_id, score, t) in [(c1, 5, at(10, 20, 15, 0)), (c4, 2, at(10, 25, 15, 0))] {
        let fu = FollowUp {
            id: Uuid::now_v7(),
            case_id,
            at: t,
            by: "回访员".into(),
            satisfaction: score,
            note: String::new(),
            problem_found: false,
        };
        store.record_follow_up(&fu, 5, &stamp(t)).await.unwrap();
    }
    store
        .set_population(
            s,
            &[("柳林乡", 20_000), ("城关镇", 40_000)],
            &stamp(morning()),
        )
        .await
        .unwrap();

    let october = Period::month_of(day(10, 1));
    let now = morning(); // 23 November: every October clock has run out.
    let got = store.period_figures(s, october, now).await.unwrap();
    let c = got.counts;
    assert_eq!((c.cases, c.batches, c.persons), (6, 6, 17), "received");
    assert_eq!(c.solved_on_site, 1);
    assert_eq!(c.resolved, 2, "c1 and c4");
    assert_eq!(c.mediation_concluded, 3, "c1, c4 agreed; c5 failed");
    assert_eq!((c.confirmation_asked, c.confirmation_granted), (1, 1));
    assert_eq!((c.fast_track, c.priority_filing), (1, 1));
    assert_eq!(
        (c.breach_accept, c.breach_convene, c.breach_reply),
        (3, 1, 2),
        "accept: c3, c4 late, c6; convene: c3; reply: c3, c6"
    );
    assert_eq!((c.summons_on_time, c.summons_late), (2, 3));
    assert_eq!(
        c.median_arrival_min,
        Some(20.0),
        "arrivals of 15, 20 and 55 minutes"
    );
    assert_eq!((c.mean_wait_min, c.p90_wait_min), (Some(25.0), Some(25)));
    assert_eq!(c.repeats, 1);
    assert_eq!(
        (c.closed, c.closed_followed_up),
        (3, 2),
        "closed in October: c1, c2, c4"
    );
    assert_eq!((c.follow_ups, c.satisfied), (2, 1));
    let figs = figures(&c, &FigureSettings::default());
    assert_eq!(
        rate(&figs, FigureKey::ResolutionRate).percent_text(),
        "33.3 %"
    );
    assert_eq!(rate(&figs, FigureKey::OnSiteRate).percent_text(), "16.7 %");
    assert_eq!(
        rate(&figs, FigureKey::MediationSuccess).percent_text(),
        "66.7 %"
    );
    assert_eq!(
        rate(&figs, FigureKey::SummonsOnTime).percent_text(),
        "40.0 %"
    );
    assert_eq!(
        rate(&figs, FigureKey::FollowUpCoverage).percent_text(),
        "66.7 %"
    );
    assert_eq!(
        rate(&figs, FigureKey::Satisfaction).percent_text(),
        "50.0 %"
    );

    let towns: Vec<(Option<&str>, i64)> = got
        .by_township
        .iter()
        .map(|r| (r.key.as_deref(), r.cases))
        .collect();
    assert_eq!(towns, [(Some("城关镇"), 3), (Some("柳林乡"), 2), (None, 1)]);
    let cats: Vec<(Option<&str>, i64, i64)> = got
        .by_category
        .iter()
        .map(|r| (r.key.as_deref(), r.cases, r.resolved))
        .collect();
    assert_eq!(
        cats,
        [
            (Some("劳动争议"), 2, 1),
            (Some("邻里纠纷"), 2, 1),
            (Some("婚姻家庭"), 1, 0),
            (Some("物业纠纷"), 1, 0)
        ]
    );
    assert_eq!(got.daily.len(), 31);
    assert_eq!(got.daily[11], (day(10, 12), 2));
    assert_eq!(got.daily.iter().map(|(_, n)| n).sum::<i64>(), 6);

    // The ranking: 人社局 late 1 (the re-whistled one), overdue 1 (c3), dissatisfied 1 (c4)
    // = 1×1 + 2×1 + 3×1 = 6; 住建局 late 2 = 2. 城关镇: 3 cases per 40,000 = 0.75 per 10k,
    // 1 repeat, 2 overdue (c3, c6) = 0.75 + 1 + 4 = 5.75; 柳林乡: 2 per 20,000 = 1.0.
    let w = yidi::domain::figures::RankingWeights::default();
    let r = store.ranking(s, october, w, now).await.unwrap();
    let depts: Vec<(usize, &str, i64, i64, i64)> = r
        .departments
        .iter()
        .map(|d| {
            (
                d.place,
                d.parts.name.as_str(),
                d.parts.late_summonses,
                d.parts.overdue_cases,
                d.parts.dissatisfied,
            )
        })
        .collect();
    assert_eq!(depts, [(1, "人社局", 1, 1, 1), (2, "住建局", 2, 0, 0)]);
    assert!((r.departments[0].score - 6.0).abs() < 1e-9);
    let towns: Vec<(usize, &str, i64, i64, i64)> = r
        .townships
        .iter()
        .map(|t| {
            (
                t.place,
                t.parts.name.as_str(),
                t.parts.cases,
                t.parts.repeats,
                t.parts.overdue_cases,
            )
        })
        .collect();
    assert_eq!(towns, [(1, "城关镇", 3, 1, 2), (2, "柳林乡", 2, 0, 0)]);
    assert!((r.townships[0].score - 5.75).abs() < 1e-9);
    assert_eq!(r.townships[1].parts.per_10k(), Some(1.0));
}
