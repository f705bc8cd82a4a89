//! The resident's tracking page (一码跟进) fetched over loopback by a real HTTP client, on
//! SQLite and PostgreSQL: the timeline of scenario 1's case at each stage, the one
//! not-found page, no personal data of the demo's parties, hostile text escaped, the
//! per-address rate limit and the security headers.

#[macro_use]
mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::page::{Server, config, start};
use common::stores::{Fixture, county, morning, register, stamp};
use uuid::Uuid;
use yidi::domain::case::{Channel, Handling, Level, Outcome, Stream};
use yidi::domain::clock::TZ;
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{CaseEvent, FollowUp, Intake};
use yidi::serve::ServeConfig;
use yidi::store::{Store, Triage};

on_both!(
    the_timeline_follows_scenario_one_from_intake_to_follow_up,
    an_unknown_or_malformed_code_gets_the_same_not_found_page,
    no_name_id_phone_or_staff_text_of_the_demo_cases_reaches_the_page,
    hostile_names_are_escaped_and_the_page_allows_no_script,
    one_address_is_slowed_down_after_its_burst,
    a_resident_rates_a_closed_case_once_and_not_satisfied_reopens_it,
);

fn at(h: u32, m: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, 23, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

async fn get(url: &str, lang: &str) -> (u16, String) {
    let res = reqwest::Client::new()
        .get(url)
        .header("Accept-Language", lang)
        .send()
        .await
        .expect("the page answers");
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

/// The class of the timeline item named `step` ("done", "current", "pending", "skipped").
fn step_class<'a>(html: &'a str, step: &str) -> &'a str {
    let at = html
        .find(&format!("<b>{step}</b>"))
        .unwrap_or_else(|| panic!("no step {step} in {html}"));
    let li = html[..at]
        .rfind("<li class=\"")
        .expect("step in a list item")
        + 11;
    let end = li + html[li..].find('"').unwrap();
    &html[li..end]
}

fn url(server: &Server, token: Uuid) -> String {
    format!("{}/t/{}", server.base, token.simple())
}

/// Scenario 1's case: 张建国 and eleven fellow workers against the labour company.
async fn wage_case(store: &Store, f: &Fixture) -> yidi::domain::Case {
    let mut applicant = Party::person(PartyRole::Applicant, "张建国");
    applicant.resident_id = Some("11010519491231002X".into());
    applicant.phone = Some("13912345678".into());
    let mut i = Intake::new(
        f.centre.id,
        Channel::WalkIn,
        "劳动争议/欠薪",
        "十二名工人被拖欠工资三个月",
    )
    .with_party(applicant)
    .with_party(Party::organisation(
        PartyRole::Respondent,
        "某建筑劳务有限公司",
    ));
    i.group_persons = 12;
    register(store, &i, morning()).await.case
}

const PRIVATE: [&str; 6] = [
    "张建国",
    "11010519491231002X",
    "13912345678",
    "某建筑劳务有限公司",
    "十二名工人被拖欠工资",
    "窗口1-王敏",
];

fn assert_private(html: &str) {
    for p in PRIVATE {
        assert!(!html.contains(p), "{p} is on the page: {html}");
    }
}

