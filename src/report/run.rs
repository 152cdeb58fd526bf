//! The whole `compare` run: read, prepare, compare every event in
//! parallel, add the corpus summary, and write the output folder whole or
//! not at all.
//!
//! Two modes:
//! - full: the corpus is read into memory, every event gets its folder,
//!   and the summary is built from the same documents and event reports;
//! - `--summary-only`: the input is streamed twice (once to learn outlet
//!   boilerplate, once to analyse) in chunks of [`CHUNK_DOCS`] documents,
//!   each document is reduced to counts at once, and only the summary is
//!   written. Event-level measures (similarity, alignment, substitutions)
//!   need an event's documents together: they are computed for each event
//!   whose documents come one after another in the input and number at
//!   most `event_limit`; other events count towards rates, tests and
//!   keyness only (the summary's `notes` say how many). Memory grows with
//!   the vocabulary, the number of events and `event_limit`, not with the
//!   corpus; no event costs more than linear time in its size.

use super::event::{write_event, WriteOptions};
use super::page::{Block, Page, Table};
use super::summary::write_summary;
use crate::clean::{Cleaned, Cleaner};
use crate::compare::align::align_sentences;
use crate::compare::closeness::similarity_matrices;
use crate::compare::corpus::{
    sentence_scores, tally_document, CorpusAccumulator, CorpusOptions, CorpusSummary,
};
use crate::compare::event::{
    compare_event, document_bound, outlet_texts, EventOptions, EventReport,
};
use crate::compare::substitutions::find_substitutions;
use crate::corpus::{for_each_chunk, read_corpus, Document, ReadOptions};
use crate::lexicon::builtin::builtins;
use crate::lexicon::matcher::Matcher;
use crate::output::{check_out_folder, unique_folder_names, write_atomic, Staging, MARKER};
use crate::pipeline::Prepared;
use crate::text::Analyzer;
use crate::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

/// Options of a compare run.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    pub no_clean: bool,
    pub lenient: bool,
    /// See [`ReadOptions::allow_outside_files`].
    pub allow_outside_files: bool,
    pub quiet: bool,
    pub event: EventOptions,
    pub write: WriteOptions,
    /// Write only `DIR/summary/` (and the index), streaming the input.
    pub summary_only: bool,
    pub corpus: CorpusOptions,
    /// The bound on event size (`--event-limit`, in documents) for the
    /// parts that grow with the square of an event. Full mode: a larger
    /// event gets a bounded report (see
    /// [`crate::compare::event::EventOptions::event_limit`], which this
    /// overrides). Summary-only mode: a larger event gets no similarity or
    /// substitutions.
    pub event_limit: usize,
    /// May `out` be replaced, and what its marker records.
    pub output: OutputOptions,
}

/// How a run treats an existing output folder.
#[derive(Debug, Clone, Default)]
pub struct OutputOptions {
    /// Replace an existing `out` that an earlier run did not write
    /// (never one holding the input, the current or the home folder).
    pub force: bool,
    /// The command line recorded in the output's marker file, without
    /// `--out` (the marker is inside it) and `--jobs` (no effect on the
    /// output), so that equal runs write equal bytes.
    pub command: String,
}

impl CompareOptions {
    /// How the input is to be read.
    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            lenient: self.lenient,
            allow_outside_files: self.allow_outside_files,
        }
    }
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            no_clean: false,
            lenient: false,
            allow_outside_files: false,
            quiet: false,
            event: EventOptions::default(),
            write: WriteOptions::default(),
            summary_only: false,
            corpus: CorpusOptions::default(),
            event_limit: DEFAULT_EVENT_LIMIT,
            output: OutputOptions::default(),
        }
    }
}

/// Documents analysed at once in summary-only mode.
pub const CHUNK_DOCS: usize = 256;

/// Default of [`CompareOptions::event_limit`].
pub use crate::compare::event::DEFAULT_EVENT_LIMIT;

