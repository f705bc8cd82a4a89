//! One operator's reach, on SQLite and PostgreSQL: every write re-reads its operator (a
//! disabled one is refused at once), operators belong to centres (sign-in, audit and writes
//! stay inside them; a county operator may be given the townships), wrong passwords wait
//! alike on every path, and one policy for every console of a county.

#[macro_use]
mod common;

use chrono::Duration;
use common::stores::{Fixture, county, deadlines, morning, stamp};
use uuid::Uuid;
use yidi::domain::case::{Channel, Level};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::policy::Problem;
use yidi::domain::{Centre, Intake, Operator, Permission, Roles};
use yidi::store::{AuditFilter, SignInRefused, Stamp, Store, StoreError};

on_both!(
    a_disabled_operator_is_refused_at_the_next_write,
    operators_sign_in_only_at_their_own_centres,
    a_township_operator_writes_and_reads_only_the_township,
    a_township_may_escalate_its_case_to_the_county,
    set_up_and_sweeps_are_yidis_own,
    wrong_passwords_make_every_path_wait,
    one_policy_for_every_console_of_the_county,
    a_repeat_visit_is_looked_for_within_the_county,
    operators_from_before_centres_are_placed_where_they_were_added,
);

const PASSWORD: &str = "correct horse battery";

async fn township(store: &Store, f: &Fixture) -> Centre {
    let t = Centre {
        id: Uuid::now_v7(),
        code: "chengguan".into(),
        name: "城关镇综治中心".into(),
        level: Level::Township,
        parent: Some(f.centre.id),
    };
    store.ensure_centre(&t, &stamp(morning())).await.unwrap()
}

async fn add_at(store: &Store, centre: Uuid, login: &str, roles: &str) -> Operator {
    store
        .add_operator(
            centre,
            login,
            login,
            &Roles::parse(roles).unwrap(),
            PASSWORD,
            &stamp(morning()),
        )
        .await
        .unwrap()
}

async fn sign_in(store: &Store, centre: Uuid, login: &str) -> Result<Operator, SignInRefused> {
    store
        .sign_in(centre, login, PASSWORD, morning() + Duration::minutes(1))
        .await
        .unwrap()
}

fn walk_in(centre: Uuid) -> Intake {
    let mut p = Party::person(PartyRole::Applicant, "张建国");
    p.phone = Some("13800138000".into());
    Intake::new(centre, Channel::WalkIn, "劳动争议/欠薪", "欠薪")
        .with_party(p)
        .with_party(Party::organisation(PartyRole::Respondent, "某建筑公司"))
}

async fn cases_at(store: &Store, centre: Uuid) -> usize {
    store.open_cases(centre, 100).await.unwrap().len()
}

async fn a_disabled_operator_is_refused_at_the_next_write(store: Store, _url: String) {
    let f = county(&store).await;
    add_at(&store, f.centre.id, "wangmin", "reception").await;
    let wang = sign_in(&store, f.centre.id, "wangmin").await.unwrap();
    let at = morning() + Duration::minutes(2);
    let as_wang = Stamp::operator(&wang, at);
    store
        .intake(&walk_in(f.centre.id), deadlines(at), &as_wang)
        .await
        .expect("an enabled receptionist registers");
    // The administrator disables her while her console stays signed in.
    store
        .set_disabled(f.centre.id, "wangmin", true, &stamp(at))
        .await
        .unwrap();
    let refused = store
        .intake(&walk_in(f.centre.id), deadlines(at), &as_wang)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, StoreError::Disabled(login) if login == "wangmin"),
        "{refused:?}"
    );
    assert!(
        refused.message(yidi::domain::Lang::Zh).contains("已被停用"),
        "{}",
        refused.message(yidi::domain::Lang::Zh)
    );
    assert_eq!(
        cases_at(&store, f.centre.id).await,
        1,
        "nothing half-written"
    );
}

