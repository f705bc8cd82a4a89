//! Following a case through, on SQLite and PostgreSQL: the 127 clocks, the ledger, the
//! explanation that stops the reply clock, finding a case, and repeat visits.

#[macro_use]
mod common;

use chrono::Duration;
use common::stores::{Fixture, county, morning, register, stamp};
use uuid::Uuid;
use yidi::domain::case::{CaseEvent, Channel, Handling, Level, Stream};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::sla::{ClockState, clocks};
use yidi::domain::{Centre, SlaPolicy, WorkCalendar};
use yidi::domain::{Intake, clock::local_day};
use yidi::store::{PersonKey, RepeatMatch, Store, StoreError, Triage};

on_both!(
    triage_and_session_meet_their_clocks_and_an_explanation_stops_the_reply_clock,
    the_ledger_keeps_every_step_in_order,
    a_resident_is_answered_from_whatever_they_bring,
    a_repeat_visitor_is_recognised_by_id_or_by_name_and_phone,
    open_cases_are_the_ones_whose_clocks_still_run,
    outcomes_carry_the_court_link,
    a_village_case_goes_up_one_level_at_a_time_keeping_its_clocks_and_history,
    cooperating_units_are_read_back_and_a_retriage_replaces_them,
    the_same_pair_of_parties_is_matched_despite_spaces_and_full_width_digits,
    court_referred_outcomes_are_returned_to_the_court_masked,
);

fn land_case(f: &Fixture, name: &str, id: &str, tel: &str) -> Intake {
    let mut p = Party::person(PartyRole::Applicant, name);
    p.resident_id = Some(id.into());
    p.phone = Some(tel.into());
    Intake::new(
        f.centre.id,
        Channel::WalkIn,
        "征地补偿",
        "征地补偿款标准有异议",
    )
    .with_party(p)
}

fn joint(f: &Fixture) -> Triage {
    Triage {
        stream: Stream::Mediation,
        handling: Handling::Joint,
        level: Level::County,
        lead_department: Some(f.hrss.id),
        cooperating: vec![f.housing.id],
        first_handler: "王敏".into(),
    }
}

async fn triage_and_session_meet_their_clocks_and_an_explanation_stops_the_reply_clock(
    store: Store,
    _url: String,
) {
    let f = county(&store).await;
    let r = register(
        &store,
        &land_case(&f, "杨树林", "11010519491231002X", "13800138000"),
        morning(),
    )
    .await;
    let c = store
        .triage(
            r.case.id,
            r.case.version,
            &joint(&f),
            &stamp(morning() + Duration::minutes(5)),
        )
        .await
        .unwrap();
    assert_eq!(c.marks.accepted, Some(morning() + Duration::minutes(5)));
    // Convened on Wednesday: a day late.
    let wed = morning() + Duration::days(2);
    let c = store
        .transition(c.id, c.version, CaseEvent::OpenSession, None, &stamp(wed))
        .await
        .unwrap();
    assert_eq!(c.marks.convened, Some(wed));
    let now = morning() + Duration::days(8); // Tuesday 1 December, the reply's last day
    assert_eq!(
        clocks(&c.deadlines, &c.marks, None, now),
        [ClockState::Met, ClockState::MetLate, ClockState::DueToday]
    );
    let c = store
        .record_explanation(
            c.id,
            c.version,
            "需待自然资源局重新测绘，预计 12 月中旬答复",
            &stamp(now),
        )
        .await
        .unwrap();
    assert!(
        c.marks
            .explanation
            .as_deref()
            .is_some_and(|e| e.contains("测绘"))
    );
    assert_eq!(
        clocks(&c.deadlines, &c.marks, None, now + Duration::days(5))[2],
        ClockState::Met,
        "the explanation stopped the reply clock"
    );
    // A stale console cannot overwrite the explanation.
    let err = store
        .record_explanation(c.id, c.version - 1, "旧版本", &stamp(now))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    let actions: Vec<String> = store
        .journal_for_case(c.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        ["intake", "triage", "open_session", "explain_to_resident"]
    );
}

