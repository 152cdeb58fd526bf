//! The first three stages, together: read -> clean -> analyse.
//!
//! Every command prepares its documents here, so one document is cleaned
//! and analysed the same way whatever the command: boilerplate learned per
//! outlet over the whole input, then each document analysed in its own
//! language (stemmer, stop words, sentence rules; see
//! [`crate::text::shared_analyzer`]). Work runs in parallel; results keep
//! the input order, so everything downstream is deterministic whatever the
//! thread count.

use super::progress::Progress;
use super::warning::Warning;
use crate::clean::{Cleaner, Learned};
use crate::corpus::{read_corpus, Corpus, Document, ReadOptions};
pub use crate::text::Prepared;
use crate::text::{shared_analyzer, Analyzer};
use crate::Result;
use rayon::prelude::*;
use std::path::Path;

/// How to prepare documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrepareOptions {
    /// Analyse the text exactly as given (no boilerplate removal).
    pub no_clean: bool,
}

impl PrepareOptions {
    /// The cleaner these options ask for.
    pub fn cleaner(&self) -> Cleaner {
        if self.no_clean {
            Cleaner::passthrough()
        } else {
            Cleaner::builtin()
        }
    }
}

/// Documents read and prepared, with what the read warned about.
#[derive(Debug)]
pub struct PreparedCorpus {
    pub documents: Vec<Prepared>,
    /// Skipped records (lenient mode) and other read warnings, in order.
    pub warnings: Vec<Warning>,
}

/// The analyzer for a document: its `language`, English when it has none
/// or when Snowball has no stemmer for it.
pub fn analyzer_for(doc: &Document) -> &'static Analyzer {
    shared_analyzer(doc.language.as_deref())
}

/// Learn outlet boilerplate over `docs` (lines hashed in parallel, counted
/// in input order, as a streamed input is counted chunk by chunk).
pub fn learn(cleaner: &Cleaner, docs: &[Document]) -> Learned {
    let mut learner = cleaner.learner();
    if cleaner.is_passthrough() {
        return learner.finish();
    }
    let hashes: Vec<Vec<u64>> = docs.par_iter().map(|d| cleaner.learn_hashes(d)).collect();
    for (doc, h) in docs.iter().zip(hashes) {
        learner.add_hashes(doc, h.into_iter());
    }
    learner.finish()
}

/// Clean with boilerplate already `learned` and analyse each document in
/// its language, in parallel, in input order; one step of `progress` per
/// document. The streamed summary calls this chunk by chunk.
pub fn prepare_learned(
    docs: Vec<Document>,
    cleaner: &Cleaner,
    learned: &Learned,
    progress: &dyn Progress,
) -> Vec<Prepared> {
    docs.into_par_iter()
        .map(|doc| {
            let cleaned = cleaner.clean_with(&doc, learned);
            let analyzed = analyzer_for(&doc).analyze(&cleaned.text);
            progress.advance(1);
            Prepared {
                doc,
                cleaned,
                analyzed,
            }
        })
        .collect()
}

/// Clean (boilerplate learned over all of `docs`) and analyse every
/// document, in parallel, in input order.
pub fn prepare(
    docs: Vec<Document>,
    opts: PrepareOptions,
    progress: &dyn Progress,
) -> Vec<Prepared> {
    let cleaner = opts.cleaner();
    let learned = learn(&cleaner, &docs);
    prepare_learned(docs, &cleaner, &learned, progress)
}

/// Clean every document (boilerplate learned over all of `docs`), without
/// analysing: for measures that tokenise the text themselves (TF-IDF with
/// scikit-learn's tokens). Each document's `text` becomes its cleaned text.
pub fn clean(docs: Vec<Document>, opts: PrepareOptions) -> Vec<Document> {
    let cleaner = opts.cleaner();
    let learned = learn(&cleaner, &docs);
    docs.into_par_iter()
        .map(|mut doc| {
            if !opts.no_clean {
                doc.text = cleaner.clean_with(&doc, &learned).text;
            }
            doc
        })
        .collect()
}

/// The read's warnings as values.
pub fn read_warnings(corpus: &Corpus) -> Vec<Warning> {
    corpus
        .warning_lines()
        .into_iter()
        .map(Warning::Read)
        .collect()
}

/// Read `input` and prepare every document ([`prepare`]).
pub fn read_prepared(
    input: &Path,
    read: &ReadOptions,
    opts: PrepareOptions,
    progress: &dyn Progress,
) -> Result<PreparedCorpus> {
    let corpus = read_corpus(input, read)?;
    let warnings = read_warnings(&corpus);
    let documents = prepare(corpus.documents, opts, progress);
    Ok(PreparedCorpus {
        documents,
        warnings,
    })
}

/// Read `input` and clean every document ([`clean`]), with the read's
/// warnings.
pub fn read_cleaned(
    input: &Path,
    read: &ReadOptions,
    opts: PrepareOptions,
) -> Result<(Vec<Document>, Vec<Warning>)> {
    let corpus = read_corpus(input, read)?;
    let warnings = read_warnings(&corpus);
    Ok((clean(corpus.documents, opts), warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::NoProgress;

    fn doc(id: &str, outlet: &str, language: Option<&str>, text: &str) -> Document {
        Document {
            id: id.into(),
            outlet: outlet.into(),
            event: "e".into(),
            text: text.into(),
            language: language.map(String::from),
            ..Document::default()
        }
    }

    #[test]
    fn each_document_in_its_language() {
        let docs = vec![
            doc("1", "a", Some("de"), "Die Regierung und die Regierungen."),
            doc("2", "b", None, "The government and the governments."),
        ];
        let p = prepare(docs, PrepareOptions { no_clean: true }, &NoProgress);
        let de = &p[0].analyzed.tokens;
        assert!(de[0].is_stop, "German \"die\" is a stop word");
        assert_eq!(de[1].stem, de[4].stem, "Regierung / Regierungen");
        let en = &p[1].analyzed.tokens;
        assert!(en[0].is_stop);
        assert_eq!(en[1].stem, en[4].stem);
    }

    #[test]
    fn learned_cleaning_equals_the_corpus_cleaner() {
        let text = "Subscribe to our newsletter\nA line of news.";
        let docs: Vec<Document> = (0..6)
            .map(|i| {
                let mut d = doc(&i.to_string(), "a", None, text);
                d.event = format!("e{i}");
                d
            })
            .collect();
        let expected = Cleaner::builtin().clean_corpus(&docs);
        let got = prepare(docs, PrepareOptions::default(), &NoProgress);
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!(g.cleaned.text, e.text);
        }
    }
}
