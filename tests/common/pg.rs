//! A throwaway PostgreSQL server for integration tests.
//!
//! [`server`] starts, once per test binary, a private cluster in a temp
//! directory that listens only on a Unix socket in that directory — or uses
//! the server named by `YIDI_TEST_PG_URL`. [`fresh_database_url`] creates a
//! new, empty database for each test, so tests can run in parallel.
//!
//! Statics are never dropped, so a detached watchdog process stops the
//! cluster (`pg_ctl -m immediate stop`) and removes its directory as soon as
//! the test process exits, however it exits: the watchdog blocks reading a
//! pipe whose only write end lives in this process, and the kernel closes it
//! on exit.
//!
//! Environment:
//! - `YIDI_TEST_PG_URL`: admin URL of an existing server to use instead of a
//!   throwaway cluster (the harness creates databases on it and does not drop
//!   them).
//! - `YIDI_REQUIRE_PG=1`: panic instead of skipping when no PostgreSQL can be
//!   found or started (CI sets it).
//! - `YIDI_TEST_PG_MAX_CONNECTIONS`: the throwaway cluster's `max_connections`
//!   (default 200).
//!
//! Without either, a missing PostgreSQL prints `PostgreSQL suite SKIPPED:
//! <reason>` once to stderr and [`server`] / [`fresh_database_url`] return
//! `None`.

use std::env;
use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::OnceLock;

use sqlx::{AssertSqlSafe, Connection as _, PgConnection};

/// A PostgreSQL server the tests may create databases on.
pub struct PgServer {
    base_url: String,
    cluster: Option<Cluster>,
}

/// How the throwaway cluster was started, to stop and start it again.
struct Control {
    pg_ctl: PathBuf,
    run_as: Option<RunAs>,
    data: PathBuf,
    log: PathBuf,
    /// The `-o` options it was started with (socket directory, port, ...).
    options: String,
}

/// A throwaway cluster started by this process.
struct Cluster {
    dir: PathBuf,
    /// What [`PgServer::stop`] / [`PgServer::start`] need to run `pg_ctl` again.
    control: Control,
    /// Write end of the watchdog's stdin. Never written or closed: when this
    /// process exits the kernel closes it and the watchdog stops the cluster.
    _watchdog: ChildStdin,
}

impl PgServer {
    /// Admin URL (superuser `postgres`, database `postgres`), e.g.
    /// `postgres://postgres@localhost/postgres?host=/tmp/yidi-pg-x&port=43210&sslmode=disable`.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The URL of `database` on this server.
    pub fn database_url(&self, database: &str) -> String {
        with_database(&self.base_url, database)
    }

    /// Directory of the throwaway cluster (socket, `data/`, `postgres.log`);
    /// `None` when `YIDI_TEST_PG_URL` is used.
    pub fn cluster_dir(&self) -> Option<&Path> {
        self.cluster.as_ref().map(|c| c.dir.as_path())
    }

    /// Stops the throwaway cluster as an administrator would for a restart
    /// (`pg_ctl -m fast stop`: open sessions are terminated). Every test in
    /// this binary loses the server, so only a binary with one test, or whose
    /// tests run one at a time, may use it. Panics when the server is not a
    /// throwaway cluster (`YIDI_TEST_PG_URL`) or does not stop.
    pub fn stop(&self) {
        let c = self.control("stop");
        let mut cmd = pg_command(c.run_as.as_ref(), &c.pg_ctl, &self.cluster_dir_or_panic());
        cmd.arg("-D")
            .arg(&c.data)
            .args(["-m", "fast", "-w", "-t", "60", "stop"]);
        run(cmd, "pg_ctl stop").unwrap_or_else(|e| panic!("{e}"));
    }

    /// Kills the throwaway cluster as a power cut would (`pg_ctl -m immediate stop`: no
    /// checkpoint, open transactions cut off; the next start runs crash recovery). The same
    /// caveats as [`PgServer::stop`].
    pub fn stop_immediately(&self) {
        let c = self.control("stop");
        let mut cmd = pg_command(c.run_as.as_ref(), &c.pg_ctl, &self.cluster_dir_or_panic());
        cmd.arg("-D")
            .arg(&c.data)
            .args(["-m", "immediate", "-w", "-t", "60", "stop"]);
        run(cmd, "pg_ctl stop -m immediate").unwrap_or_else(|e| panic!("{e}"));
    }