async fn the_ledger_keeps_every_step_in_order(store: Store, _url: String) {
    let f = county(&store).await;
    let r = register(
        &store,
        &land_case(&f, "张建国", "11010519491231002X", "13800138000"),
        morning(),
    )
    .await;
    let c = store
        .triage(r.case.id, 1, &joint(&f), &stamp(morning()))
        .await
        .unwrap();
    store
        .add_ledger_entry(
            c.id,
            "人社局核实欠薪金额 31.2 万元",
            "住建局约谈总包单位",
            &stamp(morning() + Duration::hours(1)),
        )
        .await
        .unwrap();
    store
        .add_ledger_entry(
            c.id,
            "总包单位同意分两期支付",
            "11 月 30 日前支付首期",
            &stamp(morning() + Duration::hours(3)),
        )
        .await
        .unwrap();
    let ledger = store.ledger(c.id).await.unwrap();
    assert_eq!(ledger.len(), 2);
    assert_eq!(ledger[0].next_step, "住建局约谈总包单位");
    assert_eq!(ledger[1].actor, "窗口1-王敏");
    let journal = store.journal_for_case(c.id).await.unwrap();
    assert_eq!(
        journal.iter().filter(|e| e.action == "ledger").count(),
        2,
        "each ledger line is journalled"
    );
}

