//! Snowball stemming with a shared cache.
//!
//! A news corpus repeats a small vocabulary millions of times, so each
//! distinct word is stemmed once. The cache is split into shards, each
//! behind its own mutex, so rayon threads analysing different documents
//! rarely wait for each other. Memory grows with the vocabulary, not with
//! the corpus, and each shard stops growing at a fixed size (words past it
//! are stemmed every time, which is correct, only slower).

use super::fxhash::{FxBuild, FxHashMap as HashMap};
use rust_stemmers::{Algorithm, Stemmer};
use std::hash::BuildHasher;
use std::sync::Mutex;

const SHARDS: usize = 16;
const MAX_PER_SHARD: usize = 1 << 17;

/// A stemmer for one language with a cache of the stems already made.
pub struct StemCache {
    stemmer: Stemmer,
    hasher: FxBuild,
    shards: Vec<Mutex<HashMap<String, String>>>,
}

impl std::fmt::Debug for StemCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StemCache").finish_non_exhaustive()
    }
}

impl StemCache {
    /// A cache for the Snowball `algorithm`.
    pub fn new(algorithm: Algorithm) -> Self {
        Self {
            stemmer: Stemmer::create(algorithm),
            hasher: FxBuild::default(),
            shards: (0..SHARDS)
                .map(|_| Mutex::new(HashMap::default()))
                .collect(),
        }
    }

    /// The stem of `norm` (already lowercased).
    pub fn stem(&self, norm: &str) -> String {
        let shard = &self.shards[(self.hasher.hash_one(norm) >> 60) as usize % SHARDS];
        // A poisoned shard only means another thread panicked mid-insert;
        // the map is still valid, so keep using it.
        let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = map.get(norm) {
            return s.clone();
        }
        let stem = self.stemmer.stem(norm).into_owned();
        if map.len() < MAX_PER_SHARD {
            map.insert(norm.to_owned(), stem.clone());
        }
        stem
    }

    /// Number of cached stems.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|e| e.into_inner()).len())
            .sum()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The Snowball algorithm for a language code or English name
/// ("en", "en-US", "english", "de", "fr", ...).
pub fn algorithm_for(language: &str) -> Option<Algorithm> {
    let l = language.trim().to_ascii_lowercase();
    let code = l.split(['-', '_']).next().unwrap_or("");
    Some(match code {
        "en" | "eng" | "english" => Algorithm::English,
        "de" | "deu" | "ger" | "german" => Algorithm::German,
        "fr" | "fra" | "fre" | "french" => Algorithm::French,
        "es" | "spa" | "spanish" => Algorithm::Spanish,
        "it" | "ita" | "italian" => Algorithm::Italian,
        "pt" | "por" | "portuguese" => Algorithm::Portuguese,
        "nl" | "nld" | "dut" | "dutch" => Algorithm::Dutch,
        "ru" | "rus" | "russian" => Algorithm::Russian,
        "sv" | "swe" | "swedish" => Algorithm::Swedish,
        "no" | "nb" | "nn" | "nor" | "norwegian" => Algorithm::Norwegian,
        "da" | "dan" | "danish" => Algorithm::Danish,
        "fi" | "fin" | "finnish" => Algorithm::Finnish,
        "hu" | "hun" | "hungarian" => Algorithm::Hungarian,
        "ro" | "ron" | "rum" | "romanian" => Algorithm::Romanian,
        "tr" | "tur" | "turkish" => Algorithm::Turkish,
        "ar" | "ara" | "arabic" => Algorithm::Arabic,
        "el" | "ell" | "gre" | "greek" => Algorithm::Greek,
        "ta" | "tam" | "tamil" => Algorithm::Tamil,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_caches() {
        let c = StemCache::new(Algorithm::English);
        assert_eq!(c.stem("biden's"), "biden");
        assert_eq!(c.stem("killers"), "killer");
        assert_eq!(c.stem("claimed"), "claim");
        assert_eq!(c.stem("claimed"), "claim");
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn language_codes() {
        assert_eq!(algorithm_for("en-US"), Some(Algorithm::English));
        assert_eq!(algorithm_for("German"), Some(Algorithm::German));
        assert_eq!(algorithm_for("xx"), None);
    }
}
