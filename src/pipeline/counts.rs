//! Mergeable count tables of the corpus summary (`compare --summary-only`).
//!
//! A corpus too big for one process is cut into parts (shards, Spark
//! partitions). Each part is reduced to [`Tables`] by [`build_tables`] (or
//! a [`TablesBuilder`] fed chunk by chunk); tables merge by addition
//! ([`Tables::merge`], in any order), and [`summarise`] computes the summary
//! from the merged tables. The streamed summary of one process is the same
//! code with the whole input as part 0, so the merged result is byte for
//! byte the single-process one. What the tables hold is documented in
//! `docs/count-tables.md`:
//!
//! - per document (in input order, by [`Key`]): event, outlet, scalar labels,
//!   tokens by voice, non-zero lexicon-category counts by voice and, on
//!   annotated inputs, per-sentence scores. The corpus tests permute whole
//!   documents within events, so these rows stay per document (a few dozen
//!   numbers each, never the text);
//! - per grouping column (the outlet, each label) and value: content-term
//!   counts, merged by addition;
//! - per run of consecutive documents of one event: the event-level
//!   measures (similarity, substitutions), which need the whole event.
//!   A run inside a part is measured there; a run that touches either end
//!   of its part may go on in the next part, so its cleaned documents (at
//!   most the event limit) are kept and it is measured once the parts are
//!   joined.
//!
//! Boilerplate cleaning learns each outlet's repeated lines over the whole
//! corpus first: learn per part with [`learn_part`], merge the
//! [`Learner`]s ([`Learner::merge`]), finish, and build every part's tables
//! with the same [`Learned`]. Learners and what they learned cross
//! process boundaries as bytes ([`learner_to_bytes`], [`learned_to_bytes`]);
//! on a cluster the learners are merged bucket by bucket
//! ([`Learner::split`]) so that no machine holds every distinct line.

use super::prepare::{analyzer_for, PrepareOptions};
use super::progress::{NoProgress, Progress};
use crate::clean::{Cleaned, Cleaner, Learned, Learner};
use crate::compare::align::align_sentences;
use crate::compare::closeness::{similarity_matrices, SimilarityMatrices};
use crate::compare::corpus::{
    sentence_scores, tally_document, CorpusAccumulator, CorpusOptions, CorpusSummary, DocTally,
    SentenceScore, MAX_LABEL_VALUES,
};
use crate::compare::event::{document_bound, outlet_texts, EventOptions, DEFAULT_EVENT_LIMIT};
use crate::compare::substitutions::{find_substitutions, SubstitutionPair, Substitutions};
use crate::corpus::Document;
use crate::hash::FxHashMap;
use crate::lexicon::builtin::builtins;
use crate::lexicon::matcher::Matcher;
use crate::text::{AnalyzedDoc, Prepared};
use crate::{Error, Result};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The `format` field of every serialised table.
pub const FORMAT: &str = "framelens-count-tables";
/// The table layout's version; a reader refuses any other.
pub const VERSION: u32 = 1;
/// The first bytes of a serialised table file (`.flc`).
pub const MAGIC: &[u8; 4] = b"FLCT";
/// The first bytes of a serialised boilerplate [`Learner`].
pub const LEARNER_MAGIC: &[u8; 4] = b"FLCL";
/// The first bytes of serialised [`Learned`] boilerplate.
pub const LEARNED_MAGIC: &[u8; 4] = b"FLCB";

/// Where a document stands in the corpus: (part, index within the part).
/// Parts are numbered in input order; the summary folds documents in key
/// order, which is the input order of the single-process run.
pub type Key = (u64, u64);

/// The counts of one document (one with words after cleaning).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocRow {
    pub key: Key,
    pub event: String,
    pub outlet: String,
    /// Scalar labels (name, value as written).
    pub labels: Vec<(String, String)>,
    /// Tokens per voice (own, quoted, all).
    pub tokens: [u64; 3],
    /// (category index, matches per voice), non-zero categories only.
    pub counts: Vec<(u32, [u64; 3])>,
    /// (annotated, tokens, loaded) of each sentence of an annotated input
    /// (see [`crate::compare::corpus::sentence_scores`]); empty otherwise.
    pub sentences: Vec<(bool, usize, usize)>,
}

/// Term counts of one grouping column.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ColumnTerms {
    /// More than [`MAX_LABEL_VALUES`] values: not a grouping, not counted.
    pub dropped: bool,
    /// Value -> term id (into [`Tables::vocab`]) -> count.
    pub values: BTreeMap<String, FxHashMap<u32, u64>>,
}

