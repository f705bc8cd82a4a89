//! The command line: which database, which centre, and what to do (console, board, demo,
//! migrate, status, feed, roster, court-return).

use crate::config::{self, ConfigError, FileConfig};
use crate::store::{Store, StoreError};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// A command-line error as the binary prints it: clap quotes the offending argument as typed,
/// so control characters and escape sequences are removed first.
pub fn printable_error(e: &clap::Error) -> String {
    crate::text::printable(&e.render().to_string()).into_owned()
}

#[derive(Debug, Parser)]
#[command(
    name = "yidi",
    version,
    about = "一地 — one-stop dispute-resolution centre console / 社会治理综合服务中心前台"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Database: postgres://…, sqlite://PATH or a file path. Default: yidi.db in the data dir.
    #[arg(long, global = true, env = "YIDI_DATABASE_URL", hide_env_values = true)]
    pub db: Option<String>,
    /// Use the demo centre's database (seeded on first use, shared by every --demo console).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Config file (default: config.toml in the XDG config dir).
    #[arg(long, global = true, env = "YIDI_CONFIG")]
    pub config: Option<PathBuf>,
    /// Code of the centre this console serves.
    #[arg(long, global = true, env = "YIDI_CENTRE")]
    pub centre: Option<String>,
    /// Interface language: zh (default) or en.
    #[arg(long, global = true, env = "YIDI_LANG")]
    pub lang: Option<String>,
    /// Theme: default, high-contrast, mono, or a path to a theme file. NO_COLOR selects mono.
    #[arg(long, global = true, env = "YIDI_THEME")]
    pub theme: Option<String>,
    /// Draw borders and marks in ASCII (for terminals that draw box glyphs double width).
    #[arg(long, global = true)]
    pub ascii: bool,
    /// The service window this console calls tickets to.
    #[arg(long, global = true, env = "YIDI_WINDOW", default_value = "1号窗口")]
    pub window: String,
    /// Who is at this console (recorded in the journal); default: the login name.
    #[arg(long, global = true, env = "YIDI_OPERATOR")]
    pub operator: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Seed the demo county centre (and two township centres) into the database.
    Demo {
        /// Also add N closed historical cases spread over past years (for scale tests).
        #[arg(long, default_value_t = 0)]
        history: u64,
    },
    /// Database maintenance.
    Db {
        #[command(subcommand)]
        action: DbAction,
    },
    /// The read-only wall screen for the duty leader: summonses, escalations, rooms and
    /// today's figures. No editing keys.
    Board {
        /// Read from this PostgreSQL streaming replica (the change feed still listens on the
        /// primary); its lag shows on the screen when over 2 s.
        #[arg(long, env = "YIDI_READ_DB")]
        read_db: Option<String>,
    },
    /// Today's duty roster (duty leader, lawyer, counsellor, rotating departments), or set one.
    Roster {
        #[command(subcommand)]
        action: Option<RosterAction>,
        /// The day (YYYY-MM-DD; default today, Beijing time).
        #[arg(long)]
        day: Option<chrono::NaiveDate>,
    },
    /// Operators who sign in at the consoles (for an administrator; passwords are read from
    /// standard input, one line, never from the command line).
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Print the centres in the database and what each holds.
    Status,
    /// Print the outcomes of court-referred cases, to return to the court: one tab-separated
    /// line per case (court case number, referral type, outcome, agreement number, date…),
    /// people's names masked, no ID or phone number.
    CourtReturn {
        /// Only outcomes decided on or after this day (Beijing time), e.g. 2026-11-01.
        #[arg(long)]
        since: Option<chrono::NaiveDate>,
    },
    /// A period's cases (ledger), figures, reverse ranking or follow-ups as an xlsx workbook
    /// or a CSV file with Chinese headers, signed by an operator (the password on standard
    /// input) and written to the audit log. Names, IDs and phones are masked unless
    /// `--unmasked` is asked by an operator whose role may see them.
    Export {
        /// ledger, figures, ranking or follow-ups.
        kind: String,
        /// The first day, e.g. 2026-10-01 (default: today).
        #[arg(long)]
        from: Option<String>,
        /// The last day, e.g. 2026-10-31 (default: the first day).
        #[arg(long)]
        to: Option<String>,
        /// xlsx or csv (default: from the --out file's extension, else xlsx).
        #[arg(long)]
        format: Option<String>,
        /// The file to write; it appears only when complete.
        #[arg(long)]
        out: PathBuf,
        /// Full names, resident IDs and phones (duty leader, supervisor or admin only).
        #[arg(long)]
        unmasked: bool,
    },
    /// The residents of each township, for the township ranking: lists them, or
    /// `set TOWNSHIP N`, or `load FILE.csv` (lines `township,residents`). Journalled.
    Population {
        #[command(subcommand)]
        action: Option<PopulationAction>,
    },
    /// The resident's tracking page behind the receipt's QR code (`[serve]` in the config),
    /// and the delivery of notices to departments. Stops cleanly on SIGTERM.
    Serve {
        /// Address and port to listen on (default `[serve] listen`, else 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<String>,
        /// Serve the page only; deliver notices with `yidi notify` elsewhere.
        #[arg(long)]
        no_notify: bool,
        /// The page reads from this PostgreSQL streaming replica; the resident's answer and
        /// the notice worker write to the primary.
        #[arg(long, env = "YIDI_READ_DB")]
        read_db: Option<String>,
    },
    /// Deliver notices to departments (whistles, re-whistles, cancellations, escalations)
    /// without serving the page. One worker is active per database at a time.
    Notify,
    /// The county's one policy for every console: `show`; `set KEY VALUE` (e.g.
    /// `set sla.reply_days 10`); `calendar FILE.toml` (a year's holiday notice). Journalled.
    Policy {
        #[command(subcommand)]
        action: Option<PolicyAction>,
    },
    /// A department's settings.
    Department {
        #[command(subcommand)]
        action: DepartmentAction,
    },
    /// Follow the change feed and print each committed change as it arrives.
    Feed {
        /// Stop after this many changes (default: run until interrupted).
        #[arg(long)]
        count: Option<usize>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add an operator: `echo 'their password' | yidi user add wangmin --name 王敏 --role reception`.
    Add {
        login: String,
        /// The name shown on screen and in the journal's detail.
        #[arg(long)]
        name: String,
        /// One or more of reception, duty_leader, mediator, department_liaison, supervisor,
        /// admin, wallboard (comma-separated).
        #[arg(long)]
        role: String,
    },
    /// Set a new password (read from standard input).
    Passwd { login: String },
    /// Stop an operator signing in on any console.
    Disable { login: String },
    /// Let a disabled operator sign in again.
    Enable { login: String },
    /// List the operators, their roles, centres and whether they may sign in.
    List,
    /// Place an operator at the centre chosen with `--centre`; `--townships` also lets
    /// them work at the townships below it.
    Place {
        login: String,
        #[arg(long)]
        townships: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PolicyAction {
    /// Every setting, its value and its allowed range.
    Show,
    /// Sets one value, checked against its range.
    Set { key: String, value: String },
    /// Loads a year's holiday calendar (the form of data/calendar/*.toml).
    Calendar { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum DepartmentAction {
    /// How a department's notices reach it: `yidi department notify 人社局 --kind wecom
    /// --webhook URL`; `--kind sms --phone 138…`; `--kind none` to stop.
    Notify {
        /// The department's name as the centre has it (e.g. 人社局).
        name: String,
        /// wecom, dingtalk, json, sms or none.
        #[arg(long)]
        kind: String,
        /// The group robot's (or JSON receiver's) URL.
        #[arg(long)]
        webhook: Option<String>,
        /// DingTalk's signing secret (加签), if the robot has one.
        #[arg(long, env = "YIDI_NOTIFY_SECRET", hide_env_values = true)]
        secret: Option<String>,
        /// The phone for SMS (default: the department's own phone).
        #[arg(long)]
        phone: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RosterAction {
    /// Put someone on a duty for the day (a later entry replaces an earlier one).
    Set {
        /// duty_leader, lawyer, counsellor or rotation
        duty: String,
        /// Who holds it.
        person: String,
        #[arg(long)]
        phone: Option<String>,
        /// For a rotation: the department's name as the centre has it (e.g. 住建局).
        #[arg(long)]
        department: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PopulationAction {
    /// Sets one township's residents, e.g. `set 柳林乡 23500`.
    Set { township: String, residents: i64 },
    /// Loads `township,residents` lines from a CSV file (a header line is skipped).
    Load { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum DbAction {
    /// Bring the database schema up to date (also done on every start).
    Migrate,
}

/// Everything that ends a command with one sentence and a non-zero exit.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot create the data folder {path}: {reason}")]
    DataDir { path: String, reason: String },
    #[error("unknown language {0:?}: use zh or en")]
    Lang(String),
    #[error("no centre {0:?} in this database; run `yidi status` to list them")]
    NoCentre(String),
    #[error("the database has no centre yet; run `yidi demo` or add one")]
    NoCentres,
    #[error(transparent)]
    Theme(#[from] crate::theme::ThemeError),
    #[error("unknown duty {0:?}: use duty_leader, lawyer, counsellor or rotation")]
    Duty(String),
    #[error(
        "a rotation needs --department with one of this centre's departments (given: {given:?}); they are: {known}"
    )]
    RotationDepartment { given: String, known: String },
    #[error(
        "unknown role in {0:?}: use reception, duty_leader, mediator, department_liaison, supervisor, admin or wallboard"
    )]
    Role(String),
    #[error(
        "no password on standard input: pipe it in, e.g. `read -rs pw; echo \"$pw\" | yidi user …`"
    )]
    NoPassword,
    #[error("{0}")]
    Refused(String),
    #[error("export needs --operator LOGIN (the password on standard input)")]
    NoOperator,
    #[error("the console needs a terminal: {0}")]
    Terminal(#[from] std::io::Error),
    /// Standard output is closed or full.
    #[error("cannot write to standard output: {0}")]
    Output(std::io::Error),
}

impl CliError {
    /// The sentence for the administrator, in the language the command runs in (`--lang`, the
    /// config file, else Chinese); `Display` stays English, for the log. The database's own
    /// errors keep their English detail (which server, what it said): an administrator
    /// searches for those words.
    pub fn message(&self) -> String {
        use rust_i18n::t;
        let lang = crate::domain::Lang::parse(&rust_i18n::locale()).unwrap_or_default();
        let l = lang.locale();
        match self {
            CliError::Duty(d) => t!("cli.duty", locale = l, duty = format!("{d:?}")).into(),
            CliError::RotationDepartment { given, known } => {
                let given = if given.is_empty() {
                    t!("cli.none_given", locale = l).into_owned()
                } else {
                    format!("{given:?}")
                };
                t!(
                    "cli.rotation_department",
                    locale = l,
                    given = given,
                    known = known
                )
                .into()
            }
            CliError::Role(r) => t!("cli.role", locale = l, roles = format!("{r:?}")).into(),
            CliError::NoPassword => t!("cli.no_password", locale = l).into(),
            CliError::NoCentre(c) => {
                t!("cli.no_centre", locale = l, code = format!("{c:?}")).into()
            }
            CliError::NoCentres => t!("cli.no_centres", locale = l).into(),
            CliError::NoOperator => t!("cli.no_operator", locale = l).into(),
            CliError::DataDir { path, reason } => {
                t!("cli.data_dir", locale = l, path = path, reason = reason).into()
            }
            CliError::Output(e) => t!("cli.output", locale = l, reason = e.to_string()).into(),
            other => other.to_string(),
        }
    }
}

/// The database URL to use, from (in order) --demo, --db / YIDI_DATABASE_URL, the config file, the default file.
pub fn database_url(global: &Global, file: &FileConfig) -> Result<String, CliError> {
    if global.demo {
        return in_data_dir("demo.db");
    }
    if let Some(url) = global.db.clone().or_else(|| file.database_url.clone()) {
        return Ok(url);
    }
    in_data_dir("yidi.db")
}

fn in_data_dir(name: &str) -> Result<String, CliError> {
    let dir = config::data_dir()?;
    crate::private::create_dir_all(&dir).map_err(|e| CliError::DataDir {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(format!("sqlite://{}", dir.join(name).display()))
}

pub fn lang(global: &Global, file: &FileConfig) -> Result<crate::domain::Lang, CliError> {
    match &global.lang {
        Some(l) => crate::domain::Lang::parse(l).ok_or_else(|| CliError::Lang(l.clone())),
        None => Ok(file.lang().unwrap_or_default()),
    }
}

/// The centre a console serves: the one named, or else the first county-level centre.
pub async fn pick_centre(
    store: &Store,
    wanted: Option<&str>,
) -> Result<crate::domain::Centre, CliError> {
    if let Some(code) = wanted {
        return store
            .centre_by_code(code)
            .await?
            .ok_or_else(|| CliError::NoCentre(code.to_string()));
    }
    let centres = store.centres().await?;
    centres
        .iter()
        .find(|c| c.level == crate::domain::Level::County)
        .or(centres.first())
        .cloned()
        .ok_or(CliError::NoCentres)
}

/// A command-line sign-in under the console's back-off: a try made too soon after a failure
/// waits out the rest and is made once more; a wrong password waits as the console does
/// before the answer, so a script guesses no faster than a person at a console.
pub async fn sign_in(
    store: &crate::store::Store,
    centre: uuid::Uuid,
    login: &str,
    password: &str,
    lang: crate::domain::Lang,
) -> Result<crate::domain::Operator, CliError> {
    use crate::store::SignInRefused;
    let t = |key: &str| rust_i18n::t!(key, locale = lang.locale()).into_owned();
    let mut waited = false;
    loop {
        match store
            .sign_in(centre, login, password, chrono::Utc::now())
            .await?
        {
            Ok(op) => return Ok(op),
            Err(SignInRefused::TooSoon { wait_secs }) if !waited => {
                waited = true;
                let secs = u64::try_from(wait_secs).unwrap_or(1);
                tokio::time::sleep(std::time::Duration::from_secs(secs)).await;
            }
            Err(SignInRefused::TooSoon { wait_secs }) => {
                return Err(CliError::Refused(
                    rust_i18n::t!("login.too_soon", locale = lang.locale(), secs = wait_secs)
                        .into_owned(),
                ));
            }
            Err(SignInRefused::WrongLoginOrPassword { failures }) => {
                tokio::time::sleep(crate::domain::operator::failure_delay(failures)).await;
                return Err(CliError::Refused(crate::app::login::refused_text(lang)));
            }
            Err(SignInRefused::Disabled) => return Err(CliError::Refused(t("login.disabled"))),
            Err(SignInRefused::OtherCentre) => {
                return Err(CliError::Refused(t("login.other_centre")));
            }
        }
    }
}
