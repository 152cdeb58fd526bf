//! Quote coverage: which outlet carried which quotation.
//!
//! Quotations (not scare quotes) of different outlets are linked when
//! their content stems overlap: the overlap coefficient
//! `|A ∩ B| / min(|A|, |B|)` reaches `min_overlap` and at least
//! `min_shared` stems are shared, taken sentence against sentence (and
//! whole against whole when both quotes span several sentences). Names
//! do not count: every quote of an event names the same people. The overlap coefficient rather than
//! Jaccard because outlets cut quotes differently: one carries a whole
//! paragraph of Putin's answer, another only its last sentence, and that
//! sentence should still fall into the same group. Loose matching on
//! content stems lets two translations of one sentence ("we always see our
//! own characteristics in another" / "we always see in another person our
//! own qualities") fall together when most content words agree.
//!
//! Groups are the connected components of those links. Quotes of one
//! outlet are linked directly only when they repeat the same words (equal
//! sets of at least `min_shared` content stems: "It takes one to know one"
//! in the lead and again further down); otherwise two quotes of one outlet
//! end up together only through another outlet's quote covering both, so
//! two sentences of one speech stay two rows.
//!
//! Scare quotes are listed apart: which outlet scare-quoted which words.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{check_outlets, is_content, name_mask, EventDocs};
use crate::error::Allowed;
use crate::params::{checked_on_entry, Check, Checked};
use crate::text::{AnalyzedDoc, QuoteKind};
use crate::Result;

/// Parameters of [`quote_coverage`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteParams {
    /// Least overlap coefficient of content stems to link two quotes.
    pub min_overlap: f64,
    /// Least number of shared content stems to link two quotes.
    pub min_shared: usize,
}

impl Default for QuoteParams {
    fn default() -> Self {
        QuoteParams {
            min_overlap: 0.5,
            min_shared: 2,
        }
    }
}

/// The overlaps [`QuoteParams::min_overlap`] allows: an overlap
/// coefficient lies in [0, 1], and 0 would link every pair of quotes.
pub const OVERLAPS: Allowed = Allowed::AboveZeroUpTo { max: 1.0 };

/// Least [`QuoteParams::min_shared`]: a link needs a shared stem.
pub const MIN_SHARED: usize = 1;

impl Check for QuoteParams {
    fn check_ref(&self) -> Result<()> {
        OVERLAPS.check("min_overlap", self.min_overlap)?;
        Allowed::at_least(MIN_SHARED).check_count("min_shared", self.min_shared)
    }
}

checked_on_entry!(QuoteParams);

/// One outlet's version of a quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteMember {
    pub outlet: String,
    /// Index into the document's quotes.
    pub quote: usize,
    pub text: String,
    /// Canonical speaker name, when the text names one.
    pub speaker: Option<String>,
    /// Attribution verb as written, when there is one.
    pub verb: Option<String>,
}

/// A quote as carried by one or more outlets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteGroup {
    pub id: usize,
    /// The member most like the others (ties: the longest, then the first).
    pub representative: String,
    /// The speaker most members name (ties: alphabetical).
    pub speaker: Option<String>,
    /// Members in outlet order, then quote order.
    pub members: Vec<QuoteMember>,
    /// Outlets that carried the quote, in input order.
    pub outlets_carrying: Vec<String>,
    /// Outlets of the event that did not, in input order.
    pub outlets_missing: Vec<String>,
}

/// One outlet's scare-quoted words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScareQuoteRow {
    pub outlet: String,
    /// The quoted words, lowercased norms.
    pub words: String,
    pub count: usize,
}

/// Result of [`quote_coverage`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct QuoteCoverage {
    /// Groups by descending number of outlets, then by first appearance.
    pub groups: Vec<QuoteGroup>,
    /// Scare quotes by outlet (input order), then words.
    pub scare_quotes: Vec<ScareQuoteRow>,
    /// Outlets whose text has quote marks but in which no quote was
    /// recognised (input order): their quoted speech, if any, is counted
    /// as their own voice. Absent when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Characters that mark quotes in some style (PTB ``` `` ``` counts by its
