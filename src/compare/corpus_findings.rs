//! Plain-language findings of the corpus summary: what holds across
//! events, each with its effect, its interval and its evidence, and the
//! keys of the summary rows it rests on. The report only renders them.
//!
//! Rules (docs/report-schema.md, "Findings"):
//!
//! - a difference of rates is a finding only when it was tested (it meets
//!   the evidence rule, [`super::corpus::EVIDENCE`]), its BH q is below
//!   [`Q_FINDING`] and its 95% interval, when there is one, lies on the
//!   side of its effect; the sentence gives the effect, the interval, q,
//!   the matches and the events in which the difference appears;
//! - typical words are terms significant after BH correction, with z and q;
//! - the closest pair and recurring substitutions are stated only over at
//!   least as many events as the evidence rule asks, and a substitution is
//!   left out when the same outlets also wrote it the other way round;
//! - findings of one kind are ordered by evidence (events in which the
//!   difference appears, then matches, then q).

use super::corpus::EVIDENCE;
use super::corpus_schema::{CorpusSummary, GroupTest};
use super::findings::{
    q_text, strongest, term_strength_text, Finding, FindingDetail, RowRef, TermStrength, Q_TERM,
};
use crate::text::Voice;

/// A tested difference is reported as a finding below this q-value.
pub const Q_FINDING: f64 = 0.05;

/// Most tested differences stated per grouping.
const PER_GROUPING: usize = 6;

/// Most groups whose typical words are stated (most evidence first).
const MAX_TYPICAL: usize = 12;

/// Most recurring substitutions stated.
const MAX_SUBSTITUTIONS: usize = 3;

/// The key of a test row in `summary/tests.csv` and report.json.
pub fn test_key(grouping: &str, t: &GroupTest) -> String {
    format!(
        "{grouping}|{}|{}/{}|{}",
        t.comparison,
        t.lexicon,
        t.category,
        voice_name(t.voice)
    )
}

fn voice_name(v: Voice) -> &'static str {
    match v {
        Voice::Own => "own",
        Voice::Quoted => "quoted",
        Voice::All => "all",
    }
}

/// Does the test support a finding (see the module documentation)?
pub fn is_finding(t: &GroupTest) -> bool {
    let interval_agrees = match (t.effect_ci_low, t.effect_ci_high) {
        (Some(lo), Some(hi)) => (t.effect > 0.0 && lo > 0.0) || (t.effect < 0.0 && hi < 0.0),
        _ => true,
    };
    t.kind == "pair"
        && t.voice != Voice::All
        && t.q < Q_FINDING
        && t.effect != 0.0
        && interval_agrees
        && EVIDENCE.met(t.matches as f64, t.events_with_difference)
}

fn signed(x: f64) -> String {
    format!("{x:+.2}")
}

