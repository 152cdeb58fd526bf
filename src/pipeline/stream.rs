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

use super::need_two_outlets;
use super::prepare::{analyzer_for, prepare_learned, PrepareOptions, Prepared};
use super::progress::{Progress, Stage};
use super::warning::Warning;
use crate::compare::align::align_sentences;
use crate::compare::closeness::{similarity_matrices, SimilarityMatrices};
use crate::compare::corpus::{
    sentence_scores, tally_document, CorpusAccumulator, CorpusOptions, CorpusSummary,
};
use crate::compare::event::{document_bound, outlet_texts, EventOptions, DEFAULT_EVENT_LIMIT};
use crate::compare::substitutions::{find_substitutions, Substitutions};
use crate::corpus::{for_each_chunk, ReadOptions};
use crate::lexicon::builtin::builtins;
use crate::lexicon::matcher::Matcher;
use crate::text::{shared_analyzer, AnalyzedDoc, Analyzer};
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

/// The documents of the event being read, while it is contiguous and small.
struct EventBuffer {
    event: Option<String>,
    docs: Vec<Prepared>,
    /// The event grew past the limit: no event-level measures.
    overflowed: bool,
}

/// Events left without event-level measures, by reason.
#[derive(Default)]
struct LeftOut {
    too_large: usize,
    scattered: usize,
    one_outlet: usize,
    empty: usize,
    /// Events in which the bounds on document size cut alignment.
    document_bounded: usize,
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
    warnings.extend(skipped.into_iter().map(Warning::Read));
    if n_docs == 0 {
        return Err(Error::parse(input, None, "no documents (empty input)"));
    }
    let outlets: Vec<String> = outlets.into_iter().collect();
    need_two_outlets(input, &outlets)?;
    let learned = learner.finish();

    // Pass 2: analyse chunk by chunk; fold counts in input order.
    let lexicons = builtins().to_vec();
    let matcher = Matcher::new(&lexicons);
    let fallback = shared_analyzer(None);
    let mut acc = CorpusAccumulator::new(&matcher);
    let mut buffer = EventBuffer {
        event: None,
        docs: Vec::new(),
        overflowed: false,
    };
    let mut flushed: BTreeSet<String> = BTreeSet::new();
    let mut left = LeftOut::default();
    progress.start(Stage::Documents, n_docs);
    for_each_chunk(input, &read, CHUNK_DOCS, |chunk| {
        let prepared = prepare_learned(chunk, &cleaner, &learned, progress);
        let counted: Vec<_> = prepared
            .par_iter()
            .map(|p| {
                (
                    tally_document(p, &matcher),
                    sentence_scores(&p.doc.labels, analyzer_for(&p.doc), &matcher),
                )
            })
            .collect();
        let mut ready: Vec<(String, Vec<Prepared>)> = Vec::new();
        for (p, (t, s)) in prepared.into_iter().zip(counted) {
            if p.analyzed.tokens.is_empty() {
                left.empty += 1;
                continue;
            }
            acc.add_document(&t);
            acc.add_sentences(&s);
            if buffer.event.as_deref() != Some(p.doc.event.as_str()) {
                flush(&mut buffer, &mut flushed, &mut left, &mut ready);
                buffer.event = Some(p.doc.event.clone());
            }
            if buffer.overflowed {
                continue;
            }
            if buffer.docs.len() >= opts.event_limit {
                buffer.overflowed = true;
                buffer.docs.clear();
            } else {
                buffer.docs.push(p);
            }
        }
        left.document_bounded += add_events(&mut acc, ready, fallback, &opts.event)?;
        Ok(())
    })?;
    // The last event.
    let mut ready = Vec::new();
    flush(&mut buffer, &mut flushed, &mut left, &mut ready);
    left.document_bounded += add_events(&mut acc, ready, fallback, &opts.event)?;
    progress.finish();