/// A cleaned document of a run kept for measuring later (its raw text is
/// not kept: only the cleaned text is analysed).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeptDoc {
    pub doc: Document,
    pub cleaned: Cleaned,
}

/// What is known of a run's event-level measures.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum RunMeasures {
    /// The run touches an end of its part and may continue in the next:
    /// its documents, measured when the parts are joined.
    Open(Vec<KeptDoc>),
    /// More documents than the event limit: not measured.
    TooLarge,
    /// One outlet only: nothing to compare.
    OneOutlet,
    /// Measured within its part.
    Measured {
        similarity: SimilarityMatrices,
        /// The aggregated pairs (the instances are not needed).
        substitutions: Vec<SubstitutionPair>,
        /// The bounds on document size cut its alignment.
        bounded: bool,
    },
}

/// Consecutive documents (with words) of one event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Run {
    pub event: String,
    pub first: Key,
    pub last: Key,
    pub documents: usize,
    pub measures: RunMeasures,
}

/// The count tables of one part of a corpus, or of several merged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tables {
    pub format: String,
    pub version: u32,
    /// (lexicon, category) in matcher order: the columns of
    /// [`DocRow::counts`].
    pub categories: Vec<(String, String)>,
    /// The event limit the runs were measured under.
    pub event_limit: usize,
    /// Parts folded in.
    pub parts: BTreeSet<u64>,
    /// Outlets of every document read, with words or not.
    pub outlets: BTreeSet<String>,
    /// Documents with no words after cleaning (left out).
    pub empty: usize,
    pub docs: Vec<DocRow>,
    /// Term ids -> term.
    pub vocab: Vec<String>,
    /// `outlet`, or `label:<name>` -> term counts per value.
    pub terms: BTreeMap<String, ColumnTerms>,
    pub runs: Vec<Run>,
    #[serde(skip)]
    index: FxHashMap<String, u32>,
}

impl Tables {
    /// Empty tables of `part`, for the categories of `matcher`.
    pub fn new(part: u64, matcher: &Matcher, event_limit: usize) -> Tables {
        Tables {
            format: FORMAT.to_string(),
            version: VERSION,
            categories: matcher
                .categories()
                .iter()
                .map(|c| (c.lexicon.clone(), c.name.clone()))
                .collect(),
            event_limit,
            parts: BTreeSet::from([part]),
            outlets: BTreeSet::new(),
            empty: 0,
            docs: Vec::new(),
            vocab: Vec::new(),
            terms: BTreeMap::new(),
            runs: Vec::new(),
            index: FxHashMap::default(),
        }
    }

