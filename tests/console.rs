//! The real console in a pseudo-terminal, read back as the operator sees it.

#[macro_use]
mod common;

use common::pty::{
    Console, add_operator, keys, open_case_file, open_console, register_walk_in, seed_demo, sign_in,
};
use std::process::Command;
use std::time::Duration;

struct Centre {
    url: String,
    dir: tempfile::TempDir,
}

/// A demo centre in a fresh SQLite file, seeded by `yidi demo` itself.
fn demo_centre() -> Centre {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("centre.db").display());
    seed_demo(&url, dir.path());
    Centre { url, dir }
}

fn console(
    c: &Centre,
    who: &str,
    cols: u16,
    rows: u16,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Console {
    open_console(&c.url, c.dir.path(), who, extra, (cols, rows), env)
}

#[test]
fn a_walk_in_registered_at_one_window_appears_on_another_console() {
    let c = demo_centre();
    let mut a = console(
        &c,
        "window1",
        80,
        24,
        &["--lang", "en", "--window", "W9"],
        &[],
    );
    let b = console(&c, "leader", 200, 50, &["--lang", "en"], &[]);
    a.wait_for("Queue", 10);
    b.wait_for("Queue", 10);
    let ticket = register_walk_in(&mut a, "王芳", "楼上装修后卫生间漏水？");
    let receipt = a.screen();
    assert!(
        receipt.contains("YIDI:"),
        "the tracking code is shown as text too:\n{receipt}"
    );
    // Console B shows the new ticket without anyone touching it.
    let seen = b.wait_for(&ticket, 5);
    assert!(
        seen.contains("王*"),
        "names are masked on the queue:\n{seen}"
    );
    a.send(keys::ENTER);
    a.wait_for(&ticket, 5);
    // The resident phones back with the ticket: F4 finds the case at once.
    a.send(keys::F4);
    a.wait_for("Find a case", 5);
    a.type_text(&ticket);
    a.send(keys::ENTER);
    a.send(keys::ENTER);
    let file = a.wait_for("Timeline", 5);
    assert!(
        file.contains("王*") && !file.contains("王芳"),
        "the case file masks the name:\n{file}"
    );
    a.send(keys::ESC);
    // F5 calls the next resident to window W9; the leader's console sees it.
    assert!(!b.screen().contains("called W9"));
    a.send(keys::F5);
    a.wait_for("called W9", 5);
    b.wait_for("called W9", 5);
}

#[test]
fn quitting_gives_the_terminal_back() {
    let c = demo_centre();
    let mut a = console(&c, "w", 80, 24, &["--lang", "en"], &[]);
    a.wait_for("Queue", 10);
    assert!(
        a.wrote(b"\x1b[?1049h") && a.wrote(b"\x1b[?2004h"),
        "alternate screen and bracketed paste are on"
    );
    a.send(keys::F10);
    assert!(a.wait_exit(5), "F10 quits");
    assert!(a.wrote(b"\x1b[?1049l"), "the alternate screen is left");
    assert!(a.wrote(b"\x1b[?2004l"), "bracketed paste is switched off");
}

#[test]
fn a_dropped_session_keeps_the_half_typed_intake() {
    let c = demo_centre();
    let mut a = console(&c, "night", 80, 24, &["--lang", "en"], &[]);
    a.wait_for("Queue", 10);
    a.send(keys::F2);
    a.wait_for("New intake", 5);
    a.send(keys::TAB);
    a.send(keys::TAB);
    a.type_text("赵德明");
    // Pasting several lines into a one-line field never submits the form.
    a.paste("网格员上报\n村民土地纠纷\n");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!a.screen().contains("Registered"));
    // The SSH connection drops: the terminal hangs up.
    let pid = a.pid().unwrap();
    Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(a.wait_exit(5), "SIGHUP ends the console");
    assert!(a.wrote(b"\x1b[?1049l"), "and gives the terminal back");

    let again = console(&c, "night", 80, 24, &["--lang", "en"], &[]);
    again.wait_for("unsaved intake", 10);
    let mut again = again;
    again.send(keys::ENTER);
    // The name box is 24 cells wide and shows the end of a long name; Home shows its start.
    let screen = again.wait_for("村民土地纠纷", 5);
    assert!(
        screen.contains("上报 村民"),
        "the pasted lines were joined on one line:\n{screen}"
    );
    again.send(keys::HOME);
    again.wait_for("赵德明网格员", 5);
}

#[test]
fn a_window_too_small_says_so_and_recovers() {
    let c = demo_centre();
    let mut a = console(&c, "w", 60, 20, &["--lang", "en"], &[]);
    a.wait_for("too small", 10);
    a.resize(80, 24);
    sign_in(&mut a);
    a.wait_for("Queue", 5);
    a.resize(20, 5);
    a.wait_for("small", 5);
    a.resize(200, 50);
    a.wait_for("Queue", 5);
    assert!(a.is_running(), "no size makes it fall over");
}

