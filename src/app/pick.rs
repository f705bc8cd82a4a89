//! A list that filters as you type, for one choice or several (the form kit's list field):
//! Chinese characters typed through the IME match the label, and ASCII letters typed with the
//! IME off match the pinyin initials (`rsj` → 人社局, `ldzy` → 劳动争议) or an English label.
//! The cursor and the choices are kept by option, never by row, so filtering never loses a
//! tick.

use pinyin::ToPinyinMulti;

/// One option of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickOption {
    /// What the form calls it (a department's id, a category's name…).
    pub key: String,
    /// What the operator reads, in the operator's language.
    pub label: String,
    /// A note after the label (a rotating department's person, its arrival window).
    pub note: String,
    /// Shown and not changeable (a department already summoned).
    pub locked: bool,
    /// The initials of each character of the Chinese name (several for a character read more
    /// than one way), lower case; a character that is not Chinese stands for itself.
    initials: Vec<Vec<char>>,
    /// The Chinese name and the label, lower case, for a substring match.
    haystack: String,
}

impl PickOption {
    /// An option whose label is also its Chinese name.
    pub fn new(key: impl Into<String>, label: impl Into<String>) -> Self {
        let label = label.into();
        Self::named(key, label.clone(), &label)
    }

    /// An option shown as `label`, matched also by the Chinese `name` and its initials.
    pub fn named(key: impl Into<String>, label: impl Into<String>, name: &str) -> Self {
        let label = label.into();
        Self {
            key: key.into(),
            haystack: format!("{name}\u{1}{label}").to_lowercase(),
            initials: initials(name),
            label,
            note: String::new(),
            locked: false,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    pub fn locked(mut self, locked: bool) -> Self {
        self.locked = locked;
        self
    }

    /// Whether the typed filter finds this option: a substring of the name or the label (any
    /// case), or a run of the name's pinyin initials.
    pub fn matches(&self, filter: &str) -> bool {
        let filter = filter.trim().to_lowercase();
        if filter.is_empty() || self.haystack.contains(&filter) {
            return true;
        }
        let typed: Vec<char> = filter.chars().filter(|c| !c.is_whitespace()).collect();
        if typed.is_empty() || !typed.iter().all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        (0..self.initials.len()).any(|start| {
            typed.len() <= self.initials.len() - start
                && typed
                    .iter()
                    .zip(&self.initials[start..])
                    .all(|(c, at)| at.contains(c))
        })
    }
}

/// Each character's possible initials (all its readings'), lower case.
fn initials(name: &str) -> Vec<Vec<char>> {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c.to_pinyin_multi() {
            Some(readings) => {
                let mut firsts: Vec<char> = readings
                    .into_iter()
                    .filter_map(|p| p.first_letter().chars().next())
                    .collect();
                firsts.dedup();
                firsts
            }
            None => c.to_lowercase().collect(),
        })
        .collect()
}

/// A filtered list, for one choice (`multi == false`: the option under the cursor is the
/// choice once moved to) or several (Space ticks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub options: Vec<PickOption>,
    pub multi: bool,
    /// What was typed to narrow the list.
    pub filter: String,
    /// The option under the cursor (an index into `options`).
    pub cursor: usize,
    /// The chosen options, in the order chosen (at most one for a single choice).
    pub chosen: Vec<usize>,
    /// Rows the list may take on screen.
    pub rows: u16,
}

impl Pick {
    pub fn single(options: Vec<PickOption>, chosen: Option<usize>) -> Self {
        let chosen: Vec<usize> = chosen.into_iter().filter(|&i| i < options.len()).collect();
        Self {
            cursor: chosen.first().copied().unwrap_or(0),
            options,
            multi: false,
            filter: String::new(),
            chosen,
            rows: 5,
        }
    }

    pub fn multi(options: Vec<PickOption>) -> Self {
        Self {
            options,
            multi: true,
            filter: String::new(),
            cursor: 0,
            chosen: Vec::new(),
            rows: 6,
        }
    }

    pub fn with_rows(mut self, rows: u16) -> Self {
        self.rows = rows.max(1);
        self
    }

    /// The options the filter lets through, in list order.
    pub fn visible(&self) -> Vec<usize> {
        (0..self.options.len())
            .filter(|&i| self.options[i].matches(&self.filter))
            .collect()
    }

    /// Narrows the list; the cursor goes to the first option left when its own was filtered
    /// out. A single choice follows the cursor.
    pub fn type_text(&mut self, typed: &str) {
        for c in typed.chars().filter(|c| !c.is_control()) {
            self.filter.push(c);
        }
        self.settle();
    }

    pub fn backspace(&mut self) -> bool {
        let had = self.filter.pop().is_some();
        self.settle();
        had
    }

    /// Clears the filter; false when there was none (Esc then means cancel).
    pub fn clear_filter(&mut self) -> bool {
        if self.filter.is_empty() {
            return false;
        }
        self.filter.clear();
        self.settle();
        true
    }

    fn settle(&mut self) {
        let visible = self.visible();
        if !visible.contains(&self.cursor)
            && let Some(&first) = visible.first()
        {
            self.cursor = first;
        }
        if !self.multi && !visible.is_empty() {
            self.choose_cursor();
        }
    }