    /// Documents with words folded in.
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    fn term_id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.index.get(term) {
            return id;
        }
        let id = self.vocab.len() as u32;
        self.vocab.push(term.to_string());
        self.index.insert(term.to_string(), id);
        id
    }

    /// Fold the counts of one document.
    fn add_doc(&mut self, key: Key, t: &DocTally, sentences: &[SentenceScore]) {
        let ids: Vec<u32> = t.terms.iter().map(|(term, _)| self.term_id(term)).collect();
        let add = |col: &mut ColumnTerms, value: &str| {
            if col.dropped {
                return;
            }
            if !col.values.contains_key(value) && col.values.len() >= MAX_LABEL_VALUES {
                col.dropped = true;
                col.values.clear();
                return;
            }
            let m = col.values.entry(value.to_string()).or_default();
            for (id, (_, n)) in ids.iter().zip(&t.terms) {
                *m.entry(*id).or_default() += n;
            }
        };
        let outlet = self.terms.entry("outlet".to_string()).or_default();
        // The outlet is a grouping whatever its number of values.
        let m = outlet.values.entry(t.outlet.clone()).or_default();
        for (id, (_, n)) in ids.iter().zip(&t.terms) {
            *m.entry(*id).or_default() += n;
        }
        for (name, value) in &t.labels {
            let col = self.terms.entry(format!("label:{name}")).or_default();
            add(col, value);
        }
        self.docs.push(DocRow {
            key,
            event: t.event.clone(),
            outlet: t.outlet.clone(),
            labels: t.labels.clone(),
            tokens: t.tokens,
            counts: t
                .counts
                .iter()
                .enumerate()
                .filter(|(_, c)| c.iter().any(|&x| x > 0))
                .map(|(k, c)| (k as u32, *c))
                .collect(),
            sentences: sentences
                .iter()
                .map(|s| (s.annotated, s.tokens, s.loaded))
                .collect(),
        });
    }

    /// Fold `other` in: counts add up, rows and runs join. Tables of the
    /// same corpus built with the same options merge in any order to the
    /// same result; parts must not repeat.
    pub fn merge(&mut self, other: Tables) -> Result<()> {
        other.check_format()?;
        if other.categories != self.categories {
            return Err(Error::input(
                "count tables",
                "the tables were built with different lexicon categories",
            ));
        }
        if other.event_limit != self.event_limit {
            return Err(Error::input(
                "count tables",
                format!(
                    "the tables were built with different event limits ({} and {})",
                    self.event_limit, other.event_limit
                ),
            ));
        }
        if let Some(p) = other.parts.intersection(&self.parts).next() {
            return Err(Error::input(
                "count tables",
                format!("part {p} is in both tables (each part may be merged once)"),
            ));
        }
        self.parts.extend(other.parts);
        self.outlets.extend(other.outlets);
        self.empty += other.empty;
        self.docs.extend(other.docs);
        self.runs.extend(other.runs);
        let remap: Vec<u32> = other.vocab.iter().map(|t| self.term_id(t)).collect();
        for (column, theirs) in other.terms {
            let mine = self.terms.entry(column.clone()).or_default();
            if mine.dropped {
                continue;
            }
            if theirs.dropped {
                *mine = ColumnTerms {
                    dropped: true,
                    values: BTreeMap::new(),
                };
                continue;
            }
            for (value, counts) in theirs.values {
                let m = mine.values.entry(value).or_default();
                for (id, n) in counts {
                    let id = remap.get(id as usize).copied().unwrap_or(id);
                    *m.entry(id).or_default() += n;
                }
            }
            if column != "outlet" && mine.values.len() > MAX_LABEL_VALUES {
                *mine = ColumnTerms {
                    dropped: true,
                    values: BTreeMap::new(),
                };
            }
        }
        Ok(())
    }

    fn check_format(&self) -> Result<()> {
        if self.format != FORMAT || self.version != VERSION {
            return Err(Error::input(
                "count tables",
                format!(
                    "not framelens count tables of version {VERSION} (format `{}`, version {})",
                    self.format, self.version
                ),
            ));
        }
        Ok(())
    }

    /// The serialised tables: [`MAGIC`], the version as 4 bytes
    /// little-endian, then the tables as zlib-compressed JSON.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let json =
            serde_json::to_vec(self).map_err(|e| Error::input("count tables", e.to_string()))?;
        let mut out = Vec::with_capacity(json.len() / 4 + 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&miniz_oxide::deflate::compress_to_vec_zlib(&json, 1));
        Ok(out)
    }

    /// Read tables written by [`Tables::to_bytes`]; `context` names the
    /// source in errors.
    pub fn from_bytes(bytes: &[u8], context: &str) -> Result<Tables> {
        let bad = |m: String| Error::input(context.to_string(), m);
        if bytes.len() < 8 || &bytes[..4] != MAGIC {
            return Err(bad("not a framelens count-table file".into()));
        }
        let version = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
        if version != VERSION {
            return Err(bad(format!(
                "count tables of version {version}; this framelens reads version {VERSION}"
            )));
        }
        let json = miniz_oxide::inflate::decompress_to_vec_zlib(&bytes[8..])
            .map_err(|e| bad(format!("damaged count tables ({e:?})")))?;
        let mut t: Tables = serde_json::from_slice(&json)
            .map_err(|e| bad(format!("damaged count tables ({e})")))?;
        t.check_format()?;
        t.index = t
            .vocab
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i as u32))
            .collect();
        if t.index.len() != t.vocab.len() {
            return Err(bad("damaged count tables (a term repeats)".into()));
        }
        Ok(t)
    }
}

/// The run being read.
struct OpenRun {
    event: String,
    first: Key,
    last: Key,
    documents: usize,
    /// Up to the event limit, each with whether its speakers are named;
    /// emptied past it.
    docs: Vec<(Prepared, bool)>,
    /// Kept open when it ends: the part's first run (it may continue the
    /// previous part's) or its last (it may go on in the next).
    keep_open: bool,
}

/// A document counted: the document, whether its speakers are named, and
/// its counts.
type Counted = (Prepared, bool, (DocTally, Vec<SentenceScore>));

