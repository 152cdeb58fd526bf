//! Across events: what each outlet (or each label value, such as BASIL's
//! `relative_stance` or ABP's `bias`) does consistently over many stories.
//!
//! The work is split so that it can stream: [`tally_document`] turns one
//! analysed document into small counts (tokens and lexicon matches by
//! voice, content-word counts), and [`CorpusAccumulator`] folds those
//! tallies, plus the per-event similarity and substitutions when an event
//! was compared as a whole, into per-(event, group) cells. Memory therefore
//! grows with the vocabulary and the number of events, not with the text.
//! [`CorpusAccumulator::finish`] computes the statistics:
//!
//! - rates per 1,000 tokens per category and voice, pooled over events,
//!   with percentile intervals from resampling **events** (seeded);
//! - differences of rates between groups tested by permuting the group
//!   labels of whole documents **within events**
//!   ([`crate::stats::permutation`]: an outlet that covered more
//!   inflammatory stories is not credited with loaded wording), with an
//!   effect size and its interval; categories below the evidence rule
//!   ([`EVIDENCE`]) are listed, not tested; Benjamini–Hochberg across the
//!   tested categories;
//! - log-odds keyness (informative Dirichlet prior) of each group against
//!   the rest of the corpus, with counts;
//! - the distribution of outlet-pair similarities over events;
//! - word-choice substitutions that recur across events, per outlet pair;
//! - with sentence-level bias annotations (BASIL), how well a loaded-language
//!   score finds the marked sentences ([`super::annotation`]).
//!
//! The summary's serde types are in [`super::corpus_schema`].
//!
//! Everything is folded in input order and kept in sorted maps, so the
//! result is identical whatever the number of threads.

use super::annotation::sentence_auc;
use super::closeness::SimilarityMatrices;
use super::substitutions::Substitutions;
use crate::error::Allowed;
use crate::lexicon::matcher::Matcher;
use crate::params::{checked_on_entry, Check, Checked};
use crate::stats::bootstrap::{percentile, rate_intervals, unit_seed};
use crate::stats::fdr::bh_adjust;
use crate::stats::hash::FxHashMap;
use crate::stats::keyness::{keyness_indexed, IndexedRow, KeynessParams, KeynessRow, Measure};
use crate::stats::permutation::{omnibus_test, pair_test, Evidence, PermutationTest, RateCell};
use crate::text::{AnalyzedDoc, Prepared, Voice};
use crate::Result;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

// The summary's schema and the annotation scoring live in their own
// modules; re-exported so `compare::corpus::*` paths keep working.
pub use super::annotation::{sentence_scores, SentenceScore, SENTENCE_SCORE_METHOD};
pub use super::corpus_schema::{
    CorpusSummary, Distribution, GroupKeyness, GroupRate, GroupTest, GroupingSummary,
    LengthStratumAuc, PairSimilarity, RecurringSubstitution, SentenceAuc, UntestedComparison,
};

/// The voices aggregated, in this order everywhere (index 0, 1, 2).
pub const VOICES: [Voice; 3] = [Voice::Own, Voice::Quoted, Voice::All];

/// A label is aggregated only while it has at most this many distinct
/// values: more looks like an id or free text, not a grouping.
pub const MAX_LABEL_VALUES: usize = 8;

/// The minimum evidence for a corpus test (see [`Evidence`]).
pub const EVIDENCE: Evidence = Evidence {
    min_matches: 10,
    min_strata: 3,
};

/// Options of the corpus summary.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    /// Bootstrap resamples of events for intervals.
    pub resamples: usize,
    /// Permutations of group labels within events.
    pub permutations: usize,
    pub seed: u64,
    /// Distinctive terms kept per group and direction.
    pub top: usize,
    /// Recurring substitutions kept (most events first).
    pub max_substitutions: usize,
    /// Pairwise tests are run only when a grouping has at most this many
    /// groups (the number of pairs grows with its square).
    pub max_pairwise_groups: usize,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            resamples: 1000,
            permutations: 1000,
            seed: 42,
            top: crate::compare::event::DEFAULT_TOP,
            max_substitutions: 200,
            max_pairwise_groups: 12,
        }
    }
}

/// Least [`CorpusOptions::top`] and [`CorpusOptions::max_substitutions`].
pub const MIN_KEPT: usize = 1;

/// Least [`CorpusOptions::max_pairwise_groups`]: a pair needs two groups.
pub const MIN_PAIRWISE_GROUPS: usize = 2;

impl Check for CorpusOptions {
    fn check_ref(&self) -> Result<()> {
        Allowed::at_least(MIN_KEPT).check_count("top", self.top)?;
        Allowed::at_least(MIN_KEPT).check_count("max_substitutions", self.max_substitutions)?;
        Allowed::at_least(MIN_PAIRWISE_GROUPS)
            .check_count("max_pairwise_groups", self.max_pairwise_groups)
    }
}

checked_on_entry!(CorpusOptions);

/// Counts of one document, all that the corpus summary needs of it.
#[derive(Debug, Clone, Default)]
pub struct DocTally {
    pub event: String,
    pub outlet: String,
    /// Scalar string labels (`relative_stance`, `bias` …).
    pub labels: Vec<(String, String)>,
    /// Tokens per voice (own, quoted, all).
    pub tokens: [u64; 3],
    /// Matches per category (matcher order) per voice.
    pub counts: Vec<[u64; 3]>,
    /// Content-word (alphabetic, not a stop word) counts, by norm.
    pub terms: Vec<(String, u64)>,
}