async fn the_timeline_follows_scenario_one_from_intake_to_follow_up(store: Store, _url: String) {
    let f = county(&store).await;
    let case = wage_case(&store, &f).await;
    let server = start(store.clone(), config(), at(23, 0)).await;
    let page = url(&server, case.tracking_token);

    // 08:47 registered: routing is next, by the end of the day.
    let (status, html) = get(&page, "zh-CN").await;
    assert_eq!(status, 200);
    assert!(html.contains(&case.case_no), "{html}");
    assert_eq!(step_class(&html, "受理"), "done");
    assert!(html.contains("08:47"), "{html}");
    assert_eq!(step_class(&html, "分流交办"), "pending");
    assert!(
        html.contains("<p>分流交办 · 时限 11月23日 23:59</p>"),
        "{html}"
    );
    assert!(html.contains("0936-8212345"));
    assert_private(&html);

    // 08:52 triaged to 人社局 with 住建局; 08:53 both whistled.
    let t = Triage {
        stream: Stream::Mediation,
        handling: Handling::Joint,
        level: Level::County,
        lead_department: Some(f.hrss.id),
        cooperating: vec![f.housing.id],
        first_handler: "窗口1-王敏".into(),
    };
    let case = store
        .triage(case.id, case.version, &t, &stamp(at(8, 52)))
        .await
        .unwrap();
    let summonses = store
        .whistle_departments(
            case.id,
            &[f.hrss.id, f.housing.id],
            "欠薪",
            &stamp(at(8, 53)),
        )
        .await
        .unwrap();
    let (_, html) = get(&page, "zh-CN").await;
    assert_eq!(step_class(&html, "分流交办"), "done");
    assert!(html.contains("承办部门：人社局、住建局"), "{html}");
    assert_eq!(step_class(&html, "部门报到"), "current");
    assert!(
        html.contains("<p>部门报到 · 时限 11月23日 09:33</p>"),
        "{html}"
    );

    // 09:18 and 09:41 they report.
    for (s, (h, m)) in summonses.iter().zip([(9, 18), (9, 41)]) {
        store
            .record_arrival(s.id, at(h, m), None, &stamp(at(h, m)))
            .await
            .unwrap();
    }
    let (_, html) = get(&page, "zh-CN").await;
    assert_eq!(step_class(&html, "部门报到"), "done");
    assert!(html.contains("人社局 已报到 11月23日 09:18"), "{html}");
    assert!(html.contains("<p>调解 · 时限"), "{html}");

    // 09:45 in the big room.
    store
        .allocate_room(case.id, f.big_room.id, None, &stamp(at(9, 45)))
        .await
        .unwrap();
    let case = store
        .transition(
            case.id,
            store.existing_case(case.id).await.unwrap().version,
            CaseEvent::OpenSession,
            None,
            &stamp(at(9, 45)),
        )
        .await
        .unwrap();
    let (_, html) = get(&page, "zh-CN").await;
    assert_eq!(step_class(&html, "调解"), "current");
    assert!(
        html.contains("调解室： <b>第一调解室</b> · 11月23日 09:45"),
        "{html}"
    );
    assert!(html.contains("<p>结果 · 时限"), "{html}");

    // 11:20 mediated, room released, closed.
    let case = store
        .record_outcome(
            case.id,
            case.version,
            &Outcome::Mediated {
                agreement_no: "（2026）示调字第118号".into(),
                confirmation_requested: true,
            },
            "分两期支付，工人代表签字",
            &stamp(at(11, 20)),
        )
        .await
        .unwrap();
    // Recording the outcome ended the session too (one close).
    let case = store
        .transition(
            case.id,
            case.version,
            CaseEvent::Close,
            None,
            &stamp(at(11, 21)),
        )
        .await
        .unwrap();
    let (_, html) = get(&page, "zh-CN").await;
    assert_eq!(step_class(&html, "调解"), "done");
    assert_eq!(step_class(&html, "结果"), "done");
    assert!(html.contains("调解成功"), "{html}");
    assert_eq!(step_class(&html, "回访"), "pending");
    assert!(html.contains("<p>回访</p>"), "{html}");
    assert!(
        !html.contains("示调字") && !html.contains("分两期"),
        "{html}"
    );
    assert_private(&html);

    // The follow-up call: everything done.
    store
        .record_follow_up(
            &FollowUp {
                id: Uuid::now_v7(),
                case_id: case.id,
                at: at(15, 0),
                by: "回访员".into(),
                satisfaction: 5,
                note: "工人很满意".into(),
                problem_found: false,
            },
            case.version,
            &stamp(at(15, 0)),
        )
        .await
        .unwrap();
    let (_, html) = get(&page, "zh-CN").await;
    assert_eq!(step_class(&html, "回访"), "done");
    assert!(html.contains("案件已全部办结"), "{html}");
    assert!(!html.contains("工人很满意"));

    // The same in English when the phone asks for it.
    let (_, html) = get(&page, "en-GB,en;q=0.9").await;
    assert!(html.contains("<html lang=\"en\">"));
    assert_eq!(step_class(&html, "Follow-up"), "done");
    assert!(
        html.contains("Mediated: an agreement was reached"),
        "{html}"
    );
}

