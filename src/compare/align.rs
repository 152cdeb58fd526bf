//! Sentence alignment across the outlets of one event.
//!
//! Two sentences "report the same thing" when they share rare content
//! words or a verbatim run of words. The score of a pair is
//!
//! ```text
//! score = cosine + phrase_bonus + scare_bonus           (capped at 1)
//! cosine       = cosine of IDF-weighted content-stem counts
//! phrase_bonus = phrase_weight * min(1, (run - 2) / 3)   when run >= 3
//! scare_bonus  = scare_weight, when both sentences hold a scare quote
//!                right after the same two words
//! ```
//!
//! where the IDF is learned over all sentences of the event (each sentence
//! one document: `ln((1+n)/(1+df)) + 1`), content stems are non-stop words
//! with letters, and `run` is the longest run of consecutive word norms
//! the two sentences share that holds at least one content word. Why the
//! bonuses: translated and rewritten wire copy often keeps a clause nearly
//! verbatim ("he thought Putin was a …") inside otherwise different
//! sentences, and a scare-quoted word after the same words ("Putin was a
//! “killer”" / "Putin was a “murderer”") is the very thing an outlet
//! chose differently.
//!
//! Which pairs are kept: for each pair of outlets, a sentence pair is kept
//! when its score reaches `threshold` and it is the best match of at least
//! one of its two sentences in the other outlet. This allows one-to-many
//! (a long sentence that merges two shorter ones aligns with both) while
//! keeping at most `n_a + n_b` pairs per outlet pair.
//!
//! Groups: kept pairs scoring at least `group_threshold` are merged in
//! descending score order, like single-linkage clustering, except that
//! two groups are never merged when they would hold two sentences of the
//! same outlet. A group is thus one statement as each outlet worded it.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{check_outlets, is_content, name_mask, EventDocs};
use crate::error::Allowed;
use crate::params::{checked_on_entry, Check, Checked};
use crate::text::{AnalyzedDoc, QuoteKind};
use crate::Result;

/// Parameters of [`align_sentences`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignParams {
    /// Least score for a pair to be kept.
    pub threshold: f64,
    /// Least score for a pair to join two sentences into one group.
    pub group_threshold: f64,
    /// Most the shared verbatim run adds to the score.
    pub phrase_weight: f64,
    /// What a scare quote after the same two words adds to the score.
    pub scare_weight: f64,
    /// Most sentences of each outlet that are aligned (the first ones,
    /// `--sentence-limit`): the score matrix of two outlets is never larger
    /// than this squared, however long one document is. Later sentences
    /// are left out of alignment (and so of substitutions).
    #[serde(default = "default_max_sentences")]
    pub max_sentences: usize,
    /// Longest sentence, in tokens, whose words are compared in order
    /// (`--sentence-tokens`): the verbatim run is quadratic in sentence
    /// length, so a longer sentence is scored by its shared words (the
    /// cosine) alone, without the phrase bonus.
    #[serde(default = "default_max_tokens")]
    pub max_tokens: usize,
}

/// Default of [`AlignParams::max_sentences`]: far above any real news
/// article (the longest in BASIL has about 130 sentences, in the ABP
/// sample about 600), small enough that the matrix of two outlets stays
/// at a few million cells.
pub const DEFAULT_MAX_SENTENCES: usize = 2000;

/// Default of [`AlignParams::max_tokens`] and of
/// [`crate::compare::substitutions::SubstitutionParams::max_tokens`]:
/// real sentences are far shorter (the longest in BASIL has about 110
/// tokens; only splitter accidents such as unpunctuated lists pass 200).
pub const DEFAULT_MAX_TOKENS: usize = 200;

fn default_max_sentences() -> usize {
    DEFAULT_MAX_SENTENCES
}

fn default_max_tokens() -> usize {
    DEFAULT_MAX_TOKENS
}

impl Default for AlignParams {
    fn default() -> Self {
        AlignParams {
            threshold: 0.3,
            group_threshold: 0.35,
            phrase_weight: 0.3,
            scare_weight: 0.15,
            max_sentences: DEFAULT_MAX_SENTENCES,
            max_tokens: DEFAULT_MAX_TOKENS,
        }
    }
}

