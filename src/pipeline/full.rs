//! The full comparison: the corpus read into memory, every event with two
//! outlets or more compared, and (with several events) the corpus summary
//! built from the same documents and event reports. Nothing is written:
//! `report` writes the results.

use super::need_two_outlets;
use super::prepare::{analyzer_for, prepare, read_warnings, PrepareOptions, Prepared};
use super::progress::{Progress, Stage};
use super::warning::Warning;
use crate::compare::corpus::{
    sentence_scores, tally_document, CorpusAccumulator, CorpusOptions, CorpusSummary,
};
use crate::compare::event::{compare_event, EventOptions, EventReport};
use crate::corpus::{read_corpus, Corpus, ReadOptions};
use crate::lexicon::builtin::with_user_lexicons;
use crate::lexicon::matcher::Matcher;
use crate::lexicon::model::Lexicon;
use crate::text::shared_analyzer;
use crate::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Options of a full comparison.
#[derive(Debug, Clone, Default)]
pub struct FullOptions {
    pub read: ReadOptions,
    pub prepare: PrepareOptions,
    /// Per-event measures (its `event_limit` bounds large events).
    pub event: EventOptions,
    pub corpus: CorpusOptions,
    /// The user's lexicons (`compare --lexicon`), matched beside the
    /// built-in ones: their concept groups join the concept table.
    pub lexicons: Vec<Lexicon>,
}

/// What a full comparison found.
#[derive(Debug)]
pub struct FullRun {
    /// Documents read (those left out included).
    pub documents: usize,
    /// Outlet ids of the input, sorted.
    pub outlets: Vec<String>,
    /// One report per compared event, sorted by event id.
    pub reports: Vec<EventReport>,
    /// The corpus summary, when the input has two events or more.
    pub summary: Option<CorpusSummary>,
}

/// Read `input`, prepare its documents and compare every event.
///
/// Warnings (skipped records, left-out documents and events) are pushed
/// onto `warnings` as they arise, so the caller still has them when the
/// run fails later: they often explain the failure ("document D has no
/// words" before "no event has two outlets").
pub fn compare_events(
    input: &Path,
    opts: &FullOptions,
    progress: &dyn Progress,
    warnings: &mut Vec<Warning>,
) -> Result<FullRun> {
    let corpus = read_corpus(input, &opts.read)?;
    compare_corpus(corpus, opts, progress, warnings)
}

/// [`compare_events`] on a corpus already read or built in memory (by the
/// Python package from a DataFrame); `corpus.path` names it in messages.
pub fn compare_corpus(
    corpus: Corpus,
    opts: &FullOptions,
    progress: &dyn Progress,
    warnings: &mut Vec<Warning>,
) -> Result<FullRun> {
    let input = corpus.path.clone();
    let input = input.as_path();
    warnings.extend(read_warnings(&corpus));
    let filter = corpus.filter.clone();
    let outlets = corpus.outlets();
    need_two_outlets(input, &outlets)?;
    let n_events_input = corpus.events().len();
    progress.start(Stage::Documents, corpus.documents.len() as u64);
    let prepared = prepare(corpus.documents, opts.prepare, progress);
    progress.finish();
    for p in &prepared {
        if p.analyzed.tokens.is_empty() {
            warnings.push(Warning::EmptyDocument {
                source: p.doc.source.clone(),
                id: p.doc.id.clone(),
            });
        }
    }
    let mut by_event: BTreeMap<&str, Vec<&Prepared>> = BTreeMap::new();
    for p in prepared.iter().filter(|p| !p.analyzed.tokens.is_empty()) {
        by_event.entry(p.doc.event.as_str()).or_default().push(p);
    }
    let mut events: Vec<(&str, Vec<&Prepared>)> = Vec::new();
    for (event, docs) in by_event {
        let mut outs: Vec<&str> = docs.iter().map(|d| d.doc.outlet.as_str()).collect();
        outs.sort();
        outs.dedup();
        if outs.len() < 2 {
            warnings.push(Warning::SingleOutletEvent {
                event: event.to_string(),
                outlet: outs.first().copied().unwrap_or("none").to_string(),
            });
        } else {
            events.push((event, docs));
        }
    }
    if events.is_empty() {
        return Err(Error::TooFewOutlets {
            context: input.display().to_string(),
            shortage: crate::error::TooFew::Events,
        });
    }

    let lexicons = with_user_lexicons(&opts.lexicons)?;
    let matcher = Matcher::new(&lexicons);
    // The analyzer for an outlet's joined documents when they carry no
    // language; documents with one are analysed in it.
    let fallback = shared_analyzer(None);
    progress.start(Stage::Events, events.len() as u64);
    let reports: Vec<EventReport> = events
        .par_iter()
        .map(|(event, docs)| {
            let r =
                compare_event(event, docs, &lexicons, &matcher, fallback, &opts.event).map(|r| {
                    EventReport {
                        filter: filter.clone(),
                        ..r
                    }
                });
            progress.advance(1);
            r
        })
        .collect::<Result<Vec<_>>>()?;
    progress.finish();

    let summary = if n_events_input >= 2 {
        let mut acc = CorpusAccumulator::new(&matcher);
        let tallies: Vec<_> = prepared
            .par_iter()
            .filter(|p| !p.analyzed.tokens.is_empty())
            .map(|p| {
                (
                    tally_document(p, &matcher),
                    sentence_scores(&p.doc.labels, analyzer_for(&p.doc), &matcher),
                )
            })
            .collect();
        for (t, s) in &tallies {
            acc.add_document(t);
            acc.add_sentences(s);
        }
        for r in &reports {
            acc.add_event(&r.event, &r.similarity, &r.substitutions);
        }
        Some(CorpusSummary {
            filter,
            ..acc.finish(&opts.corpus)?
        })
    } else {
        None
    };
    Ok(FullRun {
        documents: prepared.len(),
        outlets,
        reports,
        summary,
    })
}
