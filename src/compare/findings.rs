//! Plain-language findings: the few sentences a journalist reads first,
//! each backed by rows of the report's tables.
//!
//! Findings are drawn from the parts of an event's report, given as plain
//! inputs ([`FindingInputs`]), so this module does not depend on the
//! assembler ([`super::event`]) that calls it. Every finding is a
//! [`Finding`]: its sentence, what it says in checkable fields
//! ([`FindingDetail`]), how many observations support it, and the keys of
//! the table rows it rests on. The rules that keep findings from
//! contradicting each other (docs/report-schema.md, "Findings"):
//!
//! - "the only outlet to write X" needs every other outlet to have written
//!   a differently graded word of the same concept group in a sentence
//!   aligned with one where the outlet wrote X, and no other outlet to have
//!   written X at all: an outlet that did not report the thing made no
//!   choice;
//! - a substitution names on each side only the outlets that wrote that
//!   side and never the other: an outlet that wrote both made no choice;
//! - "sets apart" names only terms significant after Benjamini–Hochberg
//!   correction, each with its z and q.

use super::actor_labels::{label_findings, ActorLabelFinding, ActorLabels};
use super::align::Alignment;
use super::closeness::SimilarityMatrices;
use super::event_rows::{ConceptRow, EvidenceMatch, OutletInfo, OutletKeyness};
use super::quotes::QuoteCoverage;
use super::substitutions::Substitutions;
use crate::lexicon::score::ScoreRow;
use crate::text::Voice;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A term counts as setting an outlet apart below this BH q-value.
pub const Q_TERM: f64 = 0.05;

/// One finding: the sentence, what it says, its support and its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The sentence shown in report.md and report.html.
    pub text: String,
    /// What the sentence says, in fields a program can check.
    pub detail: FindingDetail,
    /// Observations that support it (matches, substitution instances,
    /// outlets carrying a quote, events …; see [`FindingDetail`]): findings
    /// of one kind are listed by descending evidence.
    pub evidence: u64,
    /// The table rows the finding rests on.
    pub rows: Vec<RowRef>,
}

/// A row of a report table: the table's field path in report.json and the
/// row's key there (an index into the array, or the row's id or name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RowRef {
    pub table: String,
    pub key: String,
}

impl RowRef {
    pub fn new(table: &str, key: impl ToString) -> RowRef {
        RowRef {
            table: table.to_string(),
            key: key.to_string(),
        }
    }
}

/// What another outlet wrote where one outlet wrote its word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtherChoice {
    pub outlet: String,
    /// Variants of the concept group it wrote in the aligned sentences.
    pub words: Vec<String>,
}

/// A distinctive term and how strongly it stands out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermStrength {
    pub term: String,
    /// Log-odds z-score (informative Dirichlet prior).
    pub z: f64,
    /// Benjamini–Hochberg q-value.
    pub q: f64,
    /// Occurrences in the outlet or group.
    pub count: u64,
}