/// backtick; a lone `'` does not, being mostly an apostrophe).
fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '`' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
    )
}

/// A warning for each outlet whose text holds quote marks while no quote
/// was found in it: without it, the split into own voice and quoted speech
/// would be silently wrong for that outlet.
pub fn unrecognised_quote_warnings(docs: &EventDocs<'_>) -> Vec<String> {
    docs.iter()
        .filter(|(_, doc)| doc.quotes.is_empty())
        .filter_map(|(outlet, doc)| {
            let marks = doc.text.chars().filter(|&c| is_quote_mark(c)).count();
            (marks > 0).then(|| {
                format!(
                    "{outlet}: {marks} quote mark(s) in the text but no quote recognised; its quoted speech, if any, is counted as its own voice"
                )
            })
        })
        .collect()
}

struct Item {
    outlet: usize,
    quote: usize,
    /// Content stems of the whole quote.
    stems: BTreeSet<String>,
    /// Content stems of each sentence of the quote, when it spans two or
    /// more sentences.
    parts: Vec<BTreeSet<String>>,
    /// The quote's letters and digits, lowercased, when it is short (at
    /// most [`SHORT_QUOTE_CHARS`]): what near-identical wordings of a
    /// short reply are compared by.
    letters: Vec<char>,
    /// Whether the quote holds a negation: "We will win" and "We will not
    /// win" are close letter by letter but say the opposite.
    negated: bool,
}

/// Negations, as token norms.
const NEGATIONS: &[&str] = &["not", "no", "never", "n't", "nothing", "none", "nobody"];

/// Longest quote, in letters, compared letter by letter.
const SHORT_QUOTE_CHARS: usize = 40;

/// Least similarity (1 - edit distance / longer length) of the letters of
/// two short quotes to link them: "Mhmm. I do." and "Mmm hmm, I do," have
/// no two content words in common (interjections and stop words) but are
/// one reply transcribed twice.
const SHORT_QUOTE_SIMILARITY: f64 = 0.75;

/// Similarity of two short letter strings by Levenshtein distance.
fn letter_similarity(a: &[char], b: &[char]) -> f64 {
    let longer = a.len().max(b.len());
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] as f64 / longer as f64
}

impl Item {
    fn new(doc: &AnalyzedDoc, names: &[bool], outlet: usize, quote: usize) -> Item {
        let mut parts: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for i in doc.quote_token_range(&doc.quotes[quote]) {
            let t = &doc.tokens[i];
            // Names ("Putin", "US") are shared by every quote of the event.
            let name = names.get(i).copied().unwrap_or(false);
            if t.quote == Some(quote) && is_content(t) && !name {
                parts.entry(t.sentence).or_default().insert(t.stem.clone());
            }
        }
        let stems = parts.values().flatten().cloned().collect();
        let parts = if parts.len() > 1 {
            parts.into_values().collect()
        } else {
            Vec::new()
        };
        let negated = doc.quote_token_range(&doc.quotes[quote]).any(|i| {
            let n = doc.tokens[i].norm.as_str();
            NEGATIONS.contains(&n) || n.ends_with("n't")
        });
        let letters: Vec<char> = doc
            .quote_text(&doc.quotes[quote])
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let letters = if letters.len() <= SHORT_QUOTE_CHARS {
            letters
        } else {
            Vec::new()
        };
        Item {
            outlet,
            quote,
            stems,
            parts,
            letters,
            negated,
        }
    }

    /// The sentences of the quote, or the whole when it is one sentence.
    fn units(&self) -> &[BTreeSet<String>] {
        if self.parts.is_empty() {
            std::slice::from_ref(&self.stems)
        } else {
            &self.parts
        }
    }
}

