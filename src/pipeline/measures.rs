//! Measures over a whole prepared corpus that every front end (the
//! command line, the Python package) asks for the same way, with the same
//! checks and messages: keyness of one outlet against others.

use super::prepare::Prepared;
use crate::params::Checked;
use crate::stats::hash::FxHashMap;
use crate::stats::{count_docs, keyness, KeynessParams, KeynessRow, Sides, TokenSource};
use crate::text::Voice;
use crate::{Error, Result};
use std::collections::BTreeSet;

/// Keyness of the `target` outlet's words against the `reference` outlets
/// (every other outlet when empty), counted over `voice`. `input` names the
/// corpus in messages. An unknown outlet, or no outlet left to compare
/// with, is an error that lists the outlets there are.
pub fn outlet_keyness(
    docs: &[Prepared],
    input: &str,
    sides: Sides<'_>,
    params: &impl Checked<KeynessParams>,
    voice: Voice,
) -> Result<Vec<KeynessRow>> {
    let mut counter = KeynessCounter::new(sides, voice);
    counter.add(docs);
    counter.finish(input, params)
}

/// [`outlet_keyness`] over documents that come in chunks (a streamed
/// input): each chunk's words are counted at once and the documents can
/// go. Memory holds the vocabulary, in order of first appearance as
/// [`count_docs`] numbers it, and the two sides' counts, whatever the
/// corpus size.
pub struct KeynessCounter<'a> {
    sides: Sides<'a>,
    voice: Voice,
    ids: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    target: Vec<u64>,
    reference: Vec<u64>,
    outlets: BTreeSet<String>,
}

impl<'a> KeynessCounter<'a> {
    pub fn new(sides: Sides<'a>, voice: Voice) -> Self {
        KeynessCounter {
            sides,
            voice,
            ids: FxHashMap::default(),
            terms: Vec::new(),
            target: Vec::new(),
            reference: Vec::new(),
            outlets: BTreeSet::new(),
        }
    }

    /// Count the next documents of the input (in input order).
    pub fn add(&mut self, docs: &[Prepared]) {
        let counts = count_docs(
            &PreparedTokens {
                docs,
                voice: self.voice,
            },
            (1, 1),
        );
        // The chunk's ids in the running vocabulary; new terms get the
        // next ids, so ids follow first appearance over the whole input.
        let remap: Vec<u32> = counts
            .terms
            .into_iter()
            .map(|t| match self.ids.get(&t) {
                Some(&id) => id,
                None => {
                    let id = self.terms.len() as u32;
                    self.terms.push(t.clone());
                    self.ids.insert(t, id);
                    id
                }
            })
            .collect();
        self.target.resize(self.terms.len(), 0);
        self.reference.resize(self.terms.len(), 0);
        for (d, p) in docs.iter().enumerate() {
            if !self.outlets.contains(&p.doc.outlet) {
                self.outlets.insert(p.doc.outlet.clone());
            }
            let Some(is_target) = self.sides.side(&p.doc.outlet) else {
                continue;
            };
            let acc = if is_target {
                &mut self.target
            } else {
                &mut self.reference
            };
            let a = counts.indptr[d];
            let b = counts.indptr[d + 1];
            for (&i, &c) in counts.ids[a..b].iter().zip(&counts.counts[a..b]) {
                acc[remap[i as usize] as usize] += u64::from(c);
            }
        }
    }

    /// The keyness rows, after the checks on the outlets given.
    pub fn finish(
        self,
        input: &str,
        params: &impl Checked<KeynessParams>,
    ) -> Result<Vec<KeynessRow>> {
        let sides = self.sides;
        let outlets = &self.outlets;
        let listed = || {
            outlets
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !outlets.contains(sides.target) {
            return Err(Error::input(
                input,
                format!(
                    "unknown target outlet {:?} (outlets: {})",
                    sides.target,
                    listed()
                ),
            ));
        }
        if let Some(r) = sides.reference.iter().find(|r| !outlets.contains(*r)) {
            return Err(Error::input(
                input,
                format!("unknown reference outlet {r:?} (outlets: {})", listed()),
            ));
        }
        let only_target =
            !sides.reference.is_empty() && sides.reference.iter().all(|r| r == sides.target);
        if outlets.len() < 2 || only_target {
            return Err(Error::input(
                input,
                format!(
                    "keyness needs a reference: the input has no outlet other than {:?}",
                    sides.target
                ),
            ));
        }
        keyness(&self.terms, &self.target, &self.reference, params)
    }
}

/// The normalised tokens of prepared documents in one voice (as
/// [`crate::stats::AnalyzedDocs`], without copying the analyses out).
struct PreparedTokens<'a> {
    docs: &'a [Prepared],
    voice: Voice,
}

