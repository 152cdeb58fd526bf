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
//! - differences between groups tested by permuting group labels **within
//!   events** (so an outlet that covered more inflammatory stories is not
//!   credited with loaded wording), Benjamini–Hochberg across categories;
//! - log-odds keyness (informative Dirichlet prior) of each group against
//!   the rest of the corpus, with counts;
//! - the distribution of outlet-pair similarities over events;
//! - word-choice substitutions that recur across events, per outlet pair.
//!
//! Everything is folded in input order and kept in sorted maps, so the
//! result is identical whatever the number of threads.

use super::closeness::SimilarityMatrices;
use super::substitutions::Substitutions;
use crate::error::Allowed;
use crate::lexicon::matcher::Matcher;
use crate::params::{checked_on_entry, Check, Checked};
use crate::pipeline::Prepared;
use crate::stats::bootstrap::{percentile, rate_intervals, unit_seed};
use crate::stats::fdr::bh_adjust;
use crate::stats::hash::FxHashMap;
use crate::stats::keyness::{keyness_indexed, IndexedRow, KeynessParams, KeynessRow, Measure};
use crate::text::{AnalyzedDoc, Voice};
use crate::Result;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The voices aggregated, in this order everywhere (index 0, 1, 2).
pub const VOICES: [Voice; 3] = [Voice::Own, Voice::Quoted, Voice::All];

/// A label is aggregated only while it has at most this many distinct
/// values: more looks like an id or free text, not a grouping.
pub const MAX_LABEL_VALUES: usize = 8;

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
            top: 15,
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

/// Labels that can group documents: short strings (not ids, not text).
fn scalar_labels(labels: &BTreeMap<String, serde_json::Value>) -> Vec<(String, String)> {
    labels
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) if !s.is_empty() && s.len() <= 40 => {
                Some((k.clone(), s.clone()))
            }
            _ => None,
        })
        .collect()
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
    /// group -> term id -> count, over the corpus.
    terms: BTreeMap<String, FxHashMap<u32, u64>>,
    /// Distinct values seen (labels stop being tallied past the limit).
    dropped: bool,
}

