//! Attribution verbs by speaker: how each outlet introduces each side.
//!
//! "Peskov said" and "the Kremlin claimed" report the same act; the verb is
//! the outlet's choice. For every outlet and speaker this counts the
//! attribution verbs of the speaker's quotes and their grade (neutral,
//! doubting, hostile, ...). Grades come from the caller (the lexicon owns
//! the graded verb list) through a lookup that is tried on the verb as
//! written (lowercased) and then on the stem of each of its tokens.
//!
//! Verbs not tied to a quote ("The Kremlin has claimed that …") are counted
//! apart per outlet: every graded word of the outlet's own voice that is
//! not already a quote's attribution verb.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{check_outlets, EventDocs};
use crate::text::AnalyzedDoc;
use crate::Result;

/// The grade given to verbs the lookup does not know.
pub const UNGRADED: &str = "ungraded";

/// Speaker name used for quotes whose speaker the text does not name.
pub const UNKNOWN_SPEAKER: &str = "(unknown)";

/// One verb and how often it was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerbCount {
    /// Lowercased verb as written ("said", "hit back").
    pub verb: String,
    pub grade: String,
    pub count: usize,
}

/// One outlet's attributions to one speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerAttribution {
    pub outlet: String,
    pub speaker: String,
    /// Quotes attributed to the speaker (with or without a verb).
    pub n_quotes: usize,
    /// Verbs by descending count, then alphabetically.
    pub verbs: Vec<VerbCount>,
    /// Count per grade, grades alphabetically.
    pub grades: BTreeMap<String, usize>,
}

/// One outlet's graded verbs outside quotes and not tied to a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnattachedVerbs {
    pub outlet: String,
    pub verbs: Vec<VerbCount>,
    pub grades: BTreeMap<String, usize>,
}

/// Result of [`attribution_by_speaker`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Attribution {
    /// Rows by outlet (input order), then speaker.
    pub by_speaker: Vec<SpeakerAttribution>,
    /// One row per outlet, input order.
    pub unattached: Vec<UnattachedVerbs>,
}

/// Counts per (verb, grade).
type VerbTally = BTreeMap<(String, String), usize>;

/// Grade a verb: first as written, then by the stems of its tokens.
fn grade_of(
    doc: &AnalyzedDoc,
    verb: &str,
    span: Option<(usize, usize)>,
    grade: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    if let Some(g) = grade(verb) {
        return Some(g);
    }
    let (s, e) = span?;
    // Tokens are in text order: find the span by binary search, not by a
    // scan of the document per quote (quadratic in a long outlet text).
    let first = doc.tokens.partition_point(|t| t.start < s);
    let stems: Vec<&str> = doc.tokens[first..]
        .iter()
        .take_while(|t| t.start < e)
        .filter(|t| t.end <= e)
        .map(|t| t.stem.as_str())
        .collect();
    grade(&stems.join(" "))
}

fn tally(verbs: VerbTally) -> (Vec<VerbCount>, BTreeMap<String, usize>) {
    let mut grades = BTreeMap::new();
    let mut out: Vec<VerbCount> = verbs
        .into_iter()
        .map(|((verb, grade), count)| {
            *grades.entry(grade.clone()).or_insert(0) += count;
            VerbCount { verb, grade, count }
        })
        .collect();
    out.sort_by(|x, y| y.count.cmp(&x.count).then(x.verb.cmp(&y.verb)));
    (out, grades)
}