/// A progress bar (drawn on stderr) when both stdout and stderr are a
/// terminal, nothing otherwise: output piped or redirected to a file, or a
/// run under a scheduler, gets no control characters.
fn progress(len: u64, what: &str, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stdout().is_terminal() || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template(
        "{msg:>10} [{bar:40}] {human_pos}/{human_len} ({rate}, {eta} left)",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .with_key(
        "rate",
        |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0}/s", s.per_sec());
        },
    )
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// Clean (outlet boilerplate learned over all of `docs`) and analyse, in
/// parallel, in input order, counting documents on `bar`.
fn prepare_docs(
    docs: Vec<Document>,
    no_clean: bool,
    bar: &indicatif::ProgressBar,
) -> Vec<Prepared> {
    let cleaner = if no_clean {
        Cleaner::passthrough()
    } else {
        Cleaner::builtin()
    };
    let mut learner = cleaner.learner();
    for d in &docs {
        cleaner.learn_from(&mut learner, d);
    }
    let learned = learner.finish();
    let analyzer = Analyzer::english();
    docs.into_par_iter()
        .map(|doc| {
            let cleaned: Cleaned = cleaner.clean_with(&doc, &learned);
            let analyzed = analyzer.analyze(&cleaned.text);
            bar.inc(1);
            Prepared {
                doc,
                cleaned,
                analyzed,
            }
        })
        .collect()
}

fn need_two_outlets(input: &Path, outlets: &[String]) -> Result<()> {
    if outlets.len() < 2 {
        return Err(Error::input(
            input.display().to_string(),
            format!(
                "only one outlet ({}): framelens compares outlets, give it documents from at least two",
                outlets.first().map(String::as_str).unwrap_or("none")
            ),
        ));
    }
    Ok(())
}

/// Compare every event of `input` and write the reports to `out`.
/// Returns a one-paragraph summary for the terminal; the warnings of the
/// run (skipped records, left-out documents and events) are in the
/// summary's `warning:` lines.
pub fn compare_corpus(input: &Path, out: &Path, opts: &CompareOptions) -> Result<String> {
    let mut warnings = Vec::new();
    compare_corpus_warning(input, out, opts, &mut warnings).map(|msg| {
        let mut msg = msg;
        for w in &warnings {
            msg.push_str("\nwarning: ");
            msg.push_str(w);
        }
        msg
    })
}

