//! Operators, roles and privacy at the store, on SQLite and PostgreSQL: sign-in, refusals
//! the store makes whatever a view shows, reveals and exports in the audit, and text that
//! looks like SQL stored as text.

#[macro_use]
mod common;

use chrono::Duration;
use common::stores::{Fixture, county, morning, register, stamp};
use yidi::domain::case::Channel;
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{Field, Intake, Operator, Permission, Role, Roles};
use yidi::store::{AuditFilter, SignInRefused, Stamp, Store, StoreError};

on_both!(
    operators_sign_in_and_failures_are_counted_and_journalled,
    a_disabled_operator_cannot_sign_in,
    the_store_refuses_what_a_role_may_not_do,
    a_reveal_needs_a_reason_and_shows_in_the_audit,
    an_unmasked_export_needs_a_role_that_may_reveal,
    text_that_looks_like_sql_is_stored_as_text,
);

async fn add(store: &Store, f: &Fixture, login: &str, roles: &str) -> Operator {
    store
        .add_operator(
            f.centre.id,
            login,
            login,
            &Roles::parse(roles).unwrap(),
            "correct horse battery",
            &stamp(morning()),
        )
        .await
        .unwrap()
}

fn as_op(op: &Operator) -> Stamp {
    Stamp::operator(op, morning() + Duration::minutes(5))
}

fn wage_case(f: &Fixture) -> Intake {
    let mut p = Party::person(PartyRole::Applicant, "张建国");
    p.resident_id = Some("11010519491231002X".into());
    p.phone = Some("13800138000".into());
    Intake::new(f.centre.id, Channel::WalkIn, "劳动争议/欠薪", "欠薪").with_party(p)
}

async fn operators_sign_in_and_failures_are_counted_and_journalled(store: Store, _url: String) {
    let f = county(&store).await;
    let wang = add(&store, &f, "wangmin", "reception").await;
    assert_eq!(wang.roles, Roles(vec![Role::Reception]));
    let again = store
        .add_operator(
            f.centre.id,
            "wangmin",
            "x",
            &wang.roles,
            "another password",
            &stamp(morning()),
        )
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::LoginTaken(_)), "{again:?}");
    let short = store
        .add_operator(
            f.centre.id,
            "li",
            "李",
            &wang.roles,
            "short",
            &stamp(morning()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&short, StoreError::Invalid(e) if e.field == Field::Password),
        "{short:?}"
    );

    // Tries 20 s apart: the back-off after a failure (at most 16 s) has run out each time.
    let at = |step: i64| morning() + Duration::seconds(20 * step);
    for n in 1..=2 {
        let r = store
            .sign_in(f.centre.id, "wangmin", "wrong", at(n.into()))
            .await
            .unwrap();
        assert_eq!(r, Err(SignInRefused::WrongLoginOrPassword { failures: n }));
    }
    let unknown = store
        .sign_in(f.centre.id, "nobody", "whatever", at(3))
        .await
        .unwrap();
    assert!(matches!(
        unknown,
        Err(SignInRefused::WrongLoginOrPassword { .. })
    ));
    let ok = store
        .sign_in(f.centre.id, "wangmin", "correct horse battery", at(4))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ok.login, "wangmin");
    let r = store
        .sign_in(f.centre.id, "wangmin", "wrong", at(5))
        .await
        .unwrap();
    assert_eq!(
        r,
        Err(SignInRefused::WrongLoginOrPassword { failures: 1 }),
        "a success clears the count"
    );

    let admin = add(&store, &f, "admin", "admin").await;
    let log = store
        .audit(
            &as_op(&admin),
            &AuditFilter {
                actor: Some("wangmin".into()),
                ..Default::default()
            },
            50,
        )
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["login_failed", "login", "login_failed", "login_failed"],
        "newest first"
    );
    assert!(
        log.iter().all(|e| !e.detail.contains("correct horse")),
        "no password in the journal"
    );
}

