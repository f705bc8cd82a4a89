//! The one keymap table: it decides what a key does, and writes the footer hints and the help.
//!
//! F-keys, Ctrl-keys, Tab, Esc, Enter and arrows do all main work, because with the Chinese
//! IME in 中 mode letters go to the IME. `?` and the full-width `？` both open help.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the operator is; a binding applies in its context (and `Global` everywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Queue,
    Intake,
    Receipt,
    Help,
    Confirm,
    Find,
    Detail,
    Triage,
    Deadlines,
    Prompt,
    /// The summons board tab.
    Board,
    /// The board's department roster.
    Roster,
    /// The whistle form over any panel.
    Whistle,
    /// `yidi board`: the read-only wall screen.
    Wallboard,
    /// The login screen (also the idle lock).
    Login,
    /// The audit view over the journal.
    Audit,
    /// The outcome form, or the court's answer, over the case file.
    Outcome,
    /// The rooms tab.
    Rooms,
    /// The allocate form (rooms and mediators proposed for a case) over any panel.
    Allocate,
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Quit,
    Help,
    NewIntake,
    FindCase,
    OpenCase,
    OpenTriage,
    ShowDeadlines,
    AddLedger,
    Explain,
    ShowBoard,
    Reveal,
    ShowAudit,
    Whistle,
    Arrived,
    ArrivedAt,
    Acknowledge,
    Rewhistle,
    CancelSummons,
    ToggleRoster,
    EditWindow,
    RecordOutcome,
    CourtAnswer,
    Escalate,
    ShowRooms,
    Allocate,
    ClaimReservation,
    ReleaseRoom,
    TransferRoom,
    ToggleService,
    Reserve,
    ShowQueue,
    NextTab,
    Up,
    Down,
    PageUp,
    PageDown,
    CallNext,
    Recall,
    NoShow,
    Requeue,
    Filter,
    ClearFilter,
    NextField,
    PrevField,
    Save,
    Cancel,
    AddApplicant,
    AddRespondent,
    RemoveParty,
    Toggle,
    Prev,
    Next,
    Close,
    Yes,
    No,
}

#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub command: Command,
    /// Shown in the footer (short) when true; always in help.
    pub hint: bool,
    pub zh: &'static str,
    pub en: &'static str,
}

use Command as C;
use Context as X;
use KeyCode as K;

