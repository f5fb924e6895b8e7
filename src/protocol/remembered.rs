//! The seats a listener beyond its belief memory remembers individually: which seat each
//! belief row holds, and the order in which the rows were last heard, kept as a doubly linked
//! list threaded through the rows, newest first. Finding the row heard longest ago and moving
//! a row to the front both take constant time: a listener hears a statement from many speakers
//! every round, and scanning its up to `belief_memory` rows for the oldest at each was 15% of
//! a 1,000-stakeholder table's run.

/// Marks the end of the list, and a row that holds no remembered seat.
const NONE: u32 = u32::MAX;

/// The remembered seats, one per belief row, and the rows in the order they were last heard,
/// newest first. Rows are numbered as belief rows; the rows before the first remembered one
/// (the general impression and one's own) hold no seat and are not in the list.
#[derive(Clone, Debug)]
pub struct Remembered {
    /// Per row: the seat it holds, or [`NONE`].
    seat: Vec<u32>,
    /// Per row: the row heard just after it, or [`NONE`].
    newer: Vec<u32>,
    /// Per row: the row heard just before it, or [`NONE`].
    older: Vec<u32>,
    /// The row heard last, or [`NONE`] when no seat is remembered.
    newest: u32,
    /// The row heard longest ago, or [`NONE`] when no seat is remembered.
    oldest: u32,
}

impl Default for Remembered {
    /// Nobody remembered, and no rows.
    fn default() -> Remembered {
        Remembered {
            seat: Vec::new(),
            newer: Vec::new(),
            older: Vec::new(),
            newest: NONE,
            oldest: NONE,
        }
    }
}

impl Remembered {
    /// Forgets everyone. Remembered seats take rows from `outside` on (the rows before hold
    /// none); the buffers are kept, sized exactly for `rows` rows in all.
    pub fn reset(&mut self, outside: usize, rows: usize) {
        for links in [&mut self.seat, &mut self.newer, &mut self.older] {
            links.clear();
            links.shrink_to(rows);
            links.reserve_exact(rows);
            links.resize(outside, NONE);
        }
        self.newest = NONE;
        self.oldest = NONE;
    }

    /// Rows so far, the rows before the first remembered one included: the row the next
    /// [`Remembered::push_newest`] takes.
    pub fn rows(&self) -> usize {
        self.seat.len()
    }

    /// Remembers `seat`, heard now, in a new row (numbered after every row so far), and returns
    /// the row.
    pub fn push_newest(&mut self, seat: usize) -> usize {
        let r = self.seat.len() as u32;
        self.seat.push(seat as u32);
        self.newer.push(NONE);
        self.older.push(self.newest);
        self.link_as_newest(r);
        r as usize
    }

    /// Row `r`, which holds a remembered seat, was heard now: it moves to the front.
    pub fn touch(&mut self, r: usize) {
        let r = r as u32;
        if self.newest == r {
            return;
        }
        self.unlink(r);
        self.older[r as usize] = self.newest;
        self.link_as_newest(r);
    }

    /// Gives the row heard longest ago to `seat`, heard now: returns the row and the seat it
    /// held, which is forgotten. `None` when no seat is remembered.
    pub fn replace_oldest(&mut self, seat: usize) -> Option<(usize, usize)> {
        let r = (self.oldest != NONE).then_some(self.oldest as usize)?;
        let forgotten = std::mem::replace(&mut self.seat[r], seat as u32) as usize;
        self.touch(r);
        Some((r, forgotten))
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
    fn order(list: &Remembered) -> Vec<usize> {
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
    fn a_new_memory_is_empty_and_numbers_its_rows_from_zero() {
        let mut list = Remembered::default();
        assert_eq!(list.replace_oldest(7), None);
        assert_eq!((list.push_newest(10), list.push_newest(11)), (0, 1));
        list.touch(0);
        assert_eq!(order(&list), [1, 0]);
    }

    #[test]
    fn the_row_heard_longest_ago_comes_first_and_goes_first() {
        let mut list = Remembered::default();
        list.reset(2, 6);
        assert_eq!(list.rows(), 2);
        assert_eq!((list.push_newest(10), list.push_newest(11)), (2, 3));
        assert_eq!(list.push_newest(12), 4);
        assert_eq!(order(&list), [2, 3, 4]);
        // Hearing the oldest again makes it the newest; the middle one, likewise.
        list.touch(2);
        assert_eq!(order(&list), [3, 4, 2]);
        list.touch(4);
        assert_eq!(order(&list), [3, 2, 4]);
        // Hearing the newest again changes nothing.
        list.touch(4);
        assert_eq!(order(&list), [3, 2, 4]);
        assert_eq!(list.rows(), 5);
        // A new seat takes the row heard longest ago (seat 11's), and is then the newest.
        assert_eq!(list.replace_oldest(20), Some((3, 11)));
        assert_eq!(order(&list), [2, 4, 3]);
        assert_eq!(list.seat[3], 20);
        // A reset forgets everyone and keeps the rows outside the list outside.
        list.reset(2, 6);
        assert_eq!((list.replace_oldest(21), list.rows()), (None, 2));
        assert_eq!(list.push_newest(22), 2);
        list.touch(2);
        assert_eq!(order(&list), [2]);
    }

    #[test]
    fn it_orders_rows_as_stamps_of_the_last_hearing_would() {
        // Against the scan it replaces: a stamp per row, the oldest the smallest.
        let mut list = Remembered::default();
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
                    assert_eq!(list.push_newest(100 + r), r);
                }
            }
            let mut by_stamp = stamps.clone();
            by_stamp.sort_by_key(|(_, t)| *t);
            let rows: Vec<usize> = by_stamp.into_iter().map(|(row, _)| row).collect();
            assert_eq!(order(&list), rows);
        }
        // The row the stamps call oldest is the one given away, with the seat it held.
        let oldest = stamps.iter().min_by_key(|(_, t)| *t).map(|(row, _)| *row);
        let given = list.replace_oldest(99);
        assert_eq!(given.map(|(r, _)| r), oldest);
        assert_eq!(given.map(|(r, seat)| seat - r), Some(100));
    }
}