/// Count attribution verbs per outlet and speaker, graded by `grade`
/// (keyed by lowercased verb or by stem; `None` = [`UNGRADED`]).
pub fn attribution_by_speaker(
    docs: &EventDocs<'_>,
    grade: &dyn Fn(&str) -> Option<String>,
) -> Result<Attribution> {
    check_outlets(docs)?;
    let mut result = Attribution::default();
    for (outlet, doc) in docs {
        // speaker -> (n_quotes, (verb, grade) -> count)
        let mut per: BTreeMap<String, (usize, VerbTally)> = BTreeMap::new();
        let mut verb_starts = HashSet::new();
        for quote in &doc.quotes {
            let (name, verb, span) = match &quote.speaker {
                Some(s) => (s.name.clone(), s.verb.as_deref(), s.verb_span),
                None => (UNKNOWN_SPEAKER.to_string(), None, None),
            };
            let entry = per.entry(name).or_default();
            entry.0 += 1;
            if let Some(v) = verb {
                if let Some((s, _)) = span {
                    // One attribution may serve several quotes; count the
                    // verb once per quote all the same: each is a choice.
                    verb_starts.insert(s);
                }
                let v = v.to_lowercase();
                let g = grade_of(doc, &v, span, grade).unwrap_or_else(|| UNGRADED.to_string());
                *entry.1.entry((v, g)).or_insert(0) += 1;
            }
        }
        for (speaker, (n_quotes, verbs)) in per {
            let (verbs, grades) = tally(verbs);
            result.by_speaker.push(SpeakerAttribution {
                outlet: outlet.to_string(),
                speaker,
                n_quotes,
                verbs,
                grades,
            });
        }
        let mut loose: VerbTally = BTreeMap::new();
        for t in &doc.tokens {
            if t.quote.is_some() || verb_starts.contains(&t.start) || !t.is_alpha {
                continue;
            }
            if let Some(g) = grade(&t.norm).or_else(|| grade(&t.stem)) {
                *loose.entry((t.norm.clone(), g)).or_insert(0) += 1;
            }
        }
        let (verbs, grades) = tally(loose);
        result.unattached.push(UnattachedVerbs {
            outlet: outlet.to_string(),
            verbs,
            grades,
        });
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::testdoc::doc;

    fn grade(v: &str) -> Option<String> {
        match v {
            "said" => Some("neutral".into()),
            "claimed" | "alleged" => Some("doubting".into()),
            "slam" => Some("hostile".into()),
            _ => None,
        }
    }

    #[test]
    fn counts_verbs_per_speaker_with_grades() {
        let a = doc("“It was very bad indeed”, Peskov said. “We will respond firmly now”, Peskov claimed. “Answer given directly here”, Psaki slams. The Kremlin alleged more.");
        let b = doc("“It was very bad indeed”, Peskov said.");
        let r = attribution_by_speaker(&[("a", &a), ("b", &b)], &grade).unwrap();
        let rows: Vec<(&str, &str, usize)> = r
            .by_speaker
            .iter()
            .map(|s| (s.outlet.as_str(), s.speaker.as_str(), s.n_quotes))
            .collect();
        assert_eq!(
            rows,
            [("a", "Peskov", 2), ("a", "Psaki", 1), ("b", "Peskov", 1)]
        );
        let peskov = &r.by_speaker[0];
        assert_eq!(peskov.grades.get("neutral"), Some(&1));
        assert_eq!(peskov.grades.get("doubting"), Some(&1));
        // "slams" is not in the lookup as written; its stem "slam" is.
        assert_eq!(r.by_speaker[1].verbs[0].grade, "hostile");
        // "alleged" outside any quote and tied to none.
        assert_eq!(r.unattached[0].verbs.len(), 1);
        assert_eq!(r.unattached[0].verbs[0].verb, "alleged");
        assert!(r.unattached[1].verbs.is_empty());
    }

    #[test]
    fn quotes_without_speaker_and_unknown_verbs() {
        let a = doc("“Something was said here today”. “More words here for you”, Lavrov mused.");
        let r = attribution_by_speaker(&[("a", &a)], &grade).unwrap();
        assert_eq!(r.by_speaker.len(), 2);
        let lavrov = r.by_speaker.iter().find(|s| s.speaker == "Lavrov").unwrap();
        assert_eq!(lavrov.verbs[0].grade, UNGRADED);
        let unknown = r
            .by_speaker
            .iter()
            .find(|s| s.speaker == UNKNOWN_SPEAKER)
            .unwrap();
        assert!(unknown.verbs.is_empty());
        assert_eq!(unknown.n_quotes, 1);
    }
}
