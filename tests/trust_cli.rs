//! The `yidi` binary and the store with other processes around: files private whatever the
//! umask, start-up races, a read-only database, a closed or full standard output.

#[macro_use]
mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// `yidi ARGS` run by `sh` with `umask 022`, HOME in `home`.
fn yidi_sh(home: &Path, args: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022; exec \"{}\" {args}",
            env!("CARGO_BIN_EXE_yidi")
        ))
        .env("HOME", home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("YIDI_DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("run yidi")
}

#[tokio::test]
async fn a_new_sqlite_store_and_its_wal_and_shm_are_private_under_umask_022() {
    // SAFETY: only the file-creation mask changes, as the shell of a user with umask 022 has.
    unsafe {
        libc::umask(0o022);
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("centre");
    let db = folder.join("yidi.db");
    let store = yidi::store::Store::open(&db.to_string_lossy())
        .await
        .unwrap();
    // A write makes sure the -wal and -shm exist.
    common::stores::county(&store).await;
    assert_eq!(mode(&folder), 0o700, "the new folder");
    for name in ["yidi.db", "yidi.db-wal", "yidi.db-shm"] {
        assert_eq!(mode(&folder.join(name)), 0o600, "{name}");
    }
    store.close().await;
}

#[test]
fn the_binary_keeps_its_database_and_logs_private_under_umask_022() {
    let home = tempfile::tempdir().unwrap();
    let out = yidi_sh(home.path(), "db migrate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = home.path().join(".local/share/yidi");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("yidi.db")), 0o600);
    let logs = data.join("logs");
    assert_eq!(mode(&logs), 0o700);
    let files: Vec<_> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty(), "today's log file exists");
    for log in files {
        assert_eq!(mode(&log), 0o600, "{}", log.display());
    }
}
