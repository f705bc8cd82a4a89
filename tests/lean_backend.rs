//! The console's own terminal backend (`yidi::terminal::LeanBackend`) writes fewer bytes than
//! crossterm's: what it writes, replayed by a terminal emulator, must still be exactly the screen
//! ratatui meant — characters, colours and attributes — frame after frame.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use yidi::terminal::LeanBackend;

/// One write of a frame: at x, y, this text, foreground, background, attributes.
type Write1 = (u16, u16, String, Color, Color, Modifier);

#[derive(Clone, Default)]
struct Screen(Rc<RefCell<Vec<u8>>>);

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const W: u16 = 24;
const H: u16 = 6;

/// Every cell of two emulators' screens: what the lean backend wrote against what crossterm's
/// wrote for the same frames (the reference: ratatui's own output path).
fn assert_same(lean: &vt100::Parser, reference: &vt100::Parser, frame: usize) {
    for y in 0..H {
        for x in 0..W {
            let (Some(got), Some(want)) = (lean.screen().cell(y, x), reference.screen().cell(y, x))
            else {
                panic!("frame {frame}: no cell at {x},{y}");
            };
            let at = format!("frame {frame}, cell {x},{y}");
            assert_eq!(got.contents(), want.contents(), "{at}: text");
            assert_eq!(got.is_wide(), want.is_wide(), "{at}: width");
            if want.contents().is_empty() && !want.is_wide_continuation() {
                // An erased cell shows its background only.
                assert_eq!(got.bgcolor(), want.bgcolor(), "{at}: background");
                continue;
            }
            assert_eq!(got.fgcolor(), want.fgcolor(), "{at}: foreground");
            assert_eq!(got.bgcolor(), want.bgcolor(), "{at}: background");
            assert_eq!(got.bold(), want.bold(), "{at}: bold");
            assert_eq!(got.dim(), want.dim(), "{at}: dim");
            assert_eq!(got.italic(), want.italic(), "{at}: italic");
            assert_eq!(got.underline(), want.underline(), "{at}: underline");
            assert_eq!(got.inverse(), want.inverse(), "{at}: reversed");
        }
    }
}

fn colour() -> impl Strategy<Value = Color> {
    prop_oneof![
        Just(Color::Reset),
        Just(Color::Red),
        Just(Color::LightYellow),
        Just(Color::DarkGray),
        (0u8..=255).prop_map(Color::Indexed),
        (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
    ]
}

/// Never bold and dim at once: many terminals (and the emulator here) hold one intensity, and
/// which of the two shows then depends on the order said, even for crossterm's own backend.
fn modifier() -> impl Strategy<Value = Modifier> {
    (0u16..32)
        .prop_filter("bold and dim", |b| b & 0b11 != 0b11)
        .prop_map(|bits| {
            let all = [
                Modifier::BOLD,
                Modifier::DIM,
                Modifier::ITALIC,
                Modifier::UNDERLINED,
                Modifier::REVERSED,
            ];
            all.iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .fold(Modifier::empty(), |acc, (_, m)| acc | *m)
        })
}

/// A frame: a few writes of text at places in styles; the rest stays as it was.
fn frame() -> impl Strategy<Value = Vec<Write1>> {
    prop::collection::vec(
        (
            0..W,
            0..H,
            prop_oneof![
                "[0-9:]{1,5}",
                "[a-z ]{1,8}",
                Just("调解室".to_string()),
                Just("第三".to_string())
            ],
            colour(),
            colour(),
            modifier(),
        ),
        0..8,
    )
}

fn draw_all<B: Backend>(
    terminal: &mut Terminal<B>,
    frames: &[Vec<Write1>],
    mut after: impl FnMut(&Buffer, usize),
) {
    let mut screen = Buffer::empty(Rect::new(0, 0, W, H));
    for (n, writes) in frames.iter().enumerate() {
        for (x, y, text, fg, bg, m) in writes {
            let style = Style::reset().fg(*fg).bg(*bg).add_modifier(*m);
            screen.set_stringn(*x, *y, text, usize::from(W - x), style);
        }
        let completed = terminal
            .draw(|f| {
                let area = f.area();
                f.buffer_mut().merge(&screen);
                let _ = area;
            })
            .unwrap();
        after(completed.buffer, n);
    }
}

fn emulator() -> vt100::Parser {
    let n = |v: u16| std::num::NonZeroU16::new(v).unwrap();
    vt100::Parser::new(n(H), n(W), 0)
}

fn options() -> ratatui::TerminalOptions {
    ratatui::TerminalOptions {
        viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, W, H)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn what_it_writes_shows_what_crossterm_would(frames in prop::collection::vec(frame(), 1..6)) {
        let reference = Screen::default();
        let mut t = Terminal::with_options(
            ratatui::backend::CrosstermBackend::new(reference.clone()),
            options(),
        )
        .unwrap();
        let mut want = Vec::new();
        draw_all(&mut t, &frames, |_, _| {
            want.push(std::mem::take(&mut *reference.0.borrow_mut()));
        });
        let out = Screen::default();
        let mut terminal = Terminal::with_options(LeanBackend::new(out.clone()), options()).unwrap();
        let mut lean = emulator();
        let mut crossterm = emulator();
        draw_all(&mut terminal, &frames, |_, n| {
            lean.process(&std::mem::take(&mut *out.0.borrow_mut()));
            crossterm.process(&want[n]);
            assert_same(&lean, &crossterm, n);
        });
    }
}

/// Two minutes of one countdown in a coloured row: lean writes less than crossterm's backend,
/// and nothing but the changed digits after the first frame's colour.
#[test]
fn a_ticking_countdown_costs_its_digits_and_one_move() {
    let frames: Vec<Vec<_>> = (0..120)
        .map(|s| {
            vec![(
                3,
                2,
                format!("{:02}:{:02}", 59 - s / 60, 59 - s % 60),
                Color::Yellow,
                Color::Reset,
                Modifier::BOLD,
            )]
        })
        .collect();
    let count = |lean: bool| {
        let out = Screen::default();
        let mut sizes = Vec::new();
        if lean {
            let mut t = Terminal::with_options(LeanBackend::new(out.clone()), options()).unwrap();
            draw_all(&mut t, &frames, |_, _| {
                sizes.push(out.0.borrow().len());
                out.0.borrow_mut().clear();
            });
        } else {
            let backend = ratatui::backend::CrosstermBackend::new(out.clone());
            let mut t = Terminal::with_options(backend, options()).unwrap();
            draw_all(&mut t, &frames, |_, _| {
                sizes.push(out.0.borrow().len());
                out.0.borrow_mut().clear();
            });
        }
        sizes
    };
    let lean = count(true);
    let plain = count(false);
    let lean_idle: usize = lean[1..].iter().sum();
    let plain_idle: usize = plain[1..].iter().sum();
    assert!(
        lean_idle < plain_idle,
        "lean {lean_idle} B, crossterm {plain_idle} B"
    );
    // A tick that changes one digit: `ESC [ 3 ; 8 H` and the digit, nothing more.
    assert_eq!(lean[2], "\x1b[3;8H".len() + 1, "one digit changed");
}