#[test]
fn an_idle_console_writes_almost_nothing() {
    let c = demo_centre();
    let a = console(&c, "w", 80, 24, &["--lang", "en"], &[]);
    a.wait_for("Queue", 10);
    std::thread::sleep(Duration::from_millis(1500));
    let before = a.bytes_written();
    std::thread::sleep(Duration::from_secs(4));
    let idle = a.bytes_written() - before;
    // The budget is 300 B/s; at most one clock-minute redraw may fall in the window.
    assert!(idle < 4 * 300, "{idle} bytes in 4 idle seconds");
}

#[test]
fn a_wall_screen_with_running_countdowns_rewrites_only_what_changes() {
    let c = demo_centre();
    let wall = console(&c, "wall", 80, 24, &["--lang", "en", "board"], &[]);
    wall.wait_for("live", 10);
    std::thread::sleep(Duration::from_millis(1500));
    let first_frame = wall.bytes_written();
    let before = wall.bytes_written();
    std::thread::sleep(Duration::from_secs(4));
    let ticking = wall.bytes_written() - before;
    let screen = wall.screen();
    assert!(
        screen.contains("waiting") || screen.contains("due soon"),
        "countdowns run:\n{screen}"
    );
    // Each second only the clock and the timer cells change; a full repaint would cost
    // about as much as the first frame every second.
    eprintln!("wall screen: first frames {first_frame} B, then {ticking} B in 4 s");
    assert!(ticking > 0, "the countdowns move");
    assert!(
        ticking < first_frame,
        "{ticking} bytes in 4 s vs {first_frame} for the first frames"
    );
}

#[test]
fn no_color_means_no_colour_but_every_mark_still_shows() {
    let c = demo_centre();
    let a = console(&c, "w", 80, 24, &["--lang", "en"], &[("NO_COLOR", "1")]);
    let screen = a.wait_for("Queue", 10);
    assert!(
        a.uses_no_colour(),
        "NO_COLOR must select the mono theme:\n{screen}"
    );
    assert!(
        screen.contains('>'),
        "the selection is marked by a sign, not a colour"
    );
    let selected = screen
        .lines()
        .find(|l| l.contains('>'))
        .unwrap()
        .to_string();
    let code = selected
        .split_whitespace()
        .find(|w| w.starts_with('A'))
        .unwrap()
        .to_string();
    assert!(
        a.row_is_reversed(&code),
        "and drawn in reverse video even with NO_COLOR"
    );
}

#[test]
fn an_immediate_case_is_triaged_and_closed_on_the_spot_and_another_console_sees_it() {
    let c = demo_centre();
    let mut a = console(&c, "window2", 80, 24, &["--lang", "en"], &[]);
    let mut b = console(&c, "leader", 200, 50, &["--lang", "en"], &[]);
    a.wait_for("Queue", 10);
    b.wait_for("Queue", 10);
    let ticket = register_walk_in(&mut a, "刘桂英", "楼上装修后漏水");
    a.send(keys::ENTER);
    // Find the new case and triage it from its file.
    open_case_file(&mut a, &ticket);
    a.send(keys::CTRL_T);
    a.wait_for("Triage", 5);
    a.send(keys::TAB); // handling
    a.send(keys::RIGHT); // joint → immediate
    for _ in 0..4 {
        a.send(keys::TAB); // level, lead, first handler, solved on the spot
    }
    a.send(b" ");
    a.send(keys::TAB);
    a.type_text("fixed at the window");
    a.send(keys::F9);
    a.wait_for("Triaged", 5);
    // The duty leader looks the case up: settled on the spot, with the note.
    b.send(keys::F4);
    b.type_text(&ticket);
    b.send(keys::ENTER);
    b.send(keys::ENTER);
    let file = b.wait_for("fixed at the window", 5);
    assert!(file.contains("closed"), "the case is closed:\n{file}");
}

#[test]
fn a_calendar_folder_beside_the_config_is_said_to_be_no_longer_read() {
    let c = demo_centre();
    let home = c.dir.path().join("cal");
    let dir = home.join("config").join("yidi").join("calendar");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2028.toml"),
        "year = 2028\nstatus = \"official\"\n",
    )
    .unwrap();
    let a = console(&c, "cal", 80, 24, &["--lang", "en"], &[]);
    // One policy for every console: the folder is named, with where the calendar goes now.
    let screen = a.wait_for("no longer read", 10);
    assert!(
        screen.contains("calendar/") && screen.contains("Queue"),
        "{screen}"
    );
}