/// Builds the tables of one part from its documents, chunk by chunk, in
/// input order.
pub struct TablesBuilder<'a> {
    tables: Tables,
    part: u64,
    next: u64,
    matcher: &'a Matcher,
    cleaner: Cleaner,
    learned: &'a Learned,
    event: EventOptions,
    run: Option<OpenRun>,
    /// A run has been closed: later runs are not the part's first.
    closed_any: bool,
}

impl<'a> TablesBuilder<'a> {
    /// A builder for `part`, cleaning with `learned` (learned over the
    /// whole corpus) and measuring events up to `event_limit` documents.
    pub fn new(
        part: u64,
        matcher: &'a Matcher,
        prepare: PrepareOptions,
        learned: &'a Learned,
        event: &EventOptions,
        event_limit: usize,
    ) -> Self {
        TablesBuilder {
            tables: Tables::new(part, matcher, event_limit),
            part,
            next: 0,
            matcher,
            cleaner: prepare.cleaner(),
            learned,
            event: event.clone(),
            run: None,
            closed_any: false,
        }
    }

    /// Clean, analyse and count the next documents of the part.
    ///
    /// Cleaning, analysis and counting run in one parallel pass. The
    /// counts need each token's voice, not who spoke a quote, so speakers
    /// are named only for the documents of a run that is measured (see
    /// [`Analyzer::analyze_unattributed`](crate::text::Analyzer::analyze_unattributed)).
    pub fn add_documents(&mut self, docs: Vec<Document>, progress: &dyn Progress) -> Result<()> {
        let (cleaner, learned, matcher) = (&self.cleaner, self.learned, self.matcher);
        let counted: Vec<_> = docs
            .into_par_iter()
            .map(|doc| {
                let cleaned = cleaner.clean_with(&doc, learned);
                let analyzer = analyzer_for(&doc);
                let analyzed = analyzer.analyze_unattributed(&cleaned.text);
                let p = Prepared {
                    doc,
                    cleaned,
                    analyzed,
                };
                let t = tally_document(&p, matcher);
                let s = sentence_scores(&p.doc.labels, analyzer, matcher);
                progress.advance(1);
                (p, false, (t, s))
            })
            .collect();
        self.fold(counted)
    }

    /// Count the next documents of the part, already prepared (cleaned
    /// with the corpus' learned boilerplate and analysed).
    pub fn add_prepared(&mut self, prepared: Vec<Prepared>) -> Result<()> {
        let matcher = self.matcher;
        let counted: Vec<_> = prepared
            .into_par_iter()
            .map(|p| {
                let t = tally_document(&p, matcher);
                let s = sentence_scores(&p.doc.labels, analyzer_for(&p.doc), matcher);
                (p, true, (t, s))
            })
            .collect();
        self.fold(counted)
    }

    /// Fold counted documents in input order.
    fn fold(&mut self, counted: Vec<Counted>) -> Result<()> {
        let limit = self.tables.event_limit;
        let mut closed = Vec::new();
        for (p, attributed, (t, s)) in counted {
            let key = (self.part, self.next);
            self.next += 1;
            if !self.tables.outlets.contains(&p.doc.outlet) {
                self.tables.outlets.insert(p.doc.outlet.clone());
            }
            if p.analyzed.tokens.is_empty() {
                self.tables.empty += 1;
                continue;
            }
            self.tables.add_doc(key, &t, &s);
            let same = self.run.as_ref().map(|r| r.event == p.doc.event) == Some(true);
            if !same {
                if let Some(r) = self.run.take() {
                    closed.push(r);
                    self.closed_any = true;
                }
                self.run = Some(OpenRun {
                    event: p.doc.event.clone(),
                    first: key,
                    last: key,
                    documents: 0,
                    docs: Vec::new(),
                    keep_open: !self.closed_any,
                });
            }
            if let Some(r) = self.run.as_mut() {
                r.last = key;
                r.documents += 1;
                if r.documents > limit {
                    r.docs.clear();
                } else {
                    r.docs.push((p, attributed));
                }
            }
        }
        self.close(closed)
    }