async fn a_resident_is_answered_from_whatever_they_bring(store: Store, _url: String) {
    let f = county(&store).await;
    let r = register(
        &store,
        &land_case(&f, "刘桂英", "11010519491231002X", "13912345678"),
        morning(),
    )
    .await;
    let today = local_day(morning());
    let code = format!("YIDI:{}", r.case.tracking_token.simple()).to_uppercase();
    let ticket = r.ticket.unwrap().code();
    // The short number the rooms tab shows: the case number's last part.
    let short = r.case.case_no.rsplit_once('-').unwrap().1.to_string();
    let unpadded = short.trim_start_matches('0').to_string();
    for q in [
        code.as_str(),
        &short,
        &unpadded,
        &r.case.tracking_token.to_string(),
        &ticket,
        &r.case.case_no,
        "１１０１０５１９４９１２３１００２ｘ",
        "139 1234 5678",
        "刘桂英",
    ] {
        let found = store.find_cases(f.centre.id, q, today).await.unwrap();
        assert_eq!(
            found.iter().map(|c| c.id).collect::<Vec<_>>(),
            [r.case.id],
            "searching {q:?}"
        );
    }
    assert!(
        store
            .find_cases(f.centre.id, "王五", today)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .find_cases(f.centre.id, "  ", today)
            .await
            .unwrap()
            .is_empty()
    );
    // Tomorrow A001 and 0001 are someone else's.
    assert!(
        store
            .find_cases(f.centre.id, &short, today.succ_opt().unwrap())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .find_cases(f.centre.id, &ticket, today.succ_opt().unwrap())
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_repeat_visitor_is_recognised_by_id_or_by_name_and_phone(store: Store, _url: String) {
    let f = county(&store).await;
    let mut earlier = Vec::new();
    for n in 0..3 {
        let at = morning() - Duration::days(90 * (3 - n));
        earlier.push(
            register(
                &store,
                &land_case(&f, "杨树林", "11010519491231002X", "13800138000"),
                at,
            )
            .await
            .case,
        );
    }
    let today = register(
        &store,
        &land_case(&f, "杨树林", "11010519491231002X", "13800138000"),
        morning(),
    )
    .await
    .case;
    let by_id = store
        .earlier_cases_of(
            &PersonKey {
                resident_id: Some("110105 19491231 002x"),
                name: "",
                phone: None,
            },
            Some(today.id),
            f.centre.id,
        )
        .await
        .unwrap();
    assert_eq!(
        by_id.iter().map(|c| c.id).collect::<Vec<_>>(),
        earlier.iter().map(|c| c.id).collect::<Vec<_>>()
    );
    let by_name_phone = store
        .earlier_cases_of(
            &PersonKey {
                resident_id: None,
                name: "杨树林",
                phone: Some("138-0013-8000"),
            },
            Some(today.id),
            f.centre.id,
        )
        .await
        .unwrap();
    assert_eq!(by_name_phone.len(), 3);
    let same_name_other_phone = store
        .earlier_cases_of(
            &PersonKey {
                resident_id: None,
                name: "杨树林",
                phone: Some("13700000000"),
            },
            None,
            f.centre.id,
        )
        .await
        .unwrap();
    assert!(
        same_name_other_phone.is_empty(),
        "a name alone is not the same person"
    );
    let linked = store
        .link_repeat(today.id, today.version, earlier[2].id, &stamp(morning()))
        .await
        .unwrap();
    assert_eq!(linked.repeat_of, Some(earlier[2].id));
    let rows = store
        .queue(f.centre.id, local_day(morning()))
        .await
        .unwrap();
    assert!(
        rows.iter().any(|r| r.case_id == today.id && r.repeat),
        "the queue marks the repeat visit"
    );
}

async fn open_cases_are_the_ones_whose_clocks_still_run(store: Store, _url: String) {
    let f = county(&store).await;
    let a = register(
        &store,
        &land_case(&f, "甲", "11010519491231002X", "13800138000"),
        morning(),
    )
    .await
    .case;
    let b = register(
        &store,
        &land_case(&f, "乙", "11010519491231002X", "13800138000"),
        morning(),
    )
    .await
    .case;
    let b = store
        .triage(b.id, b.version, &joint(&f), &stamp(morning()))
        .await
        .unwrap();
    store
        .transition(
            b.id,
            b.version,
            CaseEvent::Resolve,
            Some("当场化解"),
            &stamp(morning()),
        )
        .await
        .unwrap();
    let open = store.open_cases(f.centre.id, 100).await.unwrap();
    assert_eq!(
        open.iter().map(|c| c.id).collect::<Vec<_>>(),
        [a.id],
        "a settled case's clocks have stopped"
    );
}

async fn outcomes_carry_the_court_link(store: Store, _url: String) {
    use yidi::domain::case::{CaseState, JudicialConfirmation, LitigationTrack, Outcome};
    let f = county(&store).await;
    // Scenario 1: mediated, agreement recorded, judicial confirmation requested, then granted.
    let r = register(
        &store,
        &land_case(&f, "张建国", "11010519491231002X", "13800138000"),
        morning(),
    )
    .await;
    let c = store
        .triage(r.case.id, 1, &joint(&f), &stamp(morning()))
        .await
        .unwrap();
    let c = store
        .transition(
            c.id,
            c.version,
            CaseEvent::OpenSession,
            None,
            &stamp(morning()),
        )
        .await
        .unwrap();
    let mediated = Outcome::Mediated {
        agreement_no: "(2026)示调字第118号".into(),
        confirmation_requested: true,
    };
    let c = store
        .record_outcome(c.id, c.version, &mediated, "分两期支付", &stamp(morning()))
        .await
        .unwrap();
    assert_eq!(c.state, CaseState::Resolved);
    assert_eq!(c.court.agreement_no.as_deref(), Some("(2026)示调字第118号"));
    assert_eq!(
        c.court.judicial_confirmation,
        Some(JudicialConfirmation::Requested)
    );
    let c = store
        .record_confirmation(c.id, c.version, true, &stamp(morning() + Duration::days(3)))
        .await
        .unwrap();
    assert_eq!(
        c.court.judicial_confirmation,
        Some(JudicialConfirmation::Granted)
    );
    let again = store
        .record_confirmation(c.id, c.version, true, &stamp(morning()))
        .await
        .unwrap_err();
    assert!(
        matches!(again, StoreError::NoConfirmationRequested { .. }),
        "{again:?}"
    );

    // Scenario 4: a court referral that fails goes back for priority filing; the court's number stays.
    let mut i = land_case(&f, "陶静", "11010519491231002X", "13800138000");
    i.channel = Channel::CourtReferral;
    i.court_case_no = Some("(2026)示0101民诉前调1234号".into());
    let r = register(&store, &i, morning()).await;
    let c = store
        .triage(r.case.id, 1, &joint(&f), &stamp(morning()))
        .await
        .unwrap();
    let failed = Outcome::Failed {
        track: LitigationTrack::PriorityFiling,
    };
    let c = store
        .record_outcome(
            c.id,
            c.version,
            &failed,
            "调解不成，退回法院优先立案",
            &stamp(morning()),
        )
        .await
        .unwrap();
    assert_eq!(
        (c.state, c.court.litigation_track),
        (CaseState::Failed, Some(LitigationTrack::PriorityFiling))
    );
    assert_eq!(
        c.court_case_no.as_deref(),
        Some("(2026)示0101民诉前调1234号")
    );
    // An outcome the state machine does not allow changes nothing.
    let err = store
        .record_outcome(c.id, c.version, &failed, "再次", &stamp(morning()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Illegal(_)), "{err:?}");
}

/// A township centre under the fixture's county centre, and a village centre under it.
async fn township_and_village(store: &Store, f: &Fixture) -> (Centre, Centre) {
    let mk = |code: &str, name: &str, level, parent| Centre {
        id: Uuid::now_v7(),
        code: code.into(),
        name: name.into(),
        level,
        parent: Some(parent),
    };
    let township = store
        .ensure_centre(
            &mk("chengguan", "城关镇综治中心", Level::Township, f.centre.id),
            &stamp(morning()),
        )
        .await
        .unwrap();
    let village = store
        .ensure_centre(
            &mk("dongguan", "东关村综治中心", Level::Village, township.id),
            &stamp(morning()),
        )
        .await
        .unwrap();
    (township, village)
}

async fn a_village_case_goes_up_one_level_at_a_time_keeping_its_clocks_and_history(
    store: Store,
    _url: String,
) {
    let f = county(&store).await;
    let (township, village) = township_and_village(&store, &f).await;
    // Registered at the village centre on Monday morning, triaged at village level.
    let mut intake = land_case(&f, "杨树林", "11010519491231002X", "13800138000");
    intake.centre_id = village.id;
    let r = register(&store, &intake, morning()).await;
    let t = Triage {
        level: Level::Village,
        lead_department: None,
        cooperating: Vec::new(),
        handling: Handling::Immediate,
        ..joint(&f)
    };
    let c = store
        .triage(r.case.id, r.case.version, &t, &stamp(morning()))
        .await
        .unwrap();
    // Straight to the county is refused: one level at a time.
    let afternoon = morning() + Duration::hours(6);
    let due = SlaPolicy::default().county_due(afternoon, &WorkCalendar::builtin());
    assert_eq!(
        due,
        morning() + Duration::minutes(15 * 60 + 13),
        "the end of Monday"
    );
    let err = store
        .escalate_case(c.id, c.version, Level::County, due, &stamp(morning()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Escalation(_)), "{err:?}");
    assert!(err.message(yidi::domain::Lang::Zh).contains("逐级"));
    // Up to the township on Monday afternoon: the case moves to the township centre.
    let c = store
        .escalate_case(c.id, c.version, Level::Township, due, &stamp(afternoon))
        .await
        .unwrap();
    assert_eq!((c.level, c.centre_id), (Some(Level::Township), township.id));
    assert_eq!(c.marks.county_due, Some(due));
    assert_eq!(
        c.deadlines, r.case.deadlines,
        "the 127 clocks are not restarted"
    );
    assert_eq!(c.marks.accepted, Some(morning()), "nor their marks");
    // Never back down.
    let err = store
        .escalate_case(c.id, c.version, Level::Village, due, &stamp(afternoon))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Escalation(_)), "{err:?}");
    // On to the county on Tuesday morning: past the county clock's day, so met late.
    let tuesday = morning() + Duration::days(1);
    let later_due = tuesday + Duration::days(1);
    let c = store
        .escalate_case(c.id, c.version, Level::County, later_due, &stamp(tuesday))
        .await
        .unwrap();
    assert_eq!((c.level, c.centre_id), (Some(Level::County), f.centre.id));
    assert_eq!(c.marks.county_due, Some(due), "the first due time stands");
    assert_eq!(c.marks.reached_county, Some(tuesday));
    assert_eq!(
        c.marks.county_clock(None, tuesday).map(|(_, s)| s),
        Some(ClockState::MetLate)
    );
    let err = store
        .escalate_case(c.id, c.version, Level::County, later_due, &stamp(tuesday))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Escalation(_)), "{err:?}");
    // The history: two steps, each with who, when, and the centres.
    let steps = store.escalations(c.id).await.unwrap();
    assert_eq!(
        steps
            .iter()
            .map(|s| (s.from, s.to, s.from_centre, s.to_centre, s.at))
            .collect::<Vec<_>>(),
        [
            (
                Level::Village,
                Level::Township,
                village.id,
                township.id,
                afternoon
            ),
            (
                Level::Township,
                Level::County,
                township.id,
                f.centre.id,
                tuesday
            ),
        ]
    );
    let journal = store.journal_for_case(c.id).await.unwrap();
    let escalations: Vec<_> = journal.iter().filter(|j| j.action == "escalate").collect();
    assert_eq!(escalations.len(), 2);
    assert!(
        escalations[0]
            .detail
            .contains("东关村综治中心 → 城关镇综治中心")
    );
    // The county's own deadlines list carries it now.
    let open = store.open_cases(f.centre.id, 100).await.unwrap();
    assert!(open.iter().any(|o| o.id == c.id));
}