async fn an_unknown_or_malformed_code_gets_the_same_not_found_page(store: Store, _url: String) {
    let f = county(&store).await;
    let case = wage_case(&store, &f).await;
    let server = start(store.clone(), config(), at(12, 0)).await;
    let unknown = get(&url(&server, Uuid::new_v4()), "zh").await;
    assert_eq!(unknown.0, 404);
    assert!(unknown.1.contains("二维码无效或已过期"), "{}", unknown.1);
    for path in ["/t/not-a-token", "/t/%3Cscript%3E", "/", "/t/", "/admin"] {
        let other = get(&format!("{}{path}", server.base), "zh").await;
        assert_eq!(other, unknown, "{path}");
    }
    // The QR code's upper-case URL opens the page.
    let upper = yidi::serve::tracking_url(&server.base, case.tracking_token);
    assert_eq!(get(&upper, "zh").await.0, 200, "{upper}");
    // An open case's code keeps working (a year after closing it expires: a domain test).
    let old = start(store.clone(), config(), at(12, 0) + Duration::days(4000)).await;
    let open = get(&url(&old, case.tracking_token), "zh").await;
    assert_eq!(open.0, 200, "an open case never expires");
}

async fn no_name_id_phone_or_staff_text_of_the_demo_cases_reaches_the_page(
    store: Store,
    _url: String,
) {
    let now = Utc::now();
    yidi::demo::seed(&store, now, 0, &mut |_| {}).await.unwrap();
    let centre = store
        .centre_by_code(yidi::demo::COUNTY_CODE)
        .await
        .unwrap()
        .unwrap();
    let cases = store
        .cases_since(centre.id, now - Duration::days(30), 500)
        .await
        .unwrap();
    assert!(cases.len() >= 5, "the demo has today's cases");
    let server = start(store.clone(), config(), now).await;
    let mut seen = 0;
    for case in &cases {
        let (status, html) = get(&url(&server, case.tracking_token), "zh").await;
        assert_eq!(status, 200, "{}", case.case_no);
        assert!(html.contains(&case.case_no));
        let mut private: Vec<String> = vec![case.description.clone()];
        private.extend(case.first_handler.clone());
        private.extend(case.outcome_note.clone());
        for p in store.parties(case.id).await.unwrap() {
            private.push(p.name.clone());
            private.extend(p.resident_id.clone());
            private.extend(p.phone.clone());
        }
        for p in private.iter().filter(|p| p.chars().count() >= 2) {
            assert!(!html.contains(p.as_str()), "{} shows {p:?}", case.case_no);
            seen += 1;
        }
    }
    assert!(seen > 20, "the check looked at the parties ({seen})");
}

async fn hostile_names_are_escaped_and_the_page_allows_no_script(store: Store, _url: String) {
    let f = county(&store).await;
    let hostile = yidi::domain::Department {
        id: Uuid::now_v7(),
        name: "<script>alert('x')</script>&局\"".into(),
        ..f.hrss.clone()
    };
    store
        .add_department(&hostile, &stamp(morning()))
        .await
        .unwrap();
    let case = wage_case(&store, &f).await;
    store
        .whistle_departments(case.id, &[hostile.id], "x", &stamp(at(8, 53)))
        .await
        .unwrap();
    let cfg = ServeConfig {
        phone: Some("<img src=x onerror=alert(1)>".into()),
        ..config()
    };
    let server = start(store.clone(), cfg, at(12, 0)).await;
    let res = reqwest::get(url(&server, case.tracking_token))
        .await
        .unwrap();
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.starts_with("default-src 'none'; style-src 'sha256-"),
        "{csp}"
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;局&quot;"),
        "{html}"
    );
}

