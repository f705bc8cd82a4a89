#![allow(dead_code, unused_macros)]

pub mod page;
pub mod pg;
pub mod screen;
pub mod stores;

/// Runs each named `async fn(Store, url)` once on a fresh SQLite file and once on a fresh
/// PostgreSQL database (skipped, with a printed reason, only where no PostgreSQL exists).
/// Inside a child process started by a cross-process test, the tests do nothing.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if std::env::var("YIDI_CHILD_DB").is_ok() { return; }
                    let db = super::common::stores::sqlite().await;
                    super::$name(db.store.clone(), db.url.clone()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if std::env::var("YIDI_CHILD_DB").is_ok() { return; }
                    let Some((store, url)) = super::common::stores::postgres().await else { return };
                    super::$name(store, url).await;
                }
            )*
        }
    };
}
pub mod pty;

/// A tokio runtime for a test that drives the binary and also reads the store itself.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Runs the `yidi` binary as an administrator would, with no database from the environment
/// and a throwaway home.
#[allow(dead_code)]
pub fn yidi(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(args)
        .env_remove("YIDI_DATABASE_URL")
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("run yidi")
}