/// What a finding says. In JSON an object with one key, the kind (externally
/// tagged: serde_json's arbitrary-precision numbers cannot be read back
/// through an internally tagged enum).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingDetail {
    /// `outlet` alone wrote `word` (of `concept`, grade `grade`); where
    /// they reported the same thing, the others wrote `others`. Evidence:
    /// aligned sentence pairs.
    OnlyOutletWord {
        outlet: String,
        word: String,
        concept: String,
        grade: u32,
        others: Vec<OtherChoice>,
    },
    /// Outlets that put the same words in scare quotes. Evidence: outlets.
    ScareQuotes { words: String, outlets: Vec<String> },
    /// In aligned sentences `outlets_a` wrote `words_a` where `outlets_b`
    /// wrote `words_b` (no outlet on both sides). Evidence: instances.
    Substitution {
        outlets_a: Vec<String>,
        words_a: String,
        outlets_b: Vec<String>,
        words_b: String,
    },
    /// Outlets name an actor with labels the others do not use ("North
    /// Korean dictator" against "Mr. Kim"). Evidence: own-voice uses of
    /// the labels named.
    ActorLabels(ActorLabelFinding),
    /// Only `outlet` carried quote group `group`. Evidence: 1.
    OnlyQuote { outlet: String, group: usize },
    /// The most widely carried quote. Evidence: outlets carrying it.
    WidestQuote {
        group: usize,
        outlets: Vec<String>,
        of: usize,
    },
    /// Doubting or hostile attribution verbs in the outlet's own voice.
    /// Evidence: matches.
    Attribution {
        outlet: String,
        category: String,
        words: Vec<String>,
    },
    /// The closest and the most distant outlet pair. Evidence: pairs.
    Closeness {
        closest: (String, String),
        closest_cosine: f64,
        distant: (String, String),
        distant_cosine: f64,
    },
    /// Terms significant after BH correction that the outlet uses more
    /// than the others. Evidence: their occurrences.
    SetsApart {
        outlet: String,
        terms: Vec<TermStrength>,
    },
    /// Corpus: `more` has a higher rate than `less`, tested by permutation
    /// within events and meeting the evidence rule. Evidence: events in
    /// which the difference appears.
    RateDifference {
        grouping: String,
        more: String,
        less: String,
        lexicon: String,
        category: String,
        voice: Voice,
        /// Rate of `more` minus rate of `less`, per 1,000 tokens.
        effect: f64,
        ci_low: Option<f64>,
        ci_high: Option<f64>,
        q: f64,
        matches: u64,
        events: usize,
        events_with_difference: usize,
    },
    /// Corpus: terms significant after BH correction that a group uses
    /// more than the rest. Evidence: their occurrences.
    TypicalWords {
        grouping: String,
        group: String,
        terms: Vec<TermStrength>,
    },
    /// Corpus: the outlet pair with the closest wording over events.
    /// Evidence: events.
    ClosestPair {
        outlet_a: String,
        outlet_b: String,
        mean_cosine: f64,
        ci: Option<(f64, f64)>,
        events: usize,
    },
    /// Corpus: a substitution recurring over events. Evidence: events.
    RecurringSubstitution {
        outlet_a: String,
        words_a: String,
        outlet_b: String,
        words_b: String,
        events: usize,
        count: usize,
    },
    /// Corpus: the loaded-language score against annotated sentences.
    /// Evidence: annotated sentences.
    SentenceAuc {
        auc_count: f64,
        auc_count_within_length: f64,
        auc_length_only: f64,
        annotated: usize,
        other: usize,
    },
}

impl FindingDetail {
    /// The kind's name, as in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            FindingDetail::OnlyOutletWord { .. } => "only_outlet_word",
            FindingDetail::ScareQuotes { .. } => "scare_quotes",
            FindingDetail::Substitution { .. } => "substitution",
            FindingDetail::ActorLabels(_) => "actor_labels",
            FindingDetail::OnlyQuote { .. } => "only_quote",
            FindingDetail::WidestQuote { .. } => "widest_quote",
            FindingDetail::Attribution { .. } => "attribution",
            FindingDetail::Closeness { .. } => "closeness",
            FindingDetail::SetsApart { .. } => "sets_apart",
            FindingDetail::RateDifference { .. } => "rate_difference",
            FindingDetail::TypicalWords { .. } => "typical_words",
            FindingDetail::ClosestPair { .. } => "closest_pair",
            FindingDetail::RecurringSubstitution { .. } => "recurring_substitution",
            FindingDetail::SentenceAuc { .. } => "sentence_auc",
        }
    }
}

/// Keep the `n` findings of one kind with the most evidence, in that order
/// (ties keep the order they were found in).
pub fn strongest(mut found: Vec<Finding>, n: usize) -> Vec<Finding> {
    found.sort_by_key(|f| std::cmp::Reverse(f.evidence));
    found.truncate(n);
    found
}

/// The parts of an event's report that findings are drawn from.
#[derive(Debug, Clone, Copy)]
pub struct FindingInputs<'a> {
    pub outlets: &'a [OutletInfo],
    pub profiles: &'a [ScoreRow],
    pub keyness: &'a [OutletKeyness],
    pub similarity: &'a SimilarityMatrices,
    pub substitutions: &'a Substitutions,
    pub concepts: &'a [ConceptRow],
    pub quotes: &'a QuoteCoverage,
    pub matches: &'a [EvidenceMatch],
    /// The sentence alignment, when its sentence indices are those of the
    /// matches (None for an event bounded by `--event-limit`, whose
    /// alignment ran on a subset): without it no "only outlet" finding.
    pub alignment: Option<&'a Alignment>,
    /// The actor labels of the event, when they were read.
    pub actor_labels: Option<&'a ActorLabels>,
}

/// Most findings of each kind, so the list stays readable.
const PER_KIND: usize = 4;