/// The findings of a corpus summary, by kind, each kind by evidence.
pub fn corpus_findings(s: &CorpusSummary) -> Vec<Finding> {
    let mut out = Vec::new();
    for g in &s.groupings {
        let mut sig: Vec<&GroupTest> = g.tests.iter().filter(|t| is_finding(t)).collect();
        sig.sort_by(|a, b| {
            b.events_with_difference
                .cmp(&a.events_with_difference)
                .then(b.matches.cmp(&a.matches))
                .then(a.q.total_cmp(&b.q))
                .then(a.comparison.cmp(&b.comparison))
        });
        for t in sig.into_iter().take(PER_GROUPING) {
            // The effect is rate a minus rate b: say it from the side of
            // the group that uses more, with the interval turned with it.
            let (more, less, effect, ci) = if t.effect > 0.0 {
                (
                    &t.group_a,
                    &t.group_b,
                    t.effect,
                    t.effect_ci_low.zip(t.effect_ci_high),
                )
            } else {
                (
                    &t.group_b,
                    &t.group_a,
                    -t.effect,
                    t.effect_ci_low.zip(t.effect_ci_high).map(|(l, h)| (-h, -l)),
                )
            };
            let interval = ci
                .map(|(l, h)| format!(", 95% CI {} to {}", signed(l), signed(h)))
                .unwrap_or_default();
            out.push(Finding {
                text: format!(
                    "{more} uses more {}/{} than {less} in {} ({} per 1,000 tokens{interval}; {} matches, the difference in {} of {} events; permutation {}).",
                    t.lexicon,
                    t.category,
                    if t.voice == Voice::Own { "its own voice" } else { "quoted speech" },
                    signed(effect),
                    t.matches,
                    t.events_with_difference,
                    t.events,
                    q_text(t.q)
                ),
                evidence: t.events_with_difference as u64,
                rows: vec![RowRef::new("tests", test_key(&g.grouping, t))],
                detail: FindingDetail::RateDifference {
                    grouping: g.grouping.clone(),
                    more: more.clone(),
                    less: less.clone(),
                    lexicon: t.lexicon.clone(),
                    category: t.category.clone(),
                    voice: t.voice,
                    effect,
                    ci_low: ci.map(|c| c.0),
                    ci_high: ci.map(|c| c.1),
                    q: t.q,
                    matches: t.matches,
                    events: t.events,
                    events_with_difference: t.events_with_difference,
                },
            });
        }
    }
    if let Some(g) = s.groupings.first() {
        let mut typical = Vec::new();
        for k in &g.keyness {
            let terms: Vec<TermStrength> = k
                .over
                .iter()
                .filter(|r| r.stat > 0.0 && r.q < Q_TERM)
                .take(5)
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
            typical.push(Finding {
                text: format!(
                    "Words most typical of {} across the corpus: {} (log-odds z against the rest of the corpus; BH q over all terms).",
                    k.group,
                    written.join(", ")
                ),
                evidence: terms.iter().map(|t| t.count).sum(),
                rows: terms
                    .iter()
                    .map(|t| RowRef::new("keyness", format!("{}|{}|{}", g.grouping, k.group, t.term)))
                    .collect(),
                detail: FindingDetail::TypicalWords {
                    grouping: g.grouping.clone(),
                    group: k.group.clone(),
                    terms,
                },
            });
        }
        out.extend(strongest(typical, MAX_TYPICAL));
    }
    if let Some(p) = s
        .similarity
        .iter()
        .filter(|p| p.events >= EVIDENCE.min_strata)
        .max_by(|a, b| a.cosine.mean.total_cmp(&b.cosine.mean))
    {
        let ci = p
            .cosine
            .mean_ci
            .map(|(l, h)| format!(", 95% CI {l:.2}–{h:.2}"))
            .unwrap_or_default();
        out.push(Finding {
            text: format!(
                "Closest wording: {} and {} (mean cosine {:.2}{ci} over {} events).",
                p.outlet_a, p.outlet_b, p.cosine.mean, p.events
            ),
            evidence: p.events as u64,
            rows: vec![RowRef::new(
                "similarity",
                format!("{}/{}", p.outlet_a, p.outlet_b),
            )],
            detail: FindingDetail::ClosestPair {
                outlet_a: p.outlet_a.clone(),
                outlet_b: p.outlet_b.clone(),
                mean_cosine: p.cosine.mean,
                ci: p.cosine.mean_ci,
                events: p.events,
            },
        });
    }
    let mut subs = Vec::new();
    for (i, r) in s.substitutions.iter().enumerate() {
        // Its `count` adds up instances of the word pair in events both
        // outlets covered, not of the pair alone: the rule is on events.
        if r.events < EVIDENCE.min_strata {
            continue;
        }
        // The same outlets wrote it the other way round, too: no choice.
        let reversed = s.substitutions.iter().any(|o| {
            o.outlet_a == r.outlet_a
                && o.outlet_b == r.outlet_b
                && o.words_a == r.words_b
                && o.words_b == r.words_a
        });
        if reversed {
            continue;
        }
        subs.push(Finding {
            text: format!(
                "{} wrote “{}” where {} wrote “{}” in {} events.",
                r.outlet_a, r.words_a, r.outlet_b, r.words_b, r.events
            ),
            evidence: r.events as u64,
            rows: vec![RowRef::new("substitutions", i)],
            detail: FindingDetail::RecurringSubstitution {
                outlet_a: r.outlet_a.clone(),
                words_a: r.words_a.clone(),
                outlet_b: r.outlet_b.clone(),
                words_b: r.words_b.clone(),
                events: r.events,
                count: r.count,
            },
        });
    }
    out.extend(strongest(subs, MAX_SUBSTITUTIONS));
    if let Some(a) = &s.sentence_auc {
        out.push(Finding {
            text: format!(
                "Loaded-language words per sentence {} sentences annotated as lexically biased from the others: AUC {:.3}, where 0.5 is chance, against {:.3} for sentence length alone; within sentences of similar length {:.3} against {:.3} for length ({} annotated, {} other sentences).",
                if a.auc_count > 0.5 { "separate" } else { "do not separate" },
                a.auc_count, a.auc_length_only, a.auc_count_within_length, a.auc_length_within_length, a.annotated, a.other
            ),
            evidence: a.annotated as u64,
            rows: vec![RowRef::new("sentence_auc", "")],
            detail: FindingDetail::SentenceAuc {
                auc_count: a.auc_count,
                auc_count_within_length: a.auc_count_within_length,
                auc_length_only: a.auc_length_only,
                annotated: a.annotated,
                other: a.other,
            },
        });
    }
    out
}

impl CorpusSummary {
    /// The summary with its [`CorpusSummary::findings`] drawn.
    pub fn with_findings(mut self) -> CorpusSummary {
        self.findings = corpus_findings(&self);
        self
    }
}
