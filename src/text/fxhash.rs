//! The fast hasher of the word sets and the stem cache, from the ground
//! module [`crate::hash`] (shared with `stats`'s term maps, so `text` does
//! not import `stats`).

pub use crate::hash::{FxBuild, FxHashMap, FxHashSet};
