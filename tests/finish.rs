//! One close and the follow-up visit (回访), on SQLite and PostgreSQL: the loose ends tied in
//! the outcome's own transaction, 办结 and re-opening, follow-ups that send a case back, and
//! a resident who cannot be reached.

#[macro_use]
mod common;

use chrono::{DateTime, Duration, Utc};
use common::stores::{Fixture, county, deadlines, morning, register, stamp};
use yidi::domain::case::{CaseState, Channel, Handling, Level, Outcome, Stream};
use yidi::domain::clock::local_day;
use yidi::domain::follow_up::{
    FollowUpPolicy, FollowUpStatus, Method, ProblemKind, Satisfaction, Visit,
};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{Case, Intake, TicketState, WorkCalendar};
use yidi::store::{Store, StoreError, Triage};

on_both!(
    an_outcome_ends_the_session_cancels_summonses_and_serves_the_ticket_in_one_step,
    a_joint_case_is_closed_from_its_file_and_reopened_with_its_history_whole,
    a_follow_up_reopens_the_case_when_dissatisfied_or_a_problem_is_found,
    a_resident_not_reached_in_three_tries_is_marked_unreachable,
    the_demo_has_follow_ups_in_every_state,
);

fn wage_case(f: &Fixture) -> Intake {
    let mut p = Party::person(PartyRole::Applicant, "李建国");
    p.phone = Some("13912345678".into());
    let mut intake = Intake::new(
        f.centre.id,
        Channel::WalkIn,
        "劳动争议",
        "十二名工人被拖欠工资",
    )
    .with_party(p)
    .with_party(Party::organisation(PartyRole::Respondent, "某建筑劳务公司"));
    intake.group_persons = 12;
    intake
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

/// A triaged joint case, received at `at`, with its ticket called to a window.
async fn triaged(store: &Store, f: &Fixture, at: DateTime<Utc>) -> Case {
    let r = register(store, &wage_case(f), at).await;
    store
        .call_next(f.centre.id, local_day(at), "1号窗口", &stamp(at))
        .await
        .unwrap();
    store
        .triage(
            r.case.id,
            r.case.version,
            &joint(f),
            &stamp(at + Duration::minutes(3)),
        )
        .await
        .unwrap()
}

fn follow_up_due(at: DateTime<Utc>) -> DateTime<Utc> {
    FollowUpPolicy::default().due(at, &WorkCalendar::builtin())
}

async fn closed(store: &Store, f: &Fixture, at: DateTime<Utc>) -> Case {
    let c = triaged(store, f, at).await;
    store
        .close_case(
            c.id,
            c.version,
            "工资已全额支付",
            follow_up_due(at),
            &stamp(at + Duration::hours(1)),
        )
        .await
        .unwrap()
}

async fn an_outcome_ends_the_session_cancels_summonses_and_serves_the_ticket_in_one_step(
    store: Store,
    _url: String,
) {
    let f = county(&store).await;
    let c = triaged(&store, &f, morning()).await;
    let t = morning() + Duration::minutes(10);
    store
        .whistle_departments(c.id, &[f.hrss.id, f.housing.id], "欠薪", &stamp(t))
        .await
        .unwrap();
    store
        .allocate_room(c.id, f.big_room.id, None, &stamp(t))
        .await
        .unwrap();
    // 人社局 arrives; 住建局 never does.
    let hrss = store
        .open_summons(f.centre.id)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.department_id == f.hrss.id)
        .unwrap();
    store
        .record_arrival(
            hrss.id,
            t + Duration::minutes(20),
            None,
            &stamp(t + Duration::minutes(20)),
        )
        .await
        .unwrap();
    let done = morning() + Duration::minutes(95);
    let c = store
        .record_outcome(
            c.id,
            store.existing_case(c.id).await.unwrap().version,
            &Outcome::Mediated {
                agreement_no: "(2026)示调字第118号".into(),
                confirmation_requested: true,
            },
            "分两期支付",
            &stamp(done),
        )
        .await
        .unwrap();
    assert_eq!(c.state, CaseState::Resolved);
    assert!(
        store.occupied_rooms(f.centre.id).await.unwrap().is_empty(),
        "the room is free"
    );
    assert!(
        store.open_summons(f.centre.id).await.unwrap().is_empty(),
        "住建局 no longer counts down"
    );
    let ticket = store.ticket_for_case(c.id).await.unwrap().unwrap();
    assert_eq!(ticket.state, TicketState::Served);
    // Each loose end is journalled, at the outcome's own instant (one transaction).
    let journal = store.journal_for_case(c.id).await.unwrap();
    let at_done: Vec<&str> = journal
        .iter()
        .filter(|j| j.at == done)
        .map(|j| j.action.as_str())
        .collect();
    assert_eq!(
        at_done,
        ["release_room", "cancel_summons", "serve", "resolve"],
        "{journal:#?}"
    );
    let minutes = journal.iter().find(|j| j.action == "release_room").unwrap();
    assert!(minutes.detail.contains("85 min"), "{}", minutes.detail);
    let cancelled = journal
        .iter()
        .find(|j| j.action == "cancel_summons")
        .unwrap();
    assert!(cancelled.detail.contains("住建局"), "{}", cancelled.detail);
    // A second outcome is refused: the session is not asked about again.
    assert!(matches!(
        store
            .record_outcome(
                c.id,
                c.version,
                &Outcome::Mediated {
                    agreement_no: "x".into(),
                    confirmation_requested: false
                },
                "",
                &stamp(done)
            )
            .await,
        Err(StoreError::Illegal(_))
    ));
}

