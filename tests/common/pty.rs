//! The real `yidi` binary in a pseudo-terminal, read back as a person would read the screen.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Console {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program has written, raw.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Console {
    /// Starts `yidi ARGS` in a `cols`×`rows` terminal with a private HOME (so drafts and logs
    /// land in a temp dir) and any extra environment.
    pub fn start(
        args: &[&str],
        cols: u16,
        rows: u16,
        home: &std::path::Path,
        env: &[(&str, &str)],
    ) -> Console {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_yidi"));
        cmd.args(args);
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("YIDI_DATABASE_URL");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn yidi");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let nz = |n: u16| std::num::NonZeroU16::new(n.max(1)).unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, w) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        p.lock().unwrap().process(&buf[..n]);
                        w.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        Console {
            parser,
            raw,
            writer,
            child,
            master: pair.master,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn bytes_written(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// Whether the program has written these bytes (e.g. an escape sequence) at any point.
    pub fn wrote(&self, needle: &[u8]) -> bool {
        self.raw
            .lock()
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle)
    }

    /// Whether every visible cell is drawn without a colour (only bold, reverse, underline).
    pub fn uses_no_colour(&self) -> bool {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = (screen.size().0.get(), screen.size().1.get());
        (0..rows).all(|r| {
            (0..cols).all(|c| {
                screen.cell(r, c).is_none_or(|cell| {
                    cell.fgcolor() == vt100::Color::Default
                        && cell.bgcolor() == vt100::Color::Default
                })
            })
        })
    }

    /// Whether the row holding `text` is drawn in reverse video.
    pub fn row_is_reversed(&self, text: &str) -> bool {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = (screen.size().0.get(), screen.size().1.get());
        (0..rows).any(|r| {
            let line: String = screen.contents_between(r, 0, r, cols);
            line.contains(text)
                && (0..cols)
                    .filter_map(|c| screen.cell(r, c))
                    .any(|cell| cell.inverse() && !cell.contents().trim().is_empty())
        })
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let nz = |n: u16| std::num::NonZeroU16::new(n.max(1)).unwrap();
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
        std::thread::sleep(Duration::from_millis(200));
    }

    /// Waits until the screen shows `text` (panics with the screen after `secs`).
    pub fn wait_for(&self, text: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("{text:?} did not appear within {secs} s; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until `pred` holds for the screen; returns the screen and how long it took,
    /// or panics with `what` and the screen after `secs`.
    pub fn wait_until(
        &self,
        what: &str,
        secs: u64,
        pred: impl Fn(&str) -> bool,
    ) -> (String, Duration) {
        let start = Instant::now();
        let deadline = start + Duration::from_secs(secs);
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return (screen, start.elapsed());
            }
            if Instant::now() > deadline {
                panic!("{what}: not within {secs} s; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let mut b = [0u8; 4];
            self.send(c.encode_utf8(&mut b).as_bytes());
        }
    }

    /// Text pasted with bracketed paste, as a terminal sends it.
    pub fn paste(&mut self, text: &str) {
        self.send(format!("\x1b[200~{text}\x1b[201~").as_bytes());
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn wait_exit(&mut self, secs: u64) -> bool {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if !self.is_running() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Registers a walk-in on the open console and returns the ticket code shown on the receipt.
pub fn register_walk_in(a: &mut Console, name: &str, description: &str) -> String {
    a.send(keys::F2);
    a.wait_for("New intake", 5);
    a.send(keys::TAB); // to the category
    a.send(keys::RIGHT);
    a.send(keys::TAB); // to the applicant's name
    a.type_text(name);
    a.send(keys::F9); // the description is missing: the focus goes there
    a.wait_for("Description", 5);
    a.type_text(description);
    a.send(keys::F9);
    let screen = a.wait_for("Registered", 10);
    let at = screen
        .find("Ticket: A")
        .expect("the receipt shows the ticket");
    screen[at + "Ticket: ".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Seeds the demo centre at `url` with `yidi demo` itself (HOME and data dir under `home`).
pub fn seed_demo(url: &str, home: &std::path::Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(["--db", url, "demo"])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "yidi demo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// F4 with the ticket, Enter to search, Enter to open: the case file is on screen.
pub fn open_case_file(c: &mut Console, ticket: &str) {
    c.send(keys::F4);
    c.type_text(ticket);
    c.send(keys::ENTER);
    c.send(keys::ENTER);
    c.wait_for("Timeline", 5);
}

/// The password every operator the pty tests add is given.
pub const PASSWORD: &str = "pty-test-password";

/// Adds an operator with `yidi user add` (the password on standard input, as an
/// administrator would); an operator of that login already there is fine.
pub fn add_operator(url: &str, home: &std::path::Path, login: &str, roles: &str) {
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args([
            "--db", url, "user", "add", login, "--name", login, "--role", roles,
        ])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() || err.contains("already"),
        "yidi user add: {err}"
    );
}

/// Signs in on a console started with `--operator LOGIN` (the login is filled in, the
/// focus is on the password) and waits for the queue.
pub fn sign_in(c: &mut Console) {
    c.wait_until("the login screen", 10, |s| {
        s.contains("Sign in") || s.contains("登录")
    });
    c.type_text(PASSWORD);
    c.send(keys::ENTER);
    c.wait_until("signed in", 10, |s| {
        !s.contains("Tab login/password") && !s.contains("Tab 登录名/密码")
    });
}

/// Starts `yidi --db URL --operator WHO ARGS…` with its own HOME under `dir`, as an operator
/// on duty at the window and as duty leader, signed in — or, for `board`, the wall screen,
/// which does not sign in. A terminal below 80×24 shows no sign-in screen: the caller signs
/// in after growing it.
pub fn open_console(
    url: &str,
    dir: &std::path::Path,
    who: &str,
    args: &[&str],
    (cols, rows): (u16, u16),
    env: &[(&str, &str)],
) -> Console {
    let home = dir.join(who);
    std::fs::create_dir_all(&home).unwrap();
    let mut all = vec!["--db", url, "--operator", who];
    all.extend_from_slice(args);
    let board = args.contains(&"board");
    if !board {
        add_operator(url, &home, who, "reception,duty_leader");
    }
    let mut console = Console::start(&all, cols, rows, &home, env);
    if !board && cols >= 80 && rows >= 24 {
        sign_in(&mut console);
    }
    console
}

pub mod keys {
    pub const F1: &[u8] = b"\x1bOP";
    pub const F2: &[u8] = b"\x1bOQ";
    pub const F3: &[u8] = b"\x1bOR";
    pub const F4: &[u8] = b"\x1bOS";
    pub const F5: &[u8] = b"\x1b[15~";
    pub const F6: &[u8] = b"\x1b[17~";
    pub const F7: &[u8] = b"\x1b[18~";
    pub const F8: &[u8] = b"\x1b[19~";
    pub const F9: &[u8] = b"\x1b[20~";
    pub const F10: &[u8] = b"\x1b[21~";
    pub const F11: &[u8] = b"\x1b[23~";
    pub const TAB: &[u8] = b"\t";
    pub const BACKTAB: &[u8] = b"\x1b[Z";
    pub const ENTER: &[u8] = b"\r";
    pub const ESC: &[u8] = b"\x1b";
    pub const DOWN: &[u8] = b"\x1b[B";
    pub const UP: &[u8] = b"\x1b[A";
    pub const RIGHT: &[u8] = b"\x1b[C";
    pub const HOME: &[u8] = b"\x1b[H";
    pub const CTRL_S: &[u8] = b"\x13";
    pub const CTRL_Q: &[u8] = b"\x11";
    pub const CTRL_T: &[u8] = b"\x14";
    pub const CTRL_W: &[u8] = b"\x17";
    pub const CTRL_E: &[u8] = b"\x05";
    pub const CTRL_L: &[u8] = b"\x0c";
    pub const CTRL_R: &[u8] = b"\x12";
    pub const CTRL_O: &[u8] = b"\x0f";
    pub const CTRL_K: &[u8] = b"\x0b";
}
