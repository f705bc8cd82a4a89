//! The console's terminal output: ratatui's crossterm backend, writing fewer bytes for the same
//! screen. Night staff watch the board over SSH on thin clients, where every countdown tick is
//! paid for in bytes.
//!
//! Three savings over `CrosstermBackend::draw`, which re-sends a colour for each changed run,
//! resets every attribute at the end of each frame and hides the cursor again every frame:
//! - the pen (colours and attributes) the terminal holds is remembered across frames, and a
//!   change of pen is one SGR sequence;
//! - a move along the row just written is the shortest of `CSI n C`, `CSI n G` and `CSI r;c H`;
//! - the cursor is hidden or shown only when that changes.
//!
//! A remembered pen must never leak: it is reset before a clear (terminals erase with the
//! current background) and by `terminal::leave` before the shell gets the terminal back.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Pen {
    const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }
}

/// What a modifier is switched on with.
const ON: [(Modifier, u8); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

pub struct LeanBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// What the terminal draws with now; `None` when unknown (start, or after others wrote).
    pen: Option<Pen>,
    cursor_hidden: Option<bool>,
    out: String,
}

impl<W: Write> LeanBackend<W> {
    pub fn new(writer: W) -> Self {
        Self {
            inner: CrosstermBackend::new(writer),
            pen: None,
            cursor_hidden: None,
            out: String::with_capacity(4096),
        }
    }

    /// Brings the terminal back to plain text, for whoever writes next.
    pub fn reset_pen(&mut self) -> io::Result<()> {
        self.inner.write_all(b"\x1b[0m")?;
        self.pen = Some(Pen::PLAIN);
        Ok(())
    }

    fn set_pen(&mut self, to: Pen) {
        if self.pen == Some(to) {
            return;
        }
        let mut codes: Vec<String> = Vec::new();
        // `0` drops every attribute and colour; whatever stays is said again. It is the only
        // way from an unknown pen, and from one with an attribute the next one lacks.
        let (added, fg_changed, bg_changed) = match self.pen {
            Some(from) if (from.modifier - to.modifier).is_empty() => (
                to.modifier - from.modifier,
                from.fg != to.fg,
                from.bg != to.bg,
            ),
            _ => {
                codes.push("0".into());
                (to.modifier, to.fg != Color::Reset, to.bg != Color::Reset)
            }
        };
        for (m, code) in ON {
            if added.contains(m) {
                codes.push(code.to_string());
            }
        }
        if fg_changed {
            codes.push(colour(to.fg, false));
        }
        if bg_changed {
            codes.push(colour(to.bg, true));
        }
        let _ = write!(self.out, "\x1b[{}m", codes.join(";"));
        self.pen = Some(to);
    }
}

/// The SGR parameters of a colour, as foreground or background.
fn colour(c: Color, background: bool) -> String {
    let base = if background { 40 } else { 30 };
    match c {
        Color::Reset => (base + 9).to_string(),
        Color::Black => base.to_string(),
        Color::Red => (base + 1).to_string(),
        Color::Green => (base + 2).to_string(),
        Color::Yellow => (base + 3).to_string(),
        Color::Blue => (base + 4).to_string(),
        Color::Magenta => (base + 5).to_string(),
        Color::Cyan => (base + 6).to_string(),
        Color::Gray => (base + 7).to_string(),
        Color::DarkGray => (base + 60).to_string(),
        Color::LightRed => (base + 61).to_string(),
        Color::LightGreen => (base + 62).to_string(),
        Color::LightYellow => (base + 63).to_string(),
        Color::LightBlue => (base + 64).to_string(),
        Color::LightMagenta => (base + 65).to_string(),
        Color::LightCyan => (base + 66).to_string(),
        Color::White => (base + 67).to_string(),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

/// The shortest way to the cell `(x, y)` from where the cursor is, if that is known.
fn move_to(out: &mut String, from: Option<Position>, x: u16, y: u16) {
    let absolute = format!("\x1b[{};{}H", y + 1, x + 1);
    let along = match from {
        Some(p) if p.y == y && x > p.x => {
            let n = x - p.x;
            let forward = if n == 1 {
                "\x1b[C".to_string()
            } else {
                format!("\x1b[{n}C")
            };
            let column = format!("\x1b[{}G", x + 1);
            Some(if column.len() < forward.len() {
                column
            } else {
                forward
            })
        }
        _ => None,
    };
    match along {
        Some(m) if m.len() < absolute.len() => out.push_str(&m),
        _ => out.push_str(&absolute),
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.out.clear();
        // Where the cursor is, known only after a one-column ASCII character this frame: the
        // width a terminal gives anything else is its own business, and after the last column
        // the cursor waits to wrap.
        let mut cursor: Option<Position> = None;
        for (x, y, cell) in content {
            if cursor != Some(Position { x, y }) {
                move_to(&mut self.out, cursor, x, y);
            }
            self.set_pen(Pen::of(cell));
            let symbol = cell.symbol();
            self.out.push_str(symbol);
            let ascii =
                symbol.len() == 1 && symbol.as_bytes()[0].is_ascii_graphic() || symbol == " ";
            cursor = ascii.then_some(Position { x: x + 1, y });
        }
        self.inner.write_all(self.out.as_bytes())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden != Some(true) {
            self.inner.hide_cursor()?;
            self.cursor_hidden = Some(true);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden != Some(false) {
            self.inner.show_cursor()?;
            self.cursor_hidden = Some(false);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.reset_pen()?;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.reset_pen()?;
        self.inner.clear_region(clear_type)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}