/// The scores and weights [`AlignParams`] allows: a score is a cosine
/// plus bonuses capped at 1, so every threshold and weight lies in [0, 1].
pub const SCORES: Allowed = Allowed::Between {
    min: 0.0,
    max: 1.0,
    unit: "",
};

/// Least [`AlignParams::max_sentences`] (and `--sentence-limit`): no upper
/// bound, the cost is the caller's choice.
pub const MIN_SENTENCE_LIMIT: usize = 1;

/// Least [`AlignParams::max_tokens`] and
/// [`crate::compare::substitutions::SubstitutionParams::max_tokens`]
/// (`--sentence-tokens`).
pub const MIN_TOKEN_LIMIT: usize = 1;

impl Check for AlignParams {
    fn check_ref(&self) -> Result<()> {
        for (name, v) in [
            ("threshold", self.threshold),
            ("group_threshold", self.group_threshold),
            ("phrase_weight", self.phrase_weight),
            ("scare_weight", self.scare_weight),
        ] {
            SCORES.check(name, v)?;
        }
        Allowed::at_least(MIN_SENTENCE_LIMIT).check_count("max_sentences", self.max_sentences)?;
        Allowed::at_least(MIN_TOKEN_LIMIT).check_count("max_tokens", self.max_tokens)
    }
}

checked_on_entry!(AlignParams);

/// Two sentences of different outlets that report the same thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignedPair {
    pub outlet_a: String,
    pub sentence_a: usize,
    pub text_a: String,
    pub outlet_b: String,
    pub sentence_b: usize,
    pub text_b: String,
    /// Combined score (see the module documentation).
    pub score: f64,
    /// The IDF-weighted cosine part of the score.
    pub cosine: f64,
    /// Length in words of the longest verbatim run the two share.
    pub shared_run: usize,
}

/// One sentence in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMember {
    pub outlet: String,
    pub sentence: usize,
    pub text: String,
}

/// Sentences of several outlets reporting the same thing, at most one per
/// outlet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignedGroup {
    pub id: usize,
    /// Members in the order of the outlets given.
    pub members: Vec<GroupMember>,
    pub n_outlets: usize,
    /// Mean score of the pairs that joined the group.
    pub mean_score: f64,
}

/// Result of [`align_sentences`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Alignment {
    /// Kept pairs, by outlet pair (outlets in input order), then by
    /// descending score, then by sentence indices.
    pub pairs: Vec<AlignedPair>,
    /// Groups of two or more outlets, by descending number of outlets,
    /// then by mean score, then by the first member.
    pub groups: Vec<AlignedGroup>,
}

/// What alignment needs of one sentence.
struct SentenceFeatures {
    /// Sorted (stem id, weight), L2-normalised.
    vector: Vec<(usize, f64)>,
    /// Norm ids of all word tokens, in order.
    norms: Vec<usize>,
    /// Whether the token at that position is a content word, not a name.
    content: Vec<bool>,
    /// The two norm ids before each scare quote in the sentence.
    scare_contexts: Vec<(usize, usize)>,
    /// Every three consecutive norm ids, sorted and without repeats.
    trigrams: Vec<[usize; 3]>,
    /// Those of them that hold a content word (by `content`).
    content_trigrams: Vec<[usize; 3]>,
}

impl SentenceFeatures {
    /// Fill [`Self::trigrams`] and [`Self::content_trigrams`] from the norms.
    fn index_trigrams(&mut self) {
        for (k, w) in self.norms.windows(3).enumerate() {
            let t = [w[0], w[1], w[2]];
            self.trigrams.push(t);
            if self.content[k..k + 3].iter().any(|&c| c) {
                self.content_trigrams.push(t);
            }
        }
        for list in [&mut self.trigrams, &mut self.content_trigrams] {
            list.sort_unstable();
            list.dedup();
        }
    }
}

/// Whether two sorted lists share an element.
fn intersect(a: &[[usize; 3]], b: &[[usize; 3]]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Interns strings as small integers so comparisons are cheap.
#[derive(Default)]
struct Interner<'a> {
    ids: FxHashMap<&'a str, usize>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, s: &'a str) -> usize {
        let next = self.ids.len();
        *self.ids.entry(s).or_insert(next)
    }
}

