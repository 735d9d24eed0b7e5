//! The ids a simulation names as evidence, each kept once and shared by
//! every step that names it (an `Rc<str>` clone instead of a new string).
//! Apart from the memo, so that `path`, which the memo calls, can name
//! objects without reaching back into it.

use super::report::Id;
use std::cell::RefCell;
use std::rc::Rc;

/// Every id named as evidence so far, once.
#[derive(Default)]
pub(super) struct Ids(RefCell<crate::FastSet<Id>>);

impl Ids {
    /// The shared copy of `id`.
    pub(super) fn intern(&self, id: &str) -> Id {
        let mut ids = self.0.borrow_mut();
        if let Some(hit) = ids.get(id) {
            return Rc::clone(hit);
        }
        let new: Id = Rc::from(id);
        ids.insert(Rc::clone(&new));
        new
    }
}
