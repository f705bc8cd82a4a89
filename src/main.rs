//! The `yidi` binary: parse the command line, open the database, run the command.

use clap::Parser;
use std::process::ExitCode;
use yidi::cli::{self, Cli, CliError, Command, DbAction};
use yidi::config::FileConfig;
use yidi::store::Store;

/// One line to standard output, with any control character from the data removed; a
/// closed pipe or a full disk is an error to report, never a panic.
macro_rules! outln {
    ($($arg:tt)*) => {
        out_text(&format!("{}\n", format_args!($($arg)*)))?
    };
}

fn out_text(text: &str) -> Result<(), CliError> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(yidi::text::printable(text).as_bytes())
        .and_then(|()| out.flush())
        .map_err(CliError::Output)
}

fn main() -> ExitCode {
    // Panics get color-eyre's report (after the terminal is restored by the console's own hook).
    let _ = color_eyre::install();
    let args = Cli::try_parse().unwrap_or_else(|e| {
        let text = yidi::cli::printable_error(&e);
        if e.use_stderr() {
            eprint!("{text}");
        } else {
            print!("{text}");
        }
        std::process::exit(e.exit_code());
    });
    // Personal data: whatever this process creates is its user's alone.
    yidi::private::restrict_umask();
    let _log = yidi::logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("yidi: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`yidi export | head -1`): nothing to say to anyone; the
        // status a process killed by SIGPIPE would have.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(141)
        }
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("yidi: {}", e.message());
            ExitCode::from(2)
        }
    }
}

async fn run(args: Cli) -> Result<(), CliError> {
    let file = FileConfig::load(args.global.config.as_deref())?;
    let lang = cli::lang(&args.global, &file)?;
    rust_i18n::set_locale(lang.locale());
    let url = cli::database_url(&args.global, &file)?;
    match args.command {
        Some(Command::Db {
            action: DbAction::Migrate,
        }) => {
            let store = Store::connect(&url).await?;
            store.migrate().await?;
            outln!("{}: schema up to date", store.display_url());
            Ok(())
        }
        Some(Command::Demo { history }) => demo(&url, history).await,
        Some(Command::Feed { count }) => feed(&url, count).await,
        Some(Command::Status) => status(&url).await,
        Some(Command::Export {
            kind,
            from,
            to,
            format,
            out,
            unmasked,
        }) => {
            let today = yidi::domain::clock::local_day(chrono::Utc::now());
            let mut request = yidi::export::Request::parse(
                &kind,
                from.as_deref(),
                to.as_deref(),
                format.as_deref(),
                &out,
                unmasked,
                today,
            )
            .map_err(|e| CliError::Refused(e.to_string()))?;
            request.settings = file.figures;
            request.weights = file.ranking;
            export(&args.global, &file, &url, lang, &request).await
        }
        Some(Command::Population { action }) => {
            population(
                &url,
                args.global.centre.as_deref().or(file.centre.as_deref()),
                action,
            )
            .await
        }
        Some(Command::Policy { action }) => {
            let store = Store::open(&url).await?;
            let centre = cli::pick_centre(
                &store,
                args.global.centre.as_deref().or(file.centre.as_deref()),
            )
            .await?;
            for line in yidi::admin::policy(&store, &centre, action, lang).await? {
                outln!("{line}");
            }
            Ok(())
        }
        Some(Command::User { action }) => {
            let store = Store::open(&url).await?;
            let centre = cli::pick_centre(
                &store,
                args.global.centre.as_deref().or(file.centre.as_deref()),
            )
            .await?;
            for line in
                yidi::admin::user(&store, &centre, action, password_from_stdin, lang).await?
            {
                outln!("{line}");
            }
            Ok(())
        }
        Some(Command::Roster { action, day }) => {
            roster(
                &url,
                args.global.centre.as_deref().or(file.centre.as_deref()),
                action,
                day,
                lang,
            )
            .await
        }
        Some(Command::Serve {
            listen,
            no_notify,
            read_db,
        }) => yidi::serve::run::serve(&args.global, &file, &url, listen, no_notify, read_db).await,
        Some(Command::Notify) => yidi::serve::run::notify(&args.global, &file, &url).await,
        Some(Command::Department { action }) => {
            yidi::serve::run::department(&args.global, &file, &url, action).await
        }
        Some(Command::Board { read_db }) => {
            console(&args.global, &file, &url, lang, true, read_db).await
        }
        Some(Command::CourtReturn { since }) => {
            court_return(&args.global, &file, &url, lang, since).await
        }
        None => console(&args.global, &file, &url, lang, false, None).await,
    }
}

