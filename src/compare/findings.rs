//! Plain-language findings: the few sentences a journalist reads first,
//! each backed by a table of the report.
//!
//! Findings are drawn from the parts of an event's report, given as plain
//! inputs ([`FindingInputs`]), so this module does not depend on the
//! assembler ([`super::event`]) that calls it.

use super::closeness::SimilarityMatrices;
use super::event_rows::{ConceptRow, EvidenceMatch, OutletInfo, OutletKeyness};
use super::quotes::QuoteCoverage;
use super::substitutions::Substitutions;
use crate::lexicon::score::ScoreRow;
use crate::text::Voice;
use std::collections::BTreeMap;

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
}

/// Most findings of each kind, so the list stays readable.
const PER_KIND: usize = 4;

fn name_of<'a>(report: &FindingInputs<'a>, outlet: &'a str) -> &'a str {
    report
        .outlets
        .iter()
        .find(|o| o.id == outlet)
        .map(|o| o.name.as_str())
        .unwrap_or(outlet)
}

fn list(names: &[&str]) -> String {
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

/// Findings of one event, most telling first.
pub fn event_findings(report: &FindingInputs<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let n_outlets = report.outlets.len();

    // Word choice in concept groups: a variant only one outlet used.
    let mut concept_findings = Vec::new();
    for row in report.concepts.iter().filter(|r| r.differs) {
        // variant -> (grade, outlets using it)
        let mut users: BTreeMap<&str, (u32, Vec<&str>)> = BTreeMap::new();
        for c in &row.choices {
            for (v, g) in c.variants.iter().zip(&c.variant_grades) {
                let e = users.entry(v.as_str()).or_insert((*g, Vec::new()));
                e.1.push(c.outlet.as_str());
            }
        }
        for (variant, (grade, outlets)) in &users {
            // Only a choice of a differently graded word is a finding:
            // "kremlin" against "authorities" is not framing.
            let others: Vec<String> = users
                .iter()
                .filter(|(v, (g, _))| *v != variant && g != grade)
                .map(|(v, _)| format!("“{v}”"))
                .collect();
            if outlets.len() == 1 && row.choices.len() > 1 && !others.is_empty() {
                let others: Vec<&str> = others.iter().map(String::as_str).collect();
                concept_findings.push(format!(
                    "{} is the only outlet to write “{}”; the others wrote {}.",
                    name_of(report, outlets[0]),
                    variant,
                    list(&others)
                ));
            }
        }
    }
    out.extend(concept_findings.into_iter().take(PER_KIND));

    // Scare quotes: which outlets distanced themselves from which word.
    let mut scare: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for row in &report.quotes.scare_quotes {
        scare
            .entry(row.words.to_lowercase())
            .or_default()
            .push(name_of(report, &row.outlet));
    }
    let mut scare: Vec<(String, Vec<&str>)> = scare.into_iter().collect();
    scare.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    for (word, mut outlets) in scare.into_iter().filter(|(_, o)| o.len() > 1).take(2) {
        outlets.dedup();
        out.push(format!(
            "{} put “{}” in scare quotes.",
            list(&outlets),
            word
        ));
    }

    // Substitutions in sentences that report the same thing.
    for pair in report.substitutions.pairs.iter().take(PER_KIND) {
        let a: Vec<&str> = pair.a.outlets.iter().map(|o| name_of(report, o)).collect();
        let b: Vec<&str> = pair.b.outlets.iter().map(|o| name_of(report, o)).collect();
        out.push(format!(
            "Reporting the same sentence, {} wrote “{}” where {} wrote “{}”.",
            list(&a),
            pair.a.words,
            list(&b),
            pair.b.words
        ));
    }

    // Quotes carried by one outlet only.
    if n_outlets > 1 {
        let mut only = Vec::new();
        for g in report.quotes.groups.iter() {
            if g.outlets_carrying.len() == 1 {
                let who = g
                    .speaker
                    .as_deref()
                    .map(|s| format!("{s}'s"))
                    .unwrap_or_else(|| "the".to_string());
                only.push(format!(
                    "Only {} carried {} quote “{}”.",
                    name_of(report, &g.outlets_carrying[0]),
                    who,
                    snippet(&g.representative, 70)
                ));
            }
        }
        out.extend(only.into_iter().take(PER_KIND));
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
            out.push(format!(
                "{} of {} outlets carried {}quote “{}”.",
                g.outlets_carrying.len(),
                n_outlets,
                g.speaker
                    .as_deref()
                    .map(|s| format!("{s}'s "))
                    .unwrap_or_default(),
                snippet(&g.representative, 70)
            ));
        }
    }

    // Doubting and hostile attribution in the outlet's own voice.
    for row in report.profiles.iter().filter(|r| {
        r.lexicon == "attribution"
            && (r.category == "doubting" || r.category == "hostile")
            && r.voice == Voice::Own
            && r.matches > 0
    }) {
        let words: Vec<String> = {
            let mut w: Vec<String> = report
                .matches
                .iter()
                .filter(|m| {
                    m.outlet == row.outlet
                        && m.found.lexicon == "attribution"
                        && m.found.category == row.category
                        && m.found.voice == Voice::Own
                })
                .map(|m| format!("“{}”", m.found.text.to_lowercase()))
                .collect();
            w.sort();
            w.dedup();
            w
        };
        out.push(format!(
            "{} uses {} attribution verbs in its own voice: {}.",
            name_of(report, &row.outlet),
            row.category,
            words.join(", ")
        ));
    }

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
        if sim.outlets.len() > 2 {
            out.push(format!(
                "The closest wording is between {} and {} (TF-IDF cosine {:.2}); the most distant between {} and {} ({:.2}).",
                name_of(report, &sim.outlets[bi]),
                name_of(report, &sim.outlets[bj]),
                b,
                name_of(report, &sim.outlets[wi]),
                name_of(report, &sim.outlets[wj]),
                w
            ));
        }
    }

    // The most distinctive words of each outlet.
    for k in report.keyness {
        let terms: Vec<String> = k
            .over
            .iter()
            .take(3)
            .map(|r| format!("“{}”", r.term))
            .collect();
        if !terms.is_empty() {
            out.push(format!(
                "Words that set {} apart: {}.",
                name_of(report, &k.outlet),
                terms.join(", ")
            ));
        }
    }
    out
}
