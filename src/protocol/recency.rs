//! The order in which a listener beyond its belief memory last heard the seats it remembers:
//! a doubly linked list threaded through the belief rows, newest first. Finding the row heard
//! longest ago and moving a row to the front both take constant time: a listener hears a
//! statement from many speakers every round, and scanning its up to `belief_memory` rows for
//! the oldest at each was 15% of a 1,000-stakeholder table's run.

/// Marks the end of the list, and a row that is not in it.
const NONE: u32 = u32::MAX;

/// Belief rows in the order they were last heard, newest first. Rows are numbered as belief
/// rows; rows never pushed (the general impression and one's own) are not in the list.
#[derive(Clone, Debug)]
pub struct Recency {
    /// Per row: the row heard just after it, or [`NONE`].
    newer: Vec<u32>,
    /// Per row: the row heard just before it, or [`NONE`].
    older: Vec<u32>,
    /// The row heard last, or [`NONE`] when the list is empty.
    newest: u32,
    /// The row heard longest ago, or [`NONE`] when the list is empty.
    oldest: u32,
}

impl Default for Recency {
    /// An empty list with no rows.
    fn default() -> Recency {
        Recency {
            newer: Vec::new(),
            older: Vec::new(),
            newest: NONE,
            oldest: NONE,
        }
    }
}

impl Recency {
    /// Empties the list, whose rows are numbered from `outside` on (the rows before stay
    /// outside it), keeping its buffers, sized exactly for `rows` rows in all.
    pub fn reset(&mut self, outside: usize, rows: usize) {
        for links in [&mut self.newer, &mut self.older] {
            links.clear();
            links.shrink_to(rows);
            links.reserve_exact(rows);
            links.resize(outside, NONE);
        }
        self.newest = NONE;
        self.oldest = NONE;
    }

    /// Adds the next row (numbered after every row so far) as the one heard last, and returns
    /// its number.
    pub fn push_newest(&mut self) -> usize {
        let r = self.newer.len() as u32;
        self.newer.push(NONE);
        self.older.push(self.newest);
        self.link_as_newest(r);
        r as usize
    }

    /// Moves row `r`, which is in the list, to the front: it was heard last.
    pub fn touch(&mut self, r: usize) {
        let r = r as u32;
        if self.newest == r {
            return;
        }
        self.unlink(r);
        self.older[r as usize] = self.newest;
        self.link_as_newest(r);
    }

    /// The row heard longest ago, if the list holds any.
    pub fn oldest(&self) -> Option<usize> {
        (self.oldest != NONE).then_some(self.oldest as usize)
    }

    /// Makes `r`, whose `older` link is already set to the present newest, the newest.
    fn link_as_newest(&mut self, r: u32) {
        self.newer[r as usize] = NONE;
        match self.newest {
            NONE => self.oldest = r,
            newest => self.newer[newest as usize] = r,
        }
        self.newest = r;
    }

    /// Takes `r`, which is in the list and not the newest, out of it.
    fn unlink(&mut self, r: u32) {
        let (newer, older) = (self.newer[r as usize], self.older[r as usize]);
        // Only the newest has no newer row; any other row without one is not in the list.
        debug_assert_ne!(newer, NONE, "row {r} is not in the list");
        self.older[newer as usize] = older;
        match older {
            NONE => self.oldest = newer,
            older => self.newer[older as usize] = newer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows from the oldest to the newest, walked both ways to check the links.
    fn order(list: &Recency) -> Vec<usize> {
        let mut up = Vec::new();
        let mut r = list.oldest;
        while r != NONE {
            up.push(r as usize);
            r = list.newer[r as usize];
        }
        let mut down = Vec::new();
        let mut r = list.newest;
        while r != NONE {
            down.push(r as usize);
            r = list.older[r as usize];
        }
        down.reverse();
        assert_eq!(up, down, "the links disagree");
        up
    }

    #[test]
    fn a_new_list_is_empty_and_numbers_its_rows_from_zero() {
        let mut list = Recency::default();
        assert_eq!(list.oldest(), None);
        assert_eq!((list.push_newest(), list.push_newest()), (0, 1));
        list.touch(0);
        assert_eq!(order(&list), [1, 0]);
    }

    #[test]
    fn the_row_heard_longest_ago_comes_first() {
        let mut list = Recency::default();
        list.reset(2, 6);
        assert_eq!(list.oldest(), None);
        assert_eq!((list.push_newest(), list.push_newest()), (2, 3));
        assert_eq!(list.push_newest(), 4);
        assert_eq!(order(&list), [2, 3, 4]);
        // Hearing the oldest again makes it the newest; the middle one, likewise.
        list.touch(2);
        assert_eq!(order(&list), [3, 4, 2]);
        list.touch(4);
        assert_eq!(order(&list), [3, 2, 4]);
        // Hearing the newest again changes nothing.
        list.touch(4);
        assert_eq!(order(&list), [3, 2, 4]);
        assert_eq!(list.oldest(), Some(3));
        assert_eq!(list.newer.len(), 5);
        // A reset empties it and keeps the rows outside the list outside.
        list.reset(2, 6);
        assert_eq!((list.oldest(), list.newer.len()), (None, 2));
        assert_eq!(list.push_newest(), 2);
        list.touch(2);
        assert_eq!(order(&list), [2]);
    }

    #[test]
    fn it_orders_rows_as_stamps_of_the_last_hearing_would() {
        // Against the scan it replaces: a stamp per row, the oldest the smallest.
        let mut list = Recency::default();
        list.reset(2, 10);
        let mut stamps: Vec<(usize, u64)> = Vec::new();
        let mut clock = 0u64;
        // A fixed sequence of hearings over 8 rows, pushed as first heard.
        for &r in &[
            2usize, 3, 2, 4, 5, 3, 6, 7, 8, 9, 2, 9, 5, 4, 8, 3, 3, 7, 6, 2,
        ] {
            clock += 1;
            match stamps.iter_mut().find(|(row, _)| *row == r) {
                Some(entry) => {
                    entry.1 = clock;
                    list.touch(r);
                }
                None => {
                    stamps.push((r, clock));
                    assert_eq!(list.push_newest(), r);
                }
            }
            let oldest = stamps.iter().min_by_key(|(_, t)| *t).map(|(row, _)| *row);
            assert_eq!(list.oldest(), oldest);
            let mut by_stamp = stamps.clone();
            by_stamp.sort_by_key(|(_, t)| *t);
            let rows: Vec<usize> = by_stamp.into_iter().map(|(row, _)| row).collect();
            assert_eq!(order(&list), rows);
        }
    }
}
