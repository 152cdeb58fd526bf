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
        largest_bounded: largest_bounded(reports),
    })
}

/// The largest event above `--event-limit`, for the terminal's note.
fn largest_bounded(reports: &[EventReport]) -> Option<LargeEvent> {
    reports
        .iter()
        .filter_map(|r| r.bounded.as_ref().map(|b| (r, b)))
        .max_by_key(|(_, b)| b.documents)
        .map(|(r, b)| LargeEvent {
            documents: b.documents,
            outlets: b.outlets,
            event_limit: b.event_limit,
            no_event_ids: reports.len() == 1 && r.event.is_empty(),
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

/// Write the output folder's `index.html` and `index.md` into `dir`: the
/// events (`reports`, each in its folder of `dirs`) searchable and linked
/// with their headline findings, the link to the corpus summary, and the
/// run's warnings (or, without events, its notes). Public so that a run
/// assembled elsewhere (the Python package's Spark job) writes the
/// command line's index byte for byte.
pub fn write_index(
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

/// One event of a full comparison compared and rendered apart from the
/// others (by a Spark task, say): its report folder's files and what the
/// run's index and summary need of it. [`render_event`] makes it,
/// [`RenderedRun::add`] writes it into a run's output folder.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedEvent {
    pub event: String,
    /// Documents given (those with no words included).
    pub documents: usize,
    /// Outlet ids of the documents given, sorted.
    pub outlets: Vec<String>,
    /// The warnings of documents with no words after cleaning, each with
    /// the document's place in the corpus (the run lists them in corpus
    /// order, as `compare` does).
    pub empty: Vec<(u64, String)>,
    /// The event's report without its evidence matches and with its
    /// sentences' words only (what the index and summary read), `None`
    /// when fewer than two outlets have words.
    pub report: Option<EventReport>,
    /// The warning of an event left out for having one outlet.
    pub single_outlet: Option<String>,
    /// The report folder: path inside it (`/`-separated) and bytes, sorted.
    pub files: Vec<(String, Vec<u8>)>,
}

/// The first bytes of a [`RenderedEvent`] as bytes.
const RENDERED_MAGIC: &[u8; 4] = b"FLRE";

/// What [`RenderedEvent::to_bytes`] puts before the files.
#[derive(serde::Serialize, serde::Deserialize)]
struct RenderedHead {
    event: String,
    documents: usize,
    outlets: Vec<String>,
    empty: Vec<(u64, String)>,
    report: Option<EventReport>,
    texts: Option<crate::compare::event_texts::EventTexts>,
    single_outlet: Option<String>,
    files: Vec<(String, u64)>,
}

impl RenderedEvent {
    /// The event as bytes, to cross a process boundary: [`RENDERED_MAGIC`],
    /// a version, the length of a zlib-compressed JSON head (everything but
    /// the files' bytes, the report with its sentences), the head, then
    /// the files' bytes one after another.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let what = "rendered event";
        let head = RenderedHead {
            event: self.event.clone(),
            documents: self.documents,
            outlets: self.outlets.clone(),
            empty: self.empty.clone(),
            report: self.report.clone(),
            texts: self.report.as_ref().map(|r| r.texts.clone()),
            single_outlet: self.single_outlet.clone(),
            files: self
                .files
                .iter()
                .map(|(p, b)| (p.clone(), b.len() as u64))
                .collect(),
        };
        let json =
            serde_json::to_vec(&head).map_err(|e| crate::Error::input(what, e.to_string()))?;
        let head = miniz_oxide::deflate::compress_to_vec_zlib(&json, 1);
        let body: usize = self.files.iter().map(|(_, b)| b.len()).sum();
        let mut out = Vec::with_capacity(16 + head.len() + body);
        out.extend_from_slice(RENDERED_MAGIC);
        out.extend_from_slice(&crate::pipeline::counts::VERSION.to_le_bytes());
        out.extend_from_slice(&(head.len() as u64).to_le_bytes());
        out.extend_from_slice(&head);
        for (_, b) in &self.files {
            out.extend_from_slice(b);
        }
        Ok(out)
    }

    /// Read what [`RenderedEvent::to_bytes`] wrote; `context` names the
    /// source in errors.
    pub fn from_bytes(bytes: &[u8], context: &str) -> Result<RenderedEvent> {
        let bad = |m: &str| crate::Error::input(context.to_string(), m.to_string());
        let version = crate::pipeline::counts::VERSION;
        if bytes.len() < 16 || &bytes[..4] != RENDERED_MAGIC {
            return Err(bad("not a framelens rendered event"));
        }
        if bytes[4..8] != version.to_le_bytes() {
            return Err(bad("a rendered event of another framelens version"));
        }
        let mut n = [0u8; 8];
        n.copy_from_slice(&bytes[8..16]);
        let head_len =
            usize::try_from(u64::from_le_bytes(n)).map_err(|_| bad("damaged rendered event"))?;
        let head_end = 16usize
            .checked_add(head_len)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| bad("damaged rendered event (cut short)"))?;
        let json = miniz_oxide::inflate::decompress_to_vec_zlib(&bytes[16..head_end])
            .map_err(|_| bad("damaged rendered event"))?;
        let head: RenderedHead = serde_json::from_slice(&json)
            .map_err(|e| bad(&format!("damaged rendered event ({e})")))?;
        let mut at = head_end;
        let mut files = Vec::with_capacity(head.files.len());
        for (path, len) in head.files {
            let end = usize::try_from(len)
                .ok()
                .and_then(|l| at.checked_add(l))
                .filter(|&e| e <= bytes.len())
                .ok_or_else(|| bad("damaged rendered event (cut short)"))?;
            files.push((path, bytes[at..end].to_vec()));
            at = end;
        }
        if at != bytes.len() {
            return Err(bad("damaged rendered event (trailing bytes)"));
        }
        let report = head.report.map(|r| EventReport {
            texts: head.texts.unwrap_or_default(),
            ..r
        });
        Ok(RenderedEvent {
            event: head.event,
            documents: head.documents,
            outlets: head.outlets,
            empty: head.empty,
            report,
            single_outlet: head.single_outlet,
            files,
        })
    }
}

/// Compare the documents of one event (`docs`, in corpus order, each with
/// its place in the corpus) as a full `compare` run compares it: cleaned
/// with `learned`, the boilerplate learned over the whole corpus (so the
/// cleaning is the single run's), compared with `opts` (its
/// `event_limit` bounds a large event's report, as in the command line)
/// and rendered into a report folder, returned as files. `opts.filter`,
/// reading and output options play no part.
pub fn render_event(
    docs: Vec<(u64, crate::corpus::Document)>,
    learned: &crate::clean::Learned,
    opts: &CompareOptions,
) -> Result<RenderedEvent> {
    use crate::compare::event::compare_event;
    use crate::lexicon::builtin::with_user_lexicons;
    use crate::lexicon::matcher::Matcher;

    let write = opts.write.clone().check()?;
    let Some(event) = docs.first().map(|(_, d)| d.event.clone()) else {
        return Err(crate::Error::input("rendered event", "no documents"));
    };
    if let Some((_, d)) = docs.iter().find(|(_, d)| d.event != event) {
        return Err(crate::Error::input(
            "rendered event",
            format!(
                "documents of two events given as one (`{event}` and `{}`)",
                d.event
            ),
        ));
    }
    let documents = docs.len();
    let mut outlets: Vec<String> = docs.iter().map(|(_, d)| d.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    let (places, docs): (Vec<u64>, Vec<_>) = docs.into_iter().unzip();
    let full = opts.full_options();
    let cleaner = full.prepare.cleaner();
    let prepared = crate::pipeline::prepare_learned(docs, &cleaner, learned, &NoProgress);
    let mut empty = Vec::new();
    for (place, p) in places.iter().zip(&prepared) {
        if p.analyzed.tokens.is_empty() {
            let w = Warning::EmptyDocument {
                source: p.doc.source.clone(),
                id: p.doc.id.clone(),
            };
            empty.push((*place, w.to_string()));
        }
    }
    let kept: Vec<&crate::pipeline::Prepared> = prepared
        .iter()
        .filter(|p| !p.analyzed.tokens.is_empty())
        .collect();
    let mut with_words: Vec<&str> = kept.iter().map(|p| p.doc.outlet.as_str()).collect();
    with_words.sort_unstable();
    with_words.dedup();
    if with_words.len() < 2 {
        // An event none of whose documents has words is not named at all,
        // as in the full run.
        let single_outlet = (!kept.is_empty()).then(|| {
            Warning::SingleOutletEvent {
                event: event.clone(),
                outlet: with_words.first().copied().unwrap_or("none").to_string(),
            }
            .to_string()
        });
        return Ok(RenderedEvent {
            event,
            documents,
            outlets,
            empty,
            report: None,
            single_outlet,
            files: Vec::new(),
        });
    }
    let lexicons = with_user_lexicons(&full.lexicons)?;
    let matcher = Matcher::new(&lexicons);
    let fallback = crate::text::shared_analyzer(None);
    let mut report = compare_event(&event, &kept, &lexicons, &matcher, fallback, &full.event)?;
    report.filter = None;
    let dir = tempfile::tempdir().map_err(|e| crate::Error::io(std::env::temp_dir(), e))?;
    let folder = dir.path().join("event");
    write_event(&report, &folder, &write)?;
    let files = read_folder(&folder)?;
    // What the index and summary do not read stays out of the bytes.
    report.matches = Vec::new();
    for o in &mut report.texts.outlets {
        for s in &mut o.sentences {
            s.t = String::new();
            s.q = Vec::new();
        }
    }
    Ok(RenderedEvent {
        event,
        documents,
        outlets,
        empty,
        report: Some(report),
        single_outlet: None,
        files,
    })
}

/// Every file under `root`: path inside it (`/`-separated) and bytes,
/// sorted by path.
fn read_folder(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(&dir).map_err(|e| crate::Error::io(&dir, e))? {
            let e = e.map_err(|e| crate::Error::io(&dir, e))?;
            let p = e.path();
            let kind = e.file_type().map_err(|e| crate::Error::io(&p, e))?;
            if kind.is_dir() {
                todo.push(p);
                continue;
            }
            let rel = crate::output::slash_path(root, &p);
            let bytes = std::fs::read(&p).map_err(|e| crate::Error::io(&p, e))?;
            out.push((rel, bytes));
        }
    }
    out.sort();
    Ok(out)
}

/// A full comparison's output folder assembled from events rendered apart
/// ([`render_event`]): each event's files are written into the staging
/// folder as the event arrives (so only the slim reports stay in memory),
/// and [`RenderedRun::finish`] names the event folders, writes the corpus
/// summary and the index, and puts the folder in place: the folder
/// `framelens compare --out` writes for the same corpus.
pub struct RenderedRun {
    out: PathBuf,
    opts: CompareOptions,
    write: Valid<WriteOptions>,
    staging: Staging,
    /// Slim reports with the staging subfolder holding their files.
    reports: Vec<(EventReport, PathBuf)>,
    events: BTreeMap<String, ()>,
    empty: Vec<(u64, String)>,
    single: Vec<(String, String)>,
    documents: usize,
    outlets: std::collections::BTreeSet<String>,
}

/// The staging subfolder of events not yet named (no event folder starts
/// with a dot).
const PARTS_DIR: &str = ".events";

impl RenderedRun {
    /// Start writing a run to `out` (refused as `compare` refuses it; the
    /// corpus is in memory, so there is no input path to protect).
    pub fn new(out: &Path, opts: &CompareOptions) -> Result<RenderedRun> {
        let write = opts.write.clone().check()?;
        check_out_folder_of(None, out, opts.output.force)?;
        let staging = Staging::beside(out)?;
        Ok(RenderedRun {
            out: out.to_path_buf(),
            opts: opts.clone(),
            write,
            staging,
            reports: Vec::new(),
            events: BTreeMap::new(),
            empty: Vec::new(),
            single: Vec::new(),
            documents: 0,
            outlets: Default::default(),
        })
    }

    /// Write one event's files into the staging folder and keep its slim
    /// report. Every event of the corpus must come once.
    pub fn add(&mut self, e: RenderedEvent) -> Result<()> {
        if self.events.insert(e.event.clone(), ()).is_some() {
            return Err(crate::Error::input(
                "rendered events",
                format!(
                    "event `{}` was given twice (its documents must be compared together)",
                    e.event
                ),
            ));
        }
        self.documents += e.documents;
        self.outlets.extend(e.outlets);
        self.empty.extend(e.empty);
        if let Some(w) = e.single_outlet {
            self.single.push((e.event.clone(), w));
        }
        let Some(report) = e.report else {
            return Ok(());
        };
        let dir = self
            .staging
            .path()
            .join(PARTS_DIR)
            .join(self.reports.len().to_string());
        for (rel, bytes) in &e.files {
            let path = rel
                .split('/')
                .filter(|c| !c.is_empty() && *c != "." && *c != "..")
                .fold(dir.clone(), |p, c| p.join(c));
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| crate::Error::io(parent, e))?;
            }
            write_atomic(&path, bytes)?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
        self.reports.push((report, dir));
        Ok(())
    }

    /// Name the event folders, write the corpus summary (with two events
    /// or more; from `tables`, the merged count tables of the whole
    /// corpus, and the events' measures) and the index, and put the
    /// folder in the place of `out`.
    pub fn finish(
        mut self,
        tables: Option<&crate::pipeline::counts::Tables>,
    ) -> Result<RunOutcome> {
        let context = || "the documents".to_string();
        let outlets: Vec<String> = self.outlets.iter().cloned().collect();
        if outlets.len() < 2 {
            return Err(crate::Error::TooFewOutlets {
                context: context(),
                shortage: crate::error::TooFew::Input {
                    outlet: outlets.first().cloned(),
                },
            });
        }
        if self.reports.is_empty() {
            return Err(crate::Error::TooFewOutlets {
                context: context(),
                shortage: crate::error::TooFew::Events,
            });
        }
        self.reports.sort_by(|a, b| a.0.event.cmp(&b.0.event));
        let dirs = unique_folder_names(self.reports.iter().map(|r| r.0.event.as_str()), &TOP_LEVEL);
        for (r, part) in &self.reports {
            let to = self.staging.path().join(&dirs[&r.event]);
            std::fs::rename(part, &to).map_err(|e| crate::Error::io(&to, e))?;
        }
        let parts = self.staging.path().join(PARTS_DIR);
        std::fs::remove_dir_all(&parts).map_err(|e| crate::Error::io(&parts, e))?;
        let reports: Vec<EventReport> = self.reports.into_iter().map(|(r, _)| r).collect();
        let summary = if self.events.len() >= 2 {
            let Some(tables) = tables else {
                return Err(crate::Error::input(
                    "rendered events",
                    "the corpus summary of several events needs the count tables",
                ));
            };
            let events = reports
                .iter()
                .map(|r| (r.event.as_str(), &r.similarity, &r.substitutions));
            Some(crate::pipeline::counts::summarise_events(
                tables,
                events,
                &self.opts.corpus,
            )?)
        } else {
            None
        };
        if let Some(s) = &summary {
            let search = super::explorer::index_json(&reports, |r| {
                format!("../{}/report.html", dirs[&r.event])
            })?;
            let dir = self.staging.path().join(SUMMARY_DIR);
            write_summary_searchable(s, &dir, &self.write.chart(), self.write.top, Some(search))?;
            write_learned_concepts(&reports, None, &dir)?;
        }
        // As `compare`: documents without words in corpus order, then the
        // single-outlet events in event order.
        self.empty.sort_by_key(|(place, _)| *place);
        self.single.sort();
        let lines: Vec<String> = self
            .empty
            .into_iter()
            .map(|(_, w)| w)
            .chain(self.single.into_iter().map(|(_, w)| w))
            .collect();
        write_index(
            self.staging.path(),
            &reports,
            &dirs,
            &lines,
            summary.as_ref(),
        )?;
        check_out_folder_of(None, &self.out, self.opts.output.force)?;
        self.staging.finish(&self.out, &self.opts.output.command)?;
        Ok(RunOutcome::Full {
            events: reports.len(),
            documents: self.documents,
            outlets: outlets.len(),
            out: self.out.clone(),
            summary: summary.is_some(),
            largest_bounded: largest_bounded(&reports),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_without_report() -> RenderedEvent {
        RenderedEvent {
            event: "e1".into(),
            documents: 2,
            outlets: vec!["a".into(), "b".into()],
            empty: vec![(
                7,
                "DataFrame:2: document 2 has no words after cleaning; it is left out".into(),
            )],
            report: None,
            single_outlet: Some(
                "event \"e1\" has only one outlet (a); it is left out of the per-event comparison"
                    .into(),
            ),
            files: vec![
                ("report.md".into(), b"# e1\n".to_vec()),
                ("x/y.csv".into(), Vec::new()),
            ],
        }
    }

    #[test]
    fn rendered_events_cross_as_bytes_unchanged() {
        let e = event_without_report();
        let bytes = e.to_bytes().unwrap();
        assert_eq!(RenderedEvent::from_bytes(&bytes, "test").unwrap(), e);
    }

    #[test]
    fn damaged_rendered_events_are_refused_with_a_message() {
        let bytes = event_without_report().to_bytes().unwrap();
        for (cut, what) in [(3, "not a framelens"), (bytes.len() - 1, "cut short")] {
            let err = RenderedEvent::from_bytes(&bytes[..cut], "test").unwrap_err();
            assert!(err.to_string().contains(what), "{err}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        let err = RenderedEvent::from_bytes(&longer, "test").unwrap_err();
        assert!(err.to_string().contains("trailing bytes"), "{err}");
    }

    #[test]
    fn an_event_given_twice_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut run =
            RenderedRun::new(&dir.path().join("out"), &CompareOptions::default()).unwrap();
        run.add(event_without_report()).unwrap();
        let err = run.add(event_without_report()).unwrap_err();
        assert!(err.to_string().contains("given twice"), "{err}");
    }
}
