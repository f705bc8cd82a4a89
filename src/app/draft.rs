//! The intake draft on disk: what the operator has typed so far, so that a crash or a dropped
//! SSH session loses nothing. One file per centre, signed-in operator and console, written
//! atomically, readable by the owner only (it holds personal data), and claimed by one running
//! console at a time (a lock the kernel drops when the console dies), so two consoles never
//! write one file and nobody is offered another operator's draft. A draft is not case data:
//! it may be removed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

/// Everything typed into an intake form, as plain values.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Draft {
    /// The id the intake will be saved under (so a save retried after a restore is recognised).
    pub intake_id: Uuid,
    pub saved_at: DateTime<Utc>,
    /// The login of the operator who typed it; only they are offered it.
    #[serde(default)]
    pub operator: String,
    /// `Channel::as_str`.
    #[serde(default)]
    pub channel: String,
    /// The Chinese category name, empty when none was chosen.
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub group_batches: String,
    #[serde(default)]
    pub group_persons: String,
    #[serde(default)]
    pub elderly_disabled: bool,
    #[serde(default)]
    pub emotional_risk: bool,
    /// Ticked by hand (a group visit is also automatic when persons > 1).
    #[serde(default)]
    pub group_visit: bool,
    /// `Handling::as_str`, empty for none.
    #[serde(default)]
    pub handling: String,
    #[serde(default)]
    pub court_case_no: String,
    /// Lines joined with `\n`.
    #[serde(default)]
    pub description: String,
    /// Index of the focused field in the form's Tab order.
    #[serde(default)]
    pub focus: usize,
    /// Applicants first, then respondents.
    #[serde(default)]
    pub parties: Vec<DraftParty>,
}

/// One party block of a draft, as typed (not normalised).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct DraftParty {
    /// `PartyRole::as_str`.
    pub role: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub resident_id: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub is_organisation: bool,
}

/// `data_dir/drafts/<centre>-<operator>-<console>.toml`, each name made safe for a file name.
pub fn draft_path(data_dir: &Path, centre_code: &str, operator: &str, console: &str) -> PathBuf {
    data_dir.join("drafts").join(format!(
        "{}-{}-{}.toml",
        file_safe(centre_code),
        file_safe(operator),
        file_safe(console)
    ))
}

/// Where one console keeps its drafts: the data dir, its centre and its own name (the
/// service window), to which the signed-in operator's login is added.
#[derive(Debug, Clone)]
pub struct DraftPlace {
    pub data_dir: PathBuf,
    pub centre_code: String,
    pub console: String,
}

/// One operator's draft file, held by this console while it lives (the lock is released
/// when it is dropped or the process dies, even by SIGKILL).
#[derive(Debug)]
pub struct Claim {
    pub login: String,
    pub path: PathBuf,
    _lock: fs::File,
}

/// Claims the draft file of `login` at this console. When another running console already
/// holds that name (two consoles started with the same window), the next free one is taken
/// (`…-1号窗口-2.toml`), so two consoles never write one file.
pub fn claim(place: &DraftPlace, login: &str) -> io::Result<Claim> {
    let dir = place.data_dir.join("drafts");
    create_private_dir(&dir)?;
    let mut last = None;
    for n in 1..=16 {
        let console = if n == 1 {
            place.console.clone()
        } else {
            format!("{}-{n}", place.console)
        };
        let path = draft_path(&place.data_dir, &place.centre_code, login, &console);
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let lock = options.open(path.with_extension("lock"))?;
        match lock.try_lock() {
            Ok(()) => {
                return Ok(Claim {
                    login: login.to_string(),
                    path,
                    _lock: lock,
                });
            }
            Err(fs::TryLockError::WouldBlock) => last = Some(io::ErrorKind::WouldBlock.into()),
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::ErrorKind::WouldBlock.into()))
}

/// Letters (Chinese included), digits, `-` and `_` are kept; anything else becomes `_`.
fn file_safe(name: &str) -> String {
    let safe: String = name
        .trim()
        .chars()
        .take(64)
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() {
        "_".to_string()
    } else {
        safe
    }
}

/// Writes the draft atomically: a temporary file in the same directory (mode 0600), synced,
/// then renamed over the old draft. The directory is created (mode 0700) when missing.
pub fn save(path: &Path, draft: &Draft) -> io::Result<()> {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    let text = toml::to_string(draft).map_err(io::Error::other)?;
    let file_name = path
        .file_name()
        .map_or_else(|| "draft".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{file_name}.{}.{}.tmp",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let written = write_private(&tmp, text.as_bytes()).and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written?;
    // Make the rename itself durable (best effort).
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The draft at `path`, if there is a readable one. A missing file is `None`; a damaged one
/// is `None` too, with a warning in the log that names the file and line but none of its text.
pub fn load(path: &Path) -> Option<Draft> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => {
            tracing::warn!(
                "draft {} not readable ({}); ignored",
                path.display(),
                e.kind()
            );
            return None;
        }
    };
    match toml::from_str::<Draft>(&text) {
        Ok(d) => Some(d),
        Err(e) => {
            // The parser's message can quote the file, which holds personal data: log the line only.
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            match line {
                Some(n) => {
                    tracing::warn!("draft {} is damaged near line {n}; ignored", path.display())
                }
                None => tracing::warn!("draft {} is damaged; ignored", path.display()),
            }
            None
        }
    }
}