async fn console(
    global: &cli::Global,
    file: &FileConfig,
    url: &str,
    lang: yidi::domain::Lang,
    wallboard: bool,
    read_db: Option<String>,
) -> Result<(), CliError> {
    use std::sync::Arc;
    use yidi::domain::{Clock, SystemClock};
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    // A broken theme file must not keep the window shut: say so on screen, use the default.
    let (theme, theme_problem) = match yidi::theme::Theme::load(global.theme.as_deref(), no_color) {
        Ok(t) => (t, None),
        Err(e) => {
            tracing::warn!("{e}");
            (
                yidi::theme::Theme::fallback(),
                Some(format!("{e}; using the default theme")),
            )
        }
    };
    // Two server connections per console: one pooled for reads and writes, one for LISTEN.
    let mut store = Store::open_with_pool(url, yidi::store::CONSOLE_POOL).await?;
    if let Some(replica) = read_db {
        let replica = Store::connect_with_pool(&replica, yidi::store::CONSOLE_POOL).await?;
        store = store.with_replica(&replica);
    }
    if global.demo
        && store
            .centre_by_code(yidi::demo::COUNTY_CODE)
            .await?
            .is_none()
    {
        eprintln!("seeding the demo centre…");
        yidi::demo::seed(&store, chrono::Utc::now(), 0, &mut |_| {}).await?;
    }
    let demo_passwords = if global.demo && !wallboard {
        demo_operators(&store).await?
    } else {
        None
    };
    let centre =
        cli::pick_centre(&store, global.centre.as_deref().or(file.centre.as_deref())).await?;
    let operator = global
        .operator
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "operator".into());
    // Timers and stamps follow the database server's clock where there is a server.
    let server_clock = Arc::new(yidi::domain::clock::ServerClock::new(Arc::new(SystemClock)));
    let clock: Arc<dyn Clock> = server_clock.clone();
    let server_clock = (store.backend() == yidi::store::Backend::Postgres).then_some(server_clock);
    let data_dir = yidi::config::data_dir().ok();
    // The wall screen types nothing, so it keeps no draft.
    let drafts = data_dir
        .filter(|_| !wallboard)
        .map(|data_dir| yidi::app::draft::DraftPlace {
            data_dir,
            centre_code: centre.code.clone(),
            console: global.window.clone(),
        });
    let mut state = yidi::app::state::State::new(
        centre.clone(),
        operator.clone(),
        global.window.clone(),
        lang,
        theme,
        clock.now(),
    );
    state.ascii = global.ascii;
    state.public_url = file.serve.public_url.clone();
    state.wallboard = wallboard;
    state.idle_lock = chrono::Duration::seconds(file.session.idle_lock_secs.max(10).into());
    state.login = Some(yidi::app::login::LoginForm::new(global.operator.clone()));
    state.login_hint = demo_passwords.map(|path| yidi::app::login::demo_hint(lang, &path));
    state.figures.settings = file.figures;
    state.figures.weights = file.ranking;
    let policy_problems = yidi::config::ignored_policy(file);
    // The centre's own triage table, when it has one in the config folder.
    let own_triage = yidi::config::dirs().map(|d| d.config_dir().join("triage.toml"));
    let triage_problems = yidi::app::triage::load_suggestions(own_triage.as_deref());
    let problem = theme_problem
        .or(policy_problems)
        .or_else(|| triage_problems.first().cloned());
    state.notice = problem.map(|text| yidi::app::state::Notice { text, error: true });
    let console = format!("{}/{}", yidi::store::host_name(), global.window);
    let ctx = yidi::app::tasks::Ctx {
        store,
        centre,
        operator,
        console,
        clock,
        server_clock,
        drafts,
        lang,
        session: Default::default(),
    };
    yidi::app::run(state, ctx).await?;
    Ok(())
}