async fn a_joint_case_is_closed_from_its_file_and_reopened_with_its_history_whole(
    store: Store,
    _url: String,
) {
    let f = county(&store).await;
    let c = triaged(&store, &f, morning()).await;
    store
        .whistle_departments(c.id, &[f.housing.id], "核查工程款", &stamp(morning()))
        .await
        .unwrap();
    // An empty summary is refused, naming the field.
    let err = store
        .close_case(
            c.id,
            c.version,
            "  ",
            follow_up_due(morning()),
            &stamp(morning()),
        )
        .await
        .unwrap_err();
    assert!(
        err.message(yidi::domain::Lang::Zh).contains("办结说明"),
        "{err}"
    );
    let at = morning() + Duration::days(2);
    let c = store
        .close_case(
            c.id,
            c.version,
            "住建局督促总包补发工资",
            follow_up_due(at),
            &stamp(at),
        )
        .await
        .unwrap();
    assert_eq!(c.state, CaseState::Closed);
    assert_eq!(c.closed_at, Some(at));
    assert!(store.open_summons(f.centre.id).await.unwrap().is_empty());
    let list = store
        .follow_up_list(f.centre.id, morning(), at)
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].due, follow_up_due(at));
    assert_eq!(list[0].status(at), FollowUpStatus::Due);
    assert_eq!(list[0].summary, "住建局督促总包补发工资");

    let later = at + Duration::days(1);
    let new_reply = deadlines(later).reply;
    let c = store
        .reopen_case(
            c.id,
            c.version,
            "申请人反映仍有两人未领到",
            new_reply,
            &stamp(later),
        )
        .await
        .unwrap();
    assert_eq!(c.state, CaseState::Triaged);
    assert_eq!(c.deadlines.reply, new_reply);
    assert_eq!(c.closed_at, None);
    let list = store
        .follow_up_list(f.centre.id, morning(), later)
        .await
        .unwrap();
    assert_eq!(list[0].status(later), FollowUpStatus::Reopened);
    // Closed again: a second closing, with its own follow-up; the first stays re-opened.
    let again = later + Duration::days(1);
    store
        .close_case(
            c.id,
            c.version,
            "两人工资补发到位",
            follow_up_due(again),
            &stamp(again),
        )
        .await
        .unwrap();
    let list = store
        .follow_up_list(f.centre.id, morning(), again)
        .await
        .unwrap();
    let statuses: Vec<_> = list.iter().map(|r| r.status(again)).collect();
    assert_eq!(statuses, [FollowUpStatus::Due, FollowUpStatus::Reopened]);
    let actions: Vec<String> = store
        .journal_for_case(c.id)
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.action)
        .filter(|a| ["close", "reopen", "cancel_summons"].contains(&a.as_str()))
        .collect();
    assert_eq!(actions, ["cancel_summons", "close", "reopen", "close"]);
}

