//! `List<T>`: the model's collections, shared between versions of a design.
//!
//! Every edit makes a new `Scenario` and the undo history keeps the old ones.
//! With plain `Vec`s each edit of a 20,000-record design would copy all of it.
//! A `List` is an `Rc<Vec<T>>`: cloning a scenario copies pointers, and a
//! list is copied only when it is changed (copy-on-write through `DerefMut`,
//! i.e. `Rc::make_mut`), so a version shares every list it did not touch with
//! the version before. Two lists that share storage are equal without looking
//! at their items, and [`List::same`] tells the analysis what an edit left alone.
//!
//! On disk and in the JSON schema a `List` is exactly a JSON array.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::ops::{Deref, DerefMut};
use std::rc::Rc;

#[derive(JsonSchema)]
#[schemars(transparent)]
pub struct List<T>(Rc<Vec<T>>);

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.as_slice().serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::deserialize(d).map(List::from)
    }
}

impl<T> List<T> {
    pub fn new() -> Self {
        List(Rc::new(Vec::new()))
    }
    /// The shared storage, for caches keyed by it (see `world::ViewCache`).
    pub(crate) fn storage(&self) -> &Rc<Vec<T>> {
        &self.0
    }
    /// Whether both lists are the same storage (hence equal), without comparing items.
    pub fn same(a: &Self, b: &Self) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List::new()
    }
}

impl<T> Clone for List<T> {
    /// A pointer copy: the items are shared until one side changes them.
    fn clone(&self) -> Self {
        List(Rc::clone(&self.0))
    }
}

impl<T> Deref for List<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T: Clone> DerefMut for List<T> {
    /// Copies the items first if another version still shares them.
    fn deref_mut(&mut self) -> &mut Vec<T> {
        Rc::make_mut(&mut self.0)
    }
}

impl<T: PartialEq> PartialEq for List<T> {
    fn eq(&self, other: &Self) -> bool {
        List::same(self, other) || *self.0 == *other.0
    }
}

impl<T: Eq> Eq for List<T> {}

impl<T: std::fmt::Debug> std::fmt::Debug for List<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(v: Vec<T>) -> Self {
        List(Rc::new(v))
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        List(Rc::new(iter.into_iter().collect()))
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut List<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        Rc::make_mut(&mut self.0).iter_mut()
    }
}

impl<T: Clone> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    /// Takes the items without copying when this is the only version holding them.
    fn into_iter(self) -> Self::IntoIter {
        Rc::unwrap_or_clone(self.0).into_iter()
    }
}

impl<T: Clone> Extend<T> for List<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        Rc::make_mut(&mut self.0).extend(iter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clone shares the items; changing one version copies only its own
    /// list and leaves the other as it was.
    #[test]
    fn clones_share_until_one_changes() {
        let a: List<String> = vec!["x".to_string(), "y".to_string()].into();
        let mut b = a.clone();
        assert!(List::same(&a, &b));
        b.push("z".into());
        assert!(!List::same(&a, &b));
        assert_eq!(*a, ["x", "y"]);
        assert_eq!(*b, ["x", "y", "z"]);
        // Reading never copies.
        let c = b.clone();
        assert_eq!(c.iter().count(), 3);
        assert!(List::same(&b, &c));
    }

    /// Equal contents are equal whether shared or not; JSON is a plain array.
    #[test]
    fn equality_and_json_are_those_of_the_items() {
        let a: List<u32> = vec![1, 2].into();
        let b: List<u32> = vec![1, 2].into();
        assert_eq!(a, b);
        assert!(!List::same(&a, &b));
        assert_eq!(serde_json::to_string(&a).unwrap(), "[1,2]");
        let back: List<u32> = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(back, a);
    }
}