/// Most findings of a kind said of each outlet (attribution verbs, words
/// that set it apart): every outlet of an ordinary event, not of a hundred.
const PER_OUTLET_KIND: usize = 8;

fn name_of<'a>(report: &FindingInputs<'a>, outlet: &'a str) -> &'a str {
    report
        .outlets
        .iter()
        .find(|o| o.id == outlet)
        .map(|o| o.name.as_str())
        .unwrap_or(outlet)
}

/// "a", "a and b", "a, b and c".
pub fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

fn snippet(text: &str, max_chars: usize) -> String {
    let trimmed = text.trim();
    if trimmed.chars().count() <= max_chars {
        return trimmed.to_string();
    }
    let cut: String = trimmed.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
}

/// A term's strength as written in a finding: “term” (z = 3.1, q = 0.004).
pub fn term_strength_text(t: &TermStrength) -> String {
    format!("“{}” (z = {:.1}, {})", t.term, t.z, q_text(t.q))
}

/// A q-value as written in a finding: "q = 0.004", or "q < 0.001".
pub fn q_text(q: f64) -> String {
    if q < 0.001 {
        "q < 0.001".to_string()
    } else {
        format!("q = {q:.3}")
    }
}

/// A concept-group match: (outlet, sentence, variant, grade).
type ConceptUse<'a> = (&'a str, usize, String, u32);

/// The concept-group matches of the event, by concept.
fn concept_uses<'a>(matches: &'a [EvidenceMatch]) -> BTreeMap<&'a str, Vec<ConceptUse<'a>>> {
    let mut out: BTreeMap<&str, Vec<ConceptUse<'a>>> = BTreeMap::new();
    for m in matches {
        if let Some(concept) = m.found.category.strip_prefix("concept/") {
            out.entry(concept).or_default().push((
                m.outlet.as_str(),
                m.found.sentence,
                m.found.entry.to_lowercase(),
                m.found.weight.round().max(0.0) as u32,
            ));
        }
    }
    out
}

/// The sentences aligned with (`outlet`, one of `sentences`): (other
/// outlet, its sentence, the alignment row that links them).
fn aligned_with<'a>(
    alignment: &'a Alignment,
    outlet: &str,
    sentences: &BTreeSet<usize>,
) -> Vec<(&'a str, usize, RowRef)> {
    let mut out = Vec::new();
    for (i, p) in alignment.pairs.iter().enumerate() {
        if p.outlet_a == outlet && sentences.contains(&p.sentence_a) && p.outlet_b != outlet {
            out.push((
                p.outlet_b.as_str(),
                p.sentence_b,
                RowRef::new("alignment.pairs", i),
            ));
        }
        if p.outlet_b == outlet && sentences.contains(&p.sentence_b) && p.outlet_a != outlet {
            out.push((
                p.outlet_a.as_str(),
                p.sentence_a,
                RowRef::new("alignment.pairs", i),
            ));
        }
    }
    for g in &alignment.groups {
        if g.members
            .iter()
            .any(|m| m.outlet == outlet && sentences.contains(&m.sentence))
        {
            for m in g.members.iter().filter(|m| m.outlet != outlet) {
                out.push((
                    m.outlet.as_str(),
                    m.sentence,
                    RowRef::new("alignment.groups", g.id),
                ));
            }
        }
    }
    out
}

