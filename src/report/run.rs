//! The output folder of a `compare` run: the pipeline's results written
//! whole or not at all (a staging folder beside `out`, swapped in at the
//! end).
//!
//! Two modes, both driven by [`crate::pipeline`]: full
//! ([`crate::pipeline::compare_events`]: every event gets its folder, plus
//! the corpus summary) and `--summary-only`
//! ([`crate::pipeline::summarise_stream`]: the input streamed, only the
//! summary written).

use super::event::{write_event, WriteOptions};
use super::page::{Block, Page, Table};
use super::summary::{write_summary, write_summary_searchable};
use crate::compare::corpus::{CorpusOptions, CorpusSummary};
use crate::compare::event::{EventOptions, EventReport};
use crate::compare::learned::{self, learned_toml, ConceptLearner};
use crate::corpus::{Filter, ReadOptions};
use crate::lexicon::model::Lexicon;
use crate::output::{
    check_out_folder, check_out_folder_of, unique_folder_names, write_atomic, Staging, MARKER,
};
use crate::params::{Check, Valid};
use crate::pipeline::{
    compare_events, summarise_stream, FullOptions, FullRun, NoProgress, PrepareOptions, Progress,
    Stage, StreamOptions, Warning,
};
use crate::Result;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Options of a compare run.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    pub no_clean: bool,
    pub lenient: bool,
    /// See [`ReadOptions::allow_outside_files`].
    pub allow_outside_files: bool,
    /// No progress display. The library draws none; the binary reads this
    /// to decide whether to pass one.
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
    /// The user's lexicons (`--lexicon`), beside the built-in ones.
    pub lexicons: Vec<Lexicon>,
    /// May `out` be replaced, and what its marker records.
    pub output: OutputOptions,
    /// Which documents of the input to compare.
    pub filter: Filter,
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
            filter: self.filter.clone(),
        }
    }

    /// The full comparison's options (`event_limit` overrides the event
    /// options' own).
    pub fn full_options(&self) -> FullOptions {
        FullOptions {
            read: self.read_options(),
            prepare: PrepareOptions {
                no_clean: self.no_clean,
            },
            event: EventOptions {
                event_limit: self.event_limit,
                ..self.event.clone()
            },
            corpus: self.corpus.clone(),
            lexicons: self.lexicons.clone(),
        }
    }

    /// The streamed summary's options.
    fn stream_options(&self) -> StreamOptions {
        StreamOptions {
            read: self.read_options(),
            prepare: PrepareOptions {
                no_clean: self.no_clean,
            },
            event: self.event.clone(),
            corpus: self.corpus.clone(),
            event_limit: self.event_limit,
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
            lexicons: Vec::new(),
            output: OutputOptions::default(),
            filter: Filter::NONE,
        }
    }
}

/// Documents analysed at once in summary-only mode.
pub use crate::pipeline::CHUNK_DOCS;

/// Default of [`CompareOptions::event_limit`].
pub use crate::compare::event::DEFAULT_EVENT_LIMIT;

/// An event larger than `--event-limit`, as the terminal note names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LargeEvent {
    pub documents: usize,
    pub outlets: usize,
    pub event_limit: usize,
    /// The input had no event ids: this event is the whole input.
    pub no_event_ids: bool,
}

impl fmt::Display for LargeEvent {
    /// The note that suggests `--summary-only`: a bounded event's report
    /// covers its largest parts on a subset only, while the streamed
    /// summary covers every document in time linear in the text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.no_event_ids {
            write!(
                f,
                "the input has no event ids, so its {} documents from {} outlets were compared as one event, bounded to {} documents for alignment, substitutions and quote groups (--event-limit); --summary-only compares the outlets over every document, streaming the input",
                self.documents, self.outlets, self.event_limit
            )
        } else {
            write!(
                f,
                "an event of {} documents from {} outlets is above --event-limit {} and got a bounded report; --summary-only compares the outlets over every document, streaming the input",
                self.documents, self.outlets, self.event_limit
            )
        }
    }
}

/// What a compare run wrote, for the caller to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunOutcome {
    /// Event folders (and the summary, with several events).
    Full {
        events: usize,
        documents: usize,
        outlets: usize,
        out: PathBuf,
        summary: bool,
        /// The largest event above `--event-limit` (documents, outlets),
        /// and whether the input had no event ids at all: the reason to
        /// suggest `--summary-only`.
        largest_bounded: Option<LargeEvent>,
    },
    /// `--summary-only`: the summary alone, with its notes.
    SummaryOnly {
        documents: usize,
        events: usize,
        outlets: usize,
        out: PathBuf,
        notes: Vec<String>,
    },
}