/// Count one analysed document: tokens and lexicon matches by voice, and
/// its content words.
pub fn tally_document(p: &Prepared, matcher: &Matcher) -> DocTally {
    tally_analyzed(
        &p.doc.event,
        &p.doc.outlet,
        &p.doc.labels,
        &p.analyzed,
        matcher,
    )
}

/// [`tally_document`] on parts.
pub fn tally_analyzed(
    event: &str,
    outlet: &str,
    labels: &BTreeMap<String, serde_json::Value>,
    doc: &AnalyzedDoc,
    matcher: &Matcher,
) -> DocTally {
    let mut tokens = [0u64; 3];
    let mut terms: FxHashMap<&str, u64> = FxHashMap::default();
    for t in &doc.tokens {
        tokens[usize::from(t.quote.is_some())] += 1;
        tokens[2] += 1;
        if t.is_alpha && !t.is_stop {
            *terms.entry(t.norm.as_str()).or_default() += 1;
        }
    }
    let mut counts = vec![[0u64; 3]; matcher.categories().len()];
    for m in matcher.find(0, doc) {
        if let Some(c) = counts.get_mut(m.category_id) {
            c[usize::from(m.voice == Voice::Quoted)] += 1;
            c[2] += 1;
        }
    }
    let mut terms: Vec<(String, u64)> =
        terms.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    terms.sort_unstable();
    DocTally {
        event: event.to_string(),
        outlet: outlet.to_string(),
        labels: scalar_labels(labels),
        tokens,
        counts,
        terms,
    }
}

/// Labels that can group documents: short strings (not ids, not text)
/// and numbers (a lean score such as ABP's `bias_num`), as written.
fn scalar_labels(labels: &BTreeMap<String, serde_json::Value>) -> Vec<(String, String)> {
    labels
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) if !s.is_empty() && s.len() <= 40 => {
                Some((k.clone(), s.clone()))
            }
            serde_json::Value::Number(n) => Some((k.clone(), n.to_string())),
            _ => None,
        })
        .collect()
}

/// What is seen of one column of the documents (the outlet, or one label)
/// to find columns that map one to one onto each other.
#[derive(Debug, Clone, Default)]
struct Column {
    /// `outlet` or `label:<name>`.
    name: String,
    /// Documents that carry it.
    docs: usize,
    /// Its distinct values, first seen first; None past
    /// [`MAX_LABEL_VALUES`] (then it maps one to one onto no label).
    values: Option<Vec<String>>,
}

impl Column {
    /// Count a document with `value`; the value's index while tracked.
    fn see(&mut self, value: &str) -> Option<u8> {
        self.docs += 1;
        let values = self.values.as_mut()?;
        if let Some(i) = values.iter().position(|v| v == value) {
            return u8::try_from(i).ok();
        }
        if values.len() >= MAX_LABEL_VALUES {
            self.values = None;
            return None;
        }
        values.push(value.to_string());
        u8::try_from(values.len() - 1).ok()
    }
}

/// The columns of the corpus and the value pairs seen together, to merge
/// columns that say the same thing (BASIL's outlet and lean, ABP's `bias`
/// and `bias_num`) into one grouping. Bounded: at most
/// [`MAX_LABEL_VALUES`] values per column and pairs per column pair.
#[derive(Debug, Clone, Default)]
struct Columns {
    /// Index 0 is the outlet.
    columns: Vec<Column>,
    /// Label name -> column index.
    index: BTreeMap<String, usize>,
    /// (column a, column b), a < b -> (value a, value b) pairs seen; None
    /// once there are too many to be one to one.
    pairs: BTreeMap<(usize, usize), Option<ValuePairs>>,
}

/// Value pairs (index in column a, index in column b) seen together.
type ValuePairs = Vec<(u8, u8)>;

impl Columns {
    fn add(&mut self, t: &DocTally) {
        if self.columns.is_empty() {
            self.columns.push(Column {
                name: "outlet".into(),
                docs: 0,
                values: Some(Vec::new()),
            });
        }
        let mut seen: Vec<(usize, u8)> = Vec::with_capacity(1 + t.labels.len());
        if let Some(v) = self.columns[0].see(&t.outlet) {
            seen.push((0, v));
        }
        for (name, value) in &t.labels {
            let c = match self.index.get(name.as_str()) {
                Some(&c) => c,
                None => {
                    self.columns.push(Column {
                        name: format!("label:{name}"),
                        docs: 0,
                        values: Some(Vec::new()),
                    });
                    self.index.insert(name.clone(), self.columns.len() - 1);
                    self.columns.len() - 1
                }
            };
            if let Some(v) = self.columns[c].see(value) {
                seen.push((c, v));
            }
        }
        for (i, &(ca, va)) in seen.iter().enumerate() {
            for &(cb, vb) in &seen[i + 1..] {
                let (key, pair) = if ca < cb {
                    ((ca, cb), (va, vb))
                } else {
                    ((cb, ca), (vb, va))
                };
                let e = self.pairs.entry(key).or_insert_with(|| Some(Vec::new()));
                if let Some(p) = e {
                    if !p.contains(&pair) {
                        p.push(pair);
                        if p.len() > MAX_LABEL_VALUES {
                            *e = None;
                        }
                    }
                }
            }
        }
    }

