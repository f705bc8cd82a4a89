//! Themes: styles named by purpose, read from TOML, with fallback to a parent key.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../themes/default.toml")),
    (
        "high-contrast",
        include_str!("../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../themes/mono.toml")),
];

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    styles: BTreeMap<String, Style>,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("theme {file}: {reason}")]
    Bad { file: String, reason: String },
    #[error("no theme called {0:?} (built in: default, high-contrast, mono; or give a file path)")]
    Unknown(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    styles: BTreeMap<String, StyleSpec>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
}

fn parse_color(s: &str) -> Option<Color> {
    let named = match s.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
        "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        other => {
            if let Some(hex) = other.strip_prefix('#') {
                let v = u32::from_str_radix(hex, 16)
                    .ok()
                    .filter(|_| hex.len() == 6)?;
                return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
            }
            return other.parse::<u8>().ok().map(Color::Indexed);
        }
    };
    Some(named)
}

impl StyleSpec {
    fn to_style(&self, key: &str) -> Result<Style, String> {
        let colour = |c: &Option<String>| -> Result<Option<Color>, String> {
            c.as_deref()
                .map(|s| parse_color(s).ok_or_else(|| format!("{key}: unknown colour {s:?}")))
                .transpose()
        };
        let mut style = Style::default();
        if let Some(fg) = colour(&self.fg)? {
            style = style.fg(fg);
        }
        if let Some(bg) = colour(&self.bg)? {
            style = style.bg(bg);
        }
        for (on, m) in [
            (self.bold, Modifier::BOLD),
            (self.dim, Modifier::DIM),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ] {
            if on {
                style = style.add_modifier(m);
            }
        }
        Ok(style)
    }
}

impl Theme {
    pub fn parse(file: &str, text: &str) -> Result<Theme, ThemeError> {
        let bad = |reason: String| ThemeError::Bad {
            file: file.to_string(),
            reason,
        };
        let parsed: ThemeFile =
            toml::from_str(text).map_err(|e| bad(crate::text::toml_error(&e, text)))?;
        let mut styles = BTreeMap::new();
        for (key, spec) in &parsed.styles {
            let style = spec.to_style(key).map_err(|reason| {
                let line = text
                    .lines()
                    .position(|l| l.contains(&format!("\"{key}\"")))
                    .map(|n| n + 1);
                bad(match line {
                    Some(n) => format!("line {n}: {reason}"),
                    None => reason,
                })
            })?;
            styles.insert(key.clone(), style);
        }
        Ok(Theme {
            name: parsed.name,
            styles,
        })
    }

    pub fn builtin(name: &str) -> Option<Theme> {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(n, text)| Theme::parse(n, text).ok())
    }

    /// The default theme; it is compiled in and checked by a test, so it is always there.
    pub fn fallback() -> Theme {
        Theme::builtin("default").unwrap_or_else(|| Theme {
            name: "default".into(),
            styles: BTreeMap::new(),
        })
    }

    /// `--theme NAME|PATH`; `NO_COLOR` (any value) means mono unless a theme is named.
    pub fn load(wanted: Option<&str>, no_color: bool) -> Result<Theme, ThemeError> {
        let name = match wanted {
            Some(n) => n,
            None if no_color => "mono",
            None => "default",
        };
        if let Some(t) = Theme::builtin(name) {
            return Ok(t);
        }
        let path = Path::new(name);
        if path.exists() || name.ends_with(".toml") {
            let text = std::fs::read_to_string(path).map_err(|e| ThemeError::Bad {
                file: name.to_string(),
                reason: e.to_string(),
            })?;
            return Theme::parse(name, &text);
        }
        Err(ThemeError::Unknown(name.to_string()))
    }

    /// The style for a purpose, falling back through its parents to `default`.
    pub fn style(&self, key: &str) -> Style {
        let mut k = key;
        loop {
            if let Some(s) = self.styles.get(k) {
                return *s;
            }
            match k.rfind('.') {
                Some(i) => k = &k[..i],
                None => return self.styles.get("default").copied().unwrap_or_default(),
            }
        }
    }

    pub fn is_mono(&self) -> bool {
        self.styles
            .values()
            .all(|s| s.fg.is_none() && s.bg.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_file_in_themes_loads() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let theme = Theme::parse(&path.display().to_string(), &text).unwrap();
            assert!(!theme.styles.is_empty(), "{}", path.display());
            n += 1;
        }
        assert!(n >= 3);
        assert!(Theme::builtin("mono").unwrap().is_mono());
    }

    #[test]
    fn a_missing_key_falls_back_to_its_parent() {
        let t = Theme::fallback();
        assert_eq!(
            t.style("queue.row.urgent.flashing"),
            t.style("queue.row.urgent")
        );
        assert_eq!(t.style("nothing.like.this"), t.style("default"));
    }

    #[test]
    fn a_broken_theme_names_file_and_line() {
        let err = Theme::parse(
            "mine.toml",
            "name = \"x\"\n[styles]\n\"a\" = { fg = \"purpleish\" }\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("mine.toml") && err.contains("line 3") && err.contains("purpleish"),
            "{err}"
        );
        let err = Theme::parse("mine.toml", "name = \"x\"\n[styles\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("mine.toml") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn no_color_picks_mono_unless_a_theme_is_named() {
        assert_eq!(Theme::load(None, true).unwrap().name, "mono");
        assert_eq!(
            Theme::load(Some("high-contrast"), true).unwrap().name,
            "high-contrast"
        );
        assert!(matches!(
            Theme::load(Some("sunset"), false),
            Err(ThemeError::Unknown(_))
        ));
    }
}