/// Removes the draft (a missing one is fine).
pub fn clear(path: &Path) {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!("draft {} not removed ({})", path.display(), e.kind()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Draft {
        Draft {
            intake_id: Uuid::now_v7(),
            saved_at: Utc::now(),
            operator: "zhangsan".into(),
            channel: "walk_in".into(),
            category: "邻里纠纷".into(),
            group_batches: "1".into(),
            group_persons: "3".into(),
            elderly_disabled: true,
            emotional_risk: false,
            group_visit: false,
            handling: "joint".into(),
            court_case_no: String::new(),
            description: "第一行\n第二行 \"引号\" = 'x'\n".into(),
            focus: 4,
            parties: vec![
                DraftParty {
                    role: "applicant".into(),
                    name: "张建国".into(),
                    resident_id: "11010519491231002x".into(),
                    phone: "138 0013 8000".into(),
                    address: "城关镇东关村".into(),
                    is_organisation: false,
                },
                DraftParty {
                    role: "respondent".into(),
                    name: "某物业公司".into(),
                    resident_id: String::new(),
                    phone: String::new(),
                    address: String::new(),
                    is_organisation: true,
                },
            ],
        }
    }

    #[test]
    fn a_saved_draft_loads_back_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = draft_path(dir.path(), "C001", "张三", "1号窗口");
        let d = sample();
        save(&path, &d).unwrap();
        assert_eq!(load(&path), Some(d.clone()));
        // Saving again replaces it and leaves no temporary file behind.
        let mut d2 = d.clone();
        d2.description = "改过".into();
        save(&path, &d2).unwrap();
        assert_eq!(load(&path), Some(d2));
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_draft_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = draft_path(dir.path(), "C001", "op", "w1");
        save(&path, &sample()).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(path.parent().unwrap())
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o700
        );
    }

    #[test]
    fn a_missing_or_damaged_draft_loads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.toml");
        assert_eq!(load(&path), None);
        fs::write(
            &path,
            "intake_id = \"not a uuid\"\nsaved_at = 3\n[[parties]\n",
        )
        .unwrap();
        assert_eq!(load(&path), None);
        fs::write(&path, [0xff, 0xfe, 0x00, 0x41]).unwrap();
        assert_eq!(load(&path), None);
        fs::write(&path, "").unwrap();
        assert_eq!(load(&path), None);
        // A half-written file (cut anywhere) never panics.
        let full = toml::to_string(&sample()).unwrap();
        for cut in (0..full.len()).filter(|&i| full.is_char_boundary(i)) {
            fs::write(&path, &full[..cut]).unwrap();
            let _ = load(&path);
        }
    }

    #[test]
    fn clear_removes_the_draft_and_tolerates_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = draft_path(dir.path(), "C001", "op", "w1");
        save(&path, &sample()).unwrap();
        clear(&path);
        assert!(!path.exists());
        clear(&path);
        assert_eq!(load(&path), None);
    }

    #[test]
    fn draft_paths_stay_inside_the_drafts_directory() {
        let base = Path::new("/data");
        assert_eq!(
            draft_path(base, "C001", "张三", "1号窗口"),
            Path::new("/data/drafts/C001-张三-1号窗口.toml")
        );
        assert_eq!(
            draft_path(base, "C001", "../../etc/passwd", "w"),
            Path::new("/data/drafts/C001-______etc_passwd-w.toml")
        );
        assert_eq!(
            draft_path(base, "", " ", ""),
            Path::new("/data/drafts/_-_-_.toml")
        );
        assert_eq!(
            draft_path(base, "a/b", "x y", "w/1"),
            Path::new("/data/drafts/a_b-x_y-w_1.toml")
        );
    }

    #[test]
    fn two_operators_or_two_consoles_never_share_a_draft_file() {
        let dir = tempfile::tempdir().unwrap();
        let place = DraftPlace {
            data_dir: dir.path().to_path_buf(),
            centre_code: "C001".into(),
            console: "1号窗口".into(),
        };
        let a = claim(&place, "wangmin").unwrap();
        let b = claim(&place, "zhaoli").unwrap();
        assert_ne!(a.path, b.path);
        // A second console started with the same window name gets a file of its own…
        let a2 = claim(&place, "wangmin").unwrap();
        assert_ne!(a.path, a2.path);
        assert!(
            a2.path.to_string_lossy().contains("1号窗口-2"),
            "{:?}",
            a2.path
        );
        // …and once the first console is gone (its lock dropped), its file is free again.
        let first = a.path.clone();
        drop(a);
        assert_eq!(claim(&place, "wangmin").unwrap().path, first);
        drop((b, a2));
    }
}