async fn operators_sign_in_only_at_their_own_centres(store: Store, _url: String) {
    let f = county(&store).await;
    let town = township(&store, &f).await;
    add_at(&store, town.id, "liuyang", "reception").await;
    add_at(&store, f.centre.id, "zhouwei", "duty_leader").await;
    add_at(&store, f.centre.id, "county_sup", "supervisor").await;

    assert!(sign_in(&store, town.id, "liuyang").await.is_ok());
    assert_eq!(
        sign_in(&store, f.centre.id, "liuyang").await.unwrap_err(),
        SignInRefused::OtherCentre,
        "a township receptionist does not sign in at the county"
    );
    assert_eq!(
        sign_in(&store, town.id, "zhouwei").await.unwrap_err(),
        SignInRefused::OtherCentre,
        "a county operator works at the county only, unless given the townships"
    );
    store
        .place_operator(f.centre.id, "zhouwei", true, &stamp(morning()))
        .await
        .unwrap();
    assert!(sign_in(&store, town.id, "zhouwei").await.is_ok());
    assert!(sign_in(&store, f.centre.id, "zhouwei").await.is_ok());
    let listed = store.operator("zhouwei").await.unwrap().unwrap();
    assert_eq!(
        (listed.centre_id, listed.covers_below),
        (Some(f.centre.id), true)
    );
}

async fn a_township_operator_writes_and_reads_only_the_township(store: Store, _url: String) {
    let f = county(&store).await;
    let town = township(&store, &f).await;
    add_at(&store, town.id, "liuyang", "reception").await;
    add_at(&store, town.id, "town_sup", "supervisor").await;
    add_at(&store, f.centre.id, "county_sup", "supervisor").await;
    let liu = sign_in(&store, town.id, "liuyang").await.unwrap();
    let at = morning() + Duration::minutes(3);
    let as_liu = Stamp::operator(&liu, at);

    store
        .intake(&walk_in(town.id), deadlines(at), &as_liu)
        .await
        .expect("at her own centre");
    let refused = store
        .intake(&walk_in(f.centre.id), deadlines(at), &as_liu)
        .await
        .unwrap_err();
    assert!(matches!(refused, StoreError::OutsideCentre), "{refused:?}");
    assert_eq!(cases_at(&store, f.centre.id).await, 0);
    // The county has a case of its own, written by its window.
    store
        .intake(&walk_in(f.centre.id), deadlines(at), &stamp(at))
        .await
        .unwrap();

    let town_sup = sign_in(&store, town.id, "town_sup").await.unwrap();
    let seen = store
        .audit(
            &Stamp::operator(&town_sup, at),
            &AuditFilter::default(),
            500,
        )
        .await
        .unwrap();
    assert!(!seen.is_empty());
    assert!(
        seen.iter().all(|e| e.centre_id == town.id),
        "a township supervisor reads the township's journal only: {:?}",
        seen.iter()
            .filter(|e| e.centre_id != town.id)
            .map(|e| &e.action)
            .collect::<Vec<_>>()
    );
    let county_sup = sign_in(&store, f.centre.id, "county_sup").await.unwrap();
    let county_seen = store
        .audit(
            &Stamp::operator(&county_sup, at),
            &AuditFilter::default(),
            500,
        )
        .await
        .unwrap();
    assert!(county_seen.iter().all(|e| e.centre_id == f.centre.id));
    assert!(county_seen.iter().any(|e| e.action == "intake"));
}

async fn a_township_may_escalate_its_case_to_the_county(store: Store, _url: String) {
    let f = county(&store).await;
    let town = township(&store, &f).await;
    add_at(&store, town.id, "liuyang", "reception").await;
    let liu = sign_in(&store, town.id, "liuyang").await.unwrap();
    let at = morning() + Duration::minutes(4);
    let as_liu = Stamp::operator(&liu, at);
    let receipt = store
        .intake(&walk_in(town.id), deadlines(at), &as_liu)
        .await
        .unwrap();
    let case = receipt.case;
    let up = store
        .escalate_case(case.id, case.version, Level::County, at, &as_liu)
        .await
        .expect("the township sends its own case up");
    assert_eq!(up.centre_id, f.centre.id);
    // Once the case is the county's, the township's operator no longer writes to it.
    let refused = store
        .escalate_case(up.id, up.version, Level::County, at, &as_liu)
        .await
        .unwrap_err();
    assert!(
        !matches!(refused, StoreError::Database(_)),
        "refused in words: {refused:?}"
    );
}

async fn set_up_and_sweeps_are_yidis_own(store: Store, _url: String) {
    let f = county(&store).await;
    add_at(&store, f.centre.id, "boss", "admin").await;
    let boss = sign_in(&store, f.centre.id, "boss").await.unwrap();
    let as_boss = Stamp::operator(&boss, morning());
    let other = Centre {
        id: Uuid::now_v7(),
        code: "x".into(),
        name: "x".into(),
        level: Level::County,
        parent: None,
    };
    let refused = store.ensure_centre(&other, &as_boss).await.unwrap_err();
    assert!(
        matches!(refused, StoreError::Forbidden(Permission::Setup)),
        "{refused:?}"
    );
    let refused = store
        .escalate_late_summons(f.centre.id, Duration::minutes(5), &as_boss)
        .await
        .unwrap_err();
    assert!(matches!(refused, StoreError::Forbidden(Permission::Setup)));
    assert!(store.centre_by_code("x").await.unwrap().is_none());
    let nobody = Stamp::nobody("窗口1", morning());
    let refused = store
        .intake(&walk_in(f.centre.id), deadlines(morning()), &nobody)
        .await
        .unwrap_err();
    assert!(matches!(refused, StoreError::Forbidden(Permission::Intake)));
}