    fn by_name(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Do columns `a` and `b` map one to one onto each other over every one
    /// of `documents`?
    fn one_to_one(&self, a: usize, b: usize, documents: usize) -> bool {
        let (Some(ca), Some(cb)) = (self.columns.get(a), self.columns.get(b)) else {
            return false;
        };
        let (Some(va), Some(vb)) = (&ca.values, &cb.values) else {
            return false;
        };
        let key = if a < b { (a, b) } else { (b, a) };
        let Some(Some(p)) = self.pairs.get(&key) else {
            return false;
        };
        ca.docs == documents && cb.docs == documents && p.len() == va.len() && p.len() == vb.len()
    }

    /// The value of column `other` that goes with `value` of column `of`
    /// (one to one).
    fn partner(&self, of: usize, value: &str, other: usize) -> Option<String> {
        let vo = self.columns.get(of)?.values.as_ref()?;
        let vx = self.columns.get(other)?.values.as_ref()?;
        let i = u8::try_from(vo.iter().position(|v| v == value)?).ok()?;
        let key = if of < other { (of, other) } else { (other, of) };
        let p = self.pairs.get(&key)?.as_ref()?;
        let j = p.iter().find_map(|&(x, y)| {
            if of < other {
                (x == i).then_some(y)
            } else {
                (y == i).then_some(x)
            }
        })?;
        vx.get(usize::from(j)).cloned()
    }
}

/// One grouping to summarise: its name, columns, the groups in order and
/// their values in every column.
struct Plan<'a> {
    name: String,
    columns: Vec<String>,
    grouping: &'a Grouping,
    groups: Vec<String>,
    values: Vec<Vec<String>>,
    order: String,
}

/// Tokens and matches of one group in one event.
#[derive(Debug, Clone, Default)]
struct Cell {
    tokens: [u64; 3],
    counts: Vec<[u64; 3]>,
}

impl Cell {
    fn add(&mut self, t: &DocTally) {
        if self.counts.len() < t.counts.len() {
            self.counts.resize(t.counts.len(), [0; 3]);
        }
        for v in 0..3 {
            self.tokens[v] += t.tokens[v];
        }
        for (a, b) in self.counts.iter_mut().zip(&t.counts) {
            for v in 0..3 {
                a[v] += b[v];
            }
        }
    }
}

/// One way of grouping documents (by outlet, or by one label).
#[derive(Debug, Clone, Default)]
struct Grouping {
    /// (event index, group) -> cell.
    cells: BTreeMap<(usize, String), Cell>,
    /// Event index -> (group, index into [`CorpusAccumulator::doc_cells`])
    /// of each document: the tests permute whole documents, not group
    /// totals. Every grouping refers to the same per-document cells, so a
    /// document's counts are held once however many labels it has.
    docs: BTreeMap<usize, Vec<(String, usize)>>,
    /// group -> term id -> count, over the corpus.
    terms: BTreeMap<String, FxHashMap<u32, u64>>,
    /// Distinct values seen (labels stop being tallied past the limit).
    dropped: bool,
}

impl Grouping {
    fn add(&mut self, event: usize, group: &str, t: &DocTally, term_ids: &[u32], doc: usize) {
        self.cells
            .entry((event, group.to_string()))
            .or_default()
            .add(t);
        self.docs
            .entry(event)
            .or_default()
            .push((group.to_string(), doc));
        let terms = self.terms.entry(group.to_string()).or_default();
        for (id, (_, n)) in term_ids.iter().zip(&t.terms) {
            *terms.entry(*id).or_default() += n;
        }
    }
}

/// A word-choice pair seen in some events, for one outlet pair.
#[derive(Debug, Clone, Default)]
struct SubTally {
    events: BTreeSet<usize>,
    count: usize,
}

/// One event's similarity of an outlet pair: (event index, cosine, Jaccard).
type EventSimilarity = (usize, f64, f64);

/// Folds document tallies and event results into corpus cells.
#[derive(Debug, Default)]
pub struct CorpusAccumulator {
    categories: Vec<(String, String)>,
    events: Vec<String>,
    event_index: BTreeMap<String, usize>,
    vocab: FxHashMap<String, u32>,
    terms: Vec<String>,
    outlets: Grouping,
    labels: BTreeMap<String, Grouping>,
    /// The cell of each document folded, in input order (see
    /// [`Grouping::docs`]).
    doc_cells: Vec<Cell>,
    /// Which columns map one to one onto each other.
    columns: Columns,
    /// (outlet a, outlet b) -> per event (event, cosine, jaccard).
    similarity: BTreeMap<(String, String), Vec<EventSimilarity>>,
    /// (outlet a, outlet b, words a, words b) -> tally.
    substitutions: BTreeMap<(String, String, String, String), SubTally>,
    /// Events whose similarity/substitutions were computed.
    events_compared: BTreeSet<usize>,
    documents: usize,
    /// Per annotated-input sentence: (marked lexical bias, rate, count).
    sentences: Vec<SentenceScore>,
    /// Calls of [`CorpusAccumulator::add_sentences`] so far.
    sentence_documents: usize,
}

