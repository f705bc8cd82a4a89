//! Where yidi finds its settings: command line, environment, then the config file, then defaults.

use crate::domain::SlaPolicy;
use crate::domain::validation::Lang;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The config file (`config.toml` in the XDG config dir, or `--config`).
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    /// Code of the centre this console serves (default: the first county centre).
    pub centre: Option<String>,
    pub lang: Option<String>,
    #[serde(default)]
    pub sla: SlaPolicy,
    #[serde(default)]
    pub summons: SummonsConfig,
    #[serde(default)]
    pub session: SessionConfig,
    #[serde(default)]
    pub rooms: RoomsConfig,
    #[serde(default)]
    pub follow_up: crate::domain::follow_up::FollowUpPolicy,
    /// `[figures]`: the choices where the source articles count differently.
    #[serde(default)]
    pub figures: crate::domain::figures::FigureSettings,
    /// `[ranking]`: the weights of the reverse ranking's parts.
    #[serde(default)]
    pub ranking: crate::domain::figures::RankingWeights,
    #[serde(default)]
    pub serve: crate::serve::ServeConfig,
    #[serde(default)]
    pub notify: crate::serve::NotifyConfig,
}

/// `[session]` in the config file.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionConfig {
    /// Seconds a console may sit untouched before it locks to the login screen.
    #[serde(default = "default_idle_lock")]
    pub idle_lock_secs: u32,
}

fn default_idle_lock() -> u32 {
    300
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            idle_lock_secs: default_idle_lock(),
        }
    }
}

/// `[rooms]` in the config file.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomsConfig {
    /// Minutes after its start an unclaimed reservation is released.
    #[serde(default = "default_unclaimed")]
    pub unclaimed_min: u16,
}

fn default_unclaimed() -> u16 {
    crate::domain::allocation::DEFAULT_UNCLAIMED_MIN as u16
}

impl Default for RoomsConfig {
    fn default() -> Self {
        Self {
            unclaimed_min: default_unclaimed(),
        }
    }
}

/// `[summons]` in the config file.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummonsConfig {
    /// Minutes a summons may be late before it escalates to the duty leader.
    #[serde(default = "default_grace")]
    pub grace_min: u16,
}

fn default_grace() -> u16 {
    5
}

impl Default for SummonsConfig {
    fn default() -> Self {
        Self {
            grace_min: default_grace(),
        }
    }
}

/// `Debug` never shows the database password.
impl std::fmt::Debug for FileConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileConfig")
            .field(
                "database_url",
                &self.database_url.as_deref().map(crate::store::redact),
            )
            .field("centre", &self.centre)
            .field("lang", &self.lang)
            .field("sla", &self.sla)
            .field("summons", &self.summons)
            .field("session", &self.session)
            .field("rooms", &self.rooms)
            .field("follow_up", &self.follow_up)
            .field("serve", &self.serve.listen)
            .finish()
    }
}

/// Whether a database URL carries a password (`postgres://user:secret@host/db`).
pub fn url_has_password(url: &str) -> bool {
    crate::store::redact(url) != url
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("config file {path}: {reason}")]
    Parse { path: String, reason: String },
    #[error(
        "config file {path} holds a database password but others may read it (mode {mode:o}); run `chmod 600 {path}` or move the password to ~/.pgpass"
    )]
    ReadableSecret { path: String, mode: u32 },
    #[error("no home directory to keep yidi's files in; pass --db")]
    NoHome,
}

pub fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "yidi")
}

pub fn default_config_path() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Where the SQLite files and logs live.
pub fn data_dir() -> Result<PathBuf, ConfigError> {
    dirs()
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(ConfigError::NoHome)
}

/// The settings that used to be each console's own and are now the county's policy in the
/// database (`yidi policy`): a config file that still sets them, or a `calendar/` folder
/// beside it, is named once on screen, so nobody believes a console follows its own file.
pub fn ignored_policy(file: &FileConfig) -> Option<String> {
    let defaults = crate::domain::policy::Policy::default();
    let mut set = Vec::new();
    if file.sla != defaults.sla {
        set.push("[sla]");
    }
    if file.summons.grace_min != defaults.grace_min {
        set.push("[summons]");
    }
    if file.rooms.unclaimed_min != defaults.unclaimed_min {
        set.push("[rooms]");
    }
    if file.follow_up != defaults.follow_up {
        set.push("[follow_up]");
    }
    let calendar = dirs().map(|d| d.config_dir().join("calendar"));
    if calendar.is_some_and(|dir| {
        std::fs::read_dir(dir).is_ok_and(|mut e| {
            e.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "toml")))
        })
    }) {
        set.push("calendar/");
    }
    (!set.is_empty()).then(|| {
        format!(
            "{} in the config file are no longer read: every console follows the county's policy in the database; see `yidi policy show`, set with `yidi policy set` / `yidi policy calendar FILE`",
            set.join(", ")
        )
    })
}

impl FileConfig {
    /// Reads `path`; a missing default file is no error, a missing named file is.
    pub fn load(path: Option<&Path>) -> Result<FileConfig, ConfigError> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => match default_config_path() {
                Some(p) => (p, false),
                None => return Ok(FileConfig::default()),
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(FileConfig::default());
            }
            Err(e) => {
                return Err(ConfigError::Read {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                });
            }
        };
        let config = Self::parse(&path.display().to_string(), &text)?;
        // A password others can read is refused, not used: the operator fixes the mode.
        if config.database_url.as_deref().is_some_and(url_has_password) {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            if mode & 0o077 != 0 {
                return Err(ConfigError::ReadableSecret {
                    path: path.display().to_string(),
                    mode,
                });
            }
        }
        Ok(config)
    }

    pub fn parse(path: &str, text: &str) -> Result<FileConfig, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_string(),
            reason: crate::text::toml_error(&e, text),
        })
    }

    pub fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_file_sets_database_centre_language_and_policy() {
        let c = FileConfig::parse(
            "c.toml",
            "database_url = \"postgres://yidi@db/yidi\"\ncentre = \"county\"\nlang = \"en\"\n[sla]\nreply_days = 5\n",
        )
        .unwrap();
        assert_eq!(c.database_url.as_deref(), Some("postgres://yidi@db/yidi"));
        assert_eq!(c.lang(), Some(Lang::En));
        assert_eq!(c.sla.reply_days, 5);
        assert_eq!(c.sla.accept_days, 1, "unset keys keep the 127 defaults");
    }

    #[test]
    fn the_follow_up_section_sets_its_due_date_and_tries() {
        let c = FileConfig::parse("c.toml", "[follow_up]\ndue_working_days = 5\n").unwrap();
        assert_eq!(c.follow_up.due_working_days, 5);
        assert_eq!(c.follow_up.max_tries, 3, "unset keys keep their defaults");
        let err = FileConfig::parse("c.toml", "[follow_up]\nmax_try = 2\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("max_try"), "{err}");
    }

    #[test]
    fn a_misspelt_key_is_named() {
        let err = FileConfig::parse("c.toml", "databse_url = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("c.toml") && err.contains("databse_url") && err.contains("line 1"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod secret_tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_a_password() {
        let config = FileConfig {
            database_url: Some("postgres://yidi:s3cret@db/yidi".into()),
            ..Default::default()
        };
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("s3cret") && shown.contains("yidi:***@db"),
            "{shown}"
        );
        let password = crate::domain::Password("s3cret".into());
        assert_eq!(format!("{password:?}"), "Password(***)");
        assert!(url_has_password("postgres://yidi:s3cret@db/yidi"));
        assert!(!url_has_password("postgres://yidi@db/yidi"));
    }
}
