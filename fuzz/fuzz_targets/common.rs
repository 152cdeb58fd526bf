//! Shared by the fuzz targets: a scratch folder made once per process,
//! and the invariants every analysed document must keep.
#![allow(dead_code)] // each target uses part of it

use framelens::text::AnalyzedDoc;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A folder that lives as long as the fuzzing process.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("scratch folder"))
        .path()
}

/// Write `bytes` to `name` in the scratch folder and return its path.
pub fn put(name: &str, bytes: &[u8]) -> PathBuf {
    let p = scratch().join(name);
    std::fs::write(&p, bytes).expect("write scratch file");
    p
}

/// Offsets must be in bounds, on char boundaries, and ordered; every
/// index must point at something that exists.
pub fn check_doc(doc: &AnalyzedDoc) {
    let text = &doc.text;
    let ok = |s: usize, e: usize| {
        s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
    };
    for t in &doc.tokens {
        assert!(ok(t.start, t.end), "token span {}..{}", t.start, t.end);
        assert!(t.sentence < doc.sentences.len().max(1));
        if let Some(q) = t.quote {
            assert!(q < doc.quotes.len());
        }
    }
    for s in &doc.sentences {
        assert!(ok(s.start, s.end), "sentence span {}..{}", s.start, s.end);
        assert!(s.token_start <= s.token_end && s.token_end <= doc.tokens.len());
    }
    for q in &doc.quotes {
        assert!(ok(q.start, q.end), "quote span {}..{}", q.start, q.end);
        assert!(ok(q.inner_start, q.inner_end));
        assert!(q.sentence < doc.sentences.len().max(1));
        let _ = doc.quote_text(q);
    }
    for i in 0..doc.sentences.len() {
        let _ = doc.sentence_text(i);
    }
}