impl CorpusAccumulator {
    /// An empty accumulator for the matcher's categories.
    pub fn new(matcher: &Matcher) -> Self {
        CorpusAccumulator {
            categories: matcher
                .categories()
                .iter()
                .map(|c| (c.lexicon.clone(), c.name.clone()))
                .collect(),
            ..Default::default()
        }
    }

    fn event_id(&mut self, event: &str) -> usize {
        if let Some(&i) = self.event_index.get(event) {
            return i;
        }
        let i = self.events.len();
        self.events.push(event.to_string());
        self.event_index.insert(event.to_string(), i);
        i
    }

    /// Fold one document (call in input order for reproducible output).
    pub fn add_document(&mut self, t: &DocTally) {
        self.documents += 1;
        let e = self.event_id(&t.event);
        let ids: Vec<u32> = t
            .terms
            .iter()
            .map(|(term, _)| {
                if let Some(&id) = self.vocab.get(term.as_str()) {
                    return id;
                }
                let id = self.terms.len() as u32;
                self.terms.push(term.clone());
                self.vocab.insert(term.clone(), id);
                id
            })
            .collect();
        let doc = self.doc_cells.len();
        let mut cell = Cell::default();
        cell.add(t);
        self.doc_cells.push(cell);
        self.outlets.add(e, &t.outlet, t, &ids, doc);
        self.columns.add(t);
        for (name, value) in &t.labels {
            let g = self.labels.entry(name.clone()).or_default();
            if g.dropped {
                continue;
            }
            if !g.terms.contains_key(value) && g.terms.len() >= MAX_LABEL_VALUES {
                // Too many values to be a grouping: forget it (bounded memory).
                *g = Grouping {
                    dropped: true,
                    ..Default::default()
                };
                continue;
            }
            g.add(e, value, t, &ids, doc);
        }
    }

    /// Add to the corpus term counts of `value` of the outlet (`label`
    /// None) or of a label, for a summary folded from count tables whose
    /// documents were added without their terms
    /// ([`crate::pipeline::counts`]). A value never added, or a label
    /// dropped (too many values), is left alone.
    pub fn set_group_terms<'t>(
        &mut self,
        label: Option<&str>,
        value: &str,
        terms: impl IntoIterator<Item = (&'t str, u64)>,
    ) {
        let mut ids: Vec<(u32, u64)> = Vec::new();
        for (term, n) in terms {
            let id = match self.vocab.get(term) {
                Some(&id) => id,
                None => {
                    let id = self.terms.len() as u32;
                    self.terms.push(term.to_string());
                    self.vocab.insert(term.to_string(), id);
                    id
                }
            };
            ids.push((id, n));
        }
        let g = match label {
            None => &mut self.outlets,
            Some(name) => match self.labels.get_mut(name) {
                Some(g) if !g.dropped => g,
                _ => return,
            },
        };
        if let Some(m) = g.terms.get_mut(value) {
            for (id, n) in ids {
                *m.entry(id).or_default() += n;
            }
        }
    }

    /// Fold the event-level results of one event compared as a whole.
    pub fn add_event(
        &mut self,
        event: &str,
        similarity: &SimilarityMatrices,
        substitutions: &Substitutions,
    ) {
        let e = self.event_id(event);
        self.events_compared.insert(e);
        let o = &similarity.outlets;
        for i in 0..o.len() {
            for j in i + 1..o.len() {
                let (a, b) = ordered(&o[i], &o[j]);
                let cos = similarity.cosine.get(i).and_then(|r| r.get(j)).copied();
                let jac = similarity.jaccard.get(i).and_then(|r| r.get(j)).copied();
                if let (Some(c), Some(jx)) = (cos, jac) {
                    self.similarity
                        .entry((a.to_string(), b.to_string()))
                        .or_default()
                        .push((e, c, jx));
                }
            }
        }
        for p in &substitutions.pairs {
            // An outlet that wrote both words in this event (in different
            // sentences) made no choice between them: it is on neither side.
            let only = |side: &[String], other: &[String]| -> Vec<String> {
                side.iter()
                    .filter(|o| !other.contains(o))
                    .cloned()
                    .collect()
            };
            let (sa, sb) = (
                only(&p.a.outlets, &p.b.outlets),
                only(&p.b.outlets, &p.a.outlets),
            );
            for oa in &sa {
                for ob in &sb {
                    let (wa, wb) = (p.a.words.to_lowercase(), p.b.words.to_lowercase());
                    let key = if oa < ob {
                        (oa.clone(), ob.clone(), wa, wb)
                    } else {
                        (ob.clone(), oa.clone(), wb, wa)
                    };
                    let s = self.substitutions.entry(key).or_default();
                    s.events.insert(e);
                    s.count += p.count;
                }
            }
        }
    }

    /// Fold the sentence scores of one document (see [`sentence_scores`]).
    ///
    /// Call once per document, in input order: the sentences are tagged
    /// with the document so that AUC intervals resample documents.
    pub fn add_sentences(&mut self, scores: &[SentenceScore]) {
        let document = self.sentence_documents;
        self.sentence_documents += 1;
        self.sentences
            .extend(scores.iter().map(|s| SentenceScore { document, ..*s }));
    }