pub const KEYMAP: &[Binding] = &[
    Binding {
        context: X::Global,
        keys: &[k(K::F(1)), k(K::Char('?')), k(K::Char('？'))],
        command: C::Help,
        hint: true,
        zh: "帮助",
        en: "Help",
    },
    Binding {
        context: X::Global,
        keys: &[k(K::F(2)), ctrl('n')],
        command: C::NewIntake,
        hint: true,
        zh: "受理登记",
        en: "New intake",
    },
    Binding {
        context: X::Global,
        keys: &[k(K::F(3))],
        command: C::ShowQueue,
        hint: true,
        zh: "取号队列",
        en: "Queue",
    },
    Binding {
        context: X::Global,
        keys: &[k(K::F(4))],
        command: C::FindCase,
        hint: true,
        zh: "查找案件",
        en: "Find a case",
    },
    Binding {
        context: X::Global,
        keys: &[k(K::Tab)],
        command: C::NextTab,
        hint: false,
        zh: "切换面板",
        en: "Next panel",
    },
    Binding {
        context: X::Global,
        keys: &[k(K::F(10)), ctrl('q')],
        command: C::Quit,
        hint: true,
        zh: "退出",
        en: "Quit",
    },
    Binding {
        context: X::Queue,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上一号",
        en: "Previous ticket",
    },
    Binding {
        context: X::Queue,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下一号",
        en: "Next ticket",
    },
    Binding {
        context: X::Queue,
        keys: &[k(K::PageUp)],
        command: C::PageUp,
        hint: false,
        zh: "上一页",
        en: "Page up",
    },
    Binding {
        context: X::Queue,
        keys: &[k(K::PageDown)],
        command: C::PageDown,
        hint: false,
        zh: "下一页",
        en: "Page down",
    },
    Binding {
        context: X::Queue,
        keys: &[k(K::F(5)), k(K::Enter)],
        command: C::CallNext,
        hint: true,
        zh: "叫下一号",
        en: "Call next",
    },
    Binding {
        context: X::Queue,
        keys: &[k(K::F(6))],
        command: C::Recall,
        hint: true,
        zh: "重呼",
        en: "Recall",
    },
    Binding {
        context: X::Queue,
        keys: &[k(K::F(7))],
        command: C::NoShow,
        hint: true,
        zh: "过号",
        en: "No-show",
    },
    Binding {
        context: X::Queue,
        keys: &[k(K::F(8))],
        command: C::Requeue,
        hint: true,
        zh: "重新排队",
        en: "Re-queue",
    },
    Binding {
        context: X::Queue,
        keys: &[k(K::Char('/')), ctrl('f')],
        command: C::Filter,
        hint: true,
        zh: "筛选",
        en: "Filter",
    },
    Binding {
        context: X::Queue,
        keys: &[k(K::Esc)],
        command: C::ClearFilter,
        hint: false,
        zh: "清除筛选",
        en: "Clear filter",
    },
    Binding {
        context: X::Detail,
        keys: &[ctrl('l')],
        command: C::AddLedger,
        hint: true,
        zh: "记台账",
        en: "Ledger entry",
    },
    Binding {
        context: X::Detail,
        keys: &[ctrl('r')],
        command: C::Explain,
        hint: true,
        zh: "答复说明",
        en: "Explanation",
    },
    Binding {
        context: X::Outcome,
        keys: &[k(K::Tab), k(K::Down)],
        command: C::NextField,
        hint: false,
        zh: "下一项",
        en: "Next field",
    },
    Binding {
        context: X::Outcome,
        keys: &[k(K::BackTab), k(K::Up)],
        command: C::PrevField,
        hint: false,
        zh: "上一项",
        en: "Previous field",
    },
    Binding {
        context: X::Outcome,
        keys: &[k(K::Left)],
        command: C::Prev,
        hint: false,
        zh: "上一个选项",
        en: "Previous choice",
    },
    Binding {
        context: X::Outcome,
        keys: &[k(K::Right), k(K::Char(' '))],
        command: C::Next,
        hint: false,
        zh: "下一个选项",
        en: "Next choice",
    },
    Binding {
        context: X::Outcome,
        keys: &[k(K::Enter), k(K::F(9)), ctrl('s')],
        command: C::Save,
        hint: true,
        zh: "保存",
        en: "Save",
    },
    Binding {
        context: X::Outcome,
        keys: &[k(K::Esc)],
        command: C::Cancel,
        hint: true,
        zh: "取消",
        en: "Cancel",
    },
    Binding {
        context: X::Prompt,
        keys: &[k(K::Tab), k(K::Down)],
        command: C::NextField,
        hint: false,
        zh: "下一项",
        en: "Next field",
    },
    Binding {
        context: X::Prompt,
        keys: &[k(K::Enter), k(K::F(9)), ctrl('s')],
        command: C::Save,
        hint: true,
        zh: "保存",
        en: "Save",
    },
    Binding {
        context: X::Prompt,
        keys: &[k(K::Esc)],
        command: C::Cancel,
        hint: true,
        zh: "取消",
        en: "Cancel",
    },
    Binding {
        context: X::Global,
        keys: &[k(K::F(12))],
        command: C::ShowDeadlines,
        hint: true,
        zh: "时限督办",
        en: "Deadlines",
    },
    Binding {
        context: X::Deadlines,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上一件",
        en: "Previous case",
    },
    Binding {
        context: X::Deadlines,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下一件",
        en: "Next case",
    },
    Binding {
        context: X::Deadlines,
        keys: &[ctrl('e')],
        command: C::OpenCase,
        hint: true,
        zh: "案件详情",
        en: "Case details",
    },
    Binding {
        context: X::Deadlines,
        keys: &[ctrl('t')],
        command: C::OpenTriage,
        hint: true,
        zh: "分流交办",
        en: "Triage",
    },
    Binding {
        context: X::Queue,
        keys: &[ctrl('t')],
        command: C::OpenTriage,
        hint: true,
        zh: "分流交办",
        en: "Triage",
    },
    Binding {
        context: X::Detail,
        keys: &[ctrl('t')],
        command: C::OpenTriage,
        hint: true,
        zh: "分流交办",
        en: "Triage",
    },
    Binding {
        context: X::Triage,
        keys: &[k(K::Tab), k(K::Down)],
        command: C::NextField,
        hint: false,
        zh: "下一项",
        en: "Next field",
    },
    Binding {
        context: X::Triage,
        keys: &[k(K::BackTab), k(K::Up)],
        command: C::PrevField,
        hint: false,
        zh: "上一项",
        en: "Previous field",
    },
    Binding {
        context: X::Triage,
        keys: &[k(K::Left)],
        command: C::Prev,
        hint: false,
        zh: "上一个选项",
        en: "Previous choice",
    },
    Binding {
        context: X::Triage,
        keys: &[k(K::Right)],
        command: C::Next,
        hint: false,
        zh: "下一个选项",
        en: "Next choice",
    },
    Binding {
        context: X::Triage,
        keys: &[k(K::Char(' '))],
        command: C::Toggle,
        hint: false,
        zh: "勾选协办单位 / 当场化解",
        en: "Tick a unit / solved on the spot",
    },
    Binding {
        context: X::Triage,
        keys: &[k(K::F(9)), ctrl('s')],
        command: C::Save,
        hint: true,
        zh: "确认分流",
        en: "Save triage",
    },
    Binding {
        context: X::Triage,
        keys: &[k(K::Esc)],
        command: C::Cancel,
        hint: true,
        zh: "取消",
        en: "Cancel",
    },
    Binding {
        context: X::Queue,
        keys: &[ctrl('e')],
        command: C::OpenCase,
        hint: true,
        zh: "案件详情",
        en: "Case details",
    },
    Binding {
        context: X::Find,
        keys: &[k(K::Enter)],
        command: C::OpenCase,
        hint: true,
        zh: "查找 / 打开",
        en: "Search / open",
    },
    Binding {
        context: X::Find,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上一条",
        en: "Previous result",
    },
    Binding {
        context: X::Find,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下一条",
        en: "Next result",
    },
    Binding {
        context: X::Find,
        keys: &[k(K::Esc)],
        command: C::Close,
        hint: true,
        zh: "关闭",
        en: "Close",
    },
    Binding {
        context: X::Detail,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上滚",
        en: "Scroll up",
    },
    Binding {
        context: X::Detail,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下滚",
        en: "Scroll down",
    },
    Binding {
        context: X::Detail,
        keys: &[k(K::PageUp)],
        command: C::PageUp,
        hint: false,
        zh: "上一页",
        en: "Page up",
    },
    Binding {
        context: X::Detail,
        keys: &[k(K::PageDown)],
        command: C::PageDown,
        hint: false,
        zh: "下一页",
        en: "Page down",
    },
    Binding {
        context: X::Detail,
        keys: &[k(K::Esc)],
        command: C::Close,
        hint: true,
        zh: "关闭详情",
        en: "Close",
    },
    Binding {
        context: X::Detail,
        keys: &[ctrl('o')],
        command: C::RecordOutcome,
        hint: true,
        zh: "记录结果",
        en: "Record outcome",
    },
    Binding {
        context: X::Detail,
        keys: &[ctrl('k')],
        command: C::CourtAnswer,
        hint: false,
        zh: "法院司法确认结果",
        en: "Court's answer on confirmation",
    },
    Binding {
        context: X::Detail,
        keys: &[ctrl('u')],
        command: C::Escalate,
        hint: true,
        zh: "上报上一级",
        en: "Escalate a level",
    },
    Binding {
        context: X::Intake,
        keys: &[k(K::Tab), k(K::Down)],
        command: C::NextField,
        hint: false,
        zh: "下一项",
        en: "Next field",
    },
    Binding {
        context: X::Intake,
        keys: &[k(K::BackTab), k(K::Up)],
        command: C::PrevField,
        hint: false,
        zh: "上一项",
        en: "Previous field",
    },
    Binding {
        context: X::Intake,
        keys: &[k(K::F(9)), ctrl('s')],
        command: C::Save,
        hint: true,
        zh: "保存受理",
        en: "Save intake",
    },
    Binding {
        context: X::Intake,
        keys: &[k(K::Esc)],
        command: C::Cancel,
        hint: true,
        zh: "取消",
        en: "Cancel",
    },
    Binding {
        context: X::Intake,
        keys: &[ctrl('a')],
        command: C::AddApplicant,
        hint: true,
        zh: "加申请人",
        en: "Add applicant",
    },
    Binding {
        context: X::Intake,
        keys: &[ctrl('r')],
        command: C::AddRespondent,
        hint: true,
        zh: "加被申请人",
        en: "Add respondent",
    },
    Binding {
        context: X::Intake,
        keys: &[ctrl('d')],
        command: C::RemoveParty,
        hint: false,
        zh: "删除此当事人",
        en: "Remove this party",
    },
    Binding {
        context: X::Intake,
        keys: &[k(K::Char(' '))],
        command: C::Toggle,
        hint: false,
        zh: "勾选（选项上）",
        en: "Toggle (on a choice)",
    },
    Binding {
        context: X::Intake,
        keys: &[k(K::Left)],
        command: C::Prev,
        hint: false,
        zh: "上一个选项",
        en: "Previous choice",
    },
    Binding {
        context: X::Intake,
        keys: &[k(K::Right)],
        command: C::Next,
        hint: false,
        zh: "下一个选项",
        en: "Next choice",
    },
    Binding {
        context: X::Receipt,
        keys: &[k(K::Enter), k(K::Esc)],
        command: C::Close,
        hint: true,
        zh: "完成",
        en: "Done",
    },
    Binding {
        context: X::Help,
        keys: &[k(K::Esc), k(K::F(1))],
        command: C::Close,
        hint: true,
        zh: "关闭帮助",
        en: "Close help",
    },
    Binding {
        context: X::Help,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上移",
        en: "Scroll up",
    },
    Binding {
        context: X::Help,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下移",
        en: "Scroll down",
    },
    Binding {
        context: X::Confirm,
        keys: &[k(K::Enter), ctrl('y')],
        command: C::Yes,
        hint: true,
        zh: "确定",
        en: "Yes",
    },
    Binding {
        context: X::Confirm,
        keys: &[k(K::Esc)],
        command: C::No,
        hint: true,
        zh: "返回",
        en: "No",
    },
    Binding {
        context: X::Global,
        keys: &[k(K::F(11)), ctrl('g')],
        command: C::ShowBoard,
        hint: true,
        zh: "吹哨看板",
        en: "Summons board",
    },
    Binding {
        context: X::Queue,
        keys: &[ctrl('w')],
        command: C::Whistle,
        hint: true,
        zh: "吹哨",
        en: "Whistle",
    },
    Binding {
        context: X::Detail,
        keys: &[ctrl('w')],
        command: C::Whistle,
        hint: true,
        zh: "吹哨",
        en: "Whistle",
    },
    Binding {
        context: X::Triage,
        keys: &[ctrl('w')],
        command: C::Whistle,
        hint: false,
        zh: "吹哨",
        en: "Whistle",
    },
    Binding {
        context: X::Deadlines,
        keys: &[ctrl('w')],
        command: C::Whistle,
        hint: false,
        zh: "吹哨",
        en: "Whistle",
    },
    Binding {
        context: X::Board,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上一条",
        en: "Previous",
    },
    Binding {
        context: X::Board,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下一条",
        en: "Next",
    },
    Binding {
        context: X::Board,
        keys: &[k(K::F(5)), k(K::Enter)],
        command: C::Arrived,
        hint: true,
        zh: "已报到",
        en: "Arrived",
    },
    Binding {
        context: X::Board,
        keys: &[k(K::F(6))],
        command: C::ArrivedAt,
        hint: true,
        zh: "补录报到时间",
        en: "Arrived at…",
    },
    Binding {
        context: X::Board,
        keys: &[k(K::F(7))],
        command: C::Acknowledge,
        hint: true,
        zh: "确认升级",
        en: "Acknowledge",
    },
    Binding {
        context: X::Board,
        keys: &[k(K::F(8))],
        command: C::Rewhistle,
        hint: true,
        zh: "重新吹哨",
        en: "Re-whistle",
    },
    Binding {
        context: X::Board,
        keys: &[ctrl('x')],
        command: C::CancelSummons,
        hint: true,
        zh: "取消吹哨",
        en: "Cancel summons",
    },
    Binding {
        context: X::Board,
        keys: &[ctrl('w')],
        command: C::Whistle,
        hint: false,
        zh: "再吹哨其他部门",
        en: "Whistle more",
    },
    Binding {
        context: X::Board,
        keys: &[ctrl('e')],
        command: C::OpenCase,
        hint: false,
        zh: "案件档案",
        en: "Case file",
    },
    Binding {
        context: X::Board,
        keys: &[ctrl('p')],
        command: C::ToggleRoster,
        hint: true,
        zh: "部门名册",
        en: "Roster",
    },
    Binding {
        context: X::Roster,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上一个",
        en: "Previous",
    },
    Binding {
        context: X::Roster,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下一个",
        en: "Next",
    },
    Binding {
        context: X::Roster,
        keys: &[k(K::Enter)],
        command: C::EditWindow,
        hint: true,
        zh: "修改报到时限",
        en: "Arrival window",
    },
    Binding {
        context: X::Roster,
        keys: &[ctrl('p'), k(K::Esc)],
        command: C::ToggleRoster,
        hint: true,
        zh: "返回看板",
        en: "Back to board",
    },
    Binding {
        context: X::Whistle,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上一个",
        en: "Previous",
    },
    Binding {
        context: X::Whistle,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下一个",
        en: "Next",
    },
    Binding {
        context: X::Whistle,
        keys: &[k(K::Char(' '))],
        command: C::Toggle,
        hint: true,
        zh: "勾选",
        en: "Tick",
    },
    Binding {
        context: X::Whistle,
        keys: &[k(K::Tab)],
        command: C::NextField,
        hint: true,
        zh: "原因/部门",
        en: "Reason/list",
    },
    Binding {
        context: X::Whistle,
        keys: &[k(K::Enter), k(K::F(9)), ctrl('s')],
        command: C::Save,
        hint: true,
        zh: "吹哨",
        en: "Whistle",
    },
    Binding {
        context: X::Whistle,
        keys: &[k(K::Esc)],
        command: C::Cancel,
        hint: true,
        zh: "取消",
        en: "Cancel",
    },
    Binding {
        context: X::Global,
        keys: &[ctrl('b')],
        command: C::ShowRooms,
        hint: true,
        zh: "调解室",
        en: "Rooms",
    },
    Binding {
        context: X::Queue,
        keys: &[ctrl('z')],
        command: C::Allocate,
        hint: true,
        zh: "分配调解室",
        en: "Allocate a room",
    },
    Binding {
        context: X::Detail,
        keys: &[ctrl('z')],
        command: C::Allocate,
        hint: true,
        zh: "分配调解室",
        en: "Allocate a room",
    },
    Binding {
        context: X::Triage,
        keys: &[ctrl('z')],
        command: C::Allocate,
        hint: false,
        zh: "分配调解室",
        en: "Allocate a room",
    },
    Binding {
        context: X::Deadlines,
        keys: &[ctrl('z')],
        command: C::Allocate,
        hint: false,
        zh: "分配调解室",
        en: "Allocate a room",
    },
    Binding {
        context: X::Board,
        keys: &[ctrl('z')],
        command: C::Allocate,
        hint: false,
        zh: "分配调解室",
        en: "Allocate a room",
    },
    Binding {
        context: X::Rooms,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上一间",
        en: "Previous room",
    },
    Binding {
        context: X::Rooms,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下一间",
        en: "Next room",
    },
    Binding {
        context: X::Rooms,
        keys: &[k(K::F(5)), k(K::Enter)],
        command: C::ClaimReservation,
        hint: true,
        zh: "预约到场",
        en: "Reservation arrived",
    },
    Binding {
        context: X::Rooms,
        keys: &[k(K::F(6))],
        command: C::ReleaseRoom,
        hint: true,
        zh: "结束调解",
        en: "End session",
    },
    Binding {
        context: X::Rooms,
        keys: &[k(K::F(7))],
        command: C::TransferRoom,
        hint: true,
        zh: "转室",
        en: "Transfer",
    },
    Binding {
        context: X::Rooms,
        keys: &[k(K::F(8))],
        command: C::ToggleService,
        hint: true,
        zh: "停用/恢复",
        en: "Out of service / back",
    },
    Binding {
        context: X::Rooms,
        keys: &[ctrl('e')],
        command: C::OpenCase,
        hint: false,
        zh: "案件档案",
        en: "Case file",
    },
    Binding {
        context: X::Allocate,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上一个",
        en: "Previous",
    },
    Binding {
        context: X::Allocate,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下一个",
        en: "Next",
    },
    Binding {
        context: X::Allocate,
        keys: &[k(K::Left)],
        command: C::Prev,
        hint: false,
        zh: "上一种调解室",
        en: "Previous room kind",
    },
    Binding {
        context: X::Allocate,
        keys: &[k(K::Right)],
        command: C::Next,
        hint: true,
        zh: "调解室类型",
        en: "Room kind",
    },
    Binding {
        context: X::Allocate,
        keys: &[k(K::Tab)],
        command: C::NextField,
        hint: true,
        zh: "调解室/调解员",
        en: "Rooms/mediators",
    },
    Binding {
        context: X::Allocate,
        keys: &[k(K::Enter), k(K::F(9)), ctrl('s')],
        command: C::Save,
        hint: true,
        zh: "确认分配",
        en: "Allocate",
    },
    Binding {
        context: X::Allocate,
        keys: &[k(K::F(6))],
        command: C::Reserve,
        hint: true,
        zh: "预约时段",
        en: "Reserve a slot",
    },
    Binding {
        context: X::Allocate,
        keys: &[k(K::Esc)],
        command: C::Cancel,
        hint: true,
        zh: "取消",
        en: "Cancel",
    },
    Binding {
        context: X::Wallboard,
        keys: &[k(K::F(10)), ctrl('q'), ctrl('c')],
        command: C::Quit,
        hint: true,
        zh: "退出",
        en: "Quit",
    },
    Binding {
        context: X::Login,
        keys: &[k(K::Enter)],
        command: C::Save,
        hint: true,
        zh: "登录",
        en: "Sign in",
    },
    Binding {
        context: X::Login,
        keys: &[k(K::Tab), k(K::BackTab), k(K::Up), k(K::Down)],
        command: C::NextField,
        hint: true,
        zh: "登录名/密码",
        en: "Login/password",
    },
    Binding {
        context: X::Login,
        keys: &[k(K::F(10)), ctrl('q')],
        command: C::Quit,
        hint: true,
        zh: "退出",
        en: "Quit",
    },
    Binding {
        context: X::Detail,
        keys: &[k(K::F(6))],
        command: C::Reveal,
        hint: true,
        zh: "查看完整个人信息",
        en: "Reveal personal data",
    },
    Binding {
        context: X::Global,
        keys: &[k(K::F(9))],
        command: C::ShowAudit,
        hint: false,
        zh: "审计日志",
        en: "Audit log",
    },
    Binding {
        context: X::Audit,
        keys: &[k(K::Enter)],
        command: C::Save,
        hint: true,
        zh: "按条件筛选",
        en: "Apply filter",
    },
    Binding {
        context: X::Audit,
        keys: &[k(K::Up)],
        command: C::Up,
        hint: false,
        zh: "上一条",
        en: "Previous",
    },
    Binding {
        context: X::Audit,
        keys: &[k(K::Down)],
        command: C::Down,
        hint: false,
        zh: "下一条",
        en: "Next",
    },
    Binding {
        context: X::Audit,
        keys: &[k(K::Esc)],
        command: C::ClearFilter,
        hint: true,
        zh: "清除条件",
        en: "Clear filter",
    },
];