    let documents = acc.documents();
    let mut summary = acc.finish(&opts.corpus)?;
    if left.too_large > 0 {
        summary.notes.push(format!(
            "{} event(s) had more than {} documents: similarity and substitutions were not computed for them (--event-limit)",
            left.too_large, opts.event_limit
        ));
    }
    if left.document_bounded > 0 {
        summary.notes.push(format!(
            "{} event(s) have an outlet with more than {} sentences or sentences longer than {} tokens: substitutions were found within those bounds only (--sentence-limit, --sentence-tokens)",
            left.document_bounded,
            opts.event.align.max_sentences,
            opts.event.align.max_tokens.min(opts.event.substitutions.max_tokens)
        ));
    }
    if left.scattered > 0 {
        summary.notes.push(format!(
            "{} later run(s) of documents of an event already seen earlier in the input were left out of similarity and substitutions (group the input by event to include them)",
            left.scattered
        ));
    }
    if left.one_outlet > 0 {
        summary.notes.push(format!(
            "{} event(s) with a single outlet have no similarity or substitutions",
            left.one_outlet
        ));
    }
    if left.empty > 0 {
        summary.notes.push(format!(
            "{} document(s) with no words after cleaning were left out",
            left.empty
        ));
    }
    Ok(StreamRun {
        documents,
        outlets,
        summary,
    })
}

/// The buffered event is over: hand it on for event-level measures when it
/// is complete, small and has two outlets; count it as left out otherwise.
fn flush(
    buffer: &mut EventBuffer,
    flushed: &mut BTreeSet<String>,
    left: &mut LeftOut,
    ready: &mut Vec<(String, Vec<Prepared>)>,
) {
    if let Some(ev) = buffer.event.take() {
        let docs = std::mem::take(&mut buffer.docs);
        if flushed.contains(&ev) {
            left.scattered += 1;
        } else {
            if buffer.overflowed {
                left.too_large += 1;
            } else {
                let mut outs: Vec<&str> = docs.iter().map(|d| d.doc.outlet.as_str()).collect();
                outs.sort();
                outs.dedup();
                if outs.len() >= 2 {
                    ready.push((ev.clone(), docs));
                } else {
                    left.one_outlet += 1;
                }
            }
            flushed.insert(ev);
        }
    }
    buffer.overflowed = false;
}

/// Event-level measures of one buffered event: similarity and substitutions
/// (the same functions as the full comparison, so results agree), and
/// whether the bounds on document size cut its alignment.
fn event_level(
    docs: &[Prepared],
    analyzer: &Analyzer,
    opts: &EventOptions,
) -> Result<(SimilarityMatrices, Substitutions, bool)> {
    let refs: Vec<&Prepared> = docs.iter().collect();
    let texts = outlet_texts(&refs, analyzer);
    let pairs: Vec<(&str, &AnalyzedDoc)> =
        texts.iter().map(|t| (t.info.id.as_str(), &t.doc)).collect();
    let similarity = similarity_matrices(&pairs)?;
    let alignment = align_sentences(&pairs, &opts.align)?;
    let substitutions = find_substitutions(&pairs, &alignment, &opts.substitutions)?;
    let bounded = document_bound(&pairs, &opts.align, &opts.substitutions).is_some();
    Ok((similarity, substitutions, bounded))
}

/// Event-level measures of finished events (in parallel), folded in order.
/// Returns how many of them the bounds on document size cut.
fn add_events(
    acc: &mut CorpusAccumulator,
    ready: Vec<(String, Vec<Prepared>)>,
    analyzer: &Analyzer,
    opts: &EventOptions,
) -> Result<usize> {
    let results = ready
        .par_iter()
        .map(|(ev, docs)| event_level(docs, analyzer, opts).map(|r| (ev, r)))
        .collect::<Result<Vec<_>>>()?;
    let mut bounded = 0;
    for (ev, (sim, subs, cut)) in results {
        acc.add_event(ev, &sim, &subs);
        bounded += usize::from(cut);
    }
    Ok(bounded)
}