impl Grouping {
    fn add(&mut self, event: usize, group: &str, t: &DocTally, term_ids: &[u32]) {
        self.cells
            .entry((event, group.to_string()))
            .or_default()
            .add(t);
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
    /// (outlet a, outlet b) -> per event (event, cosine, jaccard).
    similarity: BTreeMap<(String, String), Vec<EventSimilarity>>,
    /// (outlet a, outlet b, words a, words b) -> tally.
    substitutions: BTreeMap<(String, String, String, String), SubTally>,
    /// Events whose similarity/substitutions were computed.
    events_compared: BTreeSet<usize>,
    documents: usize,
    /// Per annotated-input sentence: (marked lexical bias, rate, count).
    sentences: Vec<SentenceScore>,
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
        self.outlets.add(e, &t.outlet, t, &ids);
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
            g.add(e, value, t, &ids);
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
            for oa in &p.a.outlets {
                for ob in &p.b.outlets {
                    if oa == ob {
                        continue;
                    }
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
    pub fn add_sentences(&mut self, scores: &[SentenceScore]) {
        self.sentences.extend_from_slice(scores);
    }

    /// Number of documents folded so far.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// Compute the corpus summary.
    pub fn finish(self, opts: &impl Checked<CorpusOptions>) -> Result<CorpusSummary> {
        let opts = opts.checked()?;
        let opts: &CorpusOptions = &opts;
        let mut groupings = vec![("outlet".to_string(), &self.outlets)];
        for (name, g) in &self.labels {
            if !g.dropped && g.terms.len() >= 2 {
                groupings.push((format!("label:{name}"), g));
            }
        }
        let by = groupings
            .par_iter()
            .enumerate()
            .map(|(i, (name, g))| {
                self.grouping_summary(name, g, opts, unit_seed(opts.seed, i as u64))
            })
            .collect::<Result<Vec<_>>>()?;
        let similarity = self.similarity_summary(opts);
        let substitutions = self.substitution_summary(opts);
        Ok(CorpusSummary {
            schema_version: crate::report::SCHEMA_VERSION.to_string(),
            documents: self.documents,
            events: self.events.len(),
            events_compared: self.events_compared.len(),
            resamples: opts.resamples,
            permutations: opts.permutations,
            seed: opts.seed,
            groupings: by,
            similarity,
            substitutions,
            sentence_auc: self.sentence_auc(),
            notes: Vec::new(),
        })
    }

    fn sentence_auc(&self) -> Option<SentenceAuc> {
        let (pos, neg): (Vec<&SentenceScore>, Vec<&SentenceScore>) =
            self.sentences.iter().partition(|s| s.annotated);
        if pos.is_empty() || neg.is_empty() {
            return None;
        }
        let of = |v: &[&SentenceScore], f: fn(&SentenceScore) -> f64| -> Vec<f64> {
            v.iter().map(|x| f(x)).collect()
        };
        let count = |s: &SentenceScore| s.loaded as f64;
        let rate = |s: &SentenceScore| s.loaded as f64 / s.tokens as f64;
        let length = |s: &SentenceScore| s.tokens as f64;
        Some(SentenceAuc {
            annotated: pos.len(),
            other: neg.len(),
            auc_count: auc(&of(&pos, count), &of(&neg, count)),
            auc_rate: auc(&of(&pos, rate), &of(&neg, rate)),
            auc_length_only: auc(&of(&pos, length), &of(&neg, length)),
            auc_count_within_length: auc_within_strata(&self.sentences, LENGTH_STRATA),
            method: SENTENCE_SCORE_METHOD.to_string(),
        })
    }

    fn grouping_summary(
        &self,
        name: &str,
        g: &Grouping,
        opts: &CorpusOptions,
        seed: u64,
    ) -> Result<GroupingSummary> {
        let groups: Vec<String> = g.terms.keys().cloned().collect();
        let n_cat = self.categories.len();
        // Per event: (group index, cell).
        let mut events: BTreeMap<usize, Vec<(usize, &Cell)>> = BTreeMap::new();
        for ((e, grp), cell) in &g.cells {
            if let Ok(gi) = groups.binary_search(grp) {
                events.entry(*e).or_default().push((gi, cell));
            }
        }
        let events: Vec<Vec<(usize, &Cell)>> = events.into_values().collect();

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

        // Permutation tests within events.
        let mut tests = Vec::new();
        let pairwise = groups.len() <= opts.max_pairwise_groups;
        for (v, voice) in VOICES.iter().enumerate() {
            let s = unit_seed(seed ^ 0x5045_524d, v as u64);
            tests.extend(omnibus_tests(
                &events,
                groups.len(),
                n_cat,
                v,
                opts.permutations,
                s,
                &self.categories,
                &groups,
                *voice,
            ));
            if pairwise {
                for a in 0..groups.len() {
                    for b in a + 1..groups.len() {
                        let s = unit_seed(s, (a * groups.len() + b) as u64 + 1);
                        tests.extend(pair_tests(
                            &events,
                            (a, b),
                            n_cat,
                            v,
                            opts.permutations,
                            s,
                            &self.categories,
                            &groups,
                            *voice,
                        ));
                    }
                }
            }
        }

        let keyness = self.group_keyness(g, &groups, opts.top)?;
        Ok(GroupingSummary {
            grouping: name.to_string(),
            groups,
            rates,
            tests,
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
        let params = KeynessParams {
            measure: Measure::LogOdds,
            ..KeynessParams::default()
        };
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
                // `keyness` sorts them (statistic, then term).
                let term = |r: &IndexedRow| self.terms[r.index].as_str();
                let over = top_rows(
                    &rows,
                    top,
                    |r| r.stat > 0.0,
                    |a, b| b.stat.total_cmp(&a.stat).then(term(a).cmp(term(b))),
                    &self.terms,
                );
                let under = top_rows(
                    &rows,
                    top,
                    |r| r.stat < 0.0,
                    |a, b| a.stat.total_cmp(&b.stat).then(term(a).cmp(term(b))),
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

/// Pooled rate per group: sums of matches per category and of tokens.
fn pooled(
    events: &[Vec<(usize, &Cell)>],
    assign: &[Vec<usize>],
    n_groups: usize,
    n_cat: usize,
    v: usize,
) -> (Vec<f64>, Vec<f64>) {
    let mut tok = vec![0f64; n_groups];
    let mut cnt = vec![0f64; n_groups * n_cat];
    for (ev, a) in events.iter().zip(assign) {
        for ((_, cell), &g) in ev.iter().zip(a) {
            tok[g] += cell.tokens[v] as f64;
            for k in 0..n_cat {
                cnt[g * n_cat + k] += cell.counts.get(k).map_or(0, |x| x[v]) as f64;
            }
        }
    }
    (tok, cnt)
}

/// Chi-square-like spread of group rates around the pooled rate, per category.
fn spread(tok: &[f64], cnt: &[f64], n_cat: usize) -> Vec<f64> {
    let all_tok: f64 = tok.iter().sum();
    (0..n_cat)
        .map(|k| {
            let all: f64 = (0..tok.len()).map(|g| cnt[g * n_cat + k]).sum();
            if all_tok == 0.0 || all == 0.0 {
                return 0.0;
            }
            let p = all / all_tok;
            (0..tok.len())
                .filter(|&g| tok[g] > 0.0)
                .map(|g| {
                    let e = tok[g] * p;
                    (cnt[g * n_cat + k] - e).powi(2) / e
                })
                .sum()
        })
        .collect()
}

/// Does any group differ? Group labels are shuffled among the cells of
/// each event; the statistic is the chi-square-like spread of pooled rates.
#[allow(clippy::too_many_arguments)]
fn omnibus_tests(
    events: &[Vec<(usize, &Cell)>],
    n_groups: usize,
    n_cat: usize,
    v: usize,
    perms: usize,
    seed: u64,
    categories: &[(String, String)],
    groups: &[String],
    voice: Voice,
) -> Vec<GroupTest> {
    let events: Vec<Vec<(usize, &Cell)>> =
        events.iter().filter(|e| e.len() >= 2).cloned().collect();
    if events.is_empty() || n_groups < 2 {
        return Vec::new();
    }
    let observed: Vec<Vec<usize>> = events
        .iter()
        .map(|e| e.iter().map(|(g, _)| *g).collect())
        .collect();
    let (tok, cnt) = pooled(&events, &observed, n_groups, n_cat, v);
    let stat = spread(&tok, &cnt, n_cat);
    let mut ge = vec![0usize; n_cat];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut assign = observed.clone();
    for _ in 0..perms {
        for a in assign.iter_mut() {
            a.shuffle(&mut rng);
        }
        let (t, c) = pooled(&events, &assign, n_groups, n_cat, v);
        for (k, s) in spread(&t, &c, n_cat).iter().enumerate() {
            if *s >= stat[k] - 1e-12 {
                ge[k] += 1;
            }
        }
    }
    let p: Vec<f64> = ge
        .iter()
        .map(|&n| (n + 1) as f64 / (perms + 1) as f64)
        .collect();
    finish_tests(
        categories,
        &stat,
        &p,
        "all".to_string(),
        String::new(),
        groups.join(", "),
        voice,
        events.len(),
        None,
    )
}

/// Do groups `a` and `b` differ? In each event with both, their labels are
/// swapped with probability one half; the statistic is the difference of
/// pooled rates (per 1,000 tokens), two-sided.
#[allow(clippy::too_many_arguments)]
fn pair_tests(
    events: &[Vec<(usize, &Cell)>],
    (a, b): (usize, usize),
    n_cat: usize,
    v: usize,
    perms: usize,
    seed: u64,
    categories: &[(String, String)],
    groups: &[String],
    voice: Voice,
) -> Vec<GroupTest> {
    let pairs: Vec<(&Cell, &Cell)> = events
        .iter()
        .filter_map(|e| {
            let ca = e.iter().find(|(g, _)| *g == a)?.1;
            let cb = e.iter().find(|(g, _)| *g == b)?.1;
            Some((ca, cb))
        })
        .collect();
    if pairs.is_empty() {
        return Vec::new();
    }
    let diff = |swap: &[bool]| -> Vec<f64> {
        let (mut ta, mut tb) = (0f64, 0f64);
        let mut ca = vec![0f64; n_cat];
        let mut cb = vec![0f64; n_cat];
        for ((x, y), &s) in pairs.iter().zip(swap) {
            let (x, y) = if s { (y, x) } else { (x, y) };
            ta += x.tokens[v] as f64;
            tb += y.tokens[v] as f64;
            for k in 0..n_cat {
                ca[k] += x.counts.get(k).map_or(0, |c| c[v]) as f64;
                cb[k] += y.counts.get(k).map_or(0, |c| c[v]) as f64;
            }
        }
        (0..n_cat)
            .map(|k| {
                if ta == 0.0 || tb == 0.0 {
                    0.0
                } else {
                    1000.0 * (ca[k] / ta - cb[k] / tb)
                }
            })
            .collect()
    };
    let observed = diff(&vec![false; pairs.len()]);
    let mut ge = vec![0usize; n_cat];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut swap = vec![false; pairs.len()];
    for _ in 0..perms {
        for s in swap.iter_mut() {
            *s = rng.gen_bool(0.5);
        }
        for (k, d) in diff(&swap).iter().enumerate() {
            if d.abs() >= observed[k].abs() - 1e-12 {
                ge[k] += 1;
            }
        }
    }
    let p: Vec<f64> = ge
        .iter()
        .map(|&n| (n + 1) as f64 / (perms + 1) as f64)
        .collect();
    finish_tests(
        categories,
        &observed,
        &p,
        groups[a].clone(),
        groups[b].clone(),
        format!("{} vs {}", groups[a], groups[b]),
        voice,
        pairs.len(),
        Some(()),
    )
}

#[allow(clippy::too_many_arguments)]
fn finish_tests(
    categories: &[(String, String)],
    stat: &[f64],
    p: &[f64],
    a: String,
    b: String,
    label: String,
    voice: Voice,
    events: usize,
    pairwise: Option<()>,
) -> Vec<GroupTest> {
    // Categories nobody used carry no test: leave them out of the family.
    let keep: Vec<usize> = (0..categories.len())
        .filter(|&k| stat[k] != 0.0 || pairwise.is_none() && p[k] < 1.0)
        .collect();
    let q = bh_adjust(&keep.iter().map(|&k| p[k]).collect::<Vec<_>>());
    keep.iter()
        .zip(q)
        .map(|(&k, q)| GroupTest {
            kind: if pairwise.is_some() {
                "pair".into()
            } else {
                "omnibus".into()
            },
            group_a: a.clone(),
            group_b: b.clone(),
            comparison: label.clone(),
            lexicon: categories[k].0.clone(),
            category: categories[k].1.clone(),
            voice,
            events,
            statistic: stat[k],
            p: p[k],
            q,
        })
        .collect()
}

/// Summary of a set of per-event values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub n: usize,
    pub mean: f64,
    /// 95% interval of the mean from resampling events (None for n < 2).
    pub mean_ci: Option<(f64, f64)>,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
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

/// The corpus summary (`summary/report.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusSummary {
    pub schema_version: String,
    pub documents: usize,
    pub events: usize,
    /// Events compared as a whole (similarity, substitutions).
    pub events_compared: usize,
    pub resamples: usize,
    pub permutations: usize,
    pub seed: u64,
    /// `outlet` first, then `label:<name>` for each label that groups documents.
    pub groupings: Vec<GroupingSummary>,
    pub similarity: Vec<PairSimilarity>,
    pub substitutions: Vec<RecurringSubstitution>,
    /// Loaded-language score against annotated sentences, when the input
    /// carries sentence-level bias annotations (BASIL's `spans`).
    pub sentence_auc: Option<SentenceAuc>,
    /// How events were handled (limits applied, events left out of parts).
    pub notes: Vec<String>,
}

/// Aggregates for one grouping of the documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupingSummary {
    pub grouping: String,
    pub groups: Vec<String>,
    pub rates: Vec<GroupRate>,
    pub tests: Vec<GroupTest>,
    pub keyness: Vec<GroupKeyness>,
}

/// A group's rate for one category and voice, pooled over events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRate {
    pub group: String,
    pub lexicon: String,
    pub category: String,
    pub voice: Voice,
    pub events: usize,
    pub matches: u64,
    pub tokens: u64,
    pub rate: Option<f64>,
    /// 95% percentile interval from resampling events (None for < 2 events).
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

/// A permutation test of a category between groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTest {
    /// `omnibus` (any group differs) or `pair` (`group_a` against `group_b`).
    pub kind: String,
    pub group_a: String,
    pub group_b: String,
    pub comparison: String,
    pub lexicon: String,
    pub category: String,
    pub voice: Voice,
    /// Events that entered the test (with at least two groups / both groups).
    pub events: usize,
    /// Omnibus: chi-square-like spread; pair: rate a minus rate b per 1,000 tokens.
    pub statistic: f64,
    pub p: f64,
    /// Benjamini–Hochberg q across categories of this comparison and voice.
    pub q: f64,
}

/// Terms most distinctive of a group across the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupKeyness {
    pub group: String,
    pub over: Vec<KeynessRow>,
    pub under: Vec<KeynessRow>,
}

/// Similarity of an outlet pair over the events where both appear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairSimilarity {
    pub outlet_a: String,
    pub outlet_b: String,
    pub events: usize,
    pub cosine: Distribution,
    pub jaccard: Distribution,
    /// (event, cosine, jaccard).
    pub per_event: Vec<(String, f64, f64)>,
}

/// A word-choice substitution found in two or more events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecurringSubstitution {
    pub outlet_a: String,
    pub words_a: String,
    pub outlet_b: String,
    pub words_b: String,
    pub events: usize,
    pub count: usize,
    pub example_events: Vec<String>,
}

/// How well a per-sentence loaded-language score separates sentences that
/// annotators marked as lexically biased from the others (BASIL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceAuc {
    pub annotated: usize,
    pub other: usize,
    /// AUC of the number of loaded-language words in the sentence (the
    /// primary measure: annotators mark a sentence when it holds any such
    /// wording, and a longer sentence has more room for it).
    pub auc_count: f64,
    /// AUC of loaded words per token (discounts length entirely).
    pub auc_rate: f64,
    /// AUC of sentence length in tokens alone: the baseline any count
    /// must be read against, since annotated sentences are longer.
    pub auc_length_only: f64,
    /// AUC of the count within strata of similar length (quintiles of
    /// token counts), pooled with weights n_annotated * n_other: what the
    /// words add beyond length.
    pub auc_count_within_length: f64,
    pub method: String,
}

/// One sentence's loaded-language score (see [`sentence_scores`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceScore {
    /// A lexical-bias span points at this sentence.
    pub annotated: bool,
    pub tokens: usize,
    /// Tokens matched by a loaded-language category (each counted once).
    pub loaded: usize,
}