async fn a_disabled_operator_cannot_sign_in(store: Store, _url: String) {
    let f = county(&store).await;
    add(&store, &f, "zhao", "mediator").await;
    store
        .set_disabled(f.centre.id, "zhao", true, &stamp(morning()))
        .await
        .unwrap();
    let r = store
        .sign_in(f.centre.id, "zhao", "correct horse battery", morning())
        .await
        .unwrap();
    assert_eq!(r, Err(SignInRefused::Disabled));
    store
        .set_password(
            f.centre.id,
            "zhao",
            "a new long password",
            &stamp(morning()),
        )
        .await
        .unwrap();
    store
        .set_disabled(f.centre.id, "zhao", false, &stamp(morning()))
        .await
        .unwrap();
    assert!(
        store
            .sign_in(f.centre.id, "zhao", "a new long password", morning())
            .await
            .unwrap()
            .is_ok()
    );
    let missing = store
        .set_disabled(f.centre.id, "nobody", true, &stamp(morning()))
        .await
        .unwrap_err();
    assert!(
        matches!(missing, StoreError::NoSuchOperator(_)),
        "{missing:?}"
    );
}

async fn the_store_refuses_what_a_role_may_not_do(store: Store, _url: String) {
    let f = county(&store).await;
    let reception = add(&store, &f, "wangmin", "reception").await;
    let liaison = add(&store, &f, "hrss-liaison", "department_liaison").await;
    let wall = add(&store, &f, "wall", "wallboard").await;

    // Reception registers and whistles; it cannot add operators.
    let case = store
        .intake(
            &wage_case(&f),
            common::stores::deadlines(morning()),
            &as_op(&reception),
        )
        .await
        .unwrap()
        .case;
    let s = store
        .whistle(case.id, f.hrss.id, "欠薪", &as_op(&reception))
        .await
        .unwrap();
    let refused = store
        .add_operator(
            f.centre.id,
            "x",
            "x",
            &Roles(vec![Role::Admin]),
            "long enough pw",
            &as_op(&reception),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(refused, StoreError::Forbidden(Permission::ManageUsers)),
        "{refused:?}"
    );
    let zh = refused.message(yidi::domain::Lang::Zh);
    assert!(zh.contains("系统管理员"), "the refusal says who may: {zh}");

    // A liaison records the arrival; it cannot register a case.
    let no = store
        .intake(
            &wage_case(&f),
            common::stores::deadlines(morning()),
            &as_op(&liaison),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(no, StoreError::Forbidden(Permission::Intake)),
        "{no:?}"
    );
    store
        .record_arrival(
            s.id,
            morning() + Duration::minutes(20),
            None,
            &as_op(&liaison),
        )
        .await
        .unwrap();

    // Nor may a liaison put a case into a room.
    let no = store
        .allocate_room(case.id, f.big_room.id, None, &as_op(&liaison))
        .await
        .unwrap_err();
    assert!(
        matches!(no, StoreError::Forbidden(Permission::AllocateRoom)),
        "{no:?}"
    );
    store
        .allocate_room(case.id, f.big_room.id, None, &as_op(&reception))
        .await
        .expect("the window allocates rooms");

    // The wall screen writes nothing.
    let no = store
        .whistle(case.id, f.housing.id, "x", &as_op(&wall))
        .await
        .unwrap_err();
    assert!(
        matches!(no, StoreError::Forbidden(Permission::Whistle)),
        "{no:?}"
    );
    let no = store
        .acknowledge_escalation(s.id, &as_op(&reception))
        .await
        .unwrap_err();
    assert!(
        matches!(no, StoreError::Forbidden(Permission::Acknowledge)),
        "{no:?}"
    );
    assert_eq!(
        store.open_summons(f.centre.id).await.unwrap().len(),
        0,
        "nothing was written"
    );
}