async fn wrong_passwords_make_every_path_wait(store: Store, _url: String) {
    let f = county(&store).await;
    add_at(&store, f.centre.id, "wangmin", "reception").await;
    let t0 = morning() + Duration::minutes(10);
    let wrong = store
        .sign_in(f.centre.id, "wangmin", "guess one", t0)
        .await
        .unwrap();
    assert_eq!(
        wrong.unwrap_err(),
        SignInRefused::WrongLoginOrPassword { failures: 1 }
    );
    // A second try 100 ms later (a script, `yidi export` in a loop) is not even checked —
    // not even with the right password.
    let soon = store
        .sign_in(
            f.centre.id,
            "wangmin",
            PASSWORD,
            t0 + Duration::milliseconds(100),
        )
        .await
        .unwrap();
    assert!(
        matches!(soon, Err(SignInRefused::TooSoon { wait_secs: 1 })),
        "{soon:?}"
    );
    let later = store
        .sign_in(
            f.centre.id,
            "wangmin",
            "guess two",
            t0 + Duration::seconds(1),
        )
        .await
        .unwrap();
    assert_eq!(
        later.unwrap_err(),
        SignInRefused::WrongLoginOrPassword { failures: 2 }
    );
    let soon = store
        .sign_in(
            f.centre.id,
            "wangmin",
            PASSWORD,
            t0 + Duration::milliseconds(1500),
        )
        .await
        .unwrap();
    assert!(
        matches!(soon, Err(SignInRefused::TooSoon { .. })),
        "{soon:?}"
    );
    assert!(
        store
            .sign_in(f.centre.id, "wangmin", PASSWORD, t0 + Duration::seconds(3))
            .await
            .unwrap()
            .is_ok(),
        "after the wait the right password signs in"
    );
}

async fn one_policy_for_every_console_of_the_county(store: Store, _url: String) {
    let f = county(&store).await;
    let town = township(&store, &f).await;
    add_at(&store, f.centre.id, "boss", "admin").await;
    add_at(&store, f.centre.id, "zhouwei", "duty_leader").await;
    let boss = sign_in(&store, f.centre.id, "boss").await.unwrap();
    let leader = sign_in(&store, f.centre.id, "zhouwei").await.unwrap();
    let at = morning();

    let (before, problems) = store.policy(town.id).await.unwrap();
    assert!(problems.is_empty());
    assert_eq!(before.sla.reply_days, 7);

    let refused = store
        .set_policy(
            f.centre.id,
            "sla.reply_days",
            "10",
            &Stamp::operator(&leader, at),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        refused,
        StoreError::Forbidden(Permission::SetPolicy)
    ));

    let too_big = store
        .set_policy(
            f.centre.id,
            "sla.reply_days",
            "4000000000",
            &Stamp::operator(&boss, at),
        )
        .await
        .unwrap_err();
    match &too_big {
        StoreError::Policy(e) => {
            assert_eq!(e.key, "sla.reply_days");
            assert!(matches!(e.problem, Problem::OutOfRange { max: 365, .. }));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        too_big.message(yidi::domain::Lang::Zh).contains("答复时限"),
        "the field is named: {}",
        too_big.message(yidi::domain::Lang::Zh)
    );

    store
        .set_policy(
            f.centre.id,
            "sla.reply_days",
            "10",
            &Stamp::operator(&boss, at),
        )
        .await
        .unwrap();
    store
        .set_policy(
            f.centre.id,
            "summons.grace_min",
            "8",
            &Stamp::operator(&boss, at + Duration::seconds(1)),
        )
        .await
        .unwrap();
    // Every console of the county — the county's and the township's — reads the same.
    let (county_policy, _) = store.policy(f.centre.id).await.unwrap();
    let (town_policy, _) = store.policy(town.id).await.unwrap();
    assert_eq!(county_policy, town_policy);
    assert_eq!(
        (county_policy.sla.reply_days, county_policy.grace_min),
        (10, 8)
    );
    store
        .set_policy(
            f.centre.id,
            "sla.reply_days",
            "12",
            &Stamp::operator(&boss, at + Duration::seconds(2)),
        )
        .await
        .unwrap();
    let journal = store
        .audit(
            &stamp(at),
            &AuditFilter {
                action: Some("policy_set".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(journal.len(), 3, "each change journalled");
    assert!(
        journal.iter().any(|e| e.detail.contains("10 → 12")),
        "the value before is kept: {:?}",
        journal.iter().map(|e| &e.detail).collect::<Vec<_>>()
    );
}

async fn a_repeat_visit_is_looked_for_within_the_county(store: Store, _url: String) {
    let f = county(&store).await;
    let town = township(&store, &f).await;
    let other_county = Centre {
        id: Uuid::now_v7(),
        code: "other".into(),
        name: "邻县社会治理综合服务中心".into(),
        level: Level::County,
        parent: None,
    };
    let other_county = store
        .ensure_centre(&other_county, &stamp(morning()))
        .await
        .unwrap();
    let with_id = |centre: Uuid| {
        let mut p = Party::person(PartyRole::Applicant, "张建国");
        p.resident_id = Some("11010519491231002X".into());
        Intake::new(centre, Channel::WalkIn, "劳动争议/欠薪", "欠薪").with_party(p)
    };
    let at = morning() - Duration::days(30);
    let in_town = store
        .intake(&with_id(town.id), deadlines(at), &stamp(at))
        .await
        .unwrap()
        .case;
    store
        .intake(&with_id(other_county.id), deadlines(at), &stamp(at))
        .await
        .unwrap();
    let key = yidi::store::PersonKey {
        resident_id: Some("11010519491231002X"),
        name: "",
        phone: None,
    };
    let found = store
        .earlier_cases_of(&key, None, f.centre.id)
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|c| c.id).collect::<Vec<_>>(),
        [in_town.id],
        "the county sees its township's case, not the other county's"
    );
    let found = store
        .earlier_cases_of(&key, None, other_county.id)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].centre_id, other_county.id);
}