impl Key {
    fn matches(&self, ev: &KeyEvent) -> bool {
        let mods = ev.modifiers - KeyModifiers::SHIFT;
        match (self.code, ev.code) {
            // Shift is part of the character for `?`, and of BackTab.
            (K::Char(a), K::Char(b)) => a.eq_ignore_ascii_case(&b) && mods == self.mods,
            (K::BackTab, K::BackTab) => true,
            (a, b) => a == b && mods == self.mods,
        }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            K::F(n) => format!("F{n}"),
            K::Char(' ') => "Space".into(),
            K::Char(c) => c.to_string(),
            K::Tab => "Tab".into(),
            K::BackTab => "Shift-Tab".into(),
            K::Esc => "Esc".into(),
            K::Enter => "Enter".into(),
            K::Up => "↑".into(),
            K::Down => "↓".into(),
            K::Left => "←".into(),
            K::Right => "→".into(),
            K::PageUp => "PgUp".into(),
            K::PageDown => "PgDn".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// The command a key means in `context`: the context's own bindings first, then global ones.
pub fn lookup(context: Context, ev: &KeyEvent) -> Option<Command> {
    let find = |ctx: Context| {
        KEYMAP
            .iter()
            .find(|b| b.context == ctx && b.keys.iter().any(|k| k.matches(ev)))
    };
    find(context)
        .or_else(|| {
            if matches!(
                context,
                X::Help
                    | X::Confirm
                    | X::Find
                    | X::Prompt
                    | X::Whistle
                    | X::Wallboard
                    | X::Outcome
                    | X::Login
                    | X::Allocate
            ) {
                None
            } else {
                find(X::Global)
            }
        })
        .map(|b| b.command)
}

impl Binding {
    pub fn describe(&self, lang: crate::domain::Lang) -> &'static str {
        match lang {
            crate::domain::Lang::Zh => self.zh,
            crate::domain::Lang::En => self.en,
        }
    }

    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// The label of the first key bound to a global command (`F3`, `Ctrl-B`), so the tabs name
/// the same key as the help does.
pub fn key_of(command: Command) -> String {
    key_in(X::Global, command)
}

/// The label of the first key bound to `command` in `context`.
pub fn key_in(context: Context, command: Command) -> String {
    KEYMAP
        .iter()
        .find(|b| b.context == context && b.command == command)
        .and_then(|b| b.keys.first())
        .map(Key::label)
        .unwrap_or_default()
}

/// What a command needs the operator's roles to allow; `None` for looking and moving about.
pub fn needs(command: Command) -> Option<crate::domain::Permission> {
    use crate::domain::Permission as P;
    Some(match command {
        C::NewIntake | C::CallNext | C::Recall | C::NoShow | C::Requeue => P::Intake,
        C::OpenTriage | C::AddLedger | C::Explain | C::Escalate => P::Triage,
        C::RecordOutcome | C::CourtAnswer => P::Close,
        C::Whistle | C::Rewhistle | C::CancelSummons => P::Whistle,
        C::Arrived | C::ArrivedAt => P::RecordArrival,
        C::Acknowledge => P::Acknowledge,
        C::Allocate
        | C::ClaimReservation
        | C::ReleaseRoom
        | C::TransferRoom
        | C::ToggleService
        | C::Reserve => P::AllocateRoom,
        C::Reveal => P::RevealPersonalData,
        C::ShowAudit => P::ViewAudit,
        C::EditWindow => P::EditRoster,
        _ => return None,
    })
}

/// The footer's hints for a context: help first (it lists everything), then the context's
/// own, then the other global ones.
pub fn hints(context: Context) -> impl Iterator<Item = &'static Binding> {
    let with_global = !matches!(
        context,
        X::Help
            | X::Confirm
            | X::Find
            | X::Prompt
            | X::Whistle
            | X::Wallboard
            | X::Outcome
            | X::Login
            | X::Allocate
    );
    let help = KEYMAP
        .iter()
        .filter(move |b| with_global && b.context == X::Global && b.command == C::Help);
    let own = KEYMAP
        .iter()
        .filter(move |b| b.context == context && b.hint);
    let global = KEYMAP
        .iter()
        .filter(move |b| with_global && b.context == X::Global && b.hint && b.command != C::Help);
    help.chain(own).chain(global)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn help_opens_with_f1_and_both_question_marks() {
        for code in [K::F(1), K::Char('?'), K::Char('？')] {
            assert_eq!(
                lookup(X::Queue, &ev(code, KeyModifiers::NONE)),
                Some(C::Help),
                "{code:?}"
            );
        }
        assert_eq!(
            lookup(X::Queue, &ev(K::Char('?'), KeyModifiers::SHIFT)),
            Some(C::Help)
        );
    }

    #[test]
    fn a_context_binding_wins_over_a_global_one() {
        assert_eq!(
            lookup(X::Intake, &ev(K::Tab, KeyModifiers::NONE)),
            Some(C::NextField)
        );
        assert_eq!(
            lookup(X::Queue, &ev(K::Tab, KeyModifiers::NONE)),
            Some(C::NextTab)
        );
        assert_eq!(
            lookup(X::Intake, &ev(K::Char('s'), KeyModifiers::CONTROL)),
            Some(C::Save)
        );
        assert_eq!(
            lookup(X::Intake, &ev(K::Char('s'), KeyModifiers::NONE)),
            None,
            "a plain letter is typing"
        );
    }

    #[test]
    fn no_key_means_two_things_in_one_context() {
        for a in KEYMAP {
            for b in KEYMAP {
                if std::ptr::eq(a, b) || a.context != b.context {
                    continue;
                }
                for ka in a.keys {
                    let e = ev(ka.code, ka.mods);
                    assert!(
                        !b.keys.iter().any(|kb| kb.matches(&e)),
                        "{} bound twice in {:?}",
                        ka.label(),
                        a.context
                    );
                }
            }
        }
    }

    #[test]
    fn every_binding_is_described_in_both_languages() {
        for b in KEYMAP {
            assert!(!b.zh.is_empty() && !b.en.is_empty() && !b.keys.is_empty());
        }
    }
}