    /// Number of documents folded so far.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// Compute the corpus summary.
    pub fn finish(self, opts: &impl Checked<CorpusOptions>) -> Result<CorpusSummary> {
        let opts = opts.checked()?;
        let opts: &CorpusOptions = &opts;
        let plans = self.plans();
        let by = plans
            .par_iter()
            .enumerate()
            .map(|(i, plan)| self.grouping_summary(plan, opts, unit_seed(opts.seed, i as u64)))
            .collect::<Result<Vec<_>>>()?;
        let similarity = self.similarity_summary(opts);
        let substitutions = self.substitution_summary(opts);
        Ok(CorpusSummary {
            schema_version: crate::schema::SCHEMA_VERSION.to_string(),
            documents: self.documents,
            events: self.events.len(),
            events_compared: self.events_compared.len(),
            resamples: opts.resamples,
            permutations: opts.permutations,
            seed: opts.seed,
            groupings: by,
            similarity,
            substitutions,
            sentence_auc: sentence_auc(
                &self.sentences,
                opts.resamples,
                unit_seed(opts.seed, 0x4155_4353),
            ),
            evidence_rule: EVIDENCE.describe(),
            notes: Vec::new(),
            filter: None,
            findings: Vec::new(),
        }
        .with_findings())
    }

    /// The groupings to summarise: the outlet and every label that groups
    /// documents, with columns that map one to one onto each other merged
    /// into one grouping (said once, named by all of them), each in its
    /// order (see [`super::ordinal`]).
    fn plans(&self) -> Vec<Plan<'_>> {
        let mut candidates: Vec<(String, &Grouping)> = vec![("outlet".to_string(), &self.outlets)];
        for (name, g) in &self.labels {
            if !g.dropped && g.terms.len() >= 2 {
                candidates.push((format!("label:{name}"), g));
            }
        }
        let col = |name: &str| self.columns.by_name(name);
        // Classes of columns one to one onto each other (the relation is
        // transitive, so the first member stands for its class).
        let mut classes: Vec<Vec<usize>> = Vec::new();
        for i in 0..candidates.len() {
            let joined = classes.iter_mut().find(|c| {
                match (col(&candidates[c[0]].0), col(&candidates[i].0)) {
                    (Some(a), Some(b)) => self.columns.one_to_one(a, b, self.documents),
                    _ => false,
                }
            });
            match joined {
                Some(c) => c.push(i),
                None => classes.push(vec![i]),
            }
        }
        classes
            .into_iter()
            .map(|members| {
                // The groups are named by the outlet, else by the first
                // column that is not a number (a name reads better than a
                // code), else by the first.
                let is_numeric = |i: &usize| {
                    let g = candidates[*i].1;
                    g.terms.keys().all(|v| v.trim().parse::<f64>().is_ok())
                };
                let primary = members
                    .iter()
                    .copied()
                    .find(|i| candidates[*i].0 == "outlet")
                    .or_else(|| members.iter().copied().find(|i| !is_numeric(i)))
                    .unwrap_or(members[0]);
                let mut columns = vec![primary];
                columns.extend(members.iter().copied().filter(|&i| i != primary));
                let grouping = candidates[primary].1;
                let groups: Vec<String> = grouping.terms.keys().cloned().collect();
                let values: Vec<Vec<String>> = groups
                    .iter()
                    .map(|grp| {
                        columns
                            .iter()
                            .map(|&c| {
                                if c == primary {
                                    return grp.clone();
                                }
                                match (col(&candidates[primary].0), col(&candidates[c].0)) {
                                    (Some(a), Some(b)) => {
                                        self.columns.partner(a, grp, b).unwrap_or_default()
                                    }
                                    _ => String::new(),
                                }
                            })
                            .collect()
                    })
                    .collect();
                // The order of the first column that has one.
                let mut order = super::ordinal::Order::Alphabetical;
                let mut index: Vec<usize> = (0..groups.len()).collect();
                for k in 0..columns.len() {
                    let vals: Vec<&str> = values.iter().map(|v| v[k].as_str()).collect();
                    let (o, idx) = super::ordinal::sorted(&vals);
                    if o != super::ordinal::Order::Alphabetical {
                        order = o;
                        index = idx;
                        break;
                    }
                }
                let names: Vec<String> = columns.iter().map(|&c| candidates[c].0.clone()).collect();
                let name = std::iter::once(names[0].clone())
                    .chain(
                        names[1..]
                            .iter()
                            .map(|n| n.strip_prefix("label:").unwrap_or(n).to_string()),
                    )
                    .collect::<Vec<_>>()
                    .join(" = ");
                Plan {
                    name,
                    columns: names,
                    grouping,
                    groups: index.iter().map(|&i| groups[i].clone()).collect(),
                    values: index.iter().map(|&i| values[i].clone()).collect(),
                    order: order.name(),
                }
            })
            .collect()
    }

    fn grouping_summary(
        &self,
        plan: &Plan<'_>,
        opts: &CorpusOptions,
        seed: u64,
    ) -> Result<GroupingSummary> {
        let (name, g) = (plan.name.as_str(), plan.grouping);
        let groups: Vec<String> = plan.groups.clone();
        let position: BTreeMap<&str, usize> = groups
            .iter()
            .enumerate()
            .map(|(i, grp)| (grp.as_str(), i))
            .collect();
        let n_cat = self.categories.len();
        // Per event: (group index, cell), in group order.
        let mut events: BTreeMap<usize, Vec<(usize, &Cell)>> = BTreeMap::new();
        for ((e, grp), cell) in &g.cells {
            if let Some(&gi) = position.get(grp.as_str()) {
                events.entry(*e).or_default().push((gi, cell));
            }
        }
        for cells in events.values_mut() {
            cells.sort_by_key(|c| c.0);
        }
        let events: Vec<Vec<(usize, &Cell)>> = events.into_values().collect();
        // Per event: (group index, cell) of each document, for the tests.
        let docs: Vec<Vec<(usize, &Cell)>> = g
            .docs
            .values()
            .map(|ds| {
                ds.iter()
                    .filter_map(|(grp, d)| {
                        let gi = *position.get(grp.as_str())?;
                        Some((gi, self.doc_cells.get(*d)?))
                    })
                    .collect()
            })
            .collect();

        // Rates with intervals from resampling events.
        let mut rates = Vec::new();
        for (gi, group) in groups.iter().enumerate() {
            let cells: Vec<&Cell> = events
                .iter()
                .filter_map(|ev| ev.iter().find(|(x, _)| *x == gi).map(|(_, c)| *c))
                .collect();
            for (v, voice) in VOICES.iter().enumerate() {
                let tokens: Vec<u32> = cells.iter().map(|c| sat32(c.tokens[v])).collect();
                let mut counts = Vec::with_capacity(cells.len() * n_cat);
                for c in &cells {
                    for k in 0..n_cat {
                        counts.push(sat32(c.counts.get(k).map_or(0, |x| x[v])));
                    }
                }
                let ci = if cells.len() >= 2 {
                    rate_intervals(
                        &tokens,
                        &counts,
                        n_cat,
                        opts.resamples,
                        unit_seed(seed, (gi * 3 + v) as u64),
                        0.95,
                    )
                } else {
                    vec![None; n_cat]
                };
                let total: u64 = cells.iter().map(|c| c.tokens[v]).sum();
                for (k, (lex, cat)) in self.categories.iter().enumerate() {
                    let matches: u64 = cells
                        .iter()
                        .map(|c| c.counts.get(k).map_or(0, |x| x[v]))
                        .sum();
                    rates.push(GroupRate {
                        group: group.clone(),
                        lexicon: lex.clone(),
                        category: cat.clone(),
                        voice: *voice,
                        events: cells.len(),
                        matches,
                        tokens: total,
                        rate: (total > 0).then(|| 1000.0 * matches as f64 / total as f64),
                        ci_low: ci[k].map(|x| x.0),
                        ci_high: ci[k].map(|x| x.1),
                    });
                }
            }
        }

        // Permutation tests of documents within events.
        let mut tests = Vec::new();
        let mut untested = Vec::new();
        let tc = TestContext {
            events: &docs,
            n_cat,
            perms: opts.permutations,
            resamples: opts.resamples,
            categories: &self.categories,
            groups: &groups,
        };
        let pairwise = groups.len() <= opts.max_pairwise_groups;
        for (v, voice) in VOICES.iter().enumerate() {
            let s = unit_seed(seed ^ 0x5045_524d, v as u64);
            let (t, u) = tc.omnibus(v, s, *voice);
            tests.extend(t);
            untested.extend(u);
            if pairwise {
                for a in 0..groups.len() {
                    for b in a + 1..groups.len() {
                        let s = unit_seed(s, (a * groups.len() + b) as u64 + 1);
                        let (t, u) = tc.pair((a, b), v, s, *voice);
                        tests.extend(t);
                        untested.extend(u);
                    }
                }
            }
        }

        let keyness = self.group_keyness(g, &groups, opts.top)?;
        Ok(GroupingSummary {
            grouping: name.to_string(),
            columns: plan.columns.clone(),
            groups,
            values: plan.values.clone(),
            order: plan.order.clone(),
            rates,
            tests,
            too_little_evidence: untested,
            keyness,
        })
    }

    fn group_keyness(
        &self,
        g: &Grouping,
        groups: &[String],
        top: usize,
    ) -> Result<Vec<GroupKeyness>> {
        // One dense vector at a time: with many groups (ABP has 161 outlets)
        // a full group-by-vocabulary matrix would dominate memory.
        let n = self.terms.len();
        let dense = |grp: &str| {
            let mut v = vec![0u64; n];
            if let Some(m) = g.terms.get(grp) {
                for (&id, &c) in m {
                    v[id as usize] = c;
                }
            }
            v
        };
        let mut total = vec![0u64; n];
        for m in g.terms.values() {
            for (&id, &c) in m {
                total[id as usize] += c;
            }
        }
        let mut by_text: Vec<u32> = (0..n as u32).collect();
        by_text.sort_unstable_by(|&a, &b| self.terms[a as usize].cmp(&self.terms[b as usize]));
        let mut rank = vec![0u32; n];
        for (r, &i) in by_text.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let rank = &rank;
        let params = KeynessParams {
            measure: Measure::LogOdds,
            ..KeynessParams::default()
        }
        .check()?;
        // Groups in parallel, collected in group order: the same bytes
        // whatever the thread count.
        let per_group: Vec<Option<GroupKeyness>> = groups
            .par_iter()
            .map(|grp| -> Result<Option<GroupKeyness>> {
                let target = dense(grp);
                let reference: Vec<u64> = total.iter().zip(&target).map(|(a, b)| a - b).collect();
                if target.iter().sum::<u64>() == 0 || reference.iter().sum::<u64>() == 0 {
                    return Ok(None);
                }
                let rows = keyness_indexed(&self.terms, &target, &reference, &params)?;
                // Only the top rows are named and kept, in the order
                // `keyness` sorts them (statistic, then term). Ties are
                // many (terms with equal counts): they compare by the
                // term's alphabetical rank, not by its text.
                let term = |r: &IndexedRow| rank[r.index];
                let over = top_rows(
                    &rows,
                    top,
                    |r| r.stat > 0.0,
                    |a, b| b.stat.total_cmp(&a.stat).then(term(a).cmp(&term(b))),
                    &self.terms,
                );
                let under = top_rows(
                    &rows,
                    top,
                    |r| r.stat < 0.0,
                    |a, b| a.stat.total_cmp(&b.stat).then(term(a).cmp(&term(b))),
                    &self.terms,
                );
                Ok(Some(GroupKeyness {
                    group: grp.clone(),
                    over,
                    under,
                }))
            })
            .collect::<Result<_>>()?;
        let out: Vec<GroupKeyness> = per_group.into_iter().flatten().collect();
        Ok(out)
    }

    fn similarity_summary(&self, opts: &CorpusOptions) -> Vec<PairSimilarity> {
        self.similarity
            .iter()
            .enumerate()
            .map(|(i, ((a, b), vals))| {
                // By event id, whatever order the events were compared in.
                let mut vals = vals.clone();
                vals.sort_by(|x, y| self.events[x.0].cmp(&self.events[y.0]));
                let cos: Vec<f64> = vals.iter().map(|x| x.1).collect();
                let jac: Vec<f64> = vals.iter().map(|x| x.2).collect();
                PairSimilarity {
                    outlet_a: a.clone(),
                    outlet_b: b.clone(),
                    events: vals.len(),
                    cosine: Distribution::of(&cos, opts, unit_seed(opts.seed, 2 * i as u64)),
                    jaccard: Distribution::of(&jac, opts, unit_seed(opts.seed, 2 * i as u64 + 1)),
                    per_event: vals
                        .iter()
                        .map(|(e, c, j)| (self.events[*e].clone(), *c, *j))
                        .collect(),
                }
            })
            .collect()
    }

    fn substitution_summary(&self, opts: &CorpusOptions) -> Vec<RecurringSubstitution> {
        let mut rows: Vec<RecurringSubstitution> = self
            .substitutions
            .iter()
            .filter(|(_, s)| s.events.len() >= 2)
            .map(|((oa, ob, wa, wb), s)| RecurringSubstitution {
                outlet_a: oa.clone(),
                words_a: wa.clone(),
                outlet_b: ob.clone(),
                words_b: wb.clone(),
                events: s.events.len(),
                count: s.count,
                example_events: s
                    .events
                    .iter()
                    .take(5)
                    .map(|e| self.events[*e].clone())
                    .collect(),
            })
            .collect();
        rows.sort_by(|a, b| {
            b.events
                .cmp(&a.events)
                .then(b.count.cmp(&a.count))
                .then_with(|| {
                    (&a.outlet_a, &a.outlet_b, &a.words_a, &a.words_b).cmp(&(
                        &b.outlet_a,
                        &b.outlet_b,
                        &b.words_a,
                        &b.words_b,
                    ))
                })
        });
        rows.truncate(opts.max_substitutions);
        rows
    }
}

