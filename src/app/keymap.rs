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
    /// The follow-up tab (回访).
    FollowUps,
    /// The follow-up form over it.
    FollowUpForm,
    /// The figures tab (统计) and its second page, the reverse ranking (逆排名).
    Figures,
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
    ShowFollowUps,
    /// 办结 from the case file.
    CloseCase,
    Reopen,
    RecordFollowUp,
    Allocate,
    ClaimReservation,
    ReleaseRoom,
    TransferRoom,
    ToggleService,
    Reserve,
    ShowQueue,
    ShowFigures,
    Export,
    Refresh,
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

/// A binding shown in the footer (when it fits) and in help.
const fn hinted(
    context: Context,
    keys: &'static [Key],
    command: Command,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        command,
        hint: true,
        zh,
        en,
    }
}

/// A binding listed in help only (arrows, Esc and the like are not worth footer room).
const fn help_only(
    context: Context,
    keys: &'static [Key],
    command: Command,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        hint: false,
        ..hinted(context, keys, command, zh, en)
    }
}

pub const KEYMAP: &[Binding] = &[
    hinted(
        X::Global,
        &[k(K::F(1)), k(K::Char('?')), k(K::Char('？'))],
        C::Help,
        "帮助",
        "Help",
    ),
    hinted(
        X::Global,
        &[k(K::F(2)), ctrl('n')],
        C::NewIntake,
        "受理登记",
        "New intake",
    ),
    hinted(X::Global, &[k(K::F(3))], C::ShowQueue, "取号队列", "Queue"),
    hinted(
        X::Global,
        &[k(K::F(4))],
        C::FindCase,
        "查找案件",
        "Find a case",
    ),
    help_only(
        X::Global,
        &[k(K::Tab)],
        C::NextTab,
        "切换面板",
        "Next panel",
    ),
    hinted(
        X::Global,
        &[k(K::F(10)), ctrl('q')],
        C::Quit,
        "退出",
        "Quit",
    ),
    help_only(
        X::Global,
        &[k(K::Esc)],
        C::ShowQueue,
        "返回取号队列",
        "Back to the queue",
    ),
    help_only(X::Queue, &[k(K::Up)], C::Up, "上一号", "Previous ticket"),
    help_only(X::Queue, &[k(K::Down)], C::Down, "下一号", "Next ticket"),
    help_only(X::Queue, &[k(K::PageUp)], C::PageUp, "上一页", "Page up"),
    help_only(
        X::Queue,
        &[k(K::PageDown)],
        C::PageDown,
        "下一页",
        "Page down",
    ),
    hinted(
        X::Queue,
        &[k(K::F(5)), k(K::Enter)],
        C::CallNext,
        "叫下一号",
        "Call next",
    ),
    hinted(X::Queue, &[k(K::F(6))], C::Recall, "重呼", "Recall"),
    hinted(X::Queue, &[k(K::F(7))], C::NoShow, "过号", "No-show"),
    hinted(X::Queue, &[k(K::F(8))], C::Requeue, "重新排队", "Re-queue"),
    hinted(
        X::Queue,
        &[k(K::Char('/')), ctrl('f')],
        C::Filter,
        "筛选",
        "Filter",
    ),
    help_only(
        X::Queue,
        &[k(K::Esc)],
        C::ClearFilter,
        "清除筛选",
        "Clear filter",
    ),
    hinted(
        X::Detail,
        &[ctrl('l')],
        C::AddLedger,
        "记台账",
        "Ledger entry",
    ),
    hinted(
        X::Detail,
        &[ctrl('r')],
        C::Explain,
        "答复说明",
        "Explanation",
    ),
    help_only(
        X::Outcome,
        &[k(K::Tab), k(K::Down)],
        C::NextField,
        "下一项",
        "Next field",
    ),
    help_only(
        X::Outcome,
        &[k(K::BackTab), k(K::Up)],
        C::PrevField,
        "上一项",
        "Previous field",
    ),
    help_only(
        X::Outcome,
        &[k(K::Left)],
        C::Prev,
        "上一个选项",
        "Previous choice",
    ),
    help_only(
        X::Outcome,
        &[k(K::Right), k(K::Char(' '))],
        C::Next,
        "下一个选项",
        "Next choice",
    ),
    hinted(
        X::Outcome,
        &[k(K::Enter), k(K::F(9)), ctrl('s')],
        C::Save,
        "保存",
        "Save",
    ),
    hinted(X::Outcome, &[k(K::Esc)], C::Cancel, "取消", "Cancel"),
    help_only(
        X::Prompt,
        &[k(K::Tab), k(K::Down)],
        C::NextField,
        "下一项",
        "Next field",
    ),
    hinted(
        X::Prompt,
        &[k(K::Enter), k(K::F(9)), ctrl('s')],
        C::Save,
        "保存",
        "Save",
    ),
    hinted(X::Prompt, &[k(K::Esc)], C::Cancel, "取消", "Cancel"),
    hinted(
        X::Global,
        &[k(K::F(12))],
        C::ShowDeadlines,
        "时限督办",
        "Deadlines",
    ),
    help_only(X::Deadlines, &[k(K::Up)], C::Up, "上一件", "Previous case"),
    help_only(X::Deadlines, &[k(K::Down)], C::Down, "下一件", "Next case"),
    hinted(
        X::Deadlines,
        &[ctrl('e')],
        C::OpenCase,
        "案件详情",
        "Case details",
    ),
    hinted(
        X::Deadlines,
        &[ctrl('t')],
        C::OpenTriage,
        "分流交办",
        "Triage",
    ),
    hinted(X::Queue, &[ctrl('t')], C::OpenTriage, "分流交办", "Triage"),
    hinted(X::Detail, &[ctrl('t')], C::OpenTriage, "分流交办", "Triage"),
    help_only(
        X::Triage,
        &[k(K::Tab), k(K::Down)],
        C::NextField,
        "下一项",
        "Next field",
    ),
    help_only(
        X::Triage,
        &[k(K::BackTab), k(K::Up)],
        C::PrevField,
        "上一项",
        "Previous field",
    ),
    help_only(
        X::Triage,
        &[k(K::Left)],
        C::Prev,
        "上一个选项",
        "Previous choice",
    ),
    help_only(
        X::Triage,
        &[k(K::Right)],
        C::Next,
        "下一个选项",
        "Next choice",
    ),
    help_only(
        X::Triage,
        &[k(K::Char(' '))],
        C::Toggle,
        "勾选协办单位 / 当场化解",
        "Tick a unit / solved on the spot",
    ),
    hinted(
        X::Triage,
        &[k(K::F(9)), ctrl('s')],
        C::Save,
        "确认分流",
        "Save triage",
    ),
    hinted(X::Triage, &[k(K::Esc)], C::Cancel, "取消", "Cancel"),
    hinted(
        X::Queue,
        &[ctrl('e')],
        C::OpenCase,
        "案件详情",
        "Case details",
    ),
    hinted(
        X::Find,
        &[k(K::Enter)],
        C::OpenCase,
        "查找 / 打开",
        "Search / open",
    ),
    help_only(X::Find, &[k(K::Up)], C::Up, "上一条", "Previous result"),
    help_only(X::Find, &[k(K::Down)], C::Down, "下一条", "Next result"),
    hinted(X::Find, &[k(K::Esc)], C::Close, "关闭", "Close"),
    help_only(X::Detail, &[k(K::Up)], C::Up, "上滚", "Scroll up"),
    help_only(X::Detail, &[k(K::Down)], C::Down, "下滚", "Scroll down"),
    help_only(X::Detail, &[k(K::PageUp)], C::PageUp, "上一页", "Page up"),
    help_only(
        X::Detail,
        &[k(K::PageDown)],
        C::PageDown,
        "下一页",
        "Page down",
    ),
    hinted(X::Detail, &[k(K::Esc)], C::Close, "关闭详情", "Close"),
    hinted(
        X::Detail,
        &[ctrl('o')],
        C::RecordOutcome,
        "记录结果",
        "Record outcome",
    ),
    help_only(
        X::Detail,
        &[ctrl('k')],
        C::CourtAnswer,
        "法院司法确认结果",
        "Court's answer on confirmation",
    ),
    hinted(
        X::Detail,
        &[ctrl('u')],
        C::Escalate,
        "上报上一级",
        "Escalate a level",
    ),
    help_only(
        X::Intake,
        &[k(K::Tab), k(K::Down)],
        C::NextField,
        "下一项",
        "Next field",
    ),
    help_only(
        X::Intake,
        &[k(K::BackTab), k(K::Up)],
        C::PrevField,
        "上一项",
        "Previous field",
    ),
    hinted(
        X::Intake,
        &[k(K::F(9)), ctrl('s')],
        C::Save,
        "保存受理",
        "Save intake",
    ),
    hinted(X::Intake, &[k(K::Esc)], C::Cancel, "取消", "Cancel"),
    hinted(
        X::Intake,
        &[ctrl('a')],
        C::AddApplicant,
        "加申请人",
        "Add applicant",
    ),
    hinted(
        X::Intake,
        &[ctrl('r')],
        C::AddRespondent,
        "加被申请人",
        "Add respondent",
    ),
    help_only(
        X::Intake,
        &[ctrl('d')],
        C::RemoveParty,
        "删除此当事人",
        "Remove this party",
    ),
    help_only(
        X::Intake,
        &[k(K::Char(' '))],
        C::Toggle,
        "勾选（选项上）",
        "Toggle (on a choice)",
    ),
    help_only(
        X::Intake,
        &[k(K::Left)],
        C::Prev,
        "上一个选项",
        "Previous choice",
    ),
    help_only(
        X::Intake,
        &[k(K::Right)],
        C::Next,
        "下一个选项",
        "Next choice",
    ),
    hinted(
        X::Receipt,
        &[k(K::Enter), k(K::Esc)],
        C::Close,
        "完成",
        "Done",
    ),
    hinted(
        X::Help,
        &[k(K::Esc), k(K::F(1))],
        C::Close,
        "关闭帮助",
        "Close help",
    ),
    help_only(X::Help, &[k(K::Up)], C::Up, "上移", "Scroll up"),
    help_only(X::Help, &[k(K::Down)], C::Down, "下移", "Scroll down"),
    hinted(X::Confirm, &[k(K::Enter), ctrl('y')], C::Yes, "确定", "Yes"),
    hinted(X::Confirm, &[k(K::Esc)], C::No, "返回", "No"),
    hinted(
        X::Global,
        &[k(K::F(11)), ctrl('g')],
        C::ShowBoard,
        "吹哨看板",
        "Summons board",
    ),
    hinted(X::Queue, &[ctrl('w')], C::Whistle, "吹哨", "Whistle"),
    hinted(X::Detail, &[ctrl('w')], C::Whistle, "吹哨", "Whistle"),
    help_only(X::Triage, &[ctrl('w')], C::Whistle, "吹哨", "Whistle"),
    help_only(X::Deadlines, &[ctrl('w')], C::Whistle, "吹哨", "Whistle"),
    help_only(X::Board, &[k(K::Up)], C::Up, "上一条", "Previous"),
    help_only(X::Board, &[k(K::Down)], C::Down, "下一条", "Next"),
    hinted(
        X::Board,
        &[k(K::F(5)), k(K::Enter)],
        C::Arrived,
        "已报到",
        "Arrived",
    ),
    hinted(
        X::Board,
        &[k(K::F(6))],
        C::ArrivedAt,
        "补录报到时间",
        "Arrived at…",
    ),
    hinted(
        X::Board,
        &[k(K::F(7))],
        C::Acknowledge,
        "领导已知悉",
        "Leader informed",
    ),
    hinted(
        X::Board,
        &[k(K::F(8))],
        C::Rewhistle,
        "重新吹哨",
        "Re-whistle",
    ),
    hinted(
        X::Board,
        &[ctrl('x')],
        C::CancelSummons,
        "取消吹哨",
        "Cancel summons",
    ),
    help_only(
        X::Board,
        &[ctrl('w')],
        C::Whistle,
        "再吹哨其他部门",
        "Whistle more",
    ),
    help_only(X::Board, &[ctrl('e')], C::OpenCase, "案件档案", "Case file"),
    hinted(
        X::Board,
        &[ctrl('p')],
        C::ToggleRoster,
        "部门名册",
        "Roster",
    ),
    help_only(X::Roster, &[k(K::Up)], C::Up, "上一个", "Previous"),
    help_only(X::Roster, &[k(K::Down)], C::Down, "下一个", "Next"),
    hinted(
        X::Roster,
        &[k(K::Enter)],
        C::EditWindow,
        "修改报到时限",
        "Arrival window",
    ),
    hinted(
        X::Roster,
        &[ctrl('p'), k(K::Esc)],
        C::ToggleRoster,
        "返回看板",
        "Back to board",
    ),
    help_only(X::Whistle, &[k(K::Up)], C::Up, "上一个", "Previous"),
    help_only(X::Whistle, &[k(K::Down)], C::Down, "下一个", "Next"),
    hinted(X::Whistle, &[k(K::Char(' '))], C::Toggle, "勾选", "Tick"),
    hinted(
        X::Whistle,
        &[k(K::Tab)],
        C::NextField,
        "原因/部门",
        "Reason/list",
    ),
    hinted(
        X::Whistle,
        &[k(K::Enter), k(K::F(9)), ctrl('s')],
        C::Save,
        "吹哨",
        "Whistle",
    ),
    hinted(X::Whistle, &[k(K::Esc)], C::Cancel, "取消", "Cancel"),
    hinted(X::Global, &[ctrl('b')], C::ShowRooms, "调解室", "Rooms"),
    hinted(
        X::Queue,
        &[ctrl('z')],
        C::Allocate,
        "分配调解室",
        "Allocate a room",
    ),
    hinted(
        X::Detail,
        &[ctrl('z')],
        C::Allocate,
        "分配调解室",
        "Allocate a room",
    ),
    help_only(
        X::Triage,
        &[ctrl('z')],
        C::Allocate,
        "分配调解室",
        "Allocate a room",
    ),
    help_only(
        X::Deadlines,
        &[ctrl('z')],
        C::Allocate,
        "分配调解室",
        "Allocate a room",
    ),
    help_only(
        X::Board,
        &[ctrl('z')],
        C::Allocate,
        "分配调解室",
        "Allocate a room",
    ),
    help_only(X::Rooms, &[k(K::Up)], C::Up, "上一间", "Previous room"),
    help_only(X::Rooms, &[k(K::Down)], C::Down, "下一间", "Next room"),
    hinted(
        X::Rooms,
        &[k(K::F(5)), k(K::Enter)],
        C::ClaimReservation,
        "预约到场",
        "Reservation arrived",
    ),
    hinted(
        X::Rooms,
        &[k(K::F(6))],
        C::ReleaseRoom,
        "结束调解",
        "End session",
    ),
    hinted(X::Rooms, &[k(K::F(7))], C::TransferRoom, "转室", "Transfer"),
    hinted(
        X::Rooms,
        &[k(K::F(8))],
        C::ToggleService,
        "停用/恢复",
        "Out of service / back",
    ),
    help_only(X::Rooms, &[ctrl('e')], C::OpenCase, "案件档案", "Case file"),
    help_only(X::Allocate, &[k(K::Up)], C::Up, "上一个", "Previous"),
    help_only(X::Allocate, &[k(K::Down)], C::Down, "下一个", "Next"),
    help_only(
        X::Allocate,
        &[k(K::Left)],
        C::Prev,
        "上一种调解室",
        "Previous room kind",
    ),
    hinted(
        X::Allocate,
        &[k(K::Right)],
        C::Next,
        "调解室类型",
        "Room kind",
    ),
    hinted(
        X::Allocate,
        &[k(K::Tab)],
        C::NextField,
        "调解室/调解员",
        "Rooms/mediators",
    ),
    hinted(
        X::Allocate,
        &[k(K::Enter), k(K::F(9)), ctrl('s')],
        C::Save,
        "确认分配",
        "Allocate",
    ),
    hinted(
        X::Allocate,
        &[k(K::F(6))],
        C::Reserve,
        "预约时段",
        "Reserve a slot",
    ),
    hinted(X::Allocate, &[k(K::Esc)], C::Cancel, "取消", "Cancel"),
    help_only(
        X::Global,
        &[ctrl('y')],
        C::ShowFigures,
        "统计与逆排名",
        "Figures and reverse ranking",
    ),
    hinted(
        X::Figures,
        &[k(K::Right)],
        C::Next,
        "时段：今日/本周/本月/上月",
        "Period: today/week/month/last month",
    ),
    help_only(
        X::Figures,
        &[k(K::Left)],
        C::Prev,
        "上一个时段",
        "Previous period",
    ),
    hinted(
        X::Figures,
        &[k(K::PageDown)],
        C::PageDown,
        "统计/逆排名",
        "Figures/reverse ranking",
    ),
    help_only(
        X::Figures,
        &[k(K::PageUp)],
        C::PageUp,
        "统计/逆排名（上一页）",
        "Figures/reverse ranking (back)",
    ),
    hinted(
        X::Figures,
        &[ctrl('s')],
        C::Export,
        "导出 xlsx（统计或逆排名）",
        "Export xlsx (figures or ranking)",
    ),
    hinted(X::Figures, &[k(K::F(5))], C::Refresh, "刷新", "Refresh"),
    hinted(
        X::Deadlines,
        &[ctrl('s')],
        C::Export,
        "导出本月台账 xlsx",
        "Export this month's ledger (xlsx)",
    ),
    hinted(
        X::FollowUps,
        &[ctrl('s')],
        C::Export,
        "导出本月回访 xlsx",
        "Export this month's follow-ups (xlsx)",
    ),
    hinted(
        X::Global,
        &[ctrl('v')],
        C::ShowFollowUps,
        "回访",
        "Follow-ups",
    ),
    hinted(
        X::Detail,
        &[ctrl('d')],
        C::CloseCase,
        "办结结案",
        "Close the case (办结)",
    ),
    help_only(
        X::Detail,
        &[ctrl('p')],
        C::Reopen,
        "结案后重新办理",
        "Re-open a closed case",
    ),
    help_only(X::FollowUps, &[k(K::Up)], C::Up, "上一件", "Previous case"),
    help_only(X::FollowUps, &[k(K::Down)], C::Down, "下一件", "Next case"),
    hinted(
        X::FollowUps,
        &[k(K::F(5)), k(K::Enter)],
        C::RecordFollowUp,
        "记录回访",
        "Record follow-up",
    ),
    hinted(
        X::FollowUps,
        &[ctrl('e')],
        C::OpenCase,
        "案件详情",
        "Case details",
    ),
    help_only(
        X::FollowUpForm,
        &[k(K::Tab), k(K::Down)],
        C::NextField,
        "下一项",
        "Next field",
    ),
    help_only(
        X::FollowUpForm,
        &[k(K::BackTab), k(K::Up)],
        C::PrevField,
        "上一项",
        "Previous field",
    ),
    help_only(
        X::FollowUpForm,
        &[k(K::Left)],
        C::Prev,
        "上一个选项",
        "Previous choice",
    ),
    help_only(
        X::FollowUpForm,
        &[k(K::Right), k(K::Char(' '))],
        C::Next,
        "下一个选项",
        "Next choice",
    ),
    hinted(
        X::FollowUpForm,
        &[k(K::Enter), k(K::F(9)), ctrl('s')],
        C::Save,
        "保存回访",
        "Save follow-up",
    ),
    hinted(X::FollowUpForm, &[k(K::Esc)], C::Cancel, "取消", "Cancel"),
    hinted(
        X::Wallboard,
        &[k(K::F(10)), ctrl('q'), ctrl('c')],
        C::Quit,
        "退出",
        "Quit",
    ),
    hinted(X::Login, &[k(K::Enter)], C::Save, "登录", "Sign in"),
    hinted(
        X::Login,
        &[k(K::Tab), k(K::BackTab), k(K::Up), k(K::Down)],
        C::NextField,
        "登录名/密码",
        "Login/password",
    ),
    hinted(X::Login, &[k(K::F(10)), ctrl('q')], C::Quit, "退出", "Quit"),
    hinted(
        X::Detail,
        &[k(K::F(6))],
        C::Reveal,
        "查看完整个人信息",
        "Reveal personal data",
    ),
    help_only(
        X::Global,
        &[k(K::F(9))],
        C::ShowAudit,
        "审计日志",
        "Audit log",
    ),
    hinted(
        X::Audit,
        &[k(K::Enter)],
        C::Save,
        "按条件筛选",
        "Apply filter",
    ),
    help_only(X::Audit, &[k(K::Up)], C::Up, "上一条", "Previous"),
    help_only(X::Audit, &[k(K::Down)], C::Down, "下一条", "Next"),
    hinted(
        X::Audit,
        &[k(K::Esc)],
        C::ClearFilter,
        "清除条件",
        "Clear filter",
    ),
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

/// Whose binding a key resolved to: the context's own, or a global one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Own,
    Global,
}

