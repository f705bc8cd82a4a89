//! Text measured and placed in terminal cells (a CJK character is two cells wide, a control
//! character none): what every hand-drawn form row needs.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::style::Style;

/// Cells a character takes on screen (what ratatui draws; control characters take none).
pub(crate) fn char_cells(c: char) -> u16 {
    if c.is_control() {
        0
    } else {
        c.encode_utf8(&mut [0; 4]).cell_width()
    }
}

/// Cells a text takes on screen.
pub fn cells(text: &str) -> u16 {
    text.chars().map(char_cells).fold(0, u16::saturating_add)
}

/// `text` cut to `width` cells, with `…` where it was cut.
pub fn fit_cells(text: &str, width: u16) -> String {
    if cells(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0u16;
    for c in text.chars() {
        let w = char_cells(c);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Draws `text` at (x, y) up to column `right` (exclusive), never outside the buffer and never
/// half a wide character. Returns the column after the last cell drawn.
pub(crate) fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, right: u16, style: Style) -> u16 {
    let area = buf.area;
    let right = right.min(area.right());
    if y < area.top() || y >= area.bottom() || x < area.left() || x >= right {
        return x;
    }
    buf.set_stringn(x, y, text, usize::from(right - x), style).0
}

/// For a one-line field `width` cells wide: the first character shown and the cursor's
/// column, so that the character under the cursor is fully visible.
pub(crate) fn h_scroll(text: &str, cursor: usize, width: u16) -> (usize, u16) {
    let widths: Vec<u16> = text.chars().map(char_cells).collect();
    let cursor = cursor.min(widths.len());
    let under = widths.get(cursor).copied().unwrap_or(1).max(1);
    let mut before: u32 = widths[..cursor].iter().map(|&w| u32::from(w)).sum();
    let mut start = 0;
    while start < cursor && before + u32::from(under) > u32::from(width) {
        before -= u32::from(widths[start]);
        start += 1;
    }
    (start, before.min(u32::from(width.saturating_sub(1))) as u16)
}

#[cfg(test)]
mod fit_tests {
    use super::fit_cells;

    #[test]
    fn a_name_too_long_for_its_column_ends_in_an_ellipsis() {
        assert_eq!(fit_cells("交通事故纠纷人民调解委员会", 14), "交通事故纠纷…");
        assert_eq!(fit_cells("人社局", 14), "人社局");
    }
}
