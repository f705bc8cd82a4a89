//! The throwaway-PostgreSQL harness itself (tests/common/pg.rs).

mod common;

use common::pg;
use sqlx::{Connection as _, PgConnection};

#[tokio::test]
async fn fresh_database_is_usable() {
    let Some(url) = pg::fresh_database_url().await else {
        return; // skipped; the harness printed why
    };
    let mut conn = PgConnection::connect(&url).await.expect("connect");
    let one: i32 = sqlx::query_scalar("SELECT 1")
        .fetch_one(&mut conn)
        .await
        .expect("SELECT 1");
    assert_eq!(one, 1);
    let version: i32 = sqlx::query_scalar("SELECT current_setting('server_version_num')::int")
        .fetch_one(&mut conn)
        .await
        .expect("server_version_num");
    assert!(
        version >= 150000,
        "PostgreSQL >= 15 required, got {version}"
    );
    let database: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&mut conn)
        .await
        .expect("current_database");
    assert!(database.starts_with("yidi_t_"), "connected to {database}");
    conn.close().await.expect("close");
}

#[tokio::test]
async fn fresh_databases_are_separate() {
    let (a, b) = tokio::join!(pg::fresh_database_url(), pg::fresh_database_url());
    let (Some(a), Some(b)) = (a, b) else {
        return;
    };
    assert_ne!(a, b);
    let mut ca = PgConnection::connect(&a).await.expect("connect a");
    let mut cb = PgConnection::connect(&b).await.expect("connect b");
    sqlx::raw_sql("CREATE TABLE only_in_a (x int)")
        .execute(&mut ca)
        .await
        .expect("create table in a");
    let in_b: Option<String> = sqlx::query_scalar("SELECT to_regclass('only_in_a')::text")
        .fetch_one(&mut cb)
        .await
        .expect("to_regclass in b");
    assert_eq!(
        in_b, None,
        "a table created in one fresh database is visible in another"
    );
}
