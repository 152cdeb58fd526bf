//! Documents streamed in chunks, for commands that write one row per
//! document (`score`, `clean`) or add counts over documents (`keyness`,
//! `tfidf`): memory holds a few chunks and what the command accumulates,
//! never the corpus.
//!
//! The input is read twice. The first pass learns each outlet's
//! boilerplate (as [`super::prepare`] does over a corpus in memory) and
//! checks every record, so a bad record stops the run before anything is
//! written, as when the whole input was read first; it also counts the
//! documents for the progress bar. The second pass cleans (and analyses)
//! each chunk in parallel and hands it on in input order, so the output is
//! that of the in-memory path whatever the thread count.

use super::prepare::{prepare_learned, Prepared};
use super::progress::{Progress, Stage};
use super::warning::Warning;
use crate::clean::{Cleaned, Cleaner, Learned};
use crate::corpus::{for_each_chunk, stream_corpus, Document, ReadOptions};
use crate::{Error, Result};
use rayon::prelude::*;
use std::path::Path;

/// Documents per chunk of the second pass: enough to keep every core
/// busy, few enough that a chunk of long articles stays small.
pub const CHUNK_DOCS: usize = 256;

/// What the first pass learned.
pub struct Learning {
    /// Each outlet's boilerplate lines (nothing for the passthrough cleaner).
    pub learned: Learned,
    /// Documents in the input.
    pub documents: u64,
}

/// First pass: learn `cleaner`'s outlet boilerplate over `input` and count
/// its documents. Lines are hashed in parallel, chunk by chunk, and counted
/// in input order. An input without documents is [`Error::NoDocuments`],
/// as for [`crate::corpus::read_corpus`].
pub fn learn_stream(input: &Path, read: &ReadOptions, cleaner: &Cleaner) -> Result<Learning> {
    let mut learner = cleaner.learner();
    let mut stream = stream_corpus(input, read)?;
    let mut documents = 0u64;
    let mut chunk: Vec<Document> = Vec::with_capacity(CHUNK_DOCS);
    let mut learn = |chunk: &mut Vec<Document>| {
        if !cleaner.is_passthrough() {
            let hashes: Vec<Vec<u64>> = chunk.par_iter().map(|d| cleaner.learn_hashes(d)).collect();
            for (doc, h) in chunk.iter().zip(hashes) {
                learner.add_hashes(doc, h.into_iter());
            }
        }
        chunk.clear();
    };
    for doc in stream.by_ref() {
        chunk.push(doc?);
        documents += 1;
        if chunk.len() == CHUNK_DOCS {
            learn(&mut chunk);
        }
    }
    learn(&mut chunk);
    if documents == 0 {
        return Err(Error::NoDocuments {
            path: input.to_path_buf(),
            skipped: stream.skips().summary(),
        });
    }
    Ok(Learning {
        learned: learner.finish(),
        documents,
    })
}

/// Stream `input` twice ([`learn_stream`], then chunks) and call `f` on
/// each chunk of documents with their cleaned texts, in input order; one
/// step of `progress` per document. Returns the read's warnings, for the
/// end of the output.
pub fn for_each_cleaned(
    input: &Path,
    read: &ReadOptions,
    cleaner: &Cleaner,
    progress: &dyn Progress,
    f: impl FnMut(Vec<Document>, Vec<Cleaned>) -> Result<()>,
) -> Result<Vec<Warning>> {
    let learning = learn_stream(input, read, cleaner)?;
    cleaned_chunks(input, read, cleaner, &learning, progress, f)
}