async fn a_reveal_needs_a_reason_and_shows_in_the_audit(store: Store, _url: String) {
    let f = county(&store).await;
    let reception = add(&store, &f, "wangmin", "reception").await;
    let leader = add(&store, &f, "zhouweidong", "duty_leader").await;
    let supervisor = add(&store, &f, "audit", "supervisor").await;
    let case = register(&store, &wage_case(&f), morning()).await.case;

    let no = store
        .reveal_party(case.id, 0, "回电", &as_op(&reception))
        .await
        .unwrap_err();
    assert!(
        matches!(no, StoreError::Forbidden(Permission::RevealPersonalData)),
        "{no:?}"
    );
    let no_reason = store
        .reveal_party(case.id, 0, " ", &as_op(&leader))
        .await
        .unwrap_err();
    assert!(
        matches!(&no_reason, StoreError::Invalid(e) if e.field == Field::Reason),
        "{no_reason:?}"
    );
    let party = store
        .reveal_party(case.id, 0, "回电核实欠薪金额", &as_op(&leader))
        .await
        .unwrap();
    assert_eq!(party.resident_id.as_deref(), Some("11010519491231002X"));

    let reveals = store
        .audit(
            &as_op(&supervisor),
            &AuditFilter {
                action: Some("reveal".into()),
                case_no: Some(case.case_no.clone()),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(reveals.len(), 1);
    assert_eq!(reveals[0].actor, "zhouweidong");
    assert!(
        reveals[0].detail.contains("回电核实欠薪金额"),
        "{}",
        reveals[0].detail
    );
    assert!(
        !reveals[0].detail.contains("11010519491231002X"),
        "the journal never holds the revealed data"
    );
    let no = store
        .audit(&as_op(&reception), &AuditFilter::default(), 10)
        .await
        .unwrap_err();
    assert!(
        matches!(no, StoreError::Forbidden(Permission::ViewAudit)),
        "{no:?}"
    );
}

async fn an_unmasked_export_needs_a_role_that_may_reveal(store: Store, _url: String) {
    let f = county(&store).await;
    let reception = add(&store, &f, "wangmin", "reception").await;
    let leader = add(&store, &f, "zhouweidong", "duty_leader").await;
    let admin = add(&store, &f, "admin", "admin").await;
    let no = store
        .record_export(f.centre.id, "cases", 3, false, &as_op(&reception))
        .await
        .unwrap_err();
    assert!(
        matches!(no, StoreError::Forbidden(Permission::Export)),
        "{no:?}"
    );
    store
        .record_export(f.centre.id, "cases", 3, true, &as_op(&leader))
        .await
        .unwrap();
    let exports = store
        .audit(
            &as_op(&admin),
            &AuditFilter {
                action: Some("export".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(exports.len(), 1);
    assert!(exports[0].detail.contains("UNMASKED") && exports[0].actor == "zhouweidong");
}

async fn text_that_looks_like_sql_is_stored_as_text(store: Store, _url: String) {
    let f = county(&store).await;
    let nasty = [
        "Robert'); DROP TABLE cases;--",
        "\" OR 1=1 --",
        "x'; DELETE FROM journal; SELECT '",
        "; UPDATE operators SET roles = 'admin' WHERE 1=1; --",
        "$1 $2 ?1 %s \\' \\\" /* */",
    ];
    for (i, text) in nasty.iter().enumerate() {
        let mut p = Party::person(PartyRole::Applicant, text);
        p.address = text.to_string();
        let intake = Intake::new(f.centre.id, Channel::WalkIn, text, text).with_party(p);
        let case = register(&store, &intake, morning() + Duration::minutes(i as i64))
            .await
            .case;
        assert_eq!(case.description, *text);
        assert_eq!(case.category, *text);
        let parties = store.parties(case.id).await.unwrap();
        assert_eq!(
            (parties[0].name.as_str(), parties[0].address.as_str()),
            (*text, *text)
        );
        store
            .add_ledger_entry(case.id, text, text, &stamp(morning()))
            .await
            .unwrap();
        let s = store
            .whistle(case.id, f.hrss.id, text, &stamp(morning()))
            .await
            .unwrap();
        assert_eq!(s.reason, *text);
        store
            .cancel_summons(s.id, text, &stamp(morning()))
            .await
            .unwrap();
        let found = store
            .find_cases(f.centre.id, text, yidi::domain::clock::local_day(morning()))
            .await
            .unwrap();
        assert!(
            found.iter().any(|c| c.id == case.id),
            "found by the name {text:?}"
        );
        let op = store
            .add_operator(
                f.centre.id,
                &format!("user{i}{text}"),
                text,
                &Roles(vec![Role::Reception]),
                text,
                &stamp(morning()),
            )
            .await;
        if text.chars().count() >= yidi::store::MIN_PASSWORD {
            assert_eq!(op.unwrap().name, *text);
        }
    }
    // Everything is still there: nothing was dropped, deleted or promoted.
    assert_eq!(
        store.counts(f.centre.id).await.unwrap().cases,
        nasty.len() as i64
    );
    assert!(
        store
            .operators()
            .await
            .unwrap()
            .iter()
            .all(|o| o.roles == Roles(vec![Role::Reception]))
    );
    let ledger = store
        .journal_for_case(
            store
                .find_cases(
                    f.centre.id,
                    nasty[0],
                    yidi::domain::clock::local_day(morning()),
                )
                .await
                .unwrap()[0]
                .id,
        )
        .await
        .unwrap();
    assert!(ledger.len() >= 4);
}