    /// Runs that ended: measured now, unless the part's first run, which
    /// is kept open.
    fn close(&mut self, runs: Vec<OpenRun>) -> Result<()> {
        let limit = self.tables.event_limit;
        let event = &self.event;
        let done = runs
            .into_par_iter()
            .map(|r| -> Result<Run> {
                let measures = if r.documents > limit {
                    RunMeasures::TooLarge
                } else if r.keep_open {
                    RunMeasures::Open(r.docs.into_iter().map(|(p, _)| kept(p)).collect())
                } else {
                    measure_run(r.docs, event)?
                };
                Ok(Run {
                    event: r.event,
                    first: r.first,
                    last: r.last,
                    documents: r.documents,
                    measures,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        self.tables.runs.extend(done);
        Ok(())
    }

    /// The tables of the part: its last run is kept open (it may go on in
    /// the next part).
    pub fn finish(mut self) -> Result<Tables> {
        if let Some(mut r) = self.run.take() {
            r.keep_open = true;
            self.close(vec![r])?;
        }
        Ok(self.tables)
    }
}

/// A run's document kept for later, without its raw text.
fn kept(p: Prepared) -> KeptDoc {
    let Prepared {
        mut doc, cleaned, ..
    } = p;
    doc.text = String::new();
    KeptDoc { doc, cleaned }
}

/// [`measure`] of a run's documents, naming their speakers first where
/// they are not yet (a run of one outlet needs none).
fn measure_run(docs: Vec<(Prepared, bool)>, opts: &EventOptions) -> Result<RunMeasures> {
    let first = docs.first().map(|(p, _)| p.doc.outlet.as_str());
    if docs
        .iter()
        .all(|(p, _)| Some(p.doc.outlet.as_str()) == first)
    {
        return Ok(RunMeasures::OneOutlet);
    }
    let docs: Vec<Prepared> = docs
        .into_iter()
        .map(|(mut p, attributed)| {
            if !attributed {
                analyzer_for(&p.doc).attribute_speakers(&mut p.analyzed);
            }
            p
        })
        .collect();
    measure(&docs, opts)
}

/// The event-level measures of one whole run (the functions of the full
/// comparison, so results agree).
fn measure(docs: &[Prepared], opts: &EventOptions) -> Result<RunMeasures> {
    let mut outlets: Vec<&str> = docs.iter().map(|d| d.doc.outlet.as_str()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    if outlets.len() < 2 {
        return Ok(RunMeasures::OneOutlet);
    }
    let refs: Vec<&Prepared> = docs.iter().collect();
    let fallback = crate::text::shared_analyzer(None);
    let texts = outlet_texts(&refs, fallback);
    let pairs: Vec<(&str, &AnalyzedDoc)> =
        texts.iter().map(|t| (t.info.id.as_str(), &t.doc)).collect();
    let similarity = similarity_matrices(&pairs)?;
    let alignment = align_sentences(&pairs, &opts.align)?;
    let substitutions = find_substitutions(&pairs, &alignment, &opts.substitutions)?;
    let bounded = document_bound(&pairs, &opts.align, &opts.substitutions).is_some();
    Ok(RunMeasures::Measured {
        similarity,
        substitutions: substitutions.pairs,
        bounded,
    })
}

/// Count the lines of `docs` (one part) for boilerplate learning; merge
/// the learners of all parts, then [`Learner::finish`].
pub fn learn_part(prepare: PrepareOptions, docs: &[Document]) -> Learner {
    let cleaner = prepare.cleaner();
    let mut learner = cleaner.learner();
    if prepare.no_clean {
        return learner;
    }
    let hashes: Vec<Vec<u64>> = docs.par_iter().map(|d| cleaner.learn_hashes(d)).collect();
    for (doc, h) in docs.iter().zip(hashes) {
        learner.add_hashes(doc, h.into_iter());
    }
    learner
}

/// `magic`, [`VERSION`] as 4 bytes little-endian, then `value` as
/// zlib-compressed JSON: the layout of every serialised part of a
/// corpus' counts.
fn seal<T: Serialize>(magic: &[u8; 4], value: &T, what: &str) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(value).map_err(|e| Error::input(what, e.to_string()))?;
    let mut out = Vec::with_capacity(json.len() / 4 + 8);
    out.extend_from_slice(magic);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&miniz_oxide::deflate::compress_to_vec_zlib(&json, 1));
    Ok(out)
}

/// Read what [`seal`] wrote; `context` names the source in errors.
fn unseal<T: DeserializeOwned>(
    magic: &[u8; 4],
    bytes: &[u8],
    context: &str,
    what: &str,
) -> Result<T> {
    let bad = |m: String| Error::input(context.to_string(), m);
    if bytes.len() < 8 || &bytes[..4] != magic {
        return Err(bad(format!("not a framelens {what}")));
    }
    let version = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
    if version != VERSION {
        return Err(bad(format!(
            "{what} of version {version}; this framelens reads version {VERSION}"
        )));
    }
    let json = miniz_oxide::inflate::decompress_to_vec_zlib(&bytes[8..])
        .map_err(|e| bad(format!("damaged {what} ({e:?})")))?;
    serde_json::from_slice(&json).map_err(|e| bad(format!("damaged {what} ({e})")))
}

/// A part's boilerplate learner as bytes ([`LEARNER_MAGIC`]), to be merged
/// elsewhere.
pub fn learner_to_bytes(learner: &Learner) -> Result<Vec<u8>> {
    seal(LEARNER_MAGIC, learner, "boilerplate learner")
}

/// Read a learner written by [`learner_to_bytes`].
pub fn learner_from_bytes(bytes: &[u8], context: &str) -> Result<Learner> {
    unseal(LEARNER_MAGIC, bytes, context, "boilerplate learner")
}

/// The boilerplate learned over a corpus as bytes ([`LEARNED_MAGIC`]), to
/// be sent to every part's builder.
pub fn learned_to_bytes(learned: &Learned) -> Result<Vec<u8>> {
    seal(LEARNED_MAGIC, learned, "learned boilerplate")
}

/// Read learned boilerplate written by [`learned_to_bytes`].
pub fn learned_from_bytes(bytes: &[u8], context: &str) -> Result<Learned> {
    unseal(LEARNED_MAGIC, bytes, context, "learned boilerplate")
}

/// The matcher of the corpus summary (the built-in lexicons).
pub fn summary_matcher() -> Matcher {
    Matcher::new(builtins())
}

/// Options of [`build_tables`] and [`summarise`].
#[derive(Debug, Clone)]
pub struct CountOptions {
    pub prepare: PrepareOptions,
    /// Alignment and substitution parameters of the event-level measures.
    pub event: EventOptions,
    pub corpus: CorpusOptions,
    /// A larger event gets no similarity or substitutions.
    pub event_limit: usize,
}

impl Default for CountOptions {
    fn default() -> Self {
        CountOptions {
            prepare: PrepareOptions::default(),
            event: EventOptions::default(),
            corpus: CorpusOptions::default(),
            event_limit: DEFAULT_EVENT_LIMIT,
        }
    }
}

/// The tables of one part of a corpus (`documents` in input order),
/// cleaned with boilerplate `learned` over the whole corpus.
pub fn build_tables(
    part: u64,
    documents: Vec<Document>,
    learned: &Learned,
    opts: &CountOptions,
) -> Result<Tables> {
    let matcher = summary_matcher();
    let mut b = TablesBuilder::new(
        part,
        &matcher,
        opts.prepare,
        learned,
        &opts.event,
        opts.event_limit,
    );
    b.add_documents(documents, &NoProgress)?;
    b.finish()
}

/// The summary computed from (merged) tables, and the documents counted.
#[derive(Debug)]
pub struct TablesSummary {
    /// Documents counted (those with words).
    pub documents: usize,
    pub summary: CorpusSummary,
}

/// Events left without event-level measures, by reason.
#[derive(Default)]
struct LeftOut {
    too_large: usize,
    scattered: usize,
    one_outlet: usize,
    document_bounded: usize,
}

/// Compute the corpus summary from `tables` (of every part of a corpus).
pub fn summarise(tables: &Tables, opts: &CountOptions) -> Result<TablesSummary> {
    let matcher = summary_matcher();
    let mut acc = accumulate_documents(tables, &matcher)?;
    // Runs in input order; the ends of parts joined.
    let mut runs: Vec<&Run> = tables.runs.iter().collect();
    runs.sort_unstable_by_key(|r| r.first);
    let mut joined: Vec<(String, usize, Vec<&Run>)> = Vec::new();
    for r in runs {
        match joined.last_mut() {
            Some((ev, n, parts)) if *ev == r.event => {
                *n += r.documents;
                parts.push(r);
            }
            _ => joined.push((r.event.clone(), r.documents, vec![r])),
        }
    }
    let limit = tables.event_limit;
    let resolved = joined
        .into_par_iter()
        .map(|(event, n, parts)| -> Result<(String, RunMeasures)> {
            if parts.len() == 1 {
                if let RunMeasures::Open(docs) = &parts[0].measures {
                    return Ok((event, measure_kept(docs, &opts.event)?));
                }
                return Ok((event, parts[0].measures.clone()));
            }
            if n > limit || parts.iter().any(|p| matches!(p.measures, RunMeasures::TooLarge)) {
                return Ok((event, RunMeasures::TooLarge));
            }
            let mut docs: Vec<&KeptDoc> = Vec::new();
            for p in &parts {
                match &p.measures {
                    RunMeasures::Open(d) => docs.extend(d),
                    _ => {
                        return Err(Error::input(
                            "count tables",
                            format!("damaged count tables (a measured run of event `{event}` continues in another part)"),
                        ))
                    }
                }
            }
            let docs: Vec<KeptDoc> = docs.into_iter().cloned().collect();
            Ok((event, measure_kept(&docs, &opts.event)?))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut left = LeftOut::default();
    let mut flushed: BTreeSet<&str> = BTreeSet::new();
    for (event, m) in &resolved {
        if !flushed.insert(event.as_str()) {
            left.scattered += 1;
            continue;
        }
        match m {
            RunMeasures::TooLarge => left.too_large += 1,
            RunMeasures::OneOutlet => left.one_outlet += 1,
            RunMeasures::Open(_) => {}
            RunMeasures::Measured {
                similarity,
                substitutions,
                bounded,
            } => {
                let subs = Substitutions {
                    instances: Vec::new(),
                    pairs: substitutions.clone(),
                };
                acc.add_event(event, similarity, &subs);
                left.document_bounded += usize::from(*bounded);
            }
        }
    }
    let documents = acc.documents();
    let mut summary = acc.finish(&opts.corpus)?;
    notes(&mut summary, &left, tables, opts);
    Ok(TablesSummary { documents, summary })
}

/// Compute the corpus summary from `tables` (of every part of a corpus)
/// and the event-level measures of the full comparison's reports, in the
/// order of the reports (sorted by event id): the summary of
/// `framelens compare` without `--summary-only`, where every event with
/// two outlets is measured whole, however large, so the tables' runs are
/// not used (build the tables with an event limit of 0 to skip them).
pub fn summarise_events<'a>(
    tables: &Tables,
    events: impl IntoIterator<Item = (&'a str, &'a SimilarityMatrices, &'a Substitutions)>,
    corpus: &CorpusOptions,
) -> Result<CorpusSummary> {
    let matcher = summary_matcher();
    let mut acc = accumulate_documents(tables, &matcher)?;
    for (event, similarity, substitutions) in events {
        acc.add_event(event, similarity, substitutions);
    }
    acc.finish(corpus)
}

/// The accumulator of the corpus summary with every document row and
/// term count of `tables` folded in, the event-level measures not yet.
fn accumulate_documents(tables: &Tables, matcher: &Matcher) -> Result<CorpusAccumulator> {
    tables.check_format()?;
    let mut acc = CorpusAccumulator::new(matcher);
    let n_cat = matcher.categories().len();
    let categories: Vec<(String, String)> = matcher
        .categories()
        .iter()
        .map(|c| (c.lexicon.clone(), c.name.clone()))
        .collect();
    if categories != tables.categories {
        return Err(Error::input(
            "count tables",
            "the tables were built with other lexicon categories than this framelens has",
        ));
    }
    // Documents in input order.
    let mut order: Vec<&DocRow> = tables.docs.iter().collect();
    order.sort_unstable_by_key(|d| d.key);
    for d in order {
        let mut counts = vec![[0u64; 3]; n_cat];
        for &(k, c) in &d.counts {
            if let Some(slot) = counts.get_mut(k as usize) {
                *slot = c;
            }
        }
        acc.add_document(&DocTally {
            event: d.event.clone(),
            outlet: d.outlet.clone(),
            labels: d.labels.clone(),
            tokens: d.tokens,
            counts,
            terms: Vec::new(),
        });
        let scores: Vec<SentenceScore> = d
            .sentences
            .iter()
            .map(|&(annotated, tokens, loaded)| SentenceScore {
                annotated,
                tokens,
                loaded,
                document: 0,
            })
            .collect();
        acc.add_sentences(&scores);
    }
    // Terms, in a fixed order (ids do not reach the output).
    for (column, col) in &tables.terms {
        if col.dropped {
            continue;
        }
        let label = if column == "outlet" {
            None
        } else {
            column.strip_prefix("label:")
        };
        if column != "outlet" && label.is_none() {
            continue;
        }
        for (value, counts) in &col.values {
            let mut rows: Vec<(&str, u64)> = counts
                .iter()
                .filter_map(|(&id, &n)| tables.vocab.get(id as usize).map(|t| (t.as_str(), n)))
                .collect();
            rows.sort_unstable();
            acc.set_group_terms(label, value, rows);
        }
    }
    Ok(acc)
}

/// Measure a run from its kept documents.
fn measure_kept(docs: &[KeptDoc], opts: &EventOptions) -> Result<RunMeasures> {
    let prepared: Vec<Prepared> = docs
        .iter()
        .map(|k| Prepared {
            analyzed: analyzer_for(&k.doc).analyze(&k.cleaned.text),
            doc: k.doc.clone(),
            cleaned: k.cleaned.clone(),
        })
        .collect();
    measure(&prepared, opts)
}

/// The summary's notes on what was left out.
fn notes(summary: &mut CorpusSummary, left: &LeftOut, tables: &Tables, opts: &CountOptions) {
    if left.too_large > 0 {
        summary.notes.push(format!(
            "{} event(s) had more than {} documents: similarity and substitutions were not computed for them (--event-limit)",
            left.too_large, tables.event_limit
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
    if tables.empty > 0 {
        summary.notes.push(format!(
            "{} document(s) with no words after cleaning were left out",
            tables.empty
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::prepare::{learn, prepare_learned};

    const QUOTED: &[&str] = &[
        "The senator said the plan was \"reckless and cruel\". \"We will fight it,\" Ms. Lee told reporters on Monday.",
        "\"It is a disaster,\" said the governor. Critics called it a 'so-called reform'. He added: \"Nobody asked us.\"",
        "Officials praised the bill. \"This is historic,\" the mayor said, and aides agreed it was \"a fine day\".",
    ];

    fn doc(i: usize, outlet: &str, event: &str) -> Document {
        Document {
            id: format!("d{i}"),
            outlet: outlet.to_string(),
            outlet_name: None,
            event: event.to_string(),
            title: None,
            date: None,
            language: None,
            text: format!("{} Story {i}.", QUOTED[i % QUOTED.len()]),
            url: None,
            labels: BTreeMap::new(),
            source: format!("test:{i}"),
        }
    }

    /// Analysis without speakers, then speakers named, is the analysis.
    #[test]
    fn speakers_named_later_equal_the_full_analysis() {
        let a = crate::text::shared_analyzer(None);
        for text in QUOTED {
            let full = a.analyze(text);
            let mut later = a.analyze_unattributed(text);
            assert!(later.quotes.iter().all(|q| q.speaker.is_none()));
            let voices = |d: &AnalyzedDoc| d.tokens.iter().map(|t| t.quote).collect::<Vec<_>>();
            assert_eq!(voices(&later), voices(&full));
            a.attribute_speakers(&mut later);
            assert!(full.quotes.iter().any(|q| q.speaker.is_some()), "{text}");
            assert_eq!(later, full);
        }
    }

    /// Tables built from raw documents (speakers named only for measured
    /// runs) equal tables built from fully prepared documents: counts,
    /// rows and every run's measures.
    #[test]
    fn documents_and_prepared_documents_give_the_same_tables() {
        let outlets = ["a", "b", "c"];
        let docs: Vec<Document> = (0..40)
            .map(|i| doc(i, outlets[i % 3], &format!("e{}", i / 6)))
            .collect();
        let prep = PrepareOptions::default();
        let cleaner = prep.cleaner();
        let learned = learn(&cleaner, &docs);
        let matcher = summary_matcher();
        let event = EventOptions::default();
        let mut raw = TablesBuilder::new(0, &matcher, prep, &learned, &event, 10);
        let mut ready = TablesBuilder::new(0, &matcher, prep, &learned, &event, 10);
        for chunk in docs.chunks(7) {
            raw.add_documents(chunk.to_vec(), &NoProgress).unwrap();
            let p = prepare_learned(chunk.to_vec(), &cleaner, &learned, &NoProgress);
            ready.add_prepared(p).unwrap();
        }
        let (raw, ready) = (raw.finish().unwrap(), ready.finish().unwrap());
        let measured = ready
            .runs
            .iter()
            .filter(|r| matches!(r.measures, RunMeasures::Measured { .. }))
            .count();
        assert!(measured >= 4, "{measured} measured runs");
        assert_eq!(
            serde_json::to_string(&raw).unwrap(),
            serde_json::to_string(&ready).unwrap()
        );
    }
}