async fn one_address_is_slowed_down_after_its_burst(store: Store, _url: String) {
    let f = county(&store).await;
    let case = wage_case(&store, &f).await;
    let cfg = ServeConfig {
        rate_per_min: 1,
        burst: 3,
        ..config()
    };
    let server = start(store.clone(), cfg, at(12, 0)).await;
    let page = url(&server, case.tracking_token);
    for _ in 0..3 {
        assert_eq!(get(&page, "zh").await.0, 200);
    }
    let (status, html) = get(&page, "zh").await;
    assert_eq!(status, 429);
    assert!(html.contains("请求过于频繁"), "{html}");
    assert!(!html.contains(&case.case_no));
    // Guessing codes counts too.
    assert_eq!(get(&url(&server, Uuid::new_v4()), "zh").await.0, 429);
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn post(url: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", percent(v)))
        .collect();
    let res = reqwest::Client::new()
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept-Language", "zh-CN")
        .body(body.join("&"))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

async fn a_resident_rates_a_closed_case_once_and_not_satisfied_reopens_it(
    store: Store,
    _url: String,
) {
    let f = county(&store).await;
    let case = wage_case(&store, &f).await;
    let t = Triage {
        stream: Stream::Mediation,
        handling: Handling::Immediate,
        level: Level::County,
        lead_department: Some(f.hrss.id),
        cooperating: vec![],
        first_handler: "窗口1-王敏".into(),
    };
    let case = store
        .triage(case.id, case.version, &t, &stamp(at(8, 52)))
        .await
        .unwrap();
    let case = store
        .record_outcome(
            case.id,
            case.version,
            &Outcome::Mediated {
                agreement_no: "（2026）示调字第119号".into(),
                confirmation_requested: false,
            },
            "当场调解",
            &stamp(at(9, 30)),
        )
        .await
        .unwrap();
    let server = start(store.clone(), config(), at(15, 0)).await;
    let page = url(&server, case.tracking_token);
    let (_, html) = get(&page, "zh-CN").await;
    assert!(
        !html.contains("<form"),
        "no rating before the case is closed"
    );
    // 办结 as the console does it: the closing carries the follow-up due date.
    store
        .close_case(
            case.id,
            case.version,
            "当场调解，双方满意",
            at(9, 31) + chrono::Duration::days(3),
            &stamp(at(9, 31)),
        )
        .await
        .unwrap();
    let (_, html) = get(&page, "zh-CN").await;
    assert!(html.contains("您对本案的办理结果满意吗？"), "{html}");
    for word in ["满意", "基本满意", "不满意"] {
        assert!(
            html.contains(&format!("> {word}</label>")),
            "{word}: {html}"
        );
    }
    let needle = "name=\"form\" value=\"";
    let at_form = html.find(needle).unwrap() + needle.len();
    let form = &html[at_form..at_form + html[at_form..].find('"').unwrap()];

    // No choice made: the field is named and the remark typed is kept.
    let remark = "第二期款项还没到账 <b>";
    let (status, html) = post(&page, &[("form", form), ("remark", remark)]).await;
    assert_eq!(status, 422);
    assert!(html.contains("满意程度：请选择一项。"), "{html}");
    assert!(
        html.contains("第二期款项还没到账 &lt;b&gt;</textarea>"),
        "{html}"
    );

    // 不满意: recorded as a follow-up by 扫码, journalled, and the case is re-opened.
    let (status, html) = post(
        &page,
        &[("form", form), ("satisfaction", "2"), ("remark", remark)],
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("中心将重新交办"), "{html}");
    let after = store.existing_case(case.id).await.unwrap();
    assert_eq!(after.state, yidi::domain::CaseState::Triaged, "re-opened");
    let journal = store.journal_for_case(case.id).await.unwrap();
    let entry = journal
        .iter()
        .rfind(|e| e.action == "follow_up")
        .expect("journalled");
    assert!(
        entry.detail.contains("扫码") && entry.detail.contains("dissatisfied"),
        "{}",
        entry.detail
    );

    // The same form again: already received, nothing more written.
    let (status, html) = post(&page, &[("form", form), ("satisfaction", "5")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("本次评价已收到"), "{html}");
    let again = store.journal_for_case(case.id).await.unwrap();
    assert_eq!(
        again.iter().filter(|e| e.action == "follow_up").count(),
        1,
        "one follow-up"
    );
    // A made-up form token is no way in either.
    let (_, html) = post(&page, &[("form", "00"), ("satisfaction", "5")]).await;
    assert!(html.contains("本次评价已收到"), "{html}");
}
