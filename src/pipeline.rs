//! The first three stages run together: read -> clean -> analyse.
//!
//! Documents are cleaned (with outlet boilerplate learned over the whole
//! input) and analysed in parallel; results keep the input order, so
//! everything downstream is deterministic whatever the thread count.

use crate::clean::{Cleaned, Cleaner};
use crate::corpus::Corpus;
use crate::text::Analyzer;
use rayon::prelude::*;

/// Defined in `text` so that `compare` need not import this driver.
pub use crate::text::Prepared;

/// How to prepare documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrepareOptions {
    /// Analyse the text exactly as given (no boilerplate removal).
    pub no_clean: bool,
}

/// Clean and analyse every document of a corpus, in parallel, in input order.
pub fn prepare(corpus: Corpus, opts: PrepareOptions) -> Vec<Prepared> {
    let docs = corpus.documents;
    let cleaned: Vec<Cleaned> = if opts.no_clean {
        Cleaner::passthrough().clean_corpus(&docs)
    } else {
        Cleaner::builtin().clean_corpus(&docs)
    };
    let analyzer = Analyzer::english();
    docs.into_par_iter()
        .zip(cleaned.into_par_iter())
        .map(|(doc, cleaned)| {
            let analyzed = analyzer.analyze(&cleaned.text);
            Prepared {
                doc,
                cleaned,
                analyzed,
            }
        })
        .collect()
}