    /// Starts the throwaway cluster again after [`PgServer::stop`], with the
    /// options, socket and port it had; returns once it accepts connections.
    pub fn start(&self) {
        let c = self.control("start");
        let cmd = start_command(
            c.run_as.as_ref(),
            &c.pg_ctl,
            &self.cluster_dir_or_panic(),
            &c.data,
            &c.log,
            &c.options,
        );
        if let Err(e) = run(cmd, "pg_ctl start") {
            let log_tail = fs::read_to_string(&c.log)
                .map(|s| tail(&s, 1500))
                .unwrap_or_default();
            panic!("{e}; server log: {log_tail}");
        }
    }

    /// Starts a streaming replica of the throwaway cluster (`pg_basebackup -R`, hot
    /// standby) in its own directory and socket, stopped and removed when this process
    /// exits. Returns its admin URL; `database_url`-style URLs are made with
    /// [`Replica::database_url`]. Panics when the server is not a throwaway cluster.
    pub fn start_replica(&self) -> Replica {
        let c = self.control("replicate");
        let primary = self.cluster_dir_or_panic();
        let bindir = c.pg_ctl.parent().expect("pg_ctl's directory").to_path_buf();
        let tmp = tempfile::Builder::new()
            .prefix("yidi-pg-replica-")
            .tempdir_in("/tmp")
            .expect("a temp dir for the replica");
        let dir = tmp.path().to_path_buf();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        if let Some(u) = &c.run_as {
            std::os::unix::fs::chown(&dir, Some(u.uid), Some(u.gid)).unwrap();
        }
        let data = dir.join("data");
        let log = dir.join("postgres.log");
        let port_of = |url: &str| {
            url.split("port=")
                .nth(1)
                .and_then(|p| p.split('&').next())
                .unwrap_or("5432")
                .to_owned()
        };
        let primary_port = port_of(&self.base_url);
        let mut backup = pg_command(c.run_as.as_ref(), &bindir.join("pg_basebackup"), &dir);
        backup
            .arg("-D")
            .arg(&data)
            .args(["-R", "-X", "stream", "--no-sync", "-d"])
            .arg(format!(
                "host={} port={primary_port} user=postgres",
                primary.display()
            ));
        run(backup, "pg_basebackup").unwrap_or_else(|e| panic!("{e}"));
        let port = 20000 + (uuid::Uuid::new_v4().as_u128() % 40000) as u16;
        let dir_str = dir.to_str().expect("UTF-8 temp dir").to_owned();
        // A standby refuses to start with fewer connections than its primary allows.
        let max_connections = c
            .options
            .split("max_connections=")
            .nth(1)
            .and_then(|v| v.split_whitespace().next())
            .unwrap_or("200");
        let options = format!(
            "-k {} -c listen_addresses='' -p {port} -F -c hot_standby=on -c max_connections={max_connections}",
            sh_quote(&dir_str)
        );
        let start = start_command(c.run_as.as_ref(), &c.pg_ctl, &dir, &data, &log, &options);
        if let Err(e) = run(start, "pg_ctl start (replica)") {
            let log_tail = fs::read_to_string(&log)
                .map(|s| tail(&s, 1500))
                .unwrap_or_default();
            stop_cluster(c.run_as.as_ref(), &c.pg_ctl, &data, &dir);
            panic!("{e}; replica log: {log_tail}");
        }
        let watchdog = spawn_watchdog(c.run_as.as_ref(), &c.pg_ctl, &data, &dir)
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = tmp.keep();
        Replica {
            base_url: format!(
                "postgres://postgres@localhost/postgres?host={}&port={port}&sslmode=disable",
                percent_encode(&dir_str)
            ),
            _watchdog: watchdog,
        }
    }

    fn control(&self, what: &str) -> &Control {
        match &self.cluster {
            Some(cluster) => &cluster.control,
            None => panic!("cannot {what} a server given by YIDI_TEST_PG_URL"),
        }
    }

    fn cluster_dir_or_panic(&self) -> PathBuf {
        self.cluster_dir()
            .expect("a throwaway cluster has a directory")
            .to_path_buf()
    }
}