/// "Only outlet to write X" findings (see the module documentation).
fn only_outlet_words(report: &FindingInputs<'_>) -> Vec<Finding> {
    let Some(alignment) = report.alignment else {
        return Vec::new();
    };
    if report.outlets.len() < 2 {
        return Vec::new();
    }
    let mut found: Vec<Finding> = Vec::new();
    for (concept, uses) in concept_uses(report.matches) {
        // variant -> (grade, outlets using it)
        let mut users: BTreeMap<&str, (u32, BTreeSet<&str>)> = BTreeMap::new();
        // (outlet, sentence) -> (variant, grade) written there.
        let mut at: BTreeMap<(&str, usize), Vec<(&str, u32)>> = BTreeMap::new();
        for (o, s, v, g) in &uses {
            users
                .entry(v.as_str())
                .or_insert((*g, BTreeSet::new()))
                .1
                .insert(o);
            at.entry((o, *s)).or_default().push((v.as_str(), *g));
        }
        for (variant, (grade, outlets)) in &users {
            let [outlet] = outlets.iter().copied().collect::<Vec<_>>()[..] else {
                continue;
            };
            let sentences: BTreeSet<usize> = uses
                .iter()
                .filter(|(o, _, v, _)| *o == outlet && v == variant)
                .map(|u| u.1)
                .collect();
            let partners = aligned_with(alignment, outlet, &sentences);
            let mut rows: BTreeSet<RowRef> = BTreeSet::new();
            let mut others = Vec::new();
            let mut pairs = 0u64;
            for other in report.outlets.iter().filter(|o| o.id != outlet) {
                let mut words: BTreeSet<&str> = BTreeSet::new();
                for (po, ps, row) in partners.iter().filter(|p| p.0 == other.id) {
                    let here: Vec<&str> = at
                        .get(&(*po, *ps))
                        .into_iter()
                        .flatten()
                        .filter(|(v, g)| g != grade && v != variant)
                        .map(|(v, _)| *v)
                        .collect();
                    if !here.is_empty() {
                        words.extend(here);
                        rows.insert(row.clone());
                        pairs += 1;
                    }
                }
                if words.is_empty() {
                    break;
                }
                others.push(OtherChoice {
                    outlet: other.id.clone(),
                    words: words.into_iter().map(str::to_string).collect(),
                });
            }
            if others.len() + 1 != report.outlets.len() {
                continue;
            }
            let mut all_words: Vec<&str> = others
                .iter()
                .flat_map(|o| o.words.iter().map(String::as_str))
                .collect();
            all_words.sort_unstable();
            all_words.dedup();
            let quoted: Vec<String> = all_words.iter().map(|w| format!("“{w}”")).collect();
            let quoted: Vec<&str> = quoted.iter().map(String::as_str).collect();
            let mut rows: Vec<RowRef> = rows.into_iter().collect();
            rows.insert(0, RowRef::new("concepts", concept));
            found.push(Finding {
                text: format!(
                    "{} is the only outlet to write “{}”; where they reported the same thing, {} wrote {}.",
                    name_of(report, outlet),
                    variant,
                    if others.len() == 1 { "the other outlet" } else { "the others" },
                    list(&quoted)
                ),
                detail: FindingDetail::OnlyOutletWord {
                    outlet: outlet.to_string(),
                    word: variant.to_string(),
                    concept: concept.to_string(),
                    grade: *grade,
                    others,
                },
                evidence: pairs,
                rows,
            });
        }
    }
    // With two outlets each may be "the only one" to write its word: say
    // it once, for the more loaded word.
    let mut kept: Vec<Finding> = Vec::new();
    found.sort_by_key(|f| match &f.detail {
        FindingDetail::OnlyOutletWord { grade, .. } => std::cmp::Reverse(*grade),
        _ => std::cmp::Reverse(0),
    });
    for f in found {
        let FindingDetail::OnlyOutletWord {
            outlet,
            word,
            concept,
            others,
            ..
        } = &f.detail
        else {
            continue;
        };
        let mirrored = kept.iter().any(|k| match &k.detail {
            FindingDetail::OnlyOutletWord {
                outlet: ko,
                word: kw,
                concept: kc,
                others: kothers,
                ..
            } => {
                kc == concept
                    && others
                        .iter()
                        .any(|o| &o.outlet == ko && o.words.contains(kw))
                    && kothers
                        .iter()
                        .any(|o| &o.outlet == outlet && o.words.contains(word))
            }
            _ => false,
        });
        if !mirrored {
            kept.push(f);
        }
    }
    kept
}