/// The first `top` rows passing `keep` in `order`, named alone.
fn top_rows(
    rows: &[IndexedRow],
    top: usize,
    keep: impl Fn(&IndexedRow) -> bool,
    order: impl Fn(&IndexedRow, &IndexedRow) -> std::cmp::Ordering,
    terms: &[String],
) -> Vec<KeynessRow> {
    let mut picked: Vec<&IndexedRow> = rows.iter().filter(|r| keep(r)).collect();
    if picked.len() > top {
        picked.select_nth_unstable_by(top, |a, b| order(a, b));
        picked.truncate(top);
    }
    picked.sort_by(|a, b| order(a, b));
    picked.into_iter().map(|r| r.named(terms)).collect()
}

fn ordered<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

fn sat32(x: u64) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// One group's cell in one event, seen through one voice, for the
/// permutation tests of [`crate::stats::permutation`].
#[derive(Debug, Clone, Copy)]
struct VoiceCell<'a> {
    cell: &'a Cell,
    v: usize,
}

impl RateCell for VoiceCell<'_> {
    fn tokens(&self) -> f64 {
        self.cell.tokens[self.v] as f64
    }
    fn count(&self, k: usize) -> f64 {
        self.cell.counts.get(k).map_or(0, |x| x[self.v]) as f64
    }
}