/// A streaming replica of the throwaway cluster; stopped when this process exits.
pub struct Replica {
    base_url: String,
    /// Never written: the kernel closes it at exit and the watchdog stops the replica.
    _watchdog: ChildStdin,
}

impl Replica {
    /// The URL of `database` on the replica.
    pub fn database_url(&self, database: &str) -> String {
        with_database(&self.base_url, database)
    }
}

static SERVER: OnceLock<Result<PgServer, String>> = OnceLock::new();

/// The process-wide test server, started on first use. `None` (after one
/// `PostgreSQL suite SKIPPED: <reason>` line on stderr) when PostgreSQL is
/// unavailable; panics instead when `YIDI_REQUIRE_PG=1`.
pub fn server() -> Option<&'static PgServer> {
    match SERVER.get_or_init(init) {
        Ok(server) => Some(server),
        Err(reason) if pg_required() => {
            panic!("PostgreSQL is required (YIDI_REQUIRE_PG=1) but unavailable: {reason}")
        }
        Err(_) => None,
    }
}

/// Creates a new, uniquely named, empty database and returns its URL.
/// `None` when PostgreSQL is unavailable (see [`server`]).
pub async fn fresh_database_url() -> Option<String> {
    let server = server()?;
    let name = format!("yidi_t_{}", uuid::Uuid::new_v4().simple());
    let base = server.base_url();
    let mut conn = PgConnection::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to test PostgreSQL at {base}: {e}"));
    // FILE_COPY (PostgreSQL 15+) is about twice as fast as the default
    // WAL_LOG here: with fsync off its checkpoint costs next to nothing.
    sqlx::raw_sql(AssertSqlSafe(format!(
        "CREATE DATABASE {name} STRATEGY FILE_COPY"
    )))
    .execute(&mut conn)
    .await
    .unwrap_or_else(|e| panic!("CREATE DATABASE {name} failed on {base}: {e}"));
    let _ = conn.close().await;
    Some(server.database_url(&name))
}

fn pg_required() -> bool {
    matches!(
        env::var("YIDI_REQUIRE_PG").as_deref().map(str::trim),
        Ok("1" | "true" | "yes")
    )
}

fn init() -> Result<PgServer, String> {
    let result = match env::var("YIDI_TEST_PG_URL") {
        Ok(url) if !url.trim().is_empty() => Ok(PgServer {
            base_url: url.trim().to_owned(),
            cluster: None,
        }),
        _ => start_cluster(),
    };
    if let Err(reason) = &result
        && !pg_required()
    {
        // Straight to the stderr handle: libtest captures `eprintln!` but not this.
        let _ = writeln!(std::io::stderr(), "PostgreSQL suite SKIPPED: {reason}");
    }
    result
}

/// The unprivileged user that runs the cluster when we are root.
struct RunAs {
    runuser: PathBuf,
    user: &'static str,
    uid: u32,
    gid: u32,
}

