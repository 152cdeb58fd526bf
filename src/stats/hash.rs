//! The Fx hasher of the term maps; it lives in [`crate::hash`] so that
//! `text` can use it without importing `stats`. Re-exported here so the
//! `stats::hash` paths keep working.

pub use crate::hash::{FxBuild, FxHashMap, FxHasher};