/// Best overlap of two quotes among the unit pairs sharing at least
/// `min_shared` stems, where units are sentences (and the wholes when both
/// quotes have several). One outlet quotes a paragraph of an answer,
/// another one sentence of it with a clause the first left out: the
/// sentences match where the wholes do not. A short quote is never
/// compared with a whole paragraph, where a few common words would always
/// be found.
fn link(a: &Item, b: &Item, min_shared: usize) -> f64 {
    if !a.letters.is_empty() && !b.letters.is_empty() && a.negated == b.negated {
        let sim = letter_similarity(&a.letters, &b.letters);
        if sim >= SHORT_QUOTE_SIMILARITY {
            return sim;
        }
    }
    let wholes = (!a.parts.is_empty() && !b.parts.is_empty()).then_some((&a.stems, &b.stems));
    a.units()
        .iter()
        .flat_map(|ua| b.units().iter().map(move |ub| (ua, ub)))
        .chain(wholes)
        .map(|(ua, ub)| overlap(ua, ub))
        .filter(|&(_, shared)| shared >= min_shared)
        .map(|(ov, _)| ov)
        .fold(0.0, f64::max)
}

/// Whether two quotes (of one outlet) repeat the same words: equal content
/// stems, at least `min_shared` of them.
fn repeats(a: &Item, b: &Item, min_shared: usize) -> bool {
    a.stems.len() >= min_shared && a.stems == b.stems
}

/// Overlap coefficient and number of shared stems.
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> (f64, usize) {
    let shared = a.intersection(b).count();
    let min = a.len().min(b.len());
    if min == 0 {
        (0.0, 0)
    } else {
        (shared as f64 / min as f64, shared)
    }
}

