//! `--ascii`: the last pass over a drawn frame puts an ASCII mark in place of every symbol
//! glyph a view may have drawn (SSH clients draw many of them double width or not at all).
//! Chinese text stays; only marks, dashes, arrows and box pieces are replaced.

use ratatui::buffer::Buffer;

fn plain(symbol: &str) -> Option<&'static str> {
    let mut chars = symbol.chars();
    let c = chars.next()?;
    if chars.next().is_some() || c.is_ascii() {
        return None;
    }
    Some(match c {
        '·' | '•' | '…' => ".",
        '–' | '—' | '─' | '━' | '═' => "-",
        '│' | '┃' | '║' => "|",
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' | '╭' | '╮' | '╰' | '╯' => {
            "+"
        }
        '↻' => "R",
        '✓' => "+",
        '×' | '✗' => "x",
        '●' | '★' | '⏳' => "*",
        '○' => "o",
        '◎' => "@",
        '◔' => "~",
        '⚠' => "!",
        '↑' => "^",
        '↓' => "v",
        '←' => "<",
        '→' => ">",
        '█' | '▉' | '▊' | '▋' | '▌' | '▍' | '▎' | '▏' | '▇' | '▆' | '▅' | '▄' | '▃' | '▂' | '▁' => {
            "#"
        }
        _ => return None,
    })
}

pub fn replace_marks(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        if let Some(p) = plain(cell.symbol()) {
            cell.set_symbol(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn marks_become_ascii_and_chinese_stays() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "·↻✓调解–→", ratatui::style::Style::default());
        replace_marks(&mut buf);
        let text: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert!(text.starts_with(".R+调"), "{text}");
        assert!(text.contains("->"), "{text}");
    }
}