/// Features of the first `max_sentences` sentences of each outlet (see
/// [`AlignParams::max_sentences`]); the IDF is learned over those.
fn features(docs: &EventDocs<'_>, max_sentences: usize) -> Vec<Vec<SentenceFeatures>> {
    let mut stems = Interner::default();
    let mut norms = Interner::default();
    // Raw counts first, then IDF over every sentence of the event.
    let mut raw: Vec<Vec<(FxHashMap<usize, f64>, SentenceFeatures)>> = Vec::new();
    let mut df: FxHashMap<usize, usize> = FxHashMap::default();
    let mut n_sentences = 0usize;
    for (_, doc) in docs {
        let names = name_mask(doc);
        let mut per_doc = Vec::new();
        for s in doc.sentences.iter().take(max_sentences) {
            let toks = doc.tokens.get(s.token_start..s.token_end).unwrap_or(&[]);
            let mut counts: FxHashMap<usize, f64> = FxHashMap::default();
            let mut f = SentenceFeatures {
                vector: Vec::new(),
                norms: Vec::with_capacity(toks.len()),
                content: Vec::with_capacity(toks.len()),
                scare_contexts: Vec::new(),
                trigrams: Vec::new(),
                content_trigrams: Vec::new(),
            };
            let mut scare_seen = None;
            for (i, t) in toks.iter().enumerate() {
                f.norms.push(norms.id(&t.norm));
                // Names do not count as evidence of a shared phrase: every
                // sentence of the event names the same people and places.
                f.content
                    .push(is_content(t) && !names.get(s.token_start + i).copied().unwrap_or(false));
                if is_content(t) {
                    *counts.entry(stems.id(&t.stem)).or_insert(0.0) += 1.0;
                }
                // The words before the first content word of a scare
                // quote, so that `a “killer”` and `“a killer”` agree.
                let scare = t.quote.filter(|&q| {
                    doc.quotes
                        .get(q)
                        .is_some_and(|q| q.kind == QuoteKind::Scare)
                });
                if scare.is_some() && is_content(t) && scare_seen != scare {
                    scare_seen = scare;
                    if i >= 2 {
                        f.scare_contexts.push((f.norms[i - 2], f.norms[i - 1]));
                    }
                }
            }
            f.index_trigrams();
            for k in counts.keys() {
                *df.entry(*k).or_insert(0) += 1;
            }
            n_sentences += 1;
            per_doc.push((counts, f));
        }
        raw.push(per_doc);
    }
    let n = n_sentences as f64;
    raw.into_iter()
        .map(|per_doc| {
            per_doc
                .into_iter()
                .map(|(counts, mut f)| {
                    let mut v: Vec<(usize, f64)> = counts
                        .into_iter()
                        .map(|(k, c)| {
                            let d = df.get(&k).copied().unwrap_or(0) as f64;
                            (k, c * (((1.0 + n) / (1.0 + d)).ln() + 1.0))
                        })
                        .collect();
                    v.sort_by_key(|&(k, _)| k);
                    let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
                    if norm > 0.0 {
                        v.iter_mut().for_each(|(_, w)| *w /= norm);
                    }
                    f.vector = v;
                    f
                })
                .collect()
        })
        .collect()
}

