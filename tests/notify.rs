//! Notices to departments through the outbox, on SQLite and PostgreSQL, against a webhook
//! server on loopback: retries reach each notice exactly once by its idempotency key; two
//! workers at once deliver once; a worker killed mid-delivery loses nothing; a department
//! without a channel shows 未配置, one that keeps failing shows 通知失败 with the reason; an
//! escalation reaches the duty leader's phone from the roster by the SMS command.

#[macro_use]
mod common;

use axum::http::{HeaderMap, StatusCode};
use common::stores::{Fixture, county, morning, register, stamp};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;
use yidi::domain::case::Channel;
use yidi::domain::clock::local_day;
use yidi::domain::notice::{NoticeState, NotifyKind};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{Duty, Intake, RosterEntry, SystemClock};
use yidi::serve::worker::{WorkerOptions, run_with};
use yidi::store::{NotifyChannel, Store};

on_both!(
    a_webhook_failing_twice_gets_each_notice_once_by_its_key,
    two_workers_at_once_deliver_each_notice_once,
    a_worker_killed_mid_delivery_loses_nothing,
    no_channel_reads_unconfigured_and_a_dead_hook_reads_failed_with_the_reason,
    an_escalation_reaches_the_duty_leaders_phone_by_sms,
);

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    FailTwice,
    AlwaysOk,
    Always500,
    HangFirst,
}

#[derive(Default)]
struct Log {
    /// (idempotency key, body, status answered; 0 for a request left hanging)
    requests: Vec<(String, String, u16)>,
}

struct Hook {
    url: String,
    log: Arc<Mutex<Log>>,
}

impl Hook {
    fn ok_keys(&self) -> HashMap<String, usize> {
        let mut m = HashMap::new();
        for (k, _, s) in &self.log.lock().unwrap().requests {
            if *s == 200 {
                *m.entry(k.clone()).or_insert(0) += 1;
            }
        }
        m
    }

    fn requests(&self) -> Vec<(String, String, u16)> {
        self.log.lock().unwrap().requests.clone()
    }
}