/// The text, within one box on the screen, of the line that starts with `label`.
fn row<'a>(screen: &'a str, label: &str) -> Option<&'a str> {
    screen
        .lines()
        .flat_map(|l| l.split(['│', '|']))
        .find(|part| part.trim_start().starts_with(label))
}

/// The "done when": a walk-in taken from the queue is triaged as a joint mediation case
/// with two departments, its three deadlines are in its file, a ledger line and an explanation
/// are added — and another console, with the same file open, sees each step as it happens.
#[test]
fn a_joint_case_is_triaged_followed_and_explained_while_another_console_watches() {
    let c = demo_centre();
    let mut a = console(&c, "window3", 100, 40, &["--lang", "en"], &[]);
    let mut b = console(&c, "leader", 200, 50, &["--lang", "en"], &[]);
    a.wait_for("Queue", 10);
    b.wait_for("Queue", 10);
    let ticket = register_walk_in(&mut a, "张建国", "十二名工人被拖欠工资三个月");
    a.send(keys::ENTER);
    // The duty leader opens the new case's file and leaves it open.
    b.send(keys::F4);
    b.type_text(&ticket);
    b.send(keys::ENTER);
    b.send(keys::ENTER);
    let file = b.wait_for("Timeline", 5);
    assert!(file.contains("registered"), "{file}");

    // Window 3 takes the walk-in from the queue: filter to its ticket, Ctrl-T.
    a.send(b"/");
    a.type_text(&ticket);
    a.send(keys::ENTER);
    a.send(keys::CTRL_T);
    let form = a.wait_for("Cooperating units", 5);
    assert!(
        form.contains("‹ mediation ›") && form.contains("‹ joint ›") && form.contains("‹ 人社局 ›"),
        "labour cases are suggested as joint mediation led by 人社局:\n{form}"
    );
    // Keep 住建局 as the one cooperating unit: untick 总工会 and the labour committee.
    for _ in 0..4 {
        a.send(keys::TAB); // handling, level, lead, cooperating
    }
    // The units are a list under the field, the cursor on the lead (which cannot cooperate).
    a.wait_for("(the lead)", 5);
    a.send(keys::DOWN); // 住建局
    a.send(keys::DOWN); // 总工会
    a.send(b" ");
    a.type_text("ldzy"); // 劳动争议人民调解委员会, found by its pinyin initials
    a.send(b" ");
    let form = a.wait_for("Cooperating units 住建局 ", 5);
    let ticked = form
        .lines()
        .find(|l| l.contains("Cooperating units"))
        .unwrap_or_default();
    assert!(!ticked.contains("总工会"), "{form}");
    a.send(keys::F9);
    a.wait_for("Triaged:", 5);
    // The leader's open file follows: the case is triaged, with its two departments.
    let seen = b.wait_for("cooperating 住建局", 5);
    assert!(seen.contains("lead 人社局"), "{seen}");
    assert!(!seen.contains("cooperating 总工会"), "{seen}");

    // The file on window 3: the three 127 deadlines, each with its last day and state.
    a.send(keys::CTRL_E);
    let file = a.wait_for("Time limits (1-2-7)", 5);
    for clock in ["Accept", "Convene", "Reply"] {
        assert!(
            row(&file, clock).is_some(),
            "{clock} deadline shown:\n{file}"
        );
    }
    assert!(
        row(&file, "Accept").is_some_and(|l| l.contains("met")),
        "triaged today: the accept clock is met:\n{file}"
    );

    // A ledger line (progress, next step), then the explanation to the resident.
    a.send(keys::CTRL_L);
    a.wait_for("Ledger entry", 5);
    a.type_text("人社局核实工资表");
    a.send(keys::TAB);
    a.type_text("约谈总包单位");
    a.send(keys::ENTER);
    a.wait_for("约谈总包单位", 5);
    let seen = b.wait_for("人社局核实工资表", 5);
    assert!(seen.contains("约谈总包单位"), "{seen}");

    a.send(keys::CTRL_R);
    a.wait_for("stops the reply clock", 5);
    a.type_text("需调取三个月考勤记录，12月中旬前答复");
    a.send(keys::ENTER);
    a.wait_for("Explanation to resident", 5);
    let seen = b.wait_for("Explanation to resident", 5);
    assert!(seen.contains("需调取三个月考勤记录"), "{seen}");
    assert!(
        row(&seen, "Reply").is_some_and(|l| l.contains("met")),
        "the explanation stops the reply clock:\n{seen}"
    );

    // Mediated in the end: Ctrl-O without the agreement number names the field and keeps the
    // note; with it, and judicial confirmation asked for, the outcome is recorded.
    a.send(keys::CTRL_O);
    a.wait_for("Outcome — ", 5);
    a.send(keys::TAB); // agreement number
    a.send(keys::TAB); // ask for confirmation
    a.send(b" ");
    a.send(keys::TAB); // note
    a.type_text("分两期支付");
    a.send(keys::F9);
    let form = a.wait_for("Agreement No. must not be empty", 5);
    assert!(
        form.contains("分两期支付") && form.contains("[x]"),
        "{form}"
    );
    a.type_text("(2026)示调字第118号");
    a.send(keys::F9);
    a.wait_for("Case YD", 5);
    let seen = b.wait_for("(2026)示调字第118号", 5);
    assert!(seen.contains("Judicial confirmation: requested"), "{seen}");
    // The court confirms the agreement (Ctrl-K), and the leader sees it.
    a.send(keys::CTRL_K);
    a.wait_for("The court's answer", 5);
    a.send(keys::ENTER);
    b.wait_for("Judicial confirmation: granted", 5);
}

