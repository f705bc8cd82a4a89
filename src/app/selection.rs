//! A list's cursor kept on an item, not on a position: lists reload after every change and
//! the board re-sorts as time passes, and a cursor by position would silently slide onto
//! another row (a second F5 marking the next department arrived).

/// The selected item's id, and the row it was last seen at (where the cursor stays if the
/// item leaves the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection<Id> {
    id: Option<Id>,
    row: usize,
}

impl<Id: Copy + PartialEq> Selection<Id> {
    /// The row to show selected in `ids` (the list in display order now). With nothing chosen
    /// yet, `first` is where the cursor opens.
    pub fn row_in(&self, ids: &[Id], first: usize) -> usize {
        let last = ids.len().saturating_sub(1);
        match self.id {
            Some(id) => ids
                .iter()
                .position(|i| *i == id)
                .unwrap_or(self.row.min(last)),
            None => first.min(last),
        }
    }

    /// The selected id in `ids`, if the list has any rows.
    pub fn id_in(&self, ids: &[Id], first: usize) -> Option<Id> {
        ids.get(self.row_in(ids, first)).copied()
    }

    /// Moves the cursor `delta` rows in `ids` and remembers the item now under it.
    pub fn step(&mut self, ids: &[Id], first: usize, delta: isize) {
        if ids.is_empty() {
            return;
        }
        let at = self.row_in(ids, first) as isize + delta;
        let row = at.clamp(0, ids.len() as isize - 1) as usize;
        self.row = row;
        self.id = Some(ids[row]);
    }

    /// Puts the cursor on an item.
    pub fn choose(&mut self, ids: &[Id], id: Id) {
        if let Some(row) = ids.iter().position(|i| *i == id) {
            self.row = row;
            self.id = Some(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_follows_its_item_when_the_list_reorders() {
        let mut s = Selection::default();
        s.step(&[1, 2, 3], 0, 1);
        assert_eq!(s.id_in(&[1, 2, 3], 0), Some(2));
        // 2 moved to the end (arrived): the cursor moves with it.
        assert_eq!(s.row_in(&[1, 3, 2], 0), 2);
        assert_eq!(s.id_in(&[1, 3, 2], 0), Some(2));
    }

    #[test]
    fn an_item_that_left_leaves_the_cursor_at_its_row() {
        let mut s = Selection::default();
        s.step(&[1, 2, 3], 0, 2);
        assert_eq!(s.id_in(&[1, 2], 0), Some(2));
        assert_eq!(s.id_in(&[], 0), None);
    }

    #[test]
    fn nothing_chosen_opens_where_asked() {
        let s: Selection<u8> = Selection::default();
        assert_eq!(s.row_in(&[1, 2, 3], 1), 1);
        assert_eq!(s.row_in(&[1], 5), 0);
    }
}
