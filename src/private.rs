//! Files that hold personal data (the SQLite database and its -wal and -shm, drafts, logs,
//! exports written by yidi) are the owner's alone: created 0600 in 0700 folders, whatever
//! the umask the console was started with.

use std::fs;
use std::io;
use std::path::Path;

/// From here on, everything this process creates is private to its user (0600 files,
/// 0700 folders): the daily log file and SQLite's -wal and -shm are created by libraries
/// that take their mode from the umask.
pub fn restrict_umask() {
    // SAFETY: umask only swaps the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Creates `dir` and any missing parents, the new ones 0700.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir_all(parent)?;
    }
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => fs::set_permissions(dir, fs::Permissions::from_mode(0o700)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Makes sure the SQLite file at `path` exists, created empty and 0600 (in a 0700 folder
/// when the folder is new) if missing. SQLite gives its -wal and -shm the database file's
/// mode, so they are private too. An existing file is left as it is.
pub fn prepare_sqlite_file(path: &Path) -> io::Result<()> {
    let name = path.to_string_lossy();
    if name == ":memory:" || name.starts_with("file:") || path.exists() {
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir_all(parent)?;
    }
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => fs::set_permissions(path, fs::Permissions::from_mode(0o600)),
        // Another console created it a moment ago.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}