/// [`compare_corpus`], with the warnings (each one line, without the
/// `warning: ` prefix) pushed onto `warnings` as they arise, so a caller
/// still has them when the run fails later: a failed run's warnings often
/// explain the failure ("document D has no words" before "no event has two
/// outlets").
pub fn compare_corpus_warning(
    input: &Path,
    out: &Path,
    opts: &CompareOptions,
    warnings: &mut Vec<String>,
) -> Result<String> {
    check_out_folder(input, out, opts.output.force)?;
    if opts.summary_only {
        return summary_only(input, out, opts, warnings);
    }
    let corpus = read_corpus(input, &opts.read_options())?;
    warnings.extend(corpus.warning_lines());
    let outlets = corpus.outlets();
    need_two_outlets(input, &outlets)?;
    let n_events_input = corpus.events().len();
    let bar = progress(corpus.documents.len() as u64, "documents", opts.quiet);
    let prepared = prepare_docs(corpus.documents, opts.no_clean, &bar);
    bar.finish_and_clear();
    for p in &prepared {
        if p.analyzed.tokens.is_empty() {
            warnings.push(format!(
                "{}: document {} has no words after cleaning; it is left out",
                p.doc.source, p.doc.id
            ));
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
            warnings.push(format!(
                "event {event:?} has only one outlet ({}); it is left out of the per-event comparison",
                outs.first().copied().unwrap_or("none")
            ));
        } else {
            events.push((event, docs));
        }
    }
    if events.is_empty() {
        return Err(Error::input(
            input.display().to_string(),
            "no event has documents from two or more outlets",
        ));
    }

    let lexicons = builtins().to_vec();
    let matcher = Matcher::new(&lexicons);
    let analyzer = Analyzer::english();
    let bar = progress(events.len() as u64, "events", opts.quiet);
    let event_opts = EventOptions {
        event_limit: opts.event_limit,
        ..opts.event.clone()
    };
    let reports: Vec<EventReport> = events
        .par_iter()
        .map(|(event, docs)| {
            let r = compare_event(event, docs, &lexicons, &matcher, &analyzer, &event_opts);
            bar.inc(1);
            r
        })
        .collect::<Result<Vec<_>>>()?;
    bar.finish_and_clear();

    // The corpus summary, from the same documents and event reports.
    let summary = if n_events_input >= 2 {
        let mut acc = CorpusAccumulator::new(&matcher);
        let tallies: Vec<_> = prepared
            .par_iter()
            .filter(|p| !p.analyzed.tokens.is_empty())
            .map(|p| {
                (
                    tally_document(p, &matcher),
                    sentence_scores(&p.doc.labels, &analyzer, &matcher),
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
        Some(acc.finish(&opts.corpus)?)
    } else {
        None
    };

    let staging = Staging::beside(out)?;
    let dirs = unique_folder_names(reports.iter().map(|r| r.event.as_str()), &TOP_LEVEL);
    let bar = progress(reports.len() as u64, "writing", opts.quiet);
    reports
        .par_iter()
        .map(|r| {
            let dir = staging.path().join(&dirs[&r.event]);
            let res = write_event(r, &dir, &opts.write).map(|_| ());
            bar.inc(1);
            res
        })
        .collect::<Result<Vec<()>>>()?;
    bar.finish_and_clear();
    if let Some(s) = &summary {
        write_summary(
            s,
            &staging.path().join(SUMMARY_DIR),
            &opts.write.chart,
            opts.write.top,
        )?;
    }
    write_index(staging.path(), &reports, &dirs, warnings, summary.as_ref())?;
    // Again: the user may have put a file into `out` while the run worked.
    check_out_folder(input, out, opts.output.force)?;
    staging.finish(out, &opts.output.command)?;

    let mut msg = format!(
        "framelens: compared {} event(s), {} document(s), {} outlet(s); reports in {}",
        reports.len(),
        prepared.len(),
        outlets.len(),
        out.display()
    );
    if summary.is_some() {
        msg.push_str(&format!(
            "; corpus summary in {}",
            out.join(SUMMARY_DIR).display()
        ));
    }
    Ok(msg)
}

/// Name of the summary folder inside the output folder.
pub const SUMMARY_DIR: &str = "summary";

/// What the output folder holds beside the event folders: no event may be
/// given one of these names (in any case).
const TOP_LEVEL: [&str; 4] = ["index.html", "index.md", SUMMARY_DIR, MARKER];

/// The documents of the event being read, while it is contiguous and small.
struct EventBuffer {
    event: Option<String>,
    docs: Vec<Prepared>,
    /// The event grew past the limit: no event-level measures.
    overflowed: bool,
}

/// Event-level measures of one buffered event: similarity and substitutions
/// (the same functions as the full comparison, so results agree).
fn event_level(
    docs: &[Prepared],
    analyzer: &Analyzer,
    opts: &EventOptions,
) -> Result<(
    crate::compare::closeness::SimilarityMatrices,
    crate::compare::substitutions::Substitutions,
    bool,
)> {
    let refs: Vec<&Prepared> = docs.iter().collect();
    let texts = outlet_texts(&refs, analyzer);
    let pairs: Vec<(&str, &crate::text::AnalyzedDoc)> =
        texts.iter().map(|t| (t.info.id.as_str(), &t.doc)).collect();
    let similarity = similarity_matrices(&pairs)?;
    let alignment = align_sentences(&pairs, &opts.align)?;
    let substitutions = find_substitutions(&pairs, &alignment, &opts.substitutions)?;
    let bounded = document_bound(&pairs, &opts.align, &opts.substitutions).is_some();
    Ok((similarity, substitutions, bounded))
}

/// Stream the input: counts only, then the summary.
fn summary_only(
    input: &Path,
    out: &Path,
    opts: &CompareOptions,
    warnings: &mut Vec<String>,
) -> Result<String> {
    let read = opts.read_options();
    let cleaner = if opts.no_clean {
        Cleaner::passthrough()
    } else {
        Cleaner::builtin()
    };
    // Pass 1: learn each outlet's boilerplate lines and count documents.
    // Lines are hashed in parallel, then counted in input order.
    let mut learner = cleaner.learner();
    let mut n_docs = 0u64;
    let mut outlets = std::collections::BTreeSet::new();
    let skipped = for_each_chunk(input, &read, CHUNK_DOCS, |chunk| {
        let hashes: Vec<Vec<u64>> = chunk.par_iter().map(|d| cleaner.learn_hashes(d)).collect();
        for (doc, h) in chunk.iter().zip(hashes) {
            if !opts.no_clean {
                learner.add_hashes(doc, h.into_iter());
            }
            if !outlets.contains(&doc.outlet) {
                outlets.insert(doc.outlet.clone());
            }
            n_docs += 1;
        }
        Ok(())
    })?;
    warnings.extend(skipped);
    if n_docs == 0 {
        return Err(Error::parse(input, None, "no documents (empty input)"));
    }
    let outlets: Vec<String> = outlets.into_iter().collect();
    need_two_outlets(input, &outlets)?;
    let learned = learner.finish();

    // Pass 2: analyse chunk by chunk; fold counts in input order.
    let lexicons = builtins().to_vec();
    let matcher = Matcher::new(&lexicons);
    let analyzer = Analyzer::english();
    let mut acc = CorpusAccumulator::new(&matcher);
    let mut buffer = EventBuffer {
        event: None,
        docs: Vec::new(),
        overflowed: false,
    };
    let mut flushed: std::collections::BTreeSet<String> = Default::default();
    let (mut too_large, mut scattered, mut one_outlet, mut empty) =
        (0usize, 0usize, 0usize, 0usize);
    // Events in which the bounds on document size cut alignment.
    let mut document_bounded = 0usize;
    let bar = progress(n_docs, "documents", opts.quiet);
    for_each_chunk(input, &read, CHUNK_DOCS, |chunk| {
        let done: Vec<_> = chunk
            .into_par_iter()
            .map(|doc| {
                let cleaned = cleaner.clean_with(&doc, &learned);
                let analyzed = analyzer.analyze(&cleaned.text);
                let p = Prepared {
                    doc,
                    cleaned,
                    analyzed,
                };
                let t = tally_document(&p, &matcher);
                let s = sentence_scores(&p.doc.labels, &analyzer, &matcher);
                bar.inc(1);
                (p, t, s)
            })
            .collect();
        let mut ready: Vec<(String, Vec<Prepared>)> = Vec::new();
        let mut flush = |buffer: &mut EventBuffer, ready: &mut Vec<(String, Vec<Prepared>)>| {
            if let Some(ev) = buffer.event.take() {
                let docs = std::mem::take(&mut buffer.docs);
                if flushed.contains(&ev) {
                    scattered += 1;
                } else if buffer.overflowed {
                    too_large += 1;
                    flushed.insert(ev);
                } else {
                    let mut outs: Vec<&str> = docs.iter().map(|d| d.doc.outlet.as_str()).collect();
                    outs.sort();
                    outs.dedup();
                    if outs.len() >= 2 {
                        ready.push((ev.clone(), docs));
                    } else {
                        one_outlet += 1;
                    }
                    flushed.insert(ev);
                }
            }
            buffer.overflowed = false;
        };
        for (p, t, s) in done {
            if p.analyzed.tokens.is_empty() {
                empty += 1;
                continue;
            }
            acc.add_document(&t);
            acc.add_sentences(&s);
            if buffer.event.as_deref() != Some(p.doc.event.as_str()) {
                flush(&mut buffer, &mut ready);
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
        document_bounded += add_events(&mut acc, ready, &analyzer, &opts.event)?;
        Ok(())
    })?;
    // The last event.
    let mut ready = Vec::new();
    if let Some(ev) = buffer.event.take() {
        if flushed.contains(&ev) {
            scattered += 1;
        } else if buffer.overflowed {
            too_large += 1;
        } else {
            let mut outs: Vec<&str> = buffer.docs.iter().map(|d| d.doc.outlet.as_str()).collect();
            outs.sort();
            outs.dedup();
            if outs.len() >= 2 {
                ready.push((ev, std::mem::take(&mut buffer.docs)));
            } else {
                one_outlet += 1;
            }
        }
    }
    document_bounded += add_events(&mut acc, ready, &analyzer, &opts.event)?;
    bar.finish_and_clear();

    let documents = acc.documents();
    let mut summary = acc.finish(&opts.corpus)?;
    if too_large > 0 {
        summary.notes.push(format!(
            "{too_large} event(s) had more than {} documents: similarity and substitutions were not computed for them (--event-limit)",
            opts.event_limit
        ));
    }
    if document_bounded > 0 {
        summary.notes.push(format!(
            "{document_bounded} event(s) have an outlet with more than {} sentences or sentences longer than {} tokens: substitutions were found within those bounds only (--sentence-limit, --sentence-tokens)",
            opts.event.align.max_sentences,
            opts.event.align.max_tokens.min(opts.event.substitutions.max_tokens)
        ));
    }
    if scattered > 0 {
        summary.notes.push(format!(
            "{scattered} later run(s) of documents of an event already seen earlier in the input were left out of similarity and substitutions (group the input by event to include them)"
        ));
    }
    if one_outlet > 0 {
        summary.notes.push(format!(
            "{one_outlet} event(s) with a single outlet have no similarity or substitutions"
        ));
    }
    if empty > 0 {
        summary.notes.push(format!(
            "{empty} document(s) with no words after cleaning were left out"
        ));
    }
    let staging = Staging::beside(out)?;
    write_summary(
        &summary,
        &staging.path().join(SUMMARY_DIR),
        &opts.write.chart,
        opts.write.top,
    )?;
    write_index(
        staging.path(),
        &[],
        &BTreeMap::new(),
        &summary.notes,
        Some(&summary),
    )?;
    // Again: the user may have put a file into `out` while the run worked.
    check_out_folder(input, out, opts.output.force)?;
    staging.finish(out, &opts.output.command)?;
    let mut msg = format!(
        "framelens: summarised {documents} document(s) in {} event(s), {} outlet(s); summary in {}",
        summary.events,
        outlets.len(),
        out.join(SUMMARY_DIR).display()
    );
    for n in &summary.notes {
        msg.push_str("\nnote: ");
        msg.push_str(n);
    }
    Ok(msg)
}

/// Event-level measures of finished events (in parallel), folded in order.
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

fn write_index(
    dir: &Path,
    reports: &[EventReport],
    dirs: &BTreeMap<String, String>,
    warnings: &[String],
    summary: Option<&CorpusSummary>,
) -> Result<()> {
    let mut page = Page::new("framelens: how the outlets worded each event");
    if let Some(s) = summary {
        page.heading(2, "Across events");
        page.paragraph(format!(
            "The corpus summary: {} documents in {} events; outlet aggregates with intervals, permutation tests, distinctive words, similarity over events and recurring substitutions.",
            s.documents, s.events
        ));
        page.push(Block::Links(vec![(
            "Corpus summary".to_string(),
            format!("{SUMMARY_DIR}/report.html"),
        )]));
    }
    if reports.is_empty() {
        if !warnings.is_empty() {
            page.heading(2, "Notes");
            page.push(Block::Bullets(warnings.to_vec()));
        }
        write_atomic(&dir.join("index.html"), page.to_html().as_bytes())?;
        return write_atomic(&dir.join("index.md"), page.to_markdown().as_bytes());
    }
    page.paragraph(format!(
        "{} event(s) compared. Each link opens the event's report: findings first, then the evidence.",
        reports.len()
    ));
    let mut t = Table::new(["event", "outlets", "first finding"]);
    let mut links = Vec::new();
    for r in reports {
        let href = format!("{}/report.html", dirs[&r.event]);
        links.push((r.event.clone(), href));
        t.row([
            r.event.clone(),
            r.outlets
                .iter()
                .map(|o| o.id.clone())
                .collect::<Vec<_>>()
                .join(", "),
            r.findings.first().cloned().unwrap_or_default(),
        ]);
    }
    page.heading(2, "Events");
    page.push(Block::Links(links));
    page.push(Block::Table(t));
    if !warnings.is_empty() {
        page.heading(2, "Warnings");
        page.push(Block::Bullets(warnings.to_vec()));
    }
    write_atomic(&dir.join("index.html"), page.to_html().as_bytes())?;
    write_atomic(&dir.join("index.md"), page.to_markdown().as_bytes())
}