/// Contexts where the global keys do not apply: the sign-in screen (nobody to act for yet)
/// and the read-only wall screen.
fn without_global(context: Context) -> bool {
    matches!(context, X::Wallboard | X::Login)
}

/// What a key means in `context` and whose binding it is: the context's own bindings
/// first, then the global ones — in every tab and overlay.
pub fn resolve(context: Context, ev: &KeyEvent) -> Option<(Command, Scope)> {
    let find = |ctx: Context| {
        KEYMAP
            .iter()
            .find(|b| b.context == ctx && b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.command)
    };
    find(context).map(|c| (c, Scope::Own)).or_else(|| {
        (!without_global(context))
            .then(|| find(X::Global))
            .flatten()
            .map(|c| (c, Scope::Global))
    })
}

/// The command a key means in `context`: the context's own bindings first, then global ones.
pub fn lookup(context: Context, ev: &KeyEvent) -> Option<Command> {
    resolve(context, ev).map(|(c, _)| c)
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
        C::CloseCase | C::Reopen | C::RecordFollowUp => P::Close,
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
        C::Export => P::Export,
        _ => return None,
    })
}

/// The footer's hints for a context: help first (it lists everything), then the context's
/// own, then the other global ones.
pub fn hints(context: Context) -> impl Iterator<Item = &'static Binding> {
    // Overlays and forms show their own keys and help; the other global keys work there
    // too but would crowd out the form's own.
    let with_global = !without_global(context);
    let with_tabs = with_global
        && !matches!(
            context,
            X::Help
                | X::Confirm
                | X::Find
                | X::Prompt
                | X::Whistle
                | X::Outcome
                | X::Allocate
                | X::FollowUpForm
        );
    let help = KEYMAP.iter().filter(move |b| {
        with_global && context != X::Help && b.context == X::Global && b.command == C::Help
    });
    let own = KEYMAP
        .iter()
        .filter(move |b| b.context == context && b.hint);
    let global = KEYMAP
        .iter()
        .filter(move |b| with_tabs && b.context == X::Global && b.hint && b.command != C::Help);
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
