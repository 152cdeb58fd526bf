//! lexicon (work in progress).