async fn cooperating_units_are_read_back_and_a_retriage_replaces_them(store: Store, _url: String) {
    let f = county(&store).await;
    let union = yidi::domain::Department {
        id: Uuid::now_v7(),
        name: "总工会".into(),
        ..f.housing.clone()
    };
    store
        .add_department(&union, &stamp(morning()))
        .await
        .unwrap();
    let r = register(
        &store,
        &land_case(&f, "张建国", "11010519491231002X", "13800138000"),
        morning(),
    )
    .await;
    let t = Triage {
        cooperating: vec![f.housing.id, union.id],
        ..joint(&f)
    };
    let c = store
        .triage(r.case.id, r.case.version, &t, &stamp(morning()))
        .await
        .unwrap();
    assert_eq!(
        store.cooperating_departments(c.id).await.unwrap(),
        [f.housing.id, union.id]
    );
    let file = yidi::app::detail::load_case_file(&store, c.id)
        .await
        .unwrap();
    assert_eq!(
        file.departments,
        [
            ("人社局".to_string(), "lead"),
            ("住建局".to_string(), "cooperating"),
            ("总工会".to_string(), "cooperating"),
        ]
    );
    // Re-triaged with the union only: the housing bureau leaves the case.
    let t = Triage {
        cooperating: vec![union.id],
        ..joint(&f)
    };
    let c = store
        .triage(c.id, c.version, &t, &stamp(morning() + Duration::hours(1)))
        .await
        .unwrap();
    assert_eq!(
        store.cooperating_departments(c.id).await.unwrap(),
        [union.id]
    );
    // And back again: the housing bureau returns.
    store
        .triage(
            c.id,
            c.version,
            &joint(&f),
            &stamp(morning() + Duration::hours(2)),
        )
        .await
        .unwrap();
    assert_eq!(
        store.cooperating_departments(c.id).await.unwrap(),
        [f.housing.id]
    );
}