fn start_cluster() -> Result<PgServer, String> {
    let bindir = find_bindir().ok_or(
        "no PostgreSQL server binaries (initdb, pg_ctl, postgres) on PATH or under /usr/lib/postgresql/*/bin",
    )?;
    let initdb = bindir.join("initdb");
    let pg_ctl = bindir.join("pg_ctl");

    let run_as = if effective_uid() == Some(0) {
        // initdb and postgres refuse to run as root.
        let runuser = find_on_path("runuser")
            .or_else(|| {
                ["/usr/sbin/runuser", "/sbin/runuser"]
                    .map(PathBuf::from)
                    .into_iter()
                    .find(|p| is_executable(p))
            })
            .ok_or("running as root but `runuser` is not available")?;
        let run_as = ["postgres", "nobody"]
            .into_iter()
            .find_map(|user| {
                let (uid, gid) = lookup_user(user)?;
                Some(RunAs {
                    runuser: runuser.clone(),
                    user,
                    uid,
                    gid,
                })
            })
            .ok_or("running as root and neither user `postgres` nor `nobody` exists")?;
        Some(run_as)
    } else {
        None
    };

    // The socket path (DIR/.s.PGSQL.PORT) must fit in sun_path (107 bytes),
    // and as root the unprivileged user must be able to reach the directory.
    let mut base = env::temp_dir();
    if run_as.is_some() || base.as_os_str().len() > 64 {
        base = PathBuf::from("/tmp");
    }
    let tmp = tempfile::Builder::new()
        .prefix("yidi-pg-")
        .tempdir_in(&base)
        .map_err(|e| format!("cannot create a temp dir in {}: {e}", base.display()))?;
    let dir = tmp.path().to_path_buf();
    let dir_str = dir
        .to_str()
        .ok_or_else(|| format!("temp dir {} is not UTF-8", dir.display()))?
        .to_owned();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("chmod {}: {e}", dir.display()))?;
    if let Some(u) = &run_as {
        std::os::unix::fs::chown(&dir, Some(u.uid), Some(u.gid))
            .map_err(|e| format!("chown {} to {}: {e}", dir.display(), u.user))?;
    }
    let data = dir.join("data");
    let log = dir.join("postgres.log");

    let run_initdb = |locale: &str| {
        let mut cmd = pg_command(run_as.as_ref(), &initdb, &dir);
        cmd.arg("-D").arg(&data).args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            locale,
        ]);
        run(cmd, "initdb")
    };
    if let Err(first) = run_initdb("--locale=C.UTF-8") {
        let _ = fs::remove_dir_all(&data);
        run_initdb("--no-locale")
            .map_err(|second| format!("{first}; and again with --no-locale: {second}"))?;
    }

    // The port only names the socket file in our private directory, so any
    // number works; retry with another one if the start fails anyway.
    let mut port = 0;
    let mut options = String::new();
    let mut last_error = String::new();
    for _ in 0..3 {
        port = 20000 + (uuid::Uuid::new_v4().as_u128() % 40000) as u16;
        // The city-scale harness (examples/city.rs) asks for room for 200 consoles.
        let max_connections = env::var("YIDI_TEST_PG_MAX_CONNECTIONS")
            .ok()
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(200);
        options = format!(
            "-k {} -c listen_addresses='' -p {port} -F -c fsync=off \
             -c full_page_writes=off -c synchronous_commit=off -c max_connections={max_connections}",
            sh_quote(&dir_str)
        );
        let cmd = start_command(run_as.as_ref(), &pg_ctl, &dir, &data, &log, &options);
        match run(cmd, "pg_ctl start") {
            Ok(()) => {
                last_error.clear();
                break;
            }
            Err(e) => {
                let log_tail = fs::read_to_string(&log)
                    .map(|s| tail(&s, 1500))
                    .unwrap_or_default();
                last_error = format!("{e}; server log: {log_tail}");
                stop_cluster(run_as.as_ref(), &pg_ctl, &data, &dir);
            }
        }
    }
    if !last_error.is_empty() {
        return Err(last_error);
    }

    let watchdog = match spawn_watchdog(run_as.as_ref(), &pg_ctl, &data, &dir) {
        Ok(w) => w,
        Err(e) => {
            stop_cluster(run_as.as_ref(), &pg_ctl, &data, &dir);
            return Err(e);
        }
    };
    // From here on the watchdog owns the directory's removal.
    let dir = tmp.keep();

    Ok(PgServer {
        base_url: format!(
            "postgres://postgres@localhost/postgres?host={}&port={port}&sslmode=disable",
            percent_encode(&dir_str)
        ),
        cluster: Some(Cluster {
            dir,
            control: Control {
                pg_ctl,
                run_as,
                data,
                log,
                options,
            },
            _watchdog: watchdog,
        }),
    })
}

