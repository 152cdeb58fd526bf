//! The bounded-memory summary (`compare --summary-only`): the input is
//! streamed twice (once to learn outlet boilerplate, once to analyse) in
//! chunks of [`CHUNK_DOCS`] documents, each document is reduced to counts
//! at once, and only the corpus summary is built.
//!
//! Event-level measures (similarity, alignment, substitutions) need an
//! event's documents together: they are computed for each event whose
//! documents come one after another in the input and number at most
//! `event_limit`; other events count towards rates, tests and keyness only
//! (the summary's `notes` say how many). Memory grows with the vocabulary,
//! the number of events and `event_limit`, not with the corpus; no event
//! costs more than linear time in its size.

use super::counts::{summarise, summary_matcher, CountOptions, TablesBuilder};
use super::need_two_outlets;
use super::prepare::PrepareOptions;
use super::progress::{Progress, Stage};
use super::warning::Warning;
use crate::compare::corpus::{CorpusOptions, CorpusSummary};
use crate::compare::event::{EventOptions, DEFAULT_EVENT_LIMIT};
use crate::corpus::{for_each_chunk, ReadOptions};
use crate::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Documents analysed at once.
pub const CHUNK_DOCS: usize = 256;

/// Options of a streamed summary.
#[derive(Debug, Clone)]
pub struct StreamOptions {
    pub read: ReadOptions,
    pub prepare: PrepareOptions,
    /// Alignment and substitution parameters of the event-level measures.
    pub event: EventOptions,
    pub corpus: CorpusOptions,
    /// A larger (or scattered) event gets no similarity or substitutions.
    pub event_limit: usize,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            read: ReadOptions::default(),
            prepare: PrepareOptions::default(),
            event: EventOptions::default(),
            corpus: CorpusOptions::default(),
            event_limit: DEFAULT_EVENT_LIMIT,
        }
    }
}

/// What a streamed summary found.
#[derive(Debug)]
pub struct StreamRun {
    /// Documents counted (those with words).
    pub documents: usize,
    /// Outlet ids of the input, sorted.
    pub outlets: Vec<String>,
    /// The summary; its `notes` say which events lack event-level measures.
    pub summary: CorpusSummary,
}

/// Stream `input`: counts only, then the summary. Read warnings are pushed
/// onto `warnings` (see [`super::compare_events`]).
pub fn summarise_stream(
    input: &Path,
    opts: &StreamOptions,
    progress: &dyn Progress,
    warnings: &mut Vec<Warning>,
) -> Result<StreamRun> {
    let read = opts.read.clone();
    let cleaner = opts.prepare.cleaner();
    // Pass 1: learn each outlet's boilerplate lines and count documents.
    // Lines are hashed in parallel, then counted in input order.
    let mut learner = cleaner.learner();
    let mut n_docs = 0u64;
    let mut outlets = BTreeSet::new();
    let skipped = for_each_chunk(input, &read, CHUNK_DOCS, |chunk| {
        let hashes: Vec<Vec<u64>> = chunk.par_iter().map(|d| cleaner.learn_hashes(d)).collect();
        for (doc, h) in chunk.iter().zip(hashes) {
            if !opts.prepare.no_clean {
                learner.add_hashes(doc, h.into_iter());
            }
            if !outlets.contains(&doc.outlet) {
                outlets.insert(doc.outlet.clone());
            }
            n_docs += 1;
        }
        Ok(())
    })?;
    warnings.extend(skipped.lines().into_iter().map(Warning::Read));
    if n_docs == 0 {
        return Err(Error::parse(input, None, "no documents (empty input)"));
    }
    let outlets: Vec<String> = outlets.into_iter().collect();
    need_two_outlets(input, &outlets)?;
    let learned = learner.finish();

    // Pass 2: analyse chunk by chunk into the count tables of one part
    // (the whole input), then the summary from the tables: the same code
    // as tables built per shard and merged (see [`super::counts`]).
    let matcher = summary_matcher();
    let mut builder = TablesBuilder::new(
        0,
        &matcher,
        opts.prepare,
        &learned,
        &opts.event,
        opts.event_limit,
    );
    progress.start(Stage::Documents, n_docs);
    for_each_chunk(input, &read, CHUNK_DOCS, |chunk| {
        builder.add_documents(chunk, progress)
    })?;
    let tables = builder.finish()?;
    progress.finish();
    let counted = summarise(
        &tables,
        &CountOptions {
            prepare: opts.prepare,
            event: opts.event.clone(),
            corpus: opts.corpus.clone(),
            event_limit: opts.event_limit,
        },
    )?;
    let (documents, mut summary) = (counted.documents, counted.summary);
    summary.filter = skipped.filter;
    Ok(StreamRun {
        documents,
        outlets,
        summary,
    })
}
