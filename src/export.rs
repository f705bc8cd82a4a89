//! `yidi export ledger|figures|ranking|follow-ups`: a period's cases, figures, reverse
//! ranking or follow-ups as an xlsx workbook or a CSV file with Chinese headers and labels.
//! Rows are fetched a page at a time and written as they come (bounded memory, no cap); the
//! file is written under a temporary name and renamed only once it is complete and the export
//! is journalled, so a failed export leaves nothing half-written. Names, resident IDs and
//! phones are masked unless the operator may reveal them and asks.

mod sheets;
pub mod sink;

use crate::domain::Centre;
use crate::domain::figures::{FigureSettings, Period, RankingWeights};
use crate::store::{Stamp, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sink::{CsvSink, Sink, SinkError, XlsxSink};
use std::path::{Path, PathBuf};

/// What is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ledger,
    Figures,
    Ranking,
    FollowUps,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "ledger" => Some(Kind::Ledger),
            "figures" => Some(Kind::Figures),
            "ranking" => Some(Kind::Ranking),
            "follow-ups" | "follow_ups" | "followups" => Some(Kind::FollowUps),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ledger => "ledger",
            Kind::Figures => "figures",
            Kind::Ranking => "ranking",
            Kind::FollowUps => "follow-ups",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }
}

/// One export, checked.
#[derive(Debug, Clone)]
pub struct Request {
    pub kind: Kind,
    pub format: Format,
    pub period: Period,
    pub out: PathBuf,
    pub unmasked: bool,
    pub settings: FigureSettings,
    pub weights: RankingWeights,
}

/// A bad argument: one sentence naming it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadArgument(pub String);

fn date(arg: &str, text: &str) -> Result<NaiveDate, BadArgument> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        BadArgument(format!(
            "{arg} {text:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-10-01"
        ))
    })
}

impl Request {
    /// Checks the command line's words: the kind, the dates (`--to` defaults to `--from`,
    /// `--from` to today), the format (default: from `--out`'s extension, else xlsx).
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        kind: &str,
        from: Option<&str>,
        to: Option<&str>,
        format: Option<&str>,
        out: &Path,
        unmasked: bool,
        today: NaiveDate,
    ) -> Result<Request, BadArgument> {
        let kind = Kind::parse(kind).ok_or_else(|| {
            BadArgument(format!(
                "unknown export {kind:?}: use ledger, figures, ranking or follow-ups"
            ))
        })?;
        let from = from
            .map(|t| date("--from", t))
            .transpose()?
            .unwrap_or(today);
        let to = to.map(|t| date("--to", t)).transpose()?.unwrap_or(from);
        let period = Period::range(from, to).map_err(|_| {
            BadArgument(format!(
                "--to {to} is before --from {from}: the period must run forwards"
            ))
        })?;
        let by_extension = out
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::parse);
        let format = match format {
            Some(f) => Format::parse(f).ok_or_else(|| {
                BadArgument(format!("--format {f:?} is not known: use xlsx or csv"))
            })?,
            None => by_extension.unwrap_or(Format::Xlsx),
        };
        Ok(Request {
            kind,
            format,
            period,
            out: out.to_path_buf(),
            unmasked,
            settings: FigureSettings::default(),
            weights: RankingWeights::default(),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Argument(#[from] BadArgument),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("--out {path}: cannot write the file there ({reason})")]
    Write { path: String, reason: String },
}

/// The temporary name beside `out` the file is written under until it is complete.
fn temp_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    out.with_file_name(format!(".{name}.{}.part", std::process::id()))
}

/// Writes the export and names the file written; the operator's right to export (and to
/// see unmasked data) is checked before anything is written, and the export is journalled
/// (who, what, how many rows, masked or not) before the file appears under its name.
pub async fn run(
    store: &Store,
    centre: &Centre,
    request: &Request,
    stamp: &Stamp,
    now: DateTime<Utc>,
) -> Result<(PathBuf, u64), ExportError> {
    stamp.require(crate::domain::Permission::Export)?;
    if request.unmasked {
        stamp.require(crate::domain::Permission::RevealPersonalData)?;
    }
    let out = &request.out;
    let write_error = |e: &dyn std::fmt::Display| ExportError::Write {
        path: out.display().to_string(),
        reason: e.to_string(),
    };
    if out.is_dir() {
        return Err(write_error(&"it is a folder"));
    }
    let temp = temp_path(out);
    let result = async {
        let mut sink: Box<dyn Sink + Send> = match request.format {
            Format::Xlsx => Box::new(XlsxSink::create(&temp)?),
            Format::Csv => Box::new(CsvSink::create(&temp)?),
        };
        let rows = sheets::write(store, centre, request, sink.as_mut(), now).await?;
        sink.finish()?;
        Ok::<u64, Failure>(rows)
    }
    .await;
    let rows = match result {
        Ok(rows) => rows,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(match e {
                Failure::Store(e) => ExportError::Store(e),
                Failure::Sink(e) => write_error(&e),
            });
        }
    };
    let what = format!(
        "{} {}..{} ({})",
        request.kind.as_str(),
        request.period.from,
        request.period.to,
        request.format.extension()
    );
    if let Err(e) = store
        .record_export(centre.id, &what, rows as usize, request.unmasked, stamp)
        .await
    {
        let _ = std::fs::remove_file(&temp);
        return Err(e.into());
    }
    if let Err(e) = std::fs::rename(&temp, out) {
        let _ = std::fs::remove_file(&temp);
        return Err(write_error(&e));
    }
    Ok((out.clone(), rows))
}