impl fmt::Display for RunOutcome {
    /// One paragraph for the terminal: what was compared and where the
    /// reports are; in summary-only mode the summary's notes follow, one
    /// `note:` line each.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunOutcome::Full {
                events,
                documents,
                outlets,
                out,
                summary,
                largest_bounded,
            } => {
                write!(
                    f,
                    "framelens: compared {events} event(s), {documents} document(s), {outlets} outlet(s); reports in {}",
                    out.display()
                )?;
                if *summary {
                    write!(f, "; corpus summary in {}", out.join(SUMMARY_DIR).display())?;
                }
                if let Some(large) = largest_bounded {
                    write!(f, "\nnote: {large}")?;
                }
                Ok(())
            }
            RunOutcome::SummaryOnly {
                documents,
                events,
                outlets,
                out,
                notes,
            } => {
                write!(
                    f,
                    "framelens: summarised {documents} document(s) in {events} event(s), {outlets} outlet(s); summary in {}",
                    out.join(SUMMARY_DIR).display()
                )?;
                for n in notes {
                    write!(f, "\nnote: {n}")?;
                }
                Ok(())
            }
        }
    }
}

/// Compare every event of `input` and write the reports to `out`, without
/// a progress display. Returns [`RunOutcome`]'s paragraph followed by the
/// run's warnings, one `warning: ` line each.
pub fn compare_corpus(input: &Path, out: &Path, opts: &CompareOptions) -> Result<String> {
    let mut warnings = Vec::new();
    run_compare(input, out, opts, &NoProgress, &mut warnings).map(|outcome| {
        let mut msg = outcome.to_string();
        for w in &warnings {
            msg.push_str("\nwarning: ");
            msg.push_str(&w.to_string());
        }
        msg
    })
}

/// Run the pipeline on `input` and write its results to `out`, whole or
/// not at all. Warnings are pushed onto `warnings` as they arise, so a
/// caller still has them when the run fails later: a failed run's warnings
/// often explain the failure ("document D has no words" before "no event
/// has two outlets").
pub fn run_compare(
    input: &Path,
    out: &Path,
    opts: &CompareOptions,
    progress: &dyn Progress,
    warnings: &mut Vec<Warning>,
) -> Result<RunOutcome> {
    check_out_folder(input, out, opts.output.force)?;
    // Checked once, before any work: every event and chart uses it.
    let write = opts.write.clone().check()?;
    if opts.summary_only {
        return summary_only(input, out, opts, &write, progress, warnings);
    }
    let run = compare_events(input, &opts.full_options(), progress, warnings)?;
    write_full_run(&run, Some(input), out, opts, &write, progress, warnings)
}

/// Write the results of a full comparison to `out`, whole or not at all,
/// with the warnings of the run on the index page. `input` is the path the
/// run read (`None` for a corpus built in memory), which `out` may not
/// hold. `write` is `opts.write`, checked.
pub fn write_full_run(
    run: &FullRun,
    input: Option<&Path>,
    out: &Path,
    opts: &CompareOptions,
    write: &Valid<WriteOptions>,
    progress: &dyn Progress,
    warnings: &[Warning],
) -> Result<RunOutcome> {
    check_out_folder_of(input, out, opts.output.force)?;
    let reports = &run.reports;

    let staging = Staging::beside(out)?;
    let dirs = unique_folder_names(reports.iter().map(|r| r.event.as_str()), &TOP_LEVEL);
    progress.start(Stage::Writing, reports.len() as u64);
    reports
        .par_iter()
        .map(|r| {
            let dir = staging.path().join(&dirs[&r.event]);
            let res = write_event(r, &dir, write).map(|_| ());
            progress.advance(1);
            res
        })
        .collect::<Result<Vec<()>>>()?;
    progress.finish();
    if let Some(s) = &run.summary {
        // The summary page searches the events' words as the index does.
        let search =
            super::explorer::index_json(reports, |r| format!("../{}/report.html", dirs[&r.event]))?;
        write_summary_searchable(
            s,
            &staging.path().join(SUMMARY_DIR),
            &write.chart(),
            write.top,
            Some(search),
        )?;
        write_learned_concepts(reports, input, &staging.path().join(SUMMARY_DIR))?;
    }
    let lines: Vec<String> = warnings.iter().map(Warning::to_string).collect();
    write_index(staging.path(), reports, &dirs, &lines, run.summary.as_ref())?;
    // Again: the user may have put a file into `out` while the run worked.
    check_out_folder_of(input, out, opts.output.force)?;
    staging.finish(out, &opts.output.command)?;
    Ok(RunOutcome::Full {
        events: reports.len(),
        documents: run.documents,
        outlets: run.outlets.len(),
        out: out.to_path_buf(),
        summary: run.summary.is_some(),
        largest_bounded: reports
            .iter()
            .filter_map(|r| r.bounded.as_ref().map(|b| (r, b)))
            .max_by_key(|(_, b)| b.documents)
            .map(|(r, b)| LargeEvent {
                documents: b.documents,
                outlets: b.outlets,
                event_limit: b.event_limit,
                no_event_ids: reports.len() == 1 && r.event.is_empty(),
            }),
    })
}