fn dispute(f: &Fixture, applicant: &str, id: Option<&str>, respondent: &str) -> Intake {
    let mut a = Party::person(PartyRole::Applicant, applicant);
    a.resident_id = id.map(Into::into);
    Intake::new(f.centre.id, Channel::WalkIn, "劳动争议/欠薪", "拖欠工资")
        .with_party(a)
        .with_party(Party::organisation(PartyRole::Respondent, respondent))
}

async fn the_same_pair_of_parties_is_matched_despite_spaces_and_full_width_digits(
    store: Store,
    _url: String,
) {
    let f = county(&store).await;
    let first = register(
        &store,
        &dispute(&f, "张建国", Some("11010519491231002X"), "第3建筑公司"),
        morning() - Duration::days(60),
    )
    .await
    .case;
    // Same applicant, another respondent; and another applicant, same respondent.
    register(
        &store,
        &dispute(&f, "张建国", Some("11010519491231002X"), "某物业公司"),
        morning() - Duration::days(30),
    )
    .await;
    register(
        &store,
        &dispute(&f, "李娜", None, "第3建筑公司"),
        morning() - Duration::days(20),
    )
    .await;
    let key = |id, name| PersonKey {
        resident_id: id,
        name,
        phone: None,
    };
    // Typed with spaces and full-width digits, by name only: the same pair is found.
    let found = store
        .earlier_cases_of_pair(
            &key(None, " 张 建国 "),
            &key(None, "第３建筑 公司"),
            None,
            f.centre.id,
        )
        .await
        .unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [first.id]);
    // By the applicant's ID (lower-case x, spaces) and the respondent's name.
    let found = store
        .earlier_cases_of_pair(
            &key(Some("110105 19491231 002x"), ""),
            &key(None, "第3建筑公司"),
            None,
            f.centre.id,
        )
        .await
        .unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [first.id]);
    // One side alone is not the pair.
    assert!(
        store
            .earlier_cases_of_pair(&key(None, "张建国"), &key(None, ""), None, f.centre.id)
            .await
            .unwrap()
            .is_empty()
    );
    // A new case of the same pair sees, at triage, the pair case and the person's other case.
    let today = register(
        &store,
        &dispute(&f, "张建国", Some("11010519491231002X"), "第3建筑公司"),
        morning(),
    )
    .await
    .case;
    let earlier = store.earlier_cases_for(today.id).await.unwrap();
    assert_eq!(earlier.len(), 2, "{earlier:?}");
    assert!(earlier.iter().all(|e| e.case.id != today.id));
    assert_eq!(earlier[0].case.id, first.id, "oldest first");
    // Found both by the person and by the pair: the person is the stronger match.
    assert_eq!(earlier[0].by, RepeatMatch::SamePerson);
    // 李娜's case against the same company, by name only, is a different pair.
    let other = register(
        &store,
        &dispute(&f, "李 娜", None, "第３建筑公司"),
        morning(),
    )
    .await
    .case;
    let earlier = store.earlier_cases_for(other.id).await.unwrap();
    assert_eq!(
        earlier
            .iter()
            .map(|e| (e.by, e.case.received_at))
            .collect::<Vec<_>>(),
        [(RepeatMatch::SamePair, morning() - Duration::days(20))]
    );
}