/// What can stop an export half-way.
pub(crate) enum Failure {
    Store(StoreError),
    Sink(SinkError),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

impl From<SinkError> for Failure {
    fn from(e: SinkError) -> Self {
        Failure::Sink(e)
    }
}

/// `township,residents` lines from a CSV file (a header line, BOM and blank lines skipped);
/// a bad line is named with its number.
pub fn population_csv(path: &Path) -> Result<Vec<(String, i64)>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{} line {}: {e}", path.display(), n + 1))?;
        let name = record.get(0).unwrap_or("").trim();
        let count = record.get(1).unwrap_or("").trim().replace(',', "");
        if name.is_empty() {
            continue;
        }
        match count.parse::<i64>() {
            Ok(c) => rows.push((name.to_string(), c)),
            Err(_) if n == 0 => {} // the header line
            Err(_) => {
                return Err(format!(
                    "{} line {}: {count:?} is not a number of residents",
                    path.display(),
                    n + 1
                ));
            }
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(kind: &str, from: Option<&str>, to: Option<&str>) -> Result<Request, BadArgument> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        Request::parse(kind, from, to, None, Path::new("out.csv"), false, today)
    }

    #[test]
    fn bad_arguments_are_named_in_one_sentence() {
        assert!(
            parse("ledgers", None, None)
                .unwrap_err()
                .0
                .contains("unknown export \"ledgers\"")
        );
        assert!(
            parse("ledger", Some("2026-13-01"), None)
                .unwrap_err()
                .0
                .starts_with("--from")
        );
        assert!(
            parse("ledger", None, Some("tomorrow"))
                .unwrap_err()
                .0
                .starts_with("--to")
        );
        let reversed = parse("ledger", Some("2026-10-31"), Some("2026-10-01")).unwrap_err();
        assert!(
            reversed
                .0
                .contains("--to 2026-10-01 is before --from 2026-10-31"),
            "{reversed}"
        );
        let ok = parse("follow-ups", Some("2026-10-01"), Some("2026-10-31")).unwrap();
        assert_eq!(
            (ok.kind, ok.format, ok.period.days()),
            (Kind::FollowUps, Format::Csv, 31)
        );
    }

    #[test]
    fn formula_like_cells_are_defused() {
        for bad in ["=1+1", "+86 138", "-2", "@SUM(A1)"] {
            assert!(sink::defuse(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(sink::defuse("张建国"), "张建国");
    }
}