/// Length strata for [`SentenceAuc::auc_count_within_length`].
const LENGTH_STRATA: usize = 5;

/// How the per-sentence loaded-language score is computed (also written
/// into the summary so a reader knows what the AUC measures).
pub const SENTENCE_SCORE_METHOD: &str =
    "Each sentence of the input's `sentences` field is analysed on its own; \
its score is the number of its tokens matched by a loaded-language category (loaded/*, \
attribution/doubting, attribution/hostile, intensifiers/amplifiers, concept-group words of \
loadedness grade 2 or 3, and affect/* — VADER-rated words with |valence| >= 2); a word in two \
categories counts once. A sentence counts as annotated when a `spans` entry with bias \"lex\" (not \
in the title) points at it by `sent_idx`. AUC = Mann-Whitney U / (n_annotated * n_other), ties one \
half, for the count, the count per token, sentence length alone (the baseline), and the count \
within five length quintiles (pooled, weighted by n_annotated * n_other).";

/// Whether a match counts towards the loaded-language score.
fn is_loaded(lexicon: &str, category: &str, weight: f64) -> bool {
    match lexicon {
        "loaded" => true,
        "attribution" => matches!(category, "doubting" | "hostile"),
        "intensifiers" => category == "amplifiers",
        "affect" => true,
        _ => category.starts_with("concept/") && weight >= 2.0,
    }
}