/// The demo centre's operators, one per role, each with a random password written to a
/// private file in the data dir (there is no built-in password, not even for the demo).
/// Returns the file, or `None` when the database already has operators not made here.
async fn demo_operators(store: &Store) -> Result<Option<std::path::PathBuf>, CliError> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let dir = yidi::config::data_dir()?;
    let path = dir.join("demo-operators.txt");
    if !store.operators().await?.is_empty() {
        return Ok(path.exists().then_some(path));
    }
    let centre = cli::pick_centre(store, Some(yidi::demo::COUNTY_CODE)).await?;
    yidi::private::create_dir_all(&dir).map_err(|e| CliError::DataDir {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let stamp = yidi::demo::stamp(chrono::Utc::now());
    let mut lines = String::from("# demo operators: login, password, roles\n");
    for (login, name, roles) in yidi::demo::OPERATORS {
        let password: String = rand::Rng::sample_iter(rand::rng(), rand::distr::Alphanumeric)
            .take(12)
            .map(char::from)
            .collect();
        let roles =
            yidi::domain::Roles::parse(roles).ok_or_else(|| CliError::Role(roles.to_string()))?;
        store
            .add_operator(centre.id, login, name, &roles, &password, &stamp)
            .await?;
        lines += &format!("{login}\t{password}\t{}\n", roles.as_text());
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)?;
    file.write_all(lines.as_bytes())?;
    Ok(Some(path))
}

async fn demo(url: &str, history: u64) -> Result<(), CliError> {
    let store = Store::open(url).await?;
    let started = std::time::Instant::now();
    let mut last_shown = 0;
    let mut progress = |done: u64| {
        if history > 0 && (done - last_shown >= 50_000 || done == history) {
            last_shown = done;
            eprintln!("history: {done} / {history}");
        }
    };
    let s = yidi::demo::seed(&store, chrono::Utc::now(), history, &mut progress).await?;
    outln!(
        "demo centre ready in {}: {} centres, {} departments, {} mediation committees, {} rooms, {} mediators, {} cases today, {} historical cases ({:.1} s)",
        store.display_url(),
        s.centres,
        s.departments,
        s.committees,
        s.rooms,
        s.mediators,
        s.cases_today,
        s.history,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn roster(
    url: &str,
    centre: Option<&str>,
    action: Option<cli::RosterAction>,
    day: Option<chrono::NaiveDate>,
    lang: yidi::domain::Lang,
) -> Result<(), CliError> {
    use yidi::domain::{Duty, RosterEntry};
    let store = Store::open(url).await?;
    let centre = cli::pick_centre(&store, centre).await?;
    let day = day.unwrap_or_else(|| yidi::domain::clock::local_day(chrono::Utc::now()));
    let departments = store.departments(centre.id).await?;
    if let Some(cli::RosterAction::Set {
        duty,
        person,
        phone,
        department,
    }) = action
    {
        let duty = Duty::parse(&duty).ok_or(CliError::Duty(duty))?;
        let known = || {
            let names: Vec<&str> = departments.iter().map(|d| d.name.as_str()).collect();
            names.join(", ")
        };
        let department_id = match (duty, department) {
            (Duty::Rotation, Some(name)) => Some(
                departments
                    .iter()
                    .find(|d| d.name == name)
                    .map(|d| d.id)
                    .ok_or_else(|| CliError::RotationDepartment {
                        given: name.clone(),
                        known: known(),
                    })?,
            ),
            (Duty::Rotation, None) => {
                return Err(CliError::RotationDepartment {
                    given: String::new(),
                    known: known(),
                });
            }
            _ => None,
        };
        let entry = RosterEntry {
            day,
            duty,
            department_id,
            person,
            phone,
        };
        store
            .set_roster(
                centre.id,
                &entry,
                &yidi::store::Stamp::command_line(chrono::Utc::now()),
            )
            .await?;
    }
    outln!("{} · {day}", centre.name);
    for e in store.roster(centre.id, day).await? {
        let department = e
            .department_id
            .and_then(|id| departments.iter().find(|d| d.id == id))
            .map(|d| format!(" ({})", d.name))
            .unwrap_or_default();
        let phone = e.phone.map(|p| format!("  {p}")).unwrap_or_default();
        // The duty in the operator's language, as the board's top line names it.
        outln!("{}{department}: {}{phone}", e.duty.label(lang), e.person);
    }
    Ok(())
}

/// The court-referred cases' outcomes as a table on stdout, for the court.
async fn court_return(
    global: &cli::Global,
    file: &FileConfig,
    url: &str,
    lang: yidi::domain::Lang,
    since: Option<chrono::NaiveDate>,
) -> Result<(), CliError> {
    let store = Store::open(url).await?;
    let centre =
        cli::pick_centre(&store, global.centre.as_deref().or(file.centre.as_deref())).await?;
    let since = since.map(yidi::domain::clock::day_start);
    let rows = store.court_returns(centre.id, since).await?;
    out_text(&yidi::domain::court::return_table(&rows, &lang))?;
    Ok(())
}

/// One line from standard input: the password, never an argument (it would show in `ps`
/// and the shell history).
fn password_from_stdin() -> Result<String, CliError> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        return Err(CliError::NoPassword);
    }
    Ok(password)
}

/// Writes an export file for an operator who signs in for it; journalled.
async fn export(
    global: &cli::Global,
    file: &FileConfig,
    url: &str,
    lang: yidi::domain::Lang,
    request: &yidi::export::Request,
) -> Result<(), CliError> {
    let store = Store::open(url).await?;
    let centre =
        cli::pick_centre(&store, global.centre.as_deref().or(file.centre.as_deref())).await?;
    let login = global.operator.clone().ok_or(CliError::NoOperator)?;
    let password = password_from_stdin()?;
    let operator = cli::sign_in(&store, centre.id, &login, &password, lang).await?;
    let now = chrono::Utc::now();
    let stamp = yidi::store::Stamp::operator(&operator, now);
    match yidi::export::run(&store, &centre, request, &stamp, now).await {
        Ok((path, rows)) => {
            outln!("{} ({rows} rows)", path.display());
            Ok(())
        }
        Err(yidi::export::ExportError::Store(e)) => Err(CliError::Refused(e.message(lang))),
        Err(e) => Err(CliError::Refused(e.to_string())),
    }
}

/// Lists or sets the townships' residents (administrator's data, journalled).
async fn population(
    url: &str,
    centre: Option<&str>,
    action: Option<cli::PopulationAction>,
) -> Result<(), CliError> {
    let store = Store::open(url).await?;
    let centre = cli::pick_centre(&store, centre).await?;
    let stamp = yidi::store::Stamp::command_line(chrono::Utc::now());
    let rows = match action {
        None => {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            for (name, n) in store.population().await? {
                // A closed pipe (`| head`) ends the listing quietly.
                if writeln!(out, "{name}\t{n}").is_err() {
                    break;
                }
            }
            return Ok(());
        }
        Some(cli::PopulationAction::Set {
            township,
            residents,
        }) => vec![(township, residents)],
        Some(cli::PopulationAction::Load { file }) => {
            yidi::export::population_csv(&file).map_err(CliError::Refused)?
        }
    };
    if let Some((name, n)) = rows
        .iter()
        .find(|(name, n)| name.trim().is_empty() || *n <= 0)
    {
        return Err(CliError::Refused(format!(
            "the residents of {name:?} must be a positive whole number, not {n}"
        )));
    }
    store.set_population(centre.id, &rows, &stamp).await?;
    for (name, n) in &rows {
        outln!("{name}: {n} residents");
    }
    Ok(())
}

async fn status(url: &str) -> Result<(), CliError> {
    let store = Store::open(url).await?;
    let centres = store.centres().await?;
    outln!("{} ({:?})", store.display_url(), store.backend());
    if centres.is_empty() {
        outln!("no centres yet: run `yidi demo` to seed the demo centre");
    }
    for c in centres {
        let n = store.counts(c.id).await?;
        outln!(
            "{} [{}] {}: {} departments, {} rooms, {} mediators, {} cases, {} journal entries",
            c.name,
            c.code,
            c.level,
            n.departments,
            n.rooms,
            n.mediators,
            n.cases,
            n.journal
        );
    }
    Ok(())
}

async fn feed(url: &str, count: Option<usize>) -> Result<(), CliError> {
    let store = Store::open(url).await?;
    let seen = store.last_change_id().await?;
    let mut feed = store.follow(seen);
    let mut printed = 0;
    outln!("following changes after #{seen} in {}", store.display_url());
    while let Some(f) = feed.next().await {
        let changes = match f {
            yidi::store::Feed::Changes(c) => c,
            yidi::store::Feed::Lost => {
                eprintln!("database unreachable; waiting for it to come back");
                continue;
            }
            // The follower reads on from the last change it handed over.
            yidi::store::Feed::Reconnected => continue,
        };
        for c in changes {
            let at =
                c.at.with_timezone(&yidi::domain::clock::TZ)
                    .format("%H:%M:%S");
            outln!("#{} {at} {} {}", c.id, c.entity, c.entity_id);
            printed += 1;
            if count.is_some_and(|n| printed >= n) {
                return Ok(());
            }
        }
    }
    Ok(())
}