/// One more pass over `input` after [`learn_stream`]: `f` gets each chunk
/// with its cleaned texts, in input order. For measures that read the
/// input more than once (TF-IDF: document frequencies, then weights).
pub fn cleaned_chunks(
    input: &Path,
    read: &ReadOptions,
    cleaner: &Cleaner,
    learning: &Learning,
    progress: &dyn Progress,
    mut f: impl FnMut(Vec<Document>, Vec<Cleaned>) -> Result<()>,
) -> Result<Vec<Warning>> {
    progress.start(Stage::Documents, learning.documents);
    let log = for_each_chunk(input, read, CHUNK_DOCS, |docs| {
        let cleaned: Vec<Cleaned> = docs
            .par_iter()
            .map(|d| {
                let c = cleaner.clean_with(d, &learning.learned);
                progress.advance(1);
                c
            })
            .collect();
        f(docs, cleaned)
    })?;
    progress.finish();
    Ok(log.lines().into_iter().map(Warning::Read).collect())
}

/// Stream `input` twice and call `f` on each chunk of documents cleaned
/// and analysed ([`prepare_learned`]), in input order; one step of
/// `progress` per document. Returns the read's warnings.
pub fn for_each_prepared(
    input: &Path,
    read: &ReadOptions,
    cleaner: &Cleaner,
    progress: &dyn Progress,
    mut f: impl FnMut(Vec<Prepared>) -> Result<()>,
) -> Result<Vec<Warning>> {
    let learning = learn_stream(input, read, cleaner)?;
    progress.start(Stage::Documents, learning.documents);
    let log = for_each_chunk(input, read, CHUNK_DOCS, |docs| {
        f(prepare_learned(docs, cleaner, &learning.learned, progress))
    })?;
    progress.finish();
    Ok(log.lines().into_iter().map(Warning::Read).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{read_prepared, NoProgress, PrepareOptions};
    use std::io::Write;

    /// More documents than a chunk, with a boilerplate line only learned
    /// over the whole input.
    fn corpus() -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new()
            .suffix(".jsonl")
            .tempfile()
            .unwrap();
        for i in 0..(CHUNK_DOCS * 2 + 7) {
            let text =
                format!("Subscribe to our newsletter\\nLine {i} of the news about item {i}.");
            writeln!(
                f,
                r#"{{"id": "d{i}", "outlet": "o{}", "event": "e{i}", "text": "{text}"}}"#,
                i % 3
            )
            .unwrap();
        }
        f
    }

    #[test]
    fn streamed_chunks_equal_the_corpus_in_memory() {
        let f = corpus();
        let read = ReadOptions::default();
        let whole = read_prepared(f.path(), &read, PrepareOptions::default(), &NoProgress)
            .unwrap()
            .documents;
        assert!(
            !whole[0].cleaned.removed.is_empty(),
            "the repeated line is learned as boilerplate"
        );
        let mut streamed = Vec::new();
        let mut sizes = Vec::new();
        for_each_prepared(f.path(), &read, &Cleaner::builtin(), &NoProgress, |c| {
            sizes.push(c.len());
            streamed.extend(c);
            Ok(())
        })
        .unwrap();
        assert_eq!(sizes, [CHUNK_DOCS, CHUNK_DOCS, 7]);
        assert_eq!(streamed.len(), whole.len());
        for (s, w) in streamed.iter().zip(&whole) {
            assert_eq!(s.doc.id, w.doc.id);
            assert_eq!(s.cleaned.text, w.cleaned.text);
            assert_eq!(s.analyzed.tokens.len(), w.analyzed.tokens.len());
        }
        let mut texts = Vec::new();
        for_each_cleaned(f.path(), &read, &Cleaner::builtin(), &NoProgress, |d, c| {
            assert_eq!(d.len(), c.len());
            texts.extend(c.into_iter().map(|c| c.text));
            Ok(())
        })
        .unwrap();
        let expected: Vec<&str> = whole.iter().map(|p| p.cleaned.text.as_str()).collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn a_bad_record_stops_the_run_before_any_chunk() {
        let mut f = corpus();
        writeln!(f, r#"{{"id": "bad", "outlet": "#).unwrap();
        let mut calls = 0;
        let err = for_each_prepared(
            f.path(),
            &ReadOptions::default(),
            &Cleaner::passthrough(),
            &NoProgress,
            |_| {
                calls += 1;
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(calls, 0, "{err}");
    }
}
