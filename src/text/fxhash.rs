//! Fast hashing for the word sets and the stem cache: SipHash, std's
//! default, was a fifth of the analysis time on short words. Keys are words
//! from the texts being analysed, so resistance to crafted collisions
//! (SipHash's purpose) is not needed. The hasher itself is the one the
//! TF-IDF counting uses ([`crate::stats::hash::FxHasher`]).

use std::hash::BuildHasherDefault;

pub use crate::stats::hash::FxHasher;

/// Builder for [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;
/// A `HashSet` with [`FxHasher`].
pub type FxHashSet<T> = std::collections::HashSet<T, FxBuild>;
/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