async fn a_follow_up_reopens_the_case_when_dissatisfied_or_a_problem_is_found(
    store: Store,
    _url: String,
) {
    let f = county(&store).await;
    let policy = FollowUpPolicy::default();
    let cal = WorkCalendar::builtin();
    let visit_at = morning() + Duration::days(1);
    let visit = |c: &Case, satisfaction, problem| Visit {
        case_id: c.id,
        method: Method::Phone,
        satisfaction,
        note: "电话回访".into(),
        problem,
    };
    let reply = deadlines(visit_at).reply;

    let happy = closed(&store, &f, morning()).await;
    let happy = store
        .record_visit(
            &visit(&happy, Satisfaction::Satisfied, None),
            happy.version,
            reply,
            None,
            &stamp(visit_at),
        )
        .await
        .unwrap();
    assert_eq!(happy.state, CaseState::FollowedUp);

    let unhappy = closed(&store, &f, morning()).await;
    let unhappy = store
        .record_visit(
            &visit(&unhappy, Satisfaction::Dissatisfied, None),
            unhappy.version,
            reply,
            None,
            &stamp(visit_at),
        )
        .await
        .unwrap();
    assert_eq!(
        unhappy.state,
        CaseState::Triaged,
        "不满意 re-opens the case"
    );
    assert_eq!(unhappy.deadlines.reply, reply, "with a new reply clock");

    let problem = closed(&store, &f, morning()).await;
    let due = policy.problem_due(ProblemKind::Individual, visit_at, &cal);
    let problem = store
        .record_visit(
            &visit(
                &problem,
                Satisfaction::Fair,
                Some((ProblemKind::Individual, f.housing.id)),
            ),
            problem.version,
            reply,
            Some(due),
            &stamp(visit_at),
        )
        .await
        .unwrap();
    assert_eq!(
        problem.state,
        CaseState::Triaged,
        "a problem found re-opens it"
    );
    assert_eq!(
        problem.lead_department,
        Some(f.housing.id),
        "routed point to point"
    );
    let journal = store.journal_for_case(problem.id).await.unwrap();
    let routed = journal.iter().find(|j| j.action == "follow_up").unwrap();
    assert!(
        routed
            .detail
            .contains("individual problem routed to 住建局"),
        "{}",
        routed.detail
    );
    assert_eq!(journal.last().unwrap().action, "reopen");

    // The figures' contract: one follow_ups row per reached visit, scored 5 / 2 / 4.
    let list = store
        .follow_up_list(f.centre.id, morning(), visit_at)
        .await
        .unwrap();
    let by_case = |c: &Case| list.iter().find(|r| r.case_id == c.id).unwrap();
    assert_eq!(by_case(&happy).satisfaction, Some(Satisfaction::Satisfied));
    assert_eq!(by_case(&happy).status(visit_at), FollowUpStatus::Done);
    assert_eq!(
        by_case(&unhappy).satisfaction,
        Some(Satisfaction::Dissatisfied)
    );
    assert_eq!(by_case(&unhappy).status(visit_at), FollowUpStatus::Reopened);
    assert_eq!(by_case(&problem).problem, Some(ProblemKind::Individual));
    assert_eq!(by_case(&problem).department.as_deref(), Some("住建局"));
    // A case followed up cannot be followed up twice.
    assert!(matches!(
        store
            .record_visit(
                &visit(&happy, Satisfaction::Satisfied, None),
                happy.version,
                reply,
                None,
                &stamp(visit_at)
            )
            .await,
        Err(StoreError::Illegal(_))
    ));
}

async fn a_resident_not_reached_in_three_tries_is_marked_unreachable(store: Store, _url: String) {
    let f = county(&store).await;
    let c = closed(&store, &f, morning()).await;
    let max = FollowUpPolicy::default().max_tries;
    let mut counts = Vec::new();
    for i in 0..3 {
        let at = morning() + Duration::days(1) + Duration::hours(i);
        counts.push(
            store
                .record_follow_up_try(c.id, Method::Phone, "无人接听", max, &stamp(at))
                .await
                .unwrap(),
        );
    }
    let seen: Vec<(i32, bool)> = counts.iter().map(|c| (c.tries, c.unreachable)).collect();
    assert_eq!(seen, [(1, false), (2, false), (3, true)]);
    let now = morning() + Duration::days(10);
    let list = store
        .follow_up_list(f.centre.id, morning(), now)
        .await
        .unwrap();
    assert_eq!(
        list[0].status(now),
        FollowUpStatus::Unreachable,
        "not overdue: unreachable"
    );
    assert_eq!(list[0].tries, 3);
    let journal = store.journal_for_case(c.id).await.unwrap();
    assert_eq!(
        journal
            .iter()
            .filter(|j| j.action == "follow_up_try")
            .count(),
        3
    );
    assert!(journal.last().unwrap().detail.contains("unreachable"));
}

async fn the_demo_has_follow_ups_in_every_state(store: Store, _url: String) {
    let now = morning() + Duration::hours(3);
    yidi::demo::seed(&store, now, 0, &mut |_| {}).await.unwrap();
    let county = store.centre_by_code("county").await.unwrap().unwrap();
    let list = store
        .follow_up_list(county.id, now - Duration::days(30), now)
        .await
        .unwrap();
    let statuses: std::collections::BTreeSet<_> = list.iter().map(|r| r.status(now)).collect();
    for st in [
        FollowUpStatus::Overdue,
        FollowUpStatus::Due,
        FollowUpStatus::Unreachable,
        FollowUpStatus::Reopened,
        FollowUpStatus::Done,
    ] {
        assert!(statuses.contains(&st), "{st:?} missing: {statuses:?}");
    }
    // Worst first.
    assert_eq!(list[0].status(now), FollowUpStatus::Overdue);
    // Story 8: a 个性 problem routed back to 人社局, the case re-opened.
    let routed = list
        .iter()
        .find(|r| r.problem == Some(ProblemKind::Individual))
        .expect("story 8's follow-up");
    assert_eq!(routed.department.as_deref(), Some("人社局"));
    assert_eq!(routed.status(now), FollowUpStatus::Reopened);
    assert!(
        list.iter()
            .any(|r| r.satisfaction == Some(Satisfaction::Dissatisfied))
    );
    assert!(
        list.iter()
            .any(|r| r.satisfaction == Some(Satisfaction::Satisfied))
    );
}
