//! Store budgets from DESIGN.md: an intake against a bare one-row insert transaction, and how
//! long a commit on one console takes to reach another (each on SQLite and PostgreSQL).

#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use sqlx::Connection;
use std::time::{Duration, Instant};
use uuid::Uuid;
use yidi::domain::case::{Channel, Level};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{Centre, Intake, SlaPolicy, WorkCalendar};
use yidi::store::{Stamp, Store};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

async fn centre(store: &Store) -> Centre {
    let c = Centre {
        id: Uuid::now_v7(),
        code: "bench".into(),
        name: "基准中心".into(),
        level: Level::County,
        parent: None,
    };
    store
        .ensure_centre(&c, &Stamp::new("bench", Utc::now()))
        .await
        .unwrap()
}

fn walk_in(centre: Uuid) -> Intake {
    let mut a = Party::person(PartyRole::Applicant, "张建国");
    a.resident_id = Some("11010519491231002X".into());
    a.phone = Some("13800138000".into());
    Intake::new(
        centre,
        Channel::WalkIn,
        "劳动争议/欠薪",
        "十二名工人被拖欠工资",
    )
    .with_party(a)
    .with_party(Party::organisation(
        PartyRole::Respondent,
        "某建筑劳务有限公司",
    ))
}

fn intake_vs_bare_insert(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let create = "CREATE TABLE IF NOT EXISTS bare (id UUID PRIMARY KEY, note TEXT NOT NULL)";
    let (store, centre, mut bare) = rt.block_on(async {
        let store = Store::open(&url).await.unwrap();
        let centre = centre(&store).await;
        // The bare reference: same file, same pragmas as the store's connections.
        let mut bare = sqlx::SqliteConnection::connect_with(
            &sqlx::sqlite::SqliteConnectOptions::new()
                .filename(dir.path().join("bench.db"))
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5)),
        )
        .await
        .unwrap();
        sqlx::query(create).execute(&mut bare).await.unwrap();
        (store, centre, bare)
    });
    let mut g = c.benchmark_group("sqlite_write");
    g.bench_function("bare_single_row_insert_tx", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut tx = bare.begin_with("BEGIN IMMEDIATE").await.unwrap();
                sqlx::query("INSERT INTO bare (id, note) VALUES ($1, $2)")
                    .bind(Uuid::now_v7())
                    .bind("一行")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            })
        })
    });
    bench_intake(&mut g, &rt, &store, &centre);
    g.finish();
    // The same pair on PostgreSQL (the throwaway cluster), where one can be started.
    let Some(pg_url) = rt.block_on(pg::fresh_database_url()) else {
        return;
    };
    let (store, pg_centre, mut bare) = rt.block_on(async {
        let store = Store::open(&pg_url).await.unwrap();
        let c = self::centre(&store).await;
        let mut bare = sqlx::PgConnection::connect(&pg_url).await.unwrap();
        sqlx::query(create).execute(&mut bare).await.unwrap();
        (store, c, bare)
    });
    let mut g = c.benchmark_group("postgres_write");
    g.bench_function("bare_single_row_insert_tx", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut tx = bare.begin().await.unwrap();
                sqlx::query("INSERT INTO bare (id, note) VALUES ($1, $2)")
                    .bind(Uuid::now_v7())
                    .bind("一行")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            })
        })
    });
    bench_intake(&mut g, &rt, &store, &pg_centre);
    g.finish();
}

fn bench_intake(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    rt: &tokio::runtime::Runtime,
    store: &Store,
    centre: &Centre,
) {
    let cal = WorkCalendar::builtin();
    g.bench_function("intake_case_parties_ticket_journal_change", |b| {
        b.iter(|| {
            rt.block_on(async {
                let now = Utc::now();
                let i = walk_in(centre.id);
                store
                    .intake(
                        &i,
                        SlaPolicy::default().deadlines(now, &cal),
                        &Stamp::new("bench", now),
                    )
                    .await
                    .unwrap();
            })
        })
    });
}

/// Commit on console A, wait until console B's subscription wakes.
fn change_visible(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", dir.path().join("feed.db").display());
    let pg_url = rt.block_on(pg::fresh_database_url());
    let mut g = c.benchmark_group("change_visible_on_other_console");
    g.sample_size(30);
    for (name, url) in [("sqlite", Some(sqlite_url)), ("postgres", pg_url)] {
        let Some(url) = url else { continue };
        let (a, b, centre) = rt.block_on(async {
            let a = Store::open(&url).await.unwrap();
            let b = Store::open(&url).await.unwrap();
            let centre = centre(&a).await;
            (a, b, centre)
        });
        let mut sub = rt.block_on(async {
            let last = b.last_change_id().await.unwrap();
            let s = b.follow(last);
            tokio::time::sleep(Duration::from_millis(300)).await;
            s
        });
        let cal = WorkCalendar::builtin();
        g.bench_function(name, |bench| {
            bench.iter_custom(|iters| {
                rt.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        // Land the commit at a random moment of the SQLite poll period, as real
                        // operators do, rather than in step with it.
                        tokio::time::sleep(Duration::from_micros(rand::random_range(0..40_000)))
                            .await;
                        while sub.try_next().is_some() {}
                        let now = Utc::now();
                        let i = walk_in(centre.id);
                        let start = Instant::now();
                        a.intake(
                            &i,
                            SlaPolicy::default().deadlines(now, &cal),
                            &Stamp::new("bench", now),
                        )
                        .await
                        .unwrap();
                        sub.next().await.unwrap();
                        total += start.elapsed();
                    }
                    total
                })
            })
        });
    }
    g.finish();
}

criterion_group!(benches, intake_vs_bare_insert, change_visible);
criterion_main!(benches);