/// Findings of one event, by kind, each kind by descending evidence.
pub fn event_findings(report: &FindingInputs<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let n_outlets = report.outlets.len();

    // Word choice in concept groups: a variant only one outlet used where
    // the others, reporting the same thing, used another.
    out.extend(strongest(only_outlet_words(report), PER_KIND));

    // How outlets name the event's actors (see `super::actor_labels`).
    if let Some(labels) = report.actor_labels {
        let found = label_findings(labels, report.outlets)
            .into_iter()
            .map(|f| Finding {
                text: f.text,
                detail: FindingDetail::ActorLabels(f.detail),
                evidence: f.evidence,
                rows: f
                    .rows
                    .iter()
                    .map(|&i| RowRef::new("actor_labels.labels", i))
                    .collect(),
            })
            .collect();
        out.extend(strongest(found, PER_KIND));
    }

    // Scare quotes: which outlets distanced themselves from which word.
    let mut scare: BTreeMap<String, Vec<(usize, &str)>> = BTreeMap::new();
    for (i, row) in report.quotes.scare_quotes.iter().enumerate() {
        scare
            .entry(row.words.to_lowercase())
            .or_default()
            .push((i, row.outlet.as_str()));
    }
    let mut scare_found = Vec::new();
    for (word, rows) in scare {
        let mut outlets: Vec<&str> = rows.iter().map(|r| r.1).collect();
        outlets.dedup();
        if outlets.len() < 2 {
            continue;
        }
        let names: Vec<&str> = outlets.iter().map(|o| name_of(report, o)).collect();
        scare_found.push(Finding {
            text: format!("{} put “{}” in scare quotes.", list(&names), word),
            evidence: outlets.len() as u64,
            rows: rows
                .iter()
                .map(|r| RowRef::new("quotes.scare_quotes", r.0))
                .collect(),
            detail: FindingDetail::ScareQuotes {
                words: word,
                outlets: outlets.iter().map(|o| o.to_string()).collect(),
            },
        });
    }
    out.extend(strongest(scare_found, 2));

    // Substitutions in sentences that report the same thing. An outlet
    // that wrote both words (in different sentences) made no choice: it
    // is named on neither side.
    let mut subs = Vec::new();
    for (i, pair) in report.substitutions.pairs.iter().enumerate() {
        let only = |side: &[String], other: &[String]| -> Vec<String> {
            side.iter()
                .filter(|o| !other.contains(o))
                .cloned()
                .collect()
        };
        let a = only(&pair.a.outlets, &pair.b.outlets);
        let b = only(&pair.b.outlets, &pair.a.outlets);
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let an: Vec<&str> = a.iter().map(|o| name_of(report, o)).collect();
        let bn: Vec<&str> = b.iter().map(|o| name_of(report, o)).collect();
        subs.push(Finding {
            text: format!(
                "Reporting the same sentence, {} wrote “{}” where {} wrote “{}”.",
                list(&an),
                pair.a.words,
                list(&bn),
                pair.b.words
            ),
            evidence: pair.count as u64,
            rows: vec![RowRef::new("substitutions.pairs", i)],
            detail: FindingDetail::Substitution {
                outlets_a: a,
                words_a: pair.a.words.clone(),
                outlets_b: b,
                words_b: pair.b.words.clone(),
            },
        });
    }
    out.extend(strongest(subs, PER_KIND));

    // Quotes carried by one outlet only.
    if n_outlets > 1 {
        let mut only = Vec::new();
        for g in report.quotes.groups.iter() {
            if let [outlet] = &g.outlets_carrying[..] {
                let who = g
                    .speaker
                    .as_deref()
                    .map(|s| format!("{s}'s"))
                    .unwrap_or_else(|| "the".to_string());
                only.push(Finding {
                    text: format!(
                        "Only {} carried {} quote “{}”.",
                        name_of(report, outlet),
                        who,
                        snippet(&g.representative, 70)
                    ),
                    evidence: 1,
                    rows: vec![RowRef::new("quotes.groups", g.id)],
                    detail: FindingDetail::OnlyQuote {
                        outlet: outlet.clone(),
                        group: g.id,
                    },
                });
            }
        }
        out.extend(strongest(only, PER_KIND));
        // The most widely carried quote.
        if let Some(g) = report
            .quotes
            .groups
            .iter()
            .filter(|g| g.outlets_carrying.len() > 1)
            .max_by(|a, b| {
                a.outlets_carrying
                    .len()
                    .cmp(&b.outlets_carrying.len())
                    .then(b.id.cmp(&a.id))
            })
        {
            out.push(Finding {
                text: format!(
                    "{} of {} outlets carried {}quote “{}”.",
                    g.outlets_carrying.len(),
                    n_outlets,
                    g.speaker
                        .as_deref()
                        .map(|s| format!("{s}'s "))
                        .unwrap_or_default(),
                    snippet(&g.representative, 70)
                ),
                evidence: g.outlets_carrying.len() as u64,
                rows: vec![RowRef::new("quotes.groups", g.id)],
                detail: FindingDetail::WidestQuote {
                    group: g.id,
                    outlets: g.outlets_carrying.clone(),
                    of: n_outlets,
                },
            });
        }
    }

    // Doubting and hostile attribution in the outlet's own voice.
    let mut attribution = Vec::new();
    for (ri, row) in report.profiles.iter().enumerate().filter(|(_, r)| {
        r.lexicon == "attribution"
            && (r.category == "doubting" || r.category == "hostile")
            && r.voice == Voice::Own
            && r.matches > 0
    }) {
        let mut words: Vec<String> = Vec::new();
        let mut rows = vec![RowRef::new("profiles", ri)];
        for (mi, m) in report.matches.iter().enumerate().filter(|(_, m)| {
            m.outlet == row.outlet
                && m.found.lexicon == "attribution"
                && m.found.category == row.category
                && m.found.voice == Voice::Own
        }) {
            words.push(m.found.text.to_lowercase());
            rows.push(RowRef::new("matches", mi));
        }
        words.sort();
        words.dedup();
        if words.is_empty() {
            continue;
        }
        let quoted: Vec<String> = words.iter().map(|w| format!("“{w}”")).collect();
        attribution.push(Finding {
            text: format!(
                "{} uses {} attribution verbs in its own voice: {}.",
                name_of(report, &row.outlet),
                row.category,
                quoted.join(", ")
            ),
            evidence: row.matches as u64,
            rows,
            detail: FindingDetail::Attribution {
                outlet: row.outlet.clone(),
                category: row.category.clone(),
                words,
            },
        });
    }
    // An event of a hundred outlets would list them all: the outlets with
    // the most matches.
    out.extend(strongest(attribution, PER_OUTLET_KIND));

    // Closest and most distant outlets.
    let sim = report.similarity;
    let mut best: Option<(f64, usize, usize)> = None;
    let mut worst: Option<(f64, usize, usize)> = None;
    for i in 0..sim.outlets.len() {
        for j in (i + 1)..sim.outlets.len() {
            // The matrix is empty when no outlet has a content word.
            let Some(v) = sim.cosine.get(i).and_then(|r| r.get(j)).copied() else {
                continue;
            };
            if best.is_none_or(|(b, _, _)| v > b) {
                best = Some((v, i, j));
            }
            if worst.is_none_or(|(w, _, _)| v < w) {
                worst = Some((v, i, j));
            }
        }
    }
    if let (Some((b, bi, bj)), Some((w, wi, wj))) = (best, worst) {
        let n = sim.outlets.len();
        if n > 2 {
            let o = |i: usize| sim.outlets[i].clone();
            out.push(Finding {
                text: format!(
                    "The closest wording is between {} and {} (TF-IDF cosine {:.2}); the most distant between {} and {} ({:.2}).",
                    name_of(report, &sim.outlets[bi]),
                    name_of(report, &sim.outlets[bj]),
                    b,
                    name_of(report, &sim.outlets[wi]),
                    name_of(report, &sim.outlets[wj]),
                    w
                ),
                evidence: (n * (n - 1) / 2) as u64,
                rows: vec![
                    RowRef::new("similarity", format!("{}/{}", o(bi), o(bj))),
                    RowRef::new("similarity", format!("{}/{}", o(wi), o(wj))),
                ],
                detail: FindingDetail::Closeness {
                    closest: (o(bi), o(bj)),
                    closest_cosine: b,
                    distant: (o(wi), o(wj)),
                    distant_cosine: w,
                },
            });
        }
    }

    // The most distinctive words of each outlet: only terms significant
    // after BH correction, with how strongly.
    let mut apart = Vec::new();
    for k in report.keyness {
        let terms: Vec<TermStrength> = k
            .over
            .iter()
            .filter(|r| r.stat > 0.0 && r.q < Q_TERM)
            .take(3)
            .map(|r| TermStrength {
                term: r.term.clone(),
                z: r.stat,
                q: r.q,
                count: r.n_target,
            })
            .collect();
        if terms.is_empty() {
            continue;
        }
        let written: Vec<String> = terms.iter().map(term_strength_text).collect();
        apart.push(Finding {
            text: format!(
                "Words that set {} apart: {} (log-odds z against the other outlets; BH q over all its terms).",
                name_of(report, &k.outlet),
                written.join(", ")
            ),
            evidence: terms.iter().map(|t| t.count).sum(),
            rows: terms
                .iter()
                .map(|t| RowRef::new("keyness", format!("{}/{}", k.outlet, t.term)))
                .collect(),
            detail: FindingDetail::SetsApart {
                outlet: k.outlet.clone(),
                terms,
            },
        });
    }
    out.extend(strongest(apart, PER_OUTLET_KIND));
    out
}
