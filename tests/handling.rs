//! Following a case through, on SQLite and PostgreSQL: the 127 clocks, the ledger, the
//! explanation that stops the reply clock, finding a case, and repeat visits.

#[macro_use]
mod common;

use chrono::Duration;
use common::stores::{Fixture, county, morning, register, stamp};
use yidi::domain::case::{CaseEvent, Channel, Handling, Level, Stream};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::sla::{ClockState, clocks};
use yidi::domain::{Intake, clock::local_day};
use yidi::store::{PersonKey, Store, StoreError, Triage};

on_both!(
    triage_and_session_meet_their_clocks_and_an_explanation_stops_the_reply_clock,
    the_ledger_keeps_every_step_in_order,
    a_resident_is_answered_from_whatever_they_bring,
    a_repeat_visitor_is_recognised_by_id_or_by_name_and_phone,
    open_cases_are_the_ones_whose_clocks_still_run,
    outcomes_carry_the_court_link,
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
    for q in [
        code.as_str(),
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
    // Tomorrow A001 is someone else's ticket.
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