/// Per-sentence loaded-language scores of a document that carries
/// sentence-level bias annotations (BASIL: labels `sentences` and `spans`).
/// Empty when the document has no such labels.
pub fn sentence_scores(
    labels: &BTreeMap<String, serde_json::Value>,
    analyzer: &crate::text::Analyzer,
    matcher: &Matcher,
) -> Vec<SentenceScore> {
    let (Some(serde_json::Value::Array(sents)), Some(serde_json::Value::Array(spans))) =
        (labels.get("sentences"), labels.get("spans"))
    else {
        return Vec::new();
    };
    let marked: BTreeSet<u64> = spans
        .iter()
        .filter(|s| s.get("bias").and_then(|b| b.as_str()) == Some("lex"))
        .filter(|s| s.get("in_title").and_then(|b| b.as_bool()) != Some(true))
        .filter_map(|s| s.get("sent_idx").and_then(|i| i.as_u64()))
        .collect();
    sents
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let text = s.as_str()?;
            let doc = analyzer.analyze(text);
            if doc.tokens.is_empty() {
                return None;
            }
            // A word in two loaded categories ("claimed": doubting verb and
            // grade-2 concept word) counts once.
            let n = matcher
                .find(0, &doc)
                .iter()
                .filter(|m| is_loaded(&m.lexicon, &m.category, m.weight))
                .map(|m| m.token_start)
                .collect::<BTreeSet<usize>>()
                .len();
            Some(SentenceScore {
                annotated: marked.contains(&(i as u64)),
                tokens: doc.tokens.len(),
                loaded: n,
            })
        })
        .collect()
}