async fn hook(mode: Mode) -> Hook {
    let log = Arc::new(Mutex::new(Log::default()));
    let state = log.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let log = state.clone();
            async move {
                let key = headers
                    .get("idempotency-key")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let (status, hang) = {
                    let mut log = log.lock().unwrap();
                    let before = log.requests.iter().filter(|(k, _, _)| *k == key).count();
                    let first_ever = log.requests.is_empty();
                    let (status, hang) = match mode {
                        Mode::FailTwice if before < 2 => (500, false),
                        Mode::Always500 => (500, false),
                        Mode::HangFirst if first_ever => (0, true),
                        _ => (200, false),
                    };
                    log.requests.push((key, body, status));
                    (status, hang)
                };
                if hang {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
                let code = StatusCode::from_u16(status.max(200)).unwrap();
                (code, "{\"errcode\":0,\"errmsg\":\"ok\"}")
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Hook { url, log }
}

fn options(holder: &str) -> WorkerOptions {
    WorkerOptions {
        holder: holder.into(),
        lease_ttl: Duration::from_millis(800),
        poll: Duration::from_millis(20),
        backoff_base: Duration::from_millis(50),
        max_attempts: 5,
        sms_command: None,
        request_timeout: Duration::from_secs(20),
    }
}

struct Worker {
    stop: tokio::sync::watch::Sender<bool>,
    handle: tokio::task::JoinHandle<()>,
}

fn worker(store: &Store, opts: WorkerOptions) -> Worker {
    let (stop, rx) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(run_with(store.clone(), Arc::new(SystemClock), opts, rx));
    Worker { stop, handle }
}

impl Worker {
    async fn stop(self) {
        let _ = self.stop.send(true);
        self.handle.await.unwrap();
    }
}

async fn set_channel(store: &Store, department: Uuid, kind: NotifyKind, target: &str) {
    store
        .set_department_notify(
            department,
            &NotifyChannel {
                kind,
                target: Some(target.into()),
                secret: None,
            },
            &stamp(morning()),
        )
        .await
        .unwrap();
}

/// Scenario 1's case whistling 人社局 (30 min) and 住建局 (40 min) at 08:47.
async fn whistle_both(store: &Store, f: &Fixture) -> (String, Vec<Uuid>) {
    let i = Intake::new(f.centre.id, Channel::WalkIn, "劳动争议/欠薪", "拖欠工资")
        .with_party(Party::person(PartyRole::Applicant, "张建国"));
    let case = register(store, &i, morning()).await.case;
    let summonses = store
        .whistle_departments(
            case.id,
            &[f.hrss.id, f.housing.id],
            "欠薪",
            &stamp(morning()),
        )
        .await
        .unwrap();
    (case.case_no, summonses.iter().map(|s| s.id).collect())
}

/// Every notice of these summonses, once none is pending (at most 30 s).
async fn settled(store: &Store, summonses: &[Uuid]) -> Vec<(String, String, i32, Option<String>)> {
    for _ in 0..600 {
        let mut all = Vec::new();
        for s in summonses {
            all.extend(store.notices_of_summons(*s).await.unwrap());
        }
        if !all.is_empty() && all.iter().all(|n| n.1 != "pending") {
            return all;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("notices still pending after 30 s");
}

async fn board_notices(store: &Store, f: &Fixture) -> Vec<(String, Option<NoticeState>)> {
    let mut rows: Vec<_> = store
        .board(f.centre.id, local_day(morning()))
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.department, r.notice))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

async fn a_webhook_failing_twice_gets_each_notice_once_by_its_key(store: Store, _url: String) {
    let f = county(&store).await;
    let hook = hook(Mode::FailTwice).await;
    set_channel(&store, f.hrss.id, NotifyKind::Wecom, &hook.url).await;
    set_channel(&store, f.housing.id, NotifyKind::Json, &hook.url).await;
    let (case_no, summonses) = whistle_both(&store, &f).await;
    assert!(
        board_notices(&store, &f)
            .await
            .iter()
            .all(|(_, n)| *n == Some(NoticeState::Pending)),
        "written with the whistle, before any delivery"
    );
    let w = worker(&store, options("a"));
    let notices = settled(&store, &summonses).await;
    w.stop().await;
    assert_eq!(notices.len(), 2);
    for (kind, state, attempts, _) in &notices {
        assert_eq!(
            (kind.as_str(), state.as_str(), *attempts),
            ("whistle", "sent", 3)
        );
    }
    let ok = hook.ok_keys();
    assert_eq!(ok.len(), 2, "{ok:?}");
    assert!(
        ok.values().all(|&n| n == 1),
        "each key succeeded once: {ok:?}"
    );
    let requests = hook.requests();
    assert_eq!(requests.len(), 6, "two failures and a success each");
    let wecom = requests
        .iter()
        .find(|(_, b, s)| *s == 200 && b.contains("\"msgtype\":\"text\""))
        .expect("a WeCom text message");
    assert!(
        wecom.1.contains("人社局") && wecom.1.contains(&case_no) && wecom.1.contains("09:17"),
        "{}",
        wecom.1
    );
    let json = requests
        .iter()
        .find(|(_, b, s)| *s == 200 && b.contains("idempotency_key"))
        .expect("a plain JSON notice");
    assert!(
        json.1.contains(&json.0) && json.1.contains("住建局") && json.1.contains("09:27"),
        "{}",
        json.1
    );
    assert_eq!(
        board_notices(&store, &f).await,
        vec![
            ("人社局".to_string(), Some(NoticeState::Sent)),
            ("住建局".to_string(), Some(NoticeState::Sent)),
        ]
    );
    let case_id = store.summons(summonses[0]).await.unwrap().unwrap().case_id;
    let file = yidi::app::detail::load_case_file(&store, case_id)
        .await
        .unwrap();
    assert_eq!(
        file.notices,
        vec![
            (summonses[0], NoticeState::Sent),
            (summonses[1], NoticeState::Sent)
        ],
        "the case file shows both as told"
    );
}

async fn two_workers_at_once_deliver_each_notice_once(store: Store, url: String) {
    let f = county(&store).await;
    let hook = hook(Mode::AlwaysOk).await;
    set_channel(&store, f.hrss.id, NotifyKind::Json, &hook.url).await;
    set_channel(&store, f.housing.id, NotifyKind::Dingtalk, &hook.url).await;
    let (_, summonses) = whistle_both(&store, &f).await;
    store
        .cancel_summons(
            summonses[1],
            "走错部门",
            &stamp(morning() + chrono::Duration::minutes(2)),
        )
        .await
        .unwrap();
    // A second process's connection to the same database.
    let other = Store::open(&url).await.unwrap();
    let a = worker(&store, options("a"));
    let b = worker(&other, options("b"));
    let notices = settled(&store, &summonses).await;
    a.stop().await;
    b.stop().await;
    assert_eq!(notices.len(), 3, "two whistles and a cancellation");
    assert!(
        notices.iter().all(|n| n.1 == "sent" && n.2 == 1),
        "{notices:?}"
    );
    let ok = hook.ok_keys();
    assert_eq!(hook.requests().len(), 3, "{:?}", hook.requests());
    assert_eq!(ok.len(), 3);
    assert!(
        hook.requests()
            .iter()
            .any(|(_, b, _)| b.contains("取消吹哨"))
    );
}

async fn a_worker_killed_mid_delivery_loses_nothing(store: Store, _url: String) {
    let f = county(&store).await;
    let hook = hook(Mode::HangFirst).await;
    set_channel(&store, f.hrss.id, NotifyKind::Wecom, &hook.url).await;
    set_channel(&store, f.housing.id, NotifyKind::Wecom, &hook.url).await;
    let (_, summonses) = whistle_both(&store, &f).await;
    let a = worker(&store, options("a"));
    for _ in 0..400 {
        if !hook.requests().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(hook.requests().len(), 1, "the first delivery hangs");
    // Killed: no clean stop, the lease is not given back.
    a.handle.abort();
    let _ = a.handle.await;
    let b = worker(&store, options("b"));
    let notices = settled(&store, &summonses).await;
    b.stop().await;
    assert!(notices.iter().all(|n| n.1 == "sent"), "{notices:?}");
    let ok = hook.ok_keys();
    assert_eq!(ok.len(), 2, "both notices delivered: {ok:?}");
    assert!(ok.values().all(|&n| n == 1), "{ok:?}");
}

async fn no_channel_reads_unconfigured_and_a_dead_hook_reads_failed_with_the_reason(
    store: Store,
    _url: String,
) {
    let f = county(&store).await;
    let hook = hook(Mode::Always500).await;
    set_channel(&store, f.hrss.id, NotifyKind::Json, &hook.url).await;
    let (_, summonses) = whistle_both(&store, &f).await;
    let w = worker(
        &store,
        WorkerOptions {
            max_attempts: 2,
            ..options("a")
        },
    );
    let notices = settled(&store, &summonses).await;
    w.stop().await;
    let hrss = store.notices_of_summons(summonses[0]).await.unwrap();
    assert_eq!(hrss[0].1, "failed");
    assert_eq!(hrss[0].2, 2);
    assert_eq!(hrss[0].3.as_deref(), Some("HTTP 500"));
    assert_eq!(notices.len(), 2);
    assert_eq!(
        board_notices(&store, &f).await,
        vec![
            ("人社局".to_string(), Some(NoticeState::Failed)),
            ("住建局".to_string(), Some(NoticeState::Unconfigured)),
        ]
    );
    assert_eq!(hook.requests().len(), 2, "no try after the last");
}

async fn an_escalation_reaches_the_duty_leaders_phone_by_sms(store: Store, _url: String) {
    let f = county(&store).await;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("sms.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncat > \"{}/$YIDI_IDEMPOTENCY_KEY-$1.txt\"\n",
            dir.path().display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    store
        .set_roster(
            f.centre.id,
            &RosterEntry {
                day: local_day(morning()),
                duty: Duty::DutyLeader,
                department_id: None,
                person: "李主任".into(),
                phone: Some("13800001111".into()),
            },
            &stamp(morning()),
        )
        .await
        .unwrap();
    let (case_no, summonses) = whistle_both(&store, &f).await;
    let later = morning() + chrono::Duration::minutes(50);
    let escalated = store
        .escalate_late_summons(f.centre.id, chrono::Duration::minutes(5), &stamp(later))
        .await
        .unwrap();
    assert_eq!(escalated.len(), 2);
    let w = worker(
        &store,
        WorkerOptions {
            sms_command: Some(script.display().to_string()),
            ..options("a")
        },
    );
    let notices = settled(&store, &summonses).await;
    w.stop().await;
    let escalations: Vec<_> = notices.iter().filter(|n| n.0 == "escalate").collect();
    assert_eq!(escalations.len(), 2);
    assert!(escalations.iter().all(|n| n.1 == "sent"), "{notices:?}");
    let mut texts: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .ends_with("-13800001111.txt")
        })
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    texts.sort();
    assert_eq!(
        texts.len(),
        2,
        "one SMS per escalation, to the leader's phone"
    );
    assert!(
        texts
            .iter()
            .all(|t| t.contains("超时督办") && t.contains(&case_no)),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("人社局") && t.contains("逾期")),
        "{texts:?}"
    );
}
