//! Undo/redo as data: past and future snapshots around the present.
//!
//! Snapshots are `Rc`s so an undo step costs a pointer, and an unchanged
//! present keeps its identity (the UI skips re-rendering on it).

use std::rc::Rc;

/// How many undo steps are kept; older ones are dropped first.
pub const MAX_UNDO: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct History<T> {
    past: Vec<Rc<T>>,
    present: Rc<T>,
    future: Vec<Rc<T>>,
}

impl<T> History<T> {
    pub fn new(present: T) -> Self {
        History {
            past: Vec::new(),
            present: Rc::new(present),
            future: Vec::new(),
        }
    }
    pub fn present(&self) -> &Rc<T> {
        &self.present
    }
    /// Records a new present; the redo branch is discarded.
    pub fn push(&mut self, next: T) {
        let old = std::mem::replace(&mut self.present, Rc::new(next));
        self.past.push(old);
        if self.past.len() > MAX_UNDO {
            self.past.remove(0);
        }
        self.future.clear();
    }
    pub fn undo(&mut self) -> bool {
        match self.past.pop() {
            Some(prev) => {
                self.future.push(std::mem::replace(&mut self.present, prev));
                true
            }
            None => false,
        }
    }
    pub fn redo(&mut self) -> bool {
        match self.future.pop() {
            Some(next) => {
                self.past.push(std::mem::replace(&mut self.present, next));
                true
            }
            None => false,
        }
    }
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_the_history_and_a_new_edit_drops_redo() {
        let mut h = History::new(1);
        h.push(2);
        h.push(3);
        assert!(h.undo());
        assert_eq!(**h.present(), 2);
        assert!(h.redo());
        assert_eq!(**h.present(), 3);
        h.undo();
        h.push(4);
        assert!(!h.can_redo());
        assert_eq!(**h.present(), 4);
        h.undo();
        h.undo();
        assert_eq!(**h.present(), 1);
        assert!(!h.undo());
    }

    #[test]
    fn history_is_bounded() {
        let mut h = History::new(0);
        for i in 1..=(MAX_UNDO + 10) {
            h.push(i);
        }
        let mut steps = 0;
        while h.undo() {
            steps += 1;
        }
        assert_eq!(steps, MAX_UNDO);
    }
}