/// `summary/learned_concepts.toml`: the substitution pairs that recur over
/// events, as a lexicon (see [`crate::compare::learned`]); not written
/// when no pair recurs often enough.
fn write_learned_concepts(reports: &[EventReport], input: Option<&Path>, dir: &Path) -> Result<()> {
    let mut learner = ConceptLearner::new();
    for r in reports {
        learner.add(&r.event, &r.substitutions);
    }
    let pairs = learner.learned(learned::DEFAULT_MIN_EVENTS);
    // No file without a pair: a lexicon without entries does not load.
    if pairs.is_empty() {
        return Ok(());
    }
    let source = input.map_or_else(|| "the corpus".to_string(), |p| p.display().to_string());
    let text = learned_toml(&pairs, &source, learned::DEFAULT_MIN_EVENTS)?;
    write_atomic(&dir.join(learned::FILE_NAME), text.as_bytes())
}

/// Name of the summary folder inside the output folder.
pub const SUMMARY_DIR: &str = "summary";

/// What the output folder holds beside the event folders: no event may be
/// given one of these names (in any case).
const TOP_LEVEL: [&str; 4] = ["index.html", "index.md", SUMMARY_DIR, MARKER];

/// Stream the input and write only the summary.
fn summary_only(
    input: &Path,
    out: &Path,
    opts: &CompareOptions,
    write: &Valid<WriteOptions>,
    progress: &dyn Progress,
    warnings: &mut Vec<Warning>,
) -> Result<RunOutcome> {
    let run = summarise_stream(input, &opts.stream_options(), progress, warnings)?;
    let summary = run.summary;
    let staging = Staging::beside(out)?;
    write_summary(
        &summary,
        &staging.path().join(SUMMARY_DIR),
        &write.chart(),
        write.top,
    )?;
    // The read's warnings (what a filter kept, skipped records), then how
    // events were handled.
    let mut lines: Vec<String> = warnings.iter().map(Warning::to_string).collect();
    lines.extend(summary.notes.iter().cloned());
    write_index(
        staging.path(),
        &[],
        &BTreeMap::new(),
        &lines,
        Some(&summary),
    )?;
    // Again: the user may have put a file into `out` while the run worked.
    check_out_folder(input, out, opts.output.force)?;
    staging.finish(out, &opts.output.command)?;
    Ok(RunOutcome::SummaryOnly {
        documents: run.documents,
        events: summary.events,
        outlets: run.outlets.len(),
        out: out.to_path_buf(),
        notes: summary.notes.clone(),
    })
}

fn write_index(
    dir: &Path,
    reports: &[EventReport],
    dirs: &BTreeMap<String, String>,
    warnings: &[String],
    summary: Option<&CorpusSummary>,
) -> Result<()> {
    let mut page = Page::new("framelens: how the outlets worded each event");
    if !reports.is_empty() {
        // The explorer: events searchable, a term counted across them.
        page.data = Some(super::explorer::index_json(reports, |r| {
            format!("{}/report.html", dirs[&r.event])
        })?);
        page.push(Block::Panel("search".into()));
    }
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
    let mut t = Table::new(["event", "outlets", "headline findings"]).keyed("events", &[]);
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
            r.findings
                .iter()
                .take(2)
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
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