/// A detached `sh` that waits for EOF on its stdin (i.e. for this process to
/// exit), then stops the cluster and removes its directory. It gets its own
/// process group and ignores SIGINT/SIGHUP so Ctrl-C on `cargo test` does not
/// kill it before it has done its job.
fn spawn_watchdog(
    run_as: Option<&RunAs>,
    pg_ctl: &Path,
    data: &Path,
    dir: &Path,
) -> Result<ChildStdin, String> {
    let prefix = match run_as {
        Some(u) => format!(
            "{} -u {} -- ",
            sh_quote(&u.runuser.to_string_lossy()),
            u.user
        ),
        None => String::new(),
    };
    let script = format!(
        "trap '' HUP INT; cat >/dev/null; {prefix}{} -D {} -m immediate -w stop; rm -rf {}",
        sh_quote(&pg_ctl.to_string_lossy()),
        sh_quote(&data.to_string_lossy()),
        sh_quote(&dir.to_string_lossy()),
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot spawn the cluster watchdog: {e}"))?;
    child
        .stdin
        .take()
        .ok_or_else(|| "watchdog has no stdin".to_owned())
}

fn stop_cluster(run_as: Option<&RunAs>, pg_ctl: &Path, data: &Path, dir: &Path) {
    let mut cmd = pg_command(run_as, pg_ctl, dir);
    cmd.arg("-D")
        .arg(data)
        .args(["-m", "immediate", "-w", "stop"]);
    let _ = cmd.output();
}

/// `pg_ctl start`, waiting until the server accepts connections.
fn start_command(
    run_as: Option<&RunAs>,
    pg_ctl: &Path,
    dir: &Path,
    data: &Path,
    log: &Path,
    options: &str,
) -> Command {
    let mut cmd = pg_command(run_as, pg_ctl, dir);
    cmd.args(["-w", "-t", "60", "-D"])
        .arg(data)
        // -l is essential: without it the postmaster inherits pg_ctl's
        // stdout/stderr and `output()` would wait for it forever.
        .arg("-l")
        .arg(log)
        .arg("-o")
        .arg(options)
        .arg("start");
    cmd
}

/// `program` run as `run_as` (via `runuser`) if given, in `dir`, stdin closed.
fn pg_command(run_as: Option<&RunAs>, program: &Path, dir: &Path) -> Command {
    let mut cmd = match run_as {
        Some(u) => {
            let mut cmd = Command::new(&u.runuser);
            cmd.args(["-u", u.user, "--"]).arg(program);
            cmd
        }
        None => Command::new(program),
    };
    cmd.current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("PGDATA");
    cmd
}

fn run(mut cmd: Command, what: &str) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Err(format!(
        "{what} failed ({}): {}",
        out.status,
        tail(&text, 1500)
    ))
}

fn tail(text: &str, max: usize) -> String {
    let text = text.trim();
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..].replace('\n', " | ")
}

/// The directory holding `initdb`, `pg_ctl` and `postgres`: from PATH
/// (following symlinks, e.g. /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin),
/// else the highest version under /usr/lib/postgresql/*/bin.
fn find_bindir() -> Option<PathBuf> {
    let complete = |dir: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|b| is_executable(&dir.join(b)))
    };
    if let Some(initdb) = find_on_path("initdb") {
        if let Ok(real) = fs::canonicalize(&initdb)
            && let Some(dir) = real.parent()
            && complete(dir)
        {
            return Some(dir.to_path_buf());
        }
        if let Some(dir) = initdb.parent()
            && complete(dir)
        {
            return Some(dir.to_path_buf());
        }
    }
    let mut found: Vec<(Vec<u32>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry
                .file_name()
                .to_str()?
                .split('.')
                .map(|part| part.parse::<u32>().ok())
                .collect::<Option<Vec<u32>>>()?;
            let bin = entry.path().join("bin");
            complete(&bin).then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn effective_uid() -> Option<u32> {
    // /proc/self is owned by the effective uid of the process reading it.
    if let Ok(meta) = fs::metadata("/proc/self") {
        return Some(meta.uid());
    }
    command_u32(Command::new("id").arg("-u"))
}

fn lookup_user(user: &str) -> Option<(u32, u32)> {
    let uid = command_u32(Command::new("id").args(["-u", user]))?;
    let gid = command_u32(Command::new("id").args(["-g", user]))?;
    Some((uid, gid))
}

fn command_u32(cmd: &mut Command) -> Option<u32> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `url` with its path (database name) replaced by `database`; any `dbname=`
/// query parameter, which would override the path, is dropped.
fn with_database(url: &str, database: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let authority = before_query.split('/').next().unwrap_or("");
    let query: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("dbname="))
        .collect();
    let mut out = format!("{scheme}://{authority}/{}", percent_encode(database));
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query.join("&"));
    }
    out
}
