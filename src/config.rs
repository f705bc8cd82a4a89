//! Where yidi finds its settings: command line, environment, then the config file, then defaults.

use crate::domain::SlaPolicy;
use crate::domain::validation::Lang;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The config file (`config.toml` in the XDG config dir, or `--config`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    /// Code of the centre this console serves (default: the first county centre).
    pub centre: Option<String>,
    pub lang: Option<String>,
    #[serde(default)]
    pub sla: SlaPolicy,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("config file {path}: {reason}")]
    Parse { path: String, reason: String },
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
        Self::parse(&path.display().to_string(), &text)
    }

    pub fn parse(path: &str, text: &str) -> Result<FileConfig, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_string(),
            reason: one_line(&e, text),
        })
    }

    pub fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::parse)
    }
}

/// toml's errors span several lines with a source excerpt; keep "line N: what".
pub fn one_line(e: &toml::de::Error, text: &str) -> String {
    let what = e.message().trim_end();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {what}")
        }
        None => what.to_string(),
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