#[test]
fn an_idle_console_locks_and_comes_back_with_what_was_typed() {
    let c = demo_centre();
    let config = c.dir.path().join("night.toml");
    std::fs::write(&config, "[session]\nidle_lock_secs = 10\n").unwrap();
    let config = config.to_string_lossy().into_owned();
    let mut a = console(
        &c,
        "night",
        80,
        24,
        &["--lang", "en", "--config", &config],
        &[],
    );
    a.wait_for("Queue", 10);
    a.send(keys::F2);
    a.wait_for("New intake", 5);
    a.send(keys::TAB);
    a.send(keys::TAB);
    a.type_text("赵德明");
    a.wait_for("赵德明", 5);
    // Ten untouched seconds: the login screen covers everything, the name is not on it.
    let locked = a.wait_for("Locked (night)", 20);
    assert!(
        !locked.contains("赵德明"),
        "nothing of the form shows:\n{locked}"
    );
    // Keys in the moment after the lock appears are not taken as sign-in input.
    std::thread::sleep(std::time::Duration::from_millis(2200));
    a.type_text("not the password");
    a.send(keys::ENTER);
    a.wait_for("Wrong login or password", 10);
    assert!(a.screen().contains("Locked (night)"));
    a.type_text(common::pty::PASSWORD);
    a.send(keys::ENTER);
    let back = a.wait_for("赵德明", 10);
    assert!(
        back.contains("New intake"),
        "the form is back as it was:\n{back}"
    );
}

#[test]
fn a_receptionist_is_not_offered_what_only_a_duty_leader_may_do() {
    let c = demo_centre();
    let home = c.dir.path().join("recep");
    std::fs::create_dir_all(&home).unwrap();
    add_operator(&c.url, &home, "recep", "reception");
    let mut a = Console::start(
        &["--db", &c.url, "--operator", "recep", "--lang", "en"],
        80,
        24,
        &home,
        &[],
    );
    sign_in(&mut a);
    a.send(keys::F11);
    let board = a.wait_for("Summons board", 5);
    assert!(
        !board.contains("F7 Acknowledge"),
        "the footer does not offer it:\n{board}"
    );
    a.send(keys::F7);
    a.wait_for(
        "only duty leader, administrator may acknowledge escalations",
        5,
    );
}

#[test]
fn a_reveal_in_one_console_shows_in_the_supervisors_audit_view() {
    let c = demo_centre();
    let mut leader = console(&c, "leader", 80, 24, &["--lang", "en"], &[]);
    let home = c.dir.path().join("audit");
    std::fs::create_dir_all(&home).unwrap();
    add_operator(&c.url, &home, "audit", "supervisor");
    let mut audit = Console::start(
        &["--db", &c.url, "--operator", "audit", "--lang", "en"],
        120,
        30,
        &home,
        &[],
    );
    sign_in(&mut audit);
    // 张建国 of scenario 1: his file shows him masked until revealed.
    leader.send(keys::F4);
    leader.type_text("张建国");
    leader.send(keys::ENTER);
    leader.send(keys::ENTER);
    let file = leader.wait_for("Parties", 5);
    let party = |screen: &str| {
        screen
            .lines()
            .find(|l| l.contains("1. Applicant"))
            .unwrap_or_default()
            .to_string()
    };
    assert!(party(&file).contains("张*国"), "masked at first:\n{file}");
    leader.send(keys::F6);
    leader.wait_for("Reveal a party", 5);
    leader.type_text("1");
    leader.send(keys::TAB);
    leader.type_text("call back about the amount");
    leader.send(keys::ENTER);
    let file = leader.wait_for("revealed, recorded", 5);
    assert!(
        party(&file).contains("张建国") && !party(&file).contains('*'),
        "the party is shown in full:\n{file}"
    );
    // The supervisor opens the audit view: the reveal, who made it and why.
    audit.send(b"\x1b[20~"); // F9
    let log = audit.wait_for("reveal", 5);
    assert!(
        log.contains("leader") && log.contains("call back about the amount"),
        "{log}"
    );
}