async fn court_referred_outcomes_are_returned_to_the_court_masked(store: Store, _url: String) {
    use yidi::domain::case::{LitigationTrack, Outcome};
    use yidi::domain::court::{ReferralType, return_table};
    let f = county(&store).await;
    let referral = |name: &str, no: &str| {
        let mut i = dispute(&f, name, Some("11010519491231002X"), "某二手车行有限公司");
        i.channel = Channel::CourtReferral;
        i.court_case_no = Some(no.into());
        i
    };
    let decided = |c: &yidi::domain::Case| (c.id, c.version);
    // Mediated, with confirmation requested.
    let a = register(
        &store,
        &referral("孙德华", "(2026)示0101民诉前调1234号"),
        morning(),
    )
    .await;
    let a = store
        .triage(a.case.id, 1, &joint(&f), &stamp(morning()))
        .await
        .unwrap();
    let (id, v) = decided(&a);
    store
        .record_outcome(
            id,
            v,
            &Outcome::Mediated {
                agreement_no: "(2026)示调字第118号".into(),
                confirmation_requested: true,
            },
            "退车",
            &stamp(morning() + Duration::hours(5)),
        )
        .await
        .unwrap();
    // Failed, back for priority filing, a day later.
    let b = register(&store, &referral("陶静", "(2026)示0101民初88号"), morning()).await;
    let b = store
        .triage(b.case.id, 1, &joint(&f), &stamp(morning()))
        .await
        .unwrap();
    store
        .record_outcome(
            b.id,
            b.version,
            &Outcome::Failed {
                track: LitigationTrack::PriorityFiling,
            },
            "",
            &stamp(morning() + Duration::days(1)),
        )
        .await
        .unwrap();
    // Still open, and a walk-in with an outcome: neither is returned.
    register(
        &store,
        &referral("王芳", "(2026)示0101民诉前调99号"),
        morning(),
    )
    .await;
    let w = register(
        &store,
        &dispute(&f, "赵德明", None, "某物业公司"),
        morning(),
    )
    .await;
    store
        .transition(
            w.case.id,
            1,
            CaseEvent::Withdraw,
            Some("撤回"),
            &stamp(morning()),
        )
        .await
        .unwrap();

    let rows = store.court_returns(f.centre.id, None).await.unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| (r.court_case_no.as_str(), ReferralType::of(&r.court_case_no)))
            .collect::<Vec<_>>(),
        [
            ("(2026)示0101民诉前调1234号", ReferralType::PreFiling),
            ("(2026)示0101民初88号", ReferralType::InLitigation),
        ]
    );
    assert_eq!(rows[0].agreement_no.as_deref(), Some("(2026)示调字第118号"));
    assert_eq!(
        rows[1].litigation_track,
        Some(LitigationTrack::PriorityFiling)
    );
    assert_eq!(rows[1].decided_at, morning() + Duration::days(1));
    let since = store
        .court_returns(f.centre.id, Some(morning() + Duration::hours(12)))
        .await
        .unwrap();
    assert_eq!(since.len(), 1);
    let table = return_table(&rows, &yidi::domain::Lang::Zh);
    assert!(
        table.contains("诉前委派") && table.contains("优先立案"),
        "{table}"
    );
    assert!(
        table.contains("孙*华") && !table.contains("孙德华"),
        "{table}"
    );
    assert!(!table.contains("11010519491231002X"), "no ID numbers");
}