/// The cosine of two sorted, normalised vectors by merging them: what
/// [`align_two`]'s postings compute, kept as the reference of the tests.
#[cfg(test)]
fn cosine(a: &[(usize, f64)], b: &[(usize, f64)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Longest run of equal consecutive norms holding at least one content
/// word (on side `a`). Quadratic in sentence length, run only on pairs
/// that already share a content stem and are both at most
/// [`AlignParams::max_tokens`] long. `scratch` holds the two rows of the
/// table between calls, so that the millions of candidate pairs of a big
/// event allocate nothing.
fn longest_shared_run(
    a: &SentenceFeatures,
    b: &SentenceFeatures,
    scratch: &mut RunScratch,
) -> usize {
    let m = b.norms.len();
    // Each cell: (length of the run ending there, content words in it).
    scratch.prev.clear();
    scratch.prev.resize(m + 1, (0, 0));
    scratch.cur.clear();
    scratch.cur.resize(m + 1, (0, 0));
    let (mut prev, mut cur) = (&mut scratch.prev, &mut scratch.cur);
    let mut best = 0;
    for i in 0..a.norms.len() {
        let (na, ca) = (a.norms[i], usize::from(a.content[i]));
        for j in 0..m {
            cur[j + 1] = if na == b.norms[j] {
                let (run, content) = prev[j];
                let cell = (run + 1, content + ca);
                if cell.1 > 0 {
                    best = best.max(cell.0);
                }
                cell
            } else {
                (0, 0)
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

/// The two table rows of [`longest_shared_run`], reused across pairs.
#[derive(Default)]
struct RunScratch {
    prev: Vec<(usize, usize)>,
    cur: Vec<(usize, usize)>,
}

/// A sentence pair's score, its cosine and its longest shared run of
/// words, as [`pair_score`] gives them.
type PairScore = (f64, f64, usize);

/// The score of a pair whose cosine is `cos` (see the module
/// documentation): `(score, cosine, shared run)`, all zero when the two
/// share no content stem, and all zero too for a pair that cannot reach
/// [`AlignParams::threshold`]: such a pair is never kept, nor can it be
/// the best partner of a sentence that has a pair that is kept (that
/// pair scores higher), so the kept pairs are the same as when it is
/// scored in full.
///
/// The verbatim run is the costly part (quadratic in sentence length), and
/// a run of three or more words holding a content word exists exactly when
/// the two sentences share a word trigram holding one (on side `a`, whose
/// content words the run counts). So the run is computed only for pairs
/// that share such a trigram, or whose score without it already reaches the
/// threshold (a kept pair reports its run, even of one or two words).
fn pair_score(
    cos: f64,
    a: &SentenceFeatures,
    b: &SentenceFeatures,
    p: &AlignParams,
    scratch: &mut RunScratch,
) -> PairScore {
    if cos <= 0.0 {
        return (0.0, 0.0, 0);
    }
    let scare = if a
        .scare_contexts
        .iter()
        .any(|c| b.scare_contexts.contains(c))
    {
        p.scare_weight
    } else {
        0.0
    };
    // The run is quadratic in sentence length: past the bound the pair is
    // scored by its shared words alone.
    let within = a.norms.len() <= p.max_tokens && b.norms.len() <= p.max_tokens;
    let run = if !within {
        0
    } else if intersect(&a.content_trigrams, &b.trigrams) || (cos + scare).min(1.0) >= p.threshold {
        longest_shared_run(a, b, scratch)
    } else {
        // No run of three: the score is cos + scare, below the threshold.
        return (0.0, 0.0, 0);
    };
    let phrase = if run >= 3 {
        p.phrase_weight * ((run as f64 - 2.0) / 3.0).min(1.0)
    } else {
        0.0
    };
    let score = (cos + phrase + scare).min(1.0);
    if score < p.threshold {
        return (0.0, 0.0, 0);
    }
    (score, cos, run)
}

/// An outlet's sentences by content stem: for each stem, the sentences
/// holding it (ascending) with the stem's weight there. Built once per
/// outlet and shared by all of its outlet pairs.
type Postings = FxHashMap<usize, Vec<(usize, f64)>>;

fn postings(feats: &[SentenceFeatures]) -> Postings {
    let mut index: Postings = FxHashMap::default();
    for (j, f) in feats.iter().enumerate() {
        for &(k, w) in &f.vector {
            index.entry(k).or_default().push((j, w));
        }
    }
    index
}

/// Align the sentences of the outlets of one event (see the module
/// documentation for the score and which pairs are kept).
pub fn align_sentences(
    docs: &EventDocs<'_>,
    params: &impl Checked<AlignParams>,
) -> Result<Alignment> {
    let params = params.checked()?;
    let params: &AlignParams = &params;
    check_outlets(docs)?;
    let feats = features(docs, params.max_sentences);
    let index: Vec<Postings> = feats.par_iter().map(|f| postings(f)).collect();
    // Outlet pairs are scored in parallel (the cost is in the pairs) and
    // collected in pair order, so the output does not depend on threads.
    let outlet_pairs: Vec<(usize, usize)> = (0..docs.len())
        .flat_map(|a| (a + 1..docs.len()).map(move |b| (a, b)))
        .collect();
    let pairs: Vec<AlignedPair> = outlet_pairs
        .par_iter()
        .map(|&(a, b)| align_two(docs, &feats, &index[b], a, b, params))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();
    let groups = group(docs, &pairs, params.group_threshold);
    Ok(Alignment { pairs, groups })
}

/// The kept pairs of outlets `a` and `b`. Only pairs that share a
/// content stem can score above zero, so each sentence of `a` is scored
/// against the sentences of `b` that its stems find in `b`'s postings
/// (`index_b`), not against all of them: the work is the pairs that share
/// a word, which in a big event of many outlets is a small part of all
/// pairs. The cosine sums the same products in the same (stem) order as a
/// merge of the two vectors, so scores, best partners and the kept pairs
/// are exactly those of scoring every pair.
fn align_two(
    docs: &EventDocs<'_>,
    feats: &[Vec<SentenceFeatures>],
    index_b: &Postings,
    a: usize,
    b: usize,
    params: &AlignParams,
) -> Vec<AlignedPair> {
    let (fa, fb) = (&feats[a], &feats[b]);
    let mut scratch = RunScratch::default();
    // Dot products of the current sentence of `a` with each sentence of
    // `b`, and which entries were touched (reset after each row).
    let mut dot = vec![0.0f64; fb.len()];
    let mut touched: Vec<usize> = Vec::new();
    // Each row: the pairs with a positive score, by ascending `j`.
    let mut scores: Vec<Vec<(usize, PairScore)>> = Vec::with_capacity(fa.len());
    for sa in fa {
        for &(k, wa) in &sa.vector {
            if let Some(list) = index_b.get(&k) {
                for &(j, wb) in list {
                    if dot[j] == 0.0 {
                        touched.push(j);
                    }
                    dot[j] += wa * wb;
                }
            }
        }
        touched.sort_unstable();
        touched.dedup();
        let mut row = Vec::with_capacity(touched.len());
        for &j in &touched {
            let s = pair_score(dot[j], sa, &fb[j], params, &mut scratch);
            if s.0 > 0.0 {
                row.push((j, s));
            }
            dot[j] = 0.0;
        }
        touched.clear();
        scores.push(row);
    }
    // Best partner of each sentence; ties go to the lower index (only
    // positive scores count, as in [`argmax`]).
    let best_of_a: Vec<Option<usize>> = scores
        .iter()
        .map(|row| argmax_sparse(row.iter().map(|&(j, s)| (j, s.0))))
        .collect();
    let mut best_b: Vec<Option<(usize, f64)>> = vec![None; fb.len()];
    for (i, row) in scores.iter().enumerate() {
        for &(j, (score, _, _)) in row {
            if best_b[j].is_none_or(|(_, b)| score > b) {
                best_b[j] = Some((i, score));
            }
        }
    }
    let best_of_b: Vec<Option<usize>> = best_b.iter().map(|b| b.map(|(i, _)| i)).collect();
    let mut out = Vec::new();
    for (i, row) in scores.iter().enumerate() {
        for &(j, (score, cos, run)) in row {
            if score < params.threshold || score <= 0.0 {
                continue;
            }
            if best_of_a[i] != Some(j) && best_of_b[j] != Some(i) {
                continue;
            }
            out.push(AlignedPair {
                outlet_a: docs[a].0.to_string(),
                sentence_a: i,
                text_a: sentence_text(docs[a].1, i),
                outlet_b: docs[b].0.to_string(),
                sentence_b: j,
                text_b: sentence_text(docs[b].1, j),
                score,
                cosine: cos,
                shared_run: run,
            });
        }
    }
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.sentence_a.cmp(&y.sentence_a))
            .then(x.sentence_b.cmp(&y.sentence_b))
    });
    out
}

/// The index of the largest positive value of `(index, value)` pairs
/// given by ascending index; ties go to the lower index.
fn argmax_sparse(values: impl Iterator<Item = (usize, f64)>) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, v) in values {
        if v > 0.0 && best.is_none_or(|(_, b)| v > b) {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}

/// The sentence text with runs of whitespace made single spaces, so that
/// reports show one line per sentence.
pub(crate) fn sentence_text(doc: &AnalyzedDoc, index: usize) -> String {
    doc.sentence_text(index)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A group while it forms: members (outlet index, sentence) and the
/// scores of the pairs that joined it.
type GroupDraft = (Vec<(usize, usize)>, Vec<f64>);

/// Constrained single-linkage grouping (see the module documentation).
fn group(docs: &EventDocs<'_>, pairs: &[AlignedPair], threshold: f64) -> Vec<AlignedGroup> {
    let outlet_index: HashMap<&str, usize> =
        docs.iter().enumerate().map(|(i, (o, _))| (*o, i)).collect();
    let mut order: Vec<&AlignedPair> = pairs.iter().filter(|p| p.score >= threshold).collect();
    order.sort_by(|x, y| {
        y.score.total_cmp(&x.score).then_with(|| {
            (
                outlet_index.get(x.outlet_a.as_str()),
                x.sentence_a,
                outlet_index.get(x.outlet_b.as_str()),
                x.sentence_b,
            )
                .cmp(&(
                    outlet_index.get(y.outlet_a.as_str()),
                    y.sentence_a,
                    outlet_index.get(y.outlet_b.as_str()),
                    y.sentence_b,
                ))
        })
    });
    // Each group: members (outlet index, sentence) and the scores joined.
    let mut groups: Vec<GroupDraft> = Vec::new();
    let mut where_is: HashMap<(usize, usize), usize> = HashMap::new();
    for p in order {
        let (Some(&oa), Some(&ob)) = (
            outlet_index.get(p.outlet_a.as_str()),
            outlet_index.get(p.outlet_b.as_str()),
        ) else {
            continue;
        };
        let ka = (oa, p.sentence_a);
        let kb = (ob, p.sentence_b);
        match (where_is.get(&ka).copied(), where_is.get(&kb).copied()) {
            (None, None) => {
                where_is.insert(ka, groups.len());
                where_is.insert(kb, groups.len());
                groups.push((vec![ka, kb], vec![p.score]));
            }
            (Some(g), None) | (None, Some(g)) => {
                let new = if where_is.contains_key(&ka) { kb } else { ka };
                if groups[g].0.iter().all(|m| m.0 != new.0) {
                    where_is.insert(new, g);
                    groups[g].0.push(new);
                    groups[g].1.push(p.score);
                }
            }
            (Some(g), Some(h)) if g != h => {
                let clash = groups[g]
                    .0
                    .iter()
                    .any(|m| groups[h].0.iter().any(|n| n.0 == m.0));
                if !clash {
                    let (members, scores) = std::mem::take(&mut groups[h]);
                    for m in &members {
                        where_is.insert(*m, g);
                    }
                    groups[g].0.extend(members);
                    groups[g].1.extend(scores);
                    groups[g].1.push(p.score);
                }
            }
            _ => {
                // Already together: the score still counts for the mean.
                if let Some(&g) = where_is.get(&ka) {
                    groups[g].1.push(p.score);
                }
            }
        }
    }
    let mut out: Vec<AlignedGroup> = groups
        .into_iter()
        .filter(|(m, _)| m.len() >= 2)
        .map(|(mut members, scores)| {
            members.sort();
            AlignedGroup {
                id: 0,
                n_outlets: members.len(),
                mean_score: scores.iter().sum::<f64>() / scores.len() as f64,
                members: members
                    .into_iter()
                    .map(|(o, s)| GroupMember {
                        outlet: docs[o].0.to_string(),
                        sentence: s,
                        text: sentence_text(docs[o].1, s),
                    })
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|x, y| {
        y.n_outlets
            .cmp(&x.n_outlets)
            .then(y.mean_score.total_cmp(&x.mean_score))
            .then_with(|| {
                let k = |g: &AlignedGroup| {
                    g.members
                        .first()
                        .map(|m| (outlet_index.get(m.outlet.as_str()).copied(), m.sentence))
                };
                k(x).cmp(&k(y))
            })
    });
    for (i, g) in out.iter_mut().enumerate() {
        g.id = i;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::testdoc::doc;

    #[test]
    fn same_report_aligns_and_unrelated_does_not() {
        let a = doc("Peskov called the remarks very bad. The weather was sunny in Moscow.");
        let b = doc("Rain fell on Paris. Peskov said the remarks were very bad.");
        let al = align_sentences(&[("a", &a), ("b", &b)], &AlignParams::default()).unwrap();
        assert_eq!(al.pairs.len(), 1, "{:?}", al.pairs);
        let p = &al.pairs[0];
        assert_eq!((p.sentence_a, p.sentence_b), (0, 1));
        assert!(p.score > 0.5 && p.score <= 1.0, "{}", p.score);
    }

    #[test]
    fn shared_run_and_scare_quote_lift_a_weak_pair() {
        let a =
            doc("After the statement that he thought Putin was a “murderer” the chief said more.");
        let b = doc("Asked whether he thought Putin was “a killer” Biden replied yes.");
        let c = doc("Nothing here matches at all today.");
        let docs = [("a", &a), ("b", &b), ("c", &c)];
        let p = AlignParams::default();
        let al = align_sentences(&docs, &p).unwrap();
        let pair = al.pairs.iter().find(|x| x.outlet_b == "b").unwrap();
        assert_eq!(pair.shared_run, 5, "he thought putin was a");
        assert!(pair.score > pair.cosine + p.phrase_weight * 0.6);
        assert!(al.pairs.iter().all(|x| x.outlet_b != "c"));
    }

    #[test]
    fn groups_hold_one_sentence_per_outlet() {
        let a = doc("The envoy was recalled to Moscow for talks.");
        let b =
            doc("The envoy was summoned to Moscow for talks. The envoy went to Moscow for talks.");
        let c = doc("The envoy was ordered to Moscow for talks.");
        let al =
            align_sentences(&[("a", &a), ("b", &b), ("c", &c)], &AlignParams::default()).unwrap();
        assert_eq!(al.groups.len(), 1);
        let g = &al.groups[0];
        assert_eq!(g.n_outlets, 3);
        let outlets: Vec<&str> = g.members.iter().map(|m| m.outlet.as_str()).collect();
        assert_eq!(outlets, ["a", "b", "c"]);
    }

    #[test]
    fn repeated_outlet_and_bad_params_are_errors() {
        let a = doc("One sentence.");
        assert!(align_sentences(&[("a", &a), ("a", &a)], &AlignParams::default()).is_err());
        let p = AlignParams {
            threshold: 2.0,
            ..AlignParams::default()
        };
        assert!(align_sentences(&[("a", &a)], &p).is_err());
    }

    #[test]
    fn sentence_and_token_bounds_limit_the_work() {
        let a = doc("Peskov called the remarks very bad. Peskov called the talks very bad.");
        let b = doc("Peskov said the remarks were very bad. Peskov said the talks were very bad.");
        let docs = [("a", &a), ("b", &b)];
        let full = align_sentences(&docs, &AlignParams::default()).unwrap();
        assert!(full.pairs.iter().any(|p| p.sentence_a == 1));
        assert!(full.pairs.iter().any(|p| p.shared_run > 0));
        let one = AlignParams {
            max_sentences: 1,
            ..AlignParams::default()
        };
        let al = align_sentences(&docs, &one).unwrap();
        assert!(!al.pairs.is_empty());
        assert!(al
            .pairs
            .iter()
            .all(|p| p.sentence_a == 0 && p.sentence_b == 0));
        let short = AlignParams {
            max_tokens: 3,
            ..AlignParams::default()
        };
        let al = align_sentences(&docs, &short).unwrap();
        assert!(al.pairs.iter().all(|p| p.shared_run == 0));
        let zero = AlignParams {
            max_sentences: 0,
            ..AlignParams::default()
        };
        assert!(align_sentences(&docs, &zero).is_err());
    }

    #[test]
    fn output_is_deterministic() {
        let a = doc("Alpha beta gamma. Beta gamma delta.");
        let b = doc("Gamma beta alpha. Delta gamma beta.");
        let docs = [("a", &a), ("b", &b)];
        let x = align_sentences(&docs, &AlignParams::default()).unwrap();
        let y = align_sentences(&docs, &AlignParams::default()).unwrap();
        assert_eq!(x, y);
    }

    /// The score of every pair in full (no pruning): the reference.
    fn full_score(
        a: &SentenceFeatures,
        b: &SentenceFeatures,
        p: &AlignParams,
        scratch: &mut RunScratch,
    ) -> (f64, f64, usize) {
        let cos = cosine(&a.vector, &b.vector);
        if cos <= 0.0 {
            return (0.0, 0.0, 0);
        }
        let run = if a.norms.len() <= p.max_tokens && b.norms.len() <= p.max_tokens {
            longest_shared_run(a, b, scratch)
        } else {
            0
        };
        let phrase = if run >= 3 {
            p.phrase_weight * ((run as f64 - 2.0) / 3.0).min(1.0)
        } else {
            0.0
        };
        let scare = if a
            .scare_contexts
            .iter()
            .any(|c| b.scare_contexts.contains(c))
        {
            p.scare_weight
        } else {
            0.0
        };
        ((cos + phrase + scare).min(1.0), cos, run)
    }

    /// Every pair scored, the old way: the postings must give exactly the
    /// pairs, scores and order of scoring all pairs.
    fn all_pairs(
        docs: &EventDocs<'_>,
        p: &AlignParams,
    ) -> Vec<(usize, usize, usize, usize, f64, usize)> {
        let feats = features(docs, p.max_sentences);
        let mut scratch = RunScratch::default();
        let mut out = Vec::new();
        for a in 0..docs.len() {
            for b in a + 1..docs.len() {
                let (fa, fb) = (&feats[a], &feats[b]);
                let s: Vec<Vec<(f64, f64, usize)>> = fa
                    .iter()
                    .map(|x| {
                        fb.iter()
                            .map(|y| full_score(x, y, p, &mut scratch))
                            .collect()
                    })
                    .collect();
                let best = |v: Vec<f64>| argmax_sparse(v.into_iter().enumerate());
                let mut kept = Vec::new();
                for i in 0..fa.len() {
                    for j in 0..fb.len() {
                        let (score, _, run) = s[i][j];
                        let bi = best(s[i].iter().map(|x| x.0).collect());
                        let bj = best(s.iter().map(|r| r[j].0).collect());
                        if score >= p.threshold && score > 0.0 && (bi == Some(j) || bj == Some(i)) {
                            kept.push((a, b, i, j, score, run));
                        }
                    }
                }
                kept.sort_by(|x, y| y.4.total_cmp(&x.4).then(x.2.cmp(&y.2)).then(x.3.cmp(&y.3)));
                out.extend(kept);
            }
        }
        out
    }

    #[test]
    fn postings_give_the_pairs_of_scoring_every_pair() {
        let a = doc("Peskov called the remarks very bad. The weather was sunny in Moscow. Talks went on in Geneva for hours.");
        let b = doc("Rain fell on Paris. Peskov said the remarks were very bad. The talks in Geneva went on. Moscow was sunny.");
        let c = doc("The remarks were bad, Peskov said. Geneva hosted talks. Nothing else happened in Paris.");
        let docs = [("a", &a), ("b", &b), ("c", &c)];
        for threshold in [0.0, 0.1, 0.3] {
            let p = AlignParams {
                threshold,
                ..AlignParams::default()
            };
            let al = align_sentences(&docs, &p).unwrap();
            let idx = |o: &str| docs.iter().position(|d| d.0 == o).unwrap();
            let got: Vec<(usize, usize, usize, usize, f64, usize)> = al
                .pairs
                .iter()
                .map(|x| {
                    (
                        idx(&x.outlet_a),
                        idx(&x.outlet_b),
                        x.sentence_a,
                        x.sentence_b,
                        x.score,
                        x.shared_run,
                    )
                })
                .collect();
            let want = all_pairs(&docs, &p);
            assert!(want.len() >= 3, "{want:?}");
            assert_eq!(got, want, "threshold {threshold}");
        }
    }
}