    /// ↑ ↓ (and ← → on a single choice): the cursor along the options shown, wrapping. A single
    /// choice follows (and passes over locked options, which cannot be chosen).
    pub fn step(&mut self, delta: isize) -> bool {
        let mut visible = self.visible();
        if !self.multi {
            visible.retain(|&i| !self.options[i].locked || i == self.cursor);
        }
        if visible.is_empty() {
            return false;
        }
        let at = visible.iter().position(|&i| i == self.cursor).unwrap_or(0) as isize;
        let next = visible[(at + delta).rem_euclid(visible.len() as isize) as usize];
        let moved = next != self.cursor;
        self.cursor = next;
        if !self.multi {
            self.choose_cursor();
        }
        moved
    }

    fn choose_cursor(&mut self) {
        if self.options.get(self.cursor).is_some_and(|o| !o.locked) {
            self.chosen = vec![self.cursor];
        }
    }

    /// Space: ticks or unticks the option under the cursor (a locked one never changes).
    pub fn toggle(&mut self) -> bool {
        if !self.visible().contains(&self.cursor)
            || self.options.get(self.cursor).is_none_or(|o| o.locked)
        {
            return false;
        }
        if !self.multi {
            self.choose_cursor();
            return true;
        }
        match self.chosen.iter().position(|&i| i == self.cursor) {
            Some(at) => {
                self.chosen.remove(at);
            }
            None => self.chosen.push(self.cursor),
        }
        true
    }

    /// Ticks (or, for a single choice, chooses) the option with this key.
    pub fn choose_key(&mut self, key: &str) {
        if let Some(i) = self.options.iter().position(|o| o.key == key)
            && !self.options[i].locked
            && !self.chosen.contains(&i)
        {
            if self.multi {
                self.chosen.push(i);
            } else {
                self.chosen = vec![i];
                self.cursor = i;
            }
        }
    }

    /// Unticks the option with this key.
    pub fn drop_key(&mut self, key: &str) {
        self.chosen.retain(|&i| self.options[i].key != key);
    }

    pub fn put_cursor_on(&mut self, key: &str) {
        if let Some(i) = self.options.iter().position(|o| o.key == key) {
            self.cursor = i;
        }
    }

    pub fn is_chosen(&self, i: usize) -> bool {
        self.chosen.contains(&i)
    }

    /// The keys of the chosen options, in the order chosen.
    pub fn chosen_keys(&self) -> Vec<&str> {
        self.chosen
            .iter()
            .map(|&i| self.options[i].key.as_str())
            .collect()
    }

    pub fn chosen_key(&self) -> Option<&str> {
        self.chosen.first().map(|&i| self.options[i].key.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> Pick {
        Pick::multi(
            [
                "县人社局",
                "县司法局",
                "劳动争议调解委员会",
                "县卫生健康局",
                "行政服务中心",
            ]
            .iter()
            .map(|n| PickOption::new(*n, *n))
            .collect(),
        )
    }

    #[test]
    fn pinyin_initials_chinese_characters_and_english_labels_filter() {
        let p = units();
        let shown = |f: &str| {
            let mut p = p.clone();
            p.type_text(f);
            p.visible()
                .iter()
                .map(|&i| p.options[i].label.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(shown("rsj"), ["县人社局"]);
        assert_eq!(shown("RSJ"), ["县人社局"], "any case");
        assert_eq!(shown("ldzy"), ["劳动争议调解委员会"]);
        assert_eq!(shown("司法"), ["县司法局"], "the IME's characters");
        assert_eq!(shown("xzfw"), ["行政服务中心"], "行 read xing");
        assert_eq!(
            shown("j"),
            ["县人社局", "县司法局", "劳动争议调解委员会", "县卫生健康局"]
        );
        assert!(shown("qqq").is_empty());
        let en = PickOption::named("k", "Labour dispute", "劳动争议");
        assert!(en.matches("labour") && en.matches("ldzy") && !en.matches("rsj"));
    }

    #[test]
    fn ticks_survive_filtering_and_locked_options_never_change() {
        let mut p = units();
        p.options[3].locked = true;
        p.type_text("sfj");
        assert!(p.toggle());
        p.clear_filter();
        p.type_text("rsj");
        assert!(p.toggle());
        assert!(p.backspace() && p.backspace() && p.backspace());
        assert_eq!(p.chosen_keys(), ["县司法局", "县人社局"]);
        p.cursor = 3;
        assert!(!p.toggle(), "locked");
        assert_eq!(p.chosen.len(), 2);
        p.type_text("wsjk");
        assert_eq!(p.visible(), [3], "the locked one is still found");
    }

    #[test]
    fn a_single_choice_follows_the_cursor_and_the_filter() {
        let mut p = Pick::single(units().options, Some(1));
        assert_eq!(p.chosen_key(), Some("县司法局"));
        p.step(1);
        assert_eq!(p.chosen_key(), Some("劳动争议调解委员会"));
        p.type_text("rsj");
        assert_eq!(p.chosen_key(), Some("县人社局"));
        p.type_text("zzz");
        assert_eq!(
            p.chosen_key(),
            Some("县人社局"),
            "no match keeps the choice"
        );
        p.step(-1);
        assert_eq!(p.chosen_key(), Some("县人社局"));
    }
}