/// The events' cells seen through voice `v`.
fn voice_cells<'a>(
    events: &[Vec<(usize, &'a Cell)>],
    v: usize,
) -> Vec<Vec<(usize, VoiceCell<'a>)>> {
    events
        .iter()
        .map(|e| {
            e.iter()
                .map(|&(g, cell)| (g, VoiceCell { cell, v }))
                .collect()
        })
        .collect()
}

/// What the tests of one grouping share: the documents per event, the
/// categories and groups, and the numbers of permutations and resamples.
struct TestContext<'a> {
    events: &'a [Vec<(usize, &'a Cell)>],
    n_cat: usize,
    perms: usize,
    resamples: usize,
    categories: &'a [(String, String)],
    groups: &'a [String],
}

/// Tested rows and rows below the evidence rule.
type TestRows = (Vec<GroupTest>, Vec<UntestedComparison>);

impl TestContext<'_> {
    /// Does any group differ? (The omnibus permutation test, within events.)
    fn omnibus(&self, v: usize, seed: u64, voice: Voice) -> TestRows {
        let cells = voice_cells(self.events, v);
        let Some(t) = omnibus_test(
            &cells,
            self.groups.len(),
            self.n_cat,
            &EVIDENCE,
            self.perms,
            self.resamples,
            seed,
        ) else {
            return (Vec::new(), Vec::new());
        };
        let names = ("all".to_string(), String::new(), self.groups.join(", "));
        self.finish(&t, names, voice, "omnibus")
    }

    /// Do groups `a` and `b` differ? (The pair permutation test, within
    /// the events that have both.)
    fn pair(&self, (a, b): (usize, usize), v: usize, seed: u64, voice: Voice) -> TestRows {
        let cells = voice_cells(self.events, v);
        let Some(t) = pair_test(
            &cells,
            (a, b),
            self.n_cat,
            &EVIDENCE,
            self.perms,
            self.resamples,
            seed,
        ) else {
            return (Vec::new(), Vec::new());
        };
        let (ga, gb) = (&self.groups[a], &self.groups[b]);
        let names = (ga.clone(), gb.clone(), format!("{ga} vs {gb}"));
        self.finish(&t, names, voice, "pair")
    }

    /// Name the per-category results of a test, set aside those below the
    /// evidence rule, and adjust the rest (BH) across their categories.
    fn finish(
        &self,
        test: &PermutationTest,
        (a, b, label): (String, String, String),
        voice: Voice,
        kind: &str,
    ) -> TestRows {
        let events = test.strata;
        // Categories nobody used carry no test: leave them out entirely.
        let used: Vec<usize> = (0..self.categories.len())
            .filter(|&k| test.matches[k] > 0.0)
            .collect();
        let (keep, below): (Vec<usize>, Vec<usize>) = used
            .into_iter()
            .partition(|&k| EVIDENCE.met(test.matches[k], test.strata_with_difference[k]));
        let q = bh_adjust(&keep.iter().map(|&k| test.p[k]).collect::<Vec<_>>());
        let tested = keep
            .iter()
            .zip(q)
            .map(|(&k, q)| GroupTest {
                kind: kind.into(),
                group_a: a.clone(),
                group_b: b.clone(),
                comparison: label.clone(),
                lexicon: self.categories[k].0.clone(),
                category: self.categories[k].1.clone(),
                voice,
                events,
                statistic: test.statistic[k],
                p: test.p[k],
                q,
                effect: test.effect[k],
                effect_ci_low: test.effect_ci[k].map(|x| x.0),
                effect_ci_high: test.effect_ci[k].map(|x| x.1),
                matches: test.matches[k] as u64,
                events_with_difference: test.strata_with_difference[k],
            })
            .collect();
        let untested = below
            .iter()
            .map(|&k| UntestedComparison {
                kind: kind.into(),
                group_a: a.clone(),
                group_b: b.clone(),
                comparison: label.clone(),
                lexicon: self.categories[k].0.clone(),
                category: self.categories[k].1.clone(),
                voice,
                events,
                matches: test.matches[k] as u64,
                events_with_difference: test.strata_with_difference[k],
                effect: test.effect[k],
            })
            .collect();
        (tested, untested)
    }
}