/// The pairs `(i, j)`, `i < j`, ascending, that can link or repeat: those
/// sharing a content stem (a link needs `min_shared` >= 1 shared stems, a
/// repeat equal non-empty stems), and short quotes whose lengths allow a
/// letter similarity of [`SHORT_QUOTE_SIMILARITY`] (it is at most the
/// shorter length over the longer). Every other pair has no link, so
/// grouping over these pairs equals grouping over all of them, without
/// comparing every quote with every other (quadratic in the quotes of a
/// long event: 3,000 quotes per outlet took a minute).
fn candidate_pairs(items: &[Item]) -> Vec<(usize, usize)> {
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        for stem in &item.stems {
            postings.entry(stem.as_str()).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut seen = vec![usize::MAX; items.len()];
    for (i, item) in items.iter().enumerate() {
        for stem in &item.stems {
            for &j in postings[stem.as_str()].iter().filter(|&&j| j > i) {
                if seen[j] != i {
                    seen[j] = i;
                    pairs.push((i, j));
                }
            }
        }
    }
    let mut short: Vec<usize> = (0..items.len())
        .filter(|&i| !items[i].letters.is_empty())
        .collect();
    short.sort_by_key(|&i| (items[i].letters.len(), i));
    for (k, &i) in short.iter().enumerate() {
        let len_i = items[i].letters.len();
        for &j in &short[k + 1..] {
            // Sorted by length: once the shorter is below 3/4 of the
            // longer, no later one can reach the similarity.
            if 4 * len_i < 3 * items[j].letters.len() {
                break;
            }
            pairs.push((i.min(j), i.max(j)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Group the quotations of one event across outlets.
pub fn quote_coverage(
    docs: &EventDocs<'_>,
    params: &impl Checked<QuoteParams>,
) -> Result<QuoteCoverage> {
    quote_coverage_within(docs, params, usize::MAX)
}

/// [`quote_coverage`] of the quotations that start in the first
/// `sentence_limit` sentences of each outlet's text: the document bound
/// that sentence alignment uses (`--sentence-limit`), since linking
/// quotes compares them pair by pair, and one text of a million words
/// holds thousands of quotations that share common words.
pub fn quote_coverage_within(
    docs: &EventDocs<'_>,
    params: &impl Checked<QuoteParams>,
    sentence_limit: usize,
) -> Result<QuoteCoverage> {
    let params = params.checked()?;
    check_outlets(docs)?;
    let mut items = Vec::new();
    for (o, (_, doc)) in docs.iter().enumerate() {
        let names = name_mask(doc);
        for (q, quote) in doc.quotes.iter().enumerate() {
            if quote.kind == QuoteKind::Quotation && quote.sentence < sentence_limit {
                items.push(Item::new(doc, &names, o, q));
            }
        }
    }
    // Union-find over links between outlets.
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut sim: HashMap<(usize, usize), f64> = HashMap::new();
    for (i, j) in candidate_pairs(&items) {
        if items[i].outlet == items[j].outlet {
            if repeats(&items[i], &items[j], params.min_shared) {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                let (lo, hi) = (ri.min(rj), ri.max(rj));
                parent[hi] = lo;
            }
            continue;
        }
        let ov = link(&items[i], &items[j], params.min_shared);
        if ov > 0.0 {
            sim.insert((i, j), ov);
        }
        if ov >= params.min_overlap {
            let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
            // The smaller root wins, so the result does not depend on
            // the order links are found in.
            let (lo, hi) = (ri.min(rj), ri.max(rj));
            parent[hi] = lo;
        }
    }
    let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..items.len() {
        let r = find(&mut parent, i);
        components.entry(r).or_default().push(i);
    }
    let mut groups: Vec<QuoteGroup> = components
        .into_values()
        .map(|members| build_group(docs, &items, &members, &sim))
        .collect();
    // Stable: equal counts keep the order of first appearance.
    groups.sort_by_key(|g| std::cmp::Reverse(g.outlets_carrying.len()));
    for (i, g) in groups.iter_mut().enumerate() {
        g.id = i;
    }
    Ok(QuoteCoverage {
        groups,
        scare_quotes: scare_rows(docs),
        warnings: unrecognised_quote_warnings(docs),
    })
}

fn build_group(
    docs: &EventDocs<'_>,
    items: &[Item],
    members: &[usize],
    sim: &HashMap<(usize, usize), f64>,
) -> QuoteGroup {
    // Items are already in outlet, quote order, and so are members.
    let text_of = |i: usize| {
        let (_, doc) = docs[items[i].outlet];
        let q = &doc.quotes[items[i].quote];
        doc.quote_text(q)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let rep = members
        .iter()
        .copied()
        .map(|i| {
            let total: f64 = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| sim.get(&(i.min(j), i.max(j))).copied().unwrap_or(0.0))
                .sum();
            (i, total)
        })
        .max_by(|x, y| {
            x.1.total_cmp(&y.1)
                .then(items[x.0].stems.len().cmp(&items[y.0].stems.len()))
                .then(y.0.cmp(&x.0))
        })
        .map(|(i, _)| i)
        .unwrap_or(members[0]);
    let mut speakers: BTreeMap<String, usize> = BTreeMap::new();
    let members_out: Vec<QuoteMember> = members
        .iter()
        .map(|&i| {
            let (outlet, doc) = docs[items[i].outlet];
            let speaker = doc.quotes[items[i].quote].speaker.as_ref();
            if let Some(s) = speaker {
                *speakers.entry(s.name.clone()).or_insert(0) += 1;
            }
            QuoteMember {
                outlet: outlet.to_string(),
                quote: items[i].quote,
                text: text_of(i),
                speaker: speaker.map(|s| s.name.clone()),
                verb: speaker.and_then(|s| s.verb.clone()),
            }
        })
        .collect();
    // BTreeMap iterates alphabetically; keep the first of the highest.
    let speaker = speakers
        .iter()
        .fold(None::<(&String, usize)>, |best, (n, &c)| match best {
            Some((_, b)) if b >= c => best,
            _ => Some((n, c)),
        })
        .map(|(n, _)| n.clone());
    let carrying: BTreeSet<usize> = members.iter().map(|&i| items[i].outlet).collect();
    QuoteGroup {
        id: 0,
        representative: text_of(rep),
        speaker,
        members: members_out,
        outlets_carrying: carrying.iter().map(|&o| docs[o].0.to_string()).collect(),
        outlets_missing: (0..docs.len())
            .filter(|o| !carrying.contains(o))
            .map(|o| docs[o].0.to_string())
            .collect(),
    }
}

pub(crate) fn scare_rows(docs: &EventDocs<'_>) -> Vec<ScareQuoteRow> {
    let mut rows = Vec::new();
    for (outlet, doc) in docs {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (q, quote) in doc.quotes.iter().enumerate() {
            if quote.kind != QuoteKind::Scare {
                continue;
            }
            let words: Vec<&str> = doc.tokens[doc.quote_token_range(quote)]
                .iter()
                .filter(|t| t.quote == Some(q))
                .map(|t| t.norm.as_str())
                .collect();
            if !words.is_empty() {
                *counts.entry(words.join(" ")).or_insert(0) += 1;
            }
        }
        rows.extend(counts.into_iter().map(|(words, count)| ScareQuoteRow {
            outlet: outlet.to_string(),
            words,
            count,
        }));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::testdoc::doc;

    /// Every pair that links or repeats is a candidate: grouping over the
    /// candidates equals grouping over all pairs.
    #[test]
    fn candidates_hold_every_pair_that_links() {
        let texts = [
            "“We always see our own characteristics in the other person”, Putin said. “Mhmm. I do.” “It takes one to know one,” he said.",
            "He said: “We always see in another person our own qualities”. “Mmm hmm, I do,” she said. “It takes one to know one,” he said again.",
            "“Nothing about people or characteristics here at all”, Psaki said. “We will not win,” he said. “We will win,” she said.",
            "“I do.” “No.” “Yes, we will win the vote,” the senator said. “Our own qualities matter,” he said.",
        ];
        let docs: Vec<AnalyzedDoc> = texts.iter().map(|t| doc(t)).collect();
        let mut items = Vec::new();
        for (o, d) in docs.iter().enumerate() {
            let names = name_mask(d);
            for q in 0..d.quotes.len() {
                items.push(Item::new(d, &names, o, q));
            }
        }
        let candidates: BTreeSet<(usize, usize)> = candidate_pairs(&items).into_iter().collect();
        let params = QuoteParams::default();
        let mut linked = 0;
        for i in 0..items.len() {
            for j in i + 1..items.len() {
                let links = if items[i].outlet == items[j].outlet {
                    repeats(&items[i], &items[j], params.min_shared)
                } else {
                    link(&items[i], &items[j], params.min_shared) > 0.0
                };
                if links {
                    linked += 1;
                    assert!(candidates.contains(&(i, j)), "pair {i} {j} is missing");
                }
            }
        }
        assert!(linked >= 4, "the texts link: {linked}");
    }

    #[test]
    fn translations_and_partial_quotes_group_together() {
        let a = doc("“We always see our own characteristics in the other person”, Putin said.");
        let b =
            doc("He said: “We always see in another person our own qualities and think alike”.");
        let c = doc("“Nothing about people or characteristics here at all”, Psaki said.");
        let cov =
            quote_coverage(&[("a", &a), ("b", &b), ("c", &c)], &QuoteParams::default()).unwrap();
        assert_eq!(cov.groups.len(), 2);
        let g = &cov.groups[0];
        assert_eq!(g.outlets_carrying, ["a", "b"]);
        assert_eq!(g.outlets_missing, ["c"]);
        assert_eq!(g.speaker.as_deref(), Some("Putin"));
        assert_eq!(g.members[0].verb.as_deref(), Some("said"));
        let h = &cov.groups[1];
        assert_eq!(h.outlets_carrying, ["c"]);
        assert_eq!(h.speaker.as_deref(), Some("Psaki"));
    }

    #[test]
    fn longer_quote_links_two_short_ones_of_another_outlet() {
        let a = doc("“The meaning is deep and psychological. We always see our characteristics elsewhere”, Putin said.");
        let b = doc("“The meaning is deep and psychological indeed”, Putin said. “We always see characteristics elsewhere today”, Putin said.");
        let cov = quote_coverage(&[("a", &a), ("b", &b)], &QuoteParams::default()).unwrap();
        assert_eq!(cov.groups.len(), 1);
        assert_eq!(cov.groups[0].members.len(), 3);
        assert_eq!(
            cov.groups[0].representative,
            "The meaning is deep and psychological. We always see our characteristics elsewhere"
        );
    }

    #[test]
    fn one_outlet_repeating_a_quote_is_one_row_but_two_sentences_stay_two() {
        let a = doc("“It takes one to know one,” Putin said. Later he repeated: “it takes one to know one”. “We defend our interests firmly,” Putin said.");
        let b = doc("Nothing was quoted here.");
        let cov = quote_coverage(&[("a", &a), ("b", &b)], &QuoteParams::default()).unwrap();
        assert_eq!(cov.groups.len(), 2, "{:#?}", cov.groups);
        assert_eq!(cov.groups[0].members.len(), 2);
        assert_eq!(cov.groups[1].members.len(), 1);
    }

    #[test]
    fn scare_quotes_are_listed_apart() {
        let a = doc("Biden called him a “killer” and a “killer” again.");
        let b = doc("Biden called him a “murderer”.");
        let cov = quote_coverage(&[("a", &a), ("b", &b)], &QuoteParams::default()).unwrap();
        assert!(cov.groups.is_empty());
        assert_eq!(cov.scare_quotes.len(), 2);
        assert_eq!(cov.scare_quotes[0].words, "killer");
        assert_eq!(cov.scare_quotes[0].count, 2);
        assert_eq!(cov.scare_quotes[1].outlet, "b");
    }

    #[test]
    fn marks_without_a_quote_are_a_warning() {
        let a = doc("A closing mark \u{201d} stands alone.");
        let b = doc("Nothing quoted.");
        let c = doc("\u{201c}We are ready to talk now,\u{201d} Putin said.");
        let cov =
            quote_coverage(&[("a", &a), ("b", &b), ("c", &c)], &QuoteParams::default()).unwrap();
        assert_eq!(cov.warnings.len(), 1, "{:?}", cov.warnings);
        assert!(cov.warnings[0].starts_with("a: 1 quote mark"));
    }

    #[test]
    fn near_identical_short_replies_group_together() {
        // The real analyser: "Mhmm. I do." is a quotation (two sentences).
        let doc = |t: &str| crate::text::analyze(t, None);
        let a = doc("Biden responded: “Mhmm. I do.”");
        let b = doc("“Mmm hmm, I do,” Biden replied.");
        let c = doc("“No, I do not,” Psaki replied.");
        let cov =
            quote_coverage(&[("a", &a), ("b", &b), ("c", &c)], &QuoteParams::default()).unwrap();
        assert_eq!(cov.groups.len(), 2, "{:#?}", cov.groups);
        assert_eq!(cov.groups[0].outlets_carrying, ["a", "b"]);
        let wordings: Vec<&str> = cov.groups[0]
            .members
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(wordings, ["Mhmm. I do.", "Mmm hmm, I do,"]);
    }

    #[test]
    fn bad_params_are_errors() {
        let a = doc("x.");
        let p = QuoteParams {
            min_overlap: 0.0,
            ..QuoteParams::default()
        };
        assert!(quote_coverage(&[("a", &a)], &p).is_err());
    }

    #[test]
    fn limits_hold_at_both_ends() {
        let with = |min_overlap, min_shared| QuoteParams {
            min_overlap,
            min_shared,
        };
        for ok in [with(1.0, 1), with(f64::MIN_POSITIVE, MIN_SHARED)] {
            assert!(ok.check().is_ok());
        }
        for (p, name) in [
            (with(0.0, 2), "min_overlap"),
            (with(1.01, 2), "min_overlap"),
            (with(f64::NAN, 2), "min_overlap"),
            (with(0.5, 0), "min_shared"),
        ] {
            match p.check() {
                Err(crate::Error::OutOfRange { name: n, .. }) => assert_eq!(n, name),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            with(1.5, 2).check().unwrap_err().to_string(),
            "invalid parameter min_overlap: must be in (0, 1], got 1.5"
        );
        assert_eq!(
            with(0.5, 0).check().unwrap_err().to_string(),
            "invalid parameter min_shared: must be at least 1"
        );
    }
}