impl TokenSource for PreparedTokens<'_> {
    fn n_docs(&self) -> usize {
        self.docs.len()
    }

    fn tokens<'s>(&'s self, i: usize, _buf: &'s mut String, out: &mut Vec<&'s str>) {
        if let Some(p) = self.docs.get(i) {
            out.extend(p.analyzed.tokens_in(self.voice).map(|t| t.norm.as_str()));
        }
    }
}

/// One row of a frequency table (quanteda's `textstat_frequency`): a term
/// in a group, how often it occurs there, its rank in the group, and in how
/// many of the group's documents.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FreqRow {
    pub group: String,
    pub term: String,
    pub frequency: u64,
    /// 1 for the most frequent term of the group; ties share the lowest rank.
    pub rank: usize,
    pub docfreq: u64,
    /// Occurrences per 1,000 tokens of the group (in the voice counted).
    pub rate: f64,
}

/// The value of `field` for a document: `outlet`, `event`, `language`,
/// or a label (a scalar as written; absent as `None`).
pub fn field_value(doc: &crate::corpus::Document, field: &str) -> Option<String> {
    match field {
        "outlet" => Some(doc.outlet.clone()),
        "event" | "event_id" => Some(doc.event.clone()),
        "language" => doc.language.clone(),
        "date" => doc.date.clone(),
        _ => match doc.labels.get(field)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => None,
            other => Some(other.to_string()),
        },
    }
}

/// Term frequencies per group of documents, the groups being the values
/// of `by` (see [`field_value`]). `content_only` leaves out stop words and
/// tokens without a letter. Rows: groups in order, each group's terms by
/// frequency (then alphabetically), at most `top` per group.
pub fn term_frequencies(
    docs: &[Prepared],
    input: &str,
    by: &str,
    voice: Voice,
    content_only: bool,
    top: Option<usize>,
) -> Result<Vec<FreqRow>> {
    use std::collections::{BTreeMap, HashMap};
    // Per group: (frequency, docfreq) of each term, and the group's tokens.
    type Tally<'a> = (HashMap<&'a str, (u64, u64)>, u64);
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let mut seen_any = false;
    for p in docs {
        let Some(group) = field_value(&p.doc, by) else {
            continue;
        };
        seen_any = true;
        let (terms, tokens) = groups.entry(group).or_default();
        let mut in_doc: HashMap<&str, u64> = HashMap::new();
        for t in p.analyzed.tokens_in(voice) {
            *tokens += 1;
            if content_only && (t.is_stop || !t.is_alpha) {
                continue;
            }
            *in_doc.entry(t.norm.as_str()).or_default() += 1;
        }
        for (term, n) in in_doc {
            let e = terms.entry(term).or_default();
            e.0 += n;
            e.1 += 1;
        }
    }
    if !seen_any {
        let mut fields: BTreeSet<&str> = ["outlet", "event", "language", "date"].into();
        for p in docs {
            fields.extend(p.doc.labels.keys().map(String::as_str));
        }
        return Err(Error::input(
            input,
            format!(
                "no document has a field {by:?} (fields: {})",
                fields.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let mut rows = Vec::new();
    for (group, (terms, tokens)) in groups {
        let mut terms: Vec<(&str, (u64, u64))> = terms.into_iter().collect();
        terms.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let mut rank = 0;
        let mut last = None;
        for (i, (term, (frequency, docfreq))) in terms.into_iter().enumerate() {
            if top.is_some_and(|n| i >= n) {
                break;
            }
            if last != Some(frequency) {
                rank = i + 1;
                last = Some(frequency);
            }
            rows.push(FreqRow {
                group: group.clone(),
                term: term.to_string(),
                frequency,
                rank,
                docfreq,
                rate: if tokens == 0 {
                    0.0
                } else {
                    frequency as f64 * 1000.0 / tokens as f64
                },
            });
        }
    }
    Ok(rows)
}