/// Area under the ROC curve of `pos` against `neg` (Mann–Whitney U over
/// n_pos * n_neg, ties counted one half).
pub fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    if pos.is_empty() || neg.is_empty() {
        return f64::NAN;
    }
    let mut all: Vec<(f64, bool)> = pos
        .iter()
        .map(|&x| (x, true))
        .chain(neg.iter().map(|&x| (x, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Mid-ranks over ties.
    let mut rank_sum_pos = 0f64;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j].0 == all[i].0 {
            j += 1;
        }
        let mid = (i + j + 1) as f64 / 2.0; // ranks i+1..=j
        rank_sum_pos += mid * all[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    let np = pos.len() as f64;
    let nn = neg.len() as f64;
    (rank_sum_pos - np * (np + 1.0) / 2.0) / (np * nn)
}

/// AUC of the loaded-word count within `strata` groups of similar sentence
/// length (cut at length quantiles; sentences of one length stay in one
/// stratum), pooled with weights n_annotated * n_other; strata without both
/// kinds of sentence are left out.
pub fn auc_within_strata(sentences: &[SentenceScore], strata: usize) -> f64 {
    let mut lengths: Vec<usize> = sentences.iter().map(|s| s.tokens).collect();
    lengths.sort_unstable();
    let n = lengths.len();
    // Upper bounds of each stratum: the k/strata quantile (nearest rank).
    let bounds: Vec<usize> = (1..strata)
        .map(|k| lengths[(k * n / strata).min(n - 1)])
        .collect();
    let stratum = |t: usize| bounds.iter().filter(|&&b| t > b).count();
    let (mut num, mut den) = (0f64, 0f64);
    for k in 0..strata {
        let (pos, neg): (Vec<f64>, Vec<f64>) = {
            let inside = sentences.iter().filter(|s| stratum(s.tokens) == k);
            let (p, q): (Vec<&SentenceScore>, Vec<&SentenceScore>) =
                inside.partition(|s| s.annotated);
            (
                p.iter().map(|s| s.loaded as f64).collect(),
                q.iter().map(|s| s.loaded as f64).collect(),
            )
        };
        if pos.is_empty() || neg.is_empty() {
            continue;
        }
        let w = pos.len() as f64 * neg.len() as f64;
        num += w * auc(&pos, &neg);
        den += w;
    }
    if den == 0.0 {
        f64::NAN
    } else {
        num / den
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_matches_hand_values() {
        assert_eq!(auc(&[3.0, 4.0], &[1.0, 2.0]), 1.0);
        assert_eq!(auc(&[1.0, 2.0], &[3.0, 4.0]), 0.0);
        assert_eq!(auc(&[1.0], &[1.0]), 0.5);
        // pos {2, 3}, neg {1, 2}: pairs (2>1)=1, (2=2)=.5, (3>1)=1, (3>2)=1 -> 3.5/4
        assert!((auc(&[2.0, 3.0], &[1.0, 2.0]) - 0.875).abs() < 1e-12);
    }

    #[test]
    fn stratified_auc_removes_what_length_explains() {
        let s = |annotated, tokens, loaded| SentenceScore {
            annotated,
            tokens,
            loaded,
        };
        // Annotated sentences are long and long sentences hold more loaded
        // words, but within each length the count does not separate them.
        let data = vec![
            s(true, 40, 2),
            s(true, 40, 2),
            s(false, 40, 2),
            s(true, 10, 0),
            s(false, 10, 0),
            s(false, 10, 0),
            s(false, 10, 0),
            s(false, 10, 0),
        ];
        let (pos, neg): (Vec<_>, Vec<_>) = data.iter().partition(|x| x.annotated);
        let f = |v: &[&SentenceScore]| v.iter().map(|x| x.loaded as f64).collect::<Vec<_>>();
        // pos {2, 2, 0}, neg {2, 0, 0, 0, 0}: (4.5 + 4.5 + 2) / 15.
        assert!((auc(&f(&pos), &f(&neg)) - 11.0 / 15.0).abs() < 1e-12);
        assert_eq!(auc_within_strata(&data, 2), 0.5);
        // One kind of sentence only in every stratum: undefined.
        assert!(auc_within_strata(&[s(true, 5, 1), s(true, 9, 0)], 2).is_nan());
    }

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