/// Migration 0011 placed the operators of a database from before it at the centre their
/// addition was journalled at, else at the first top-level centre. Its very statement, run
/// again on operators whose place is cleared as it was before the migration.
async fn operators_from_before_centres_are_placed_where_they_were_added(store: Store, url: String) {
    let f = county(&store).await;
    let t = township(&store, &f).await;
    add_at(&store, t.id, "zhenli", "reception").await;
    add_at(&store, f.centre.id, "xianli", "reception").await;
    let backend = if url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    let migration = std::fs::read_to_string(format!(
        "{}/src/store/migrations/{backend}/0011_centres_and_policy.sql",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let start = migration.find("UPDATE operators SET centre_id").unwrap();
    let end = start + migration[start..].find(';').unwrap() + 1;
    let backfill = &migration[start..end];
    {
        use sqlx::Connection;
        let run = |sql: String| {
            let url = url.clone();
            async move {
                let sql = sqlx::AssertSqlSafe(sql);
                if url.starts_with("postgres") {
                    let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
                    sqlx::query(sql).execute(&mut c).await.unwrap();
                } else {
                    let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
                    sqlx::query(sql).execute(&mut c).await.unwrap();
                }
            }
        };
        run("UPDATE operators SET centre_id = NULL".into()).await;
        // One added by hand into the table: no journal entry to go by.
        let id = Uuid::now_v7();
        run(format!(
            "INSERT INTO operators (id, login, name, roles, password_hash, created_at, version) \
             VALUES ({}, 'shoudong', 'shoudong', 'reception', 'x', CURRENT_TIMESTAMP, 1)",
            if url.starts_with("postgres") {
                format!("'{id}'")
            } else {
                format!("X'{}'", id.simple())
            }
        ))
        .await;
        let cleared = store.operators().await.unwrap();
        assert!(cleared.iter().all(|o| o.centre_id.is_none()));
        run(backfill.to_string()).await;
    }
    let placed = store.operators().await.unwrap();
    let place = |login: &str| placed.iter().find(|o| o.login == login).unwrap().centre_id;
    assert_eq!(
        place("zhenli"),
        Some(t.id),
        "where the addition was journalled"
    );
    assert_eq!(
        place("xianli"),
        Some(f.centre.id),
        "where the addition was journalled"
    );
    assert_eq!(
        place("shoudong"),
        Some(f.centre.id),
        "else the top-level centre"
    );
}