impl Distribution {
    fn of(values: &[f64], opts: &CorpusOptions, seed: u64) -> Distribution {
        let mut s: Vec<f64> = values.to_vec();
        s.sort_by(f64::total_cmp);
        let n = s.len();
        let mean = s.iter().sum::<f64>() / n.max(1) as f64;
        let mean_ci = (n >= 2 && opts.resamples > 0).then(|| {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut means: Vec<f64> = (0..opts.resamples)
                .map(|_| (0..n).map(|_| values[rng.gen_range(0..n)]).sum::<f64>() / n as f64)
                .collect();
            means.sort_by(f64::total_cmp);
            (
                percentile(&means, 0.025).unwrap_or(mean),
                percentile(&means, 0.975).unwrap_or(mean),
            )
        });
        let q = |x: f64| percentile(&s, x).unwrap_or(f64::NAN);
        Distribution {
            n,
            mean,
            mean_ci,
            min: q(0.0),
            q1: q(0.25),
            median: q(0.5),
            q3: q(0.75),
            max: q(1.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribution_quartiles() {
        let d = Distribution::of(&[1.0, 2.0, 3.0, 4.0, 5.0], &CorpusOptions::default(), 1);
        assert_eq!(d.median, 3.0);
        assert_eq!(d.q1, 2.0);
        assert_eq!(d.mean, 3.0);
        let (lo, hi) = d.mean_ci.unwrap();
        assert!(lo < 3.0 && hi > 3.0);
    }
}
