//! Lexicon rates per 1,000 tokens, by document or sentence and by outlet,
//! for own voice, quoted speech and both, with bootstrap intervals.
//!
//! The denominator of a rate is the number of tokens of the same voice: a
//! quoted "killer" in 40 quoted tokens is a rate of 25 in quoted speech and
//! does not dilute or inflate the outlet's own-voice rate.

use super::matcher::{Match, Matcher};
use crate::error::Allowed;
use crate::params::{checked_on_entry, Check, Checked, Valid};
use crate::stats::bootstrap::{rate_intervals_sparse, unit_seed};
use crate::text::{AnalyzedDoc, Voice};
use crate::{Error, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// What one row of scores describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Document,
    Sentence,
}

/// Scoring parameters, checked into [`Valid`] ones by [`Check::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreOptions {
    pub unit: Unit,
    /// Voices to report; each gives its own rows.
    pub voices: Vec<Voice>,
    /// Bootstrap resamples (0 turns intervals off).
    pub resamples: usize,
    pub seed: u64,
    /// Interval level, 0.95 by default.
    pub level: f64,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            unit: Unit::Document,
            voices: vec![Voice::Own, Voice::Quoted, Voice::All],
            resamples: 1000,
            seed: 42,
            level: 0.95,
        }
    }
}

/// The interval levels [`ScoreOptions::level`] allows: a level of 0 or 1
/// is an interval of nothing or of everything.
pub const LEVELS: Allowed = Allowed::Inside { min: 0.0, max: 1.0 };

impl Check for ScoreOptions {
    fn check_ref(&self) -> Result<()> {
        LEVELS.check("level", self.level)?;
        if self.voices.is_empty() {
            // Not a range: which voices to report is the caller's choice,
            // and none is a choice that leaves nothing to report.
            return Err(Error::param("voice", "no voice selected"));
        }
        Ok(())
    }
}

checked_on_entry!(ScoreOptions);

/// A document to score.
#[derive(Debug, Clone, Copy)]
pub struct ScoreInput<'a> {
    pub id: &'a str,
    pub outlet: &'a str,
    pub doc: &'a AnalyzedDoc,
}

/// One category's score for one unit and voice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    /// `document`, `sentence` or `outlet`.
    pub level: String,
    /// Document id (empty for outlet rows).
    pub doc: String,
    pub sentence: Option<usize>,
    pub outlet: String,
    pub lexicon: String,
    pub category: String,
    pub voice: Voice,
    pub matches: usize,
    /// Sum of the weights of the matches (grades for concept groups).
    pub weighted: f64,
    pub negated: usize,
    /// Tokens of this voice in the unit: the rate's denominator.
    pub tokens: usize,
    /// Matches per 1,000 tokens; `None` when the unit has no tokens of this voice.
    pub rate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

/// Everything `score` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub rows: Vec<ScoreRow>,
    /// Every match, for evidence.
    pub matches: Vec<Match>,
}

fn voice_index(v: Voice) -> usize {
    match v {
        Voice::Own => 0,
        Voice::Quoted => 1,
        Voice::All => 2,
    }
}

/// Per-sentence tallies of one document, for each voice (0 own, 1
/// quoted, 2 all).
struct Tally {
    voices: [VoiceTally; 3],
}

/// One voice's per-sentence tallies of a document, kept sparse: most
/// sentences match no category or one, and a dense sentence x category
/// table of every document of a chunk was most of `score`'s memory.
#[derive(Default)]
struct VoiceTally {
    /// Tokens of this voice in each sentence.
    tokens: Vec<u32>,
    /// Sentence `s`'s cells are `cells[starts[s]..starts[s + 1]]`.
    starts: Vec<usize>,
    /// The non-zero cells, by sentence, then category.
    cells: Vec<Cell>,
}

/// One category's matches in one sentence and voice.
#[derive(Clone, Copy)]
struct Cell {
    category: u32,
    count: u32,
    negated: u32,
    /// Sum of the matches' weights, added in match order.
    weighted: f64,
}

impl VoiceTally {
    fn sentences(&self) -> usize {
        self.tokens.len()
    }

    fn cells_of(&self, s: usize) -> &[Cell] {
        &self.cells[self.starts[s]..self.starts[s + 1]]
    }
}

fn tally(doc: &AnalyzedDoc, matches: &[Match]) -> Tally {
    let n_sent = doc
        .sentences
        .len()
        .max(doc.tokens.iter().map(|t| t.sentence + 1).max().unwrap_or(0));
    let mut voices: [VoiceTally; 3] = Default::default();
    for v in &mut voices {
        v.tokens = vec![0; n_sent];
    }
    for tok in &doc.tokens {
        let v = if tok.quote.is_some() { 1 } else { 0 };
        voices[v].tokens[tok.sentence] += 1;
        voices[2].tokens[tok.sentence] += 1;
    }
    // Matches by sentence and category; the sort is stable, so a cell's
    // weights are added in match order, as a dense table adds them.
    let mut order: Vec<usize> = (0..matches.len()).collect();
    order.sort_by_key(|&i| (matches[i].sentence, matches[i].category_id));
    for (v, t) in voices.iter_mut().enumerate() {
        t.starts.reserve(n_sent + 1);
        t.starts.push(0);
        let mut next = order
            .iter()
            .map(|&i| &matches[i])
            .filter(|m| v == 2 || voice_index(m.voice) == v)
            .peekable();
        for s in 0..n_sent {
            while let Some(m) = next.next_if(|m| m.sentence == s) {
                let category = m.category_id as u32;
                let in_sentence = t.cells.len() > t.starts[s];
                match t.cells.last_mut() {
                    Some(c) if in_sentence && c.category == category => {
                        c.count += 1;
                        c.negated += u32::from(m.negated);
                        c.weighted += m.weight;
                    }
                    _ => t.cells.push(Cell {
                        category,
                        count: 1,
                        negated: u32::from(m.negated),
                        weighted: m.weight,
                    }),
                }
            }
            t.starts.push(t.cells.len());
        }
    }
    Tally { voices }
}

struct RowCtx<'a> {
    level: &'a str,
    doc: &'a str,
    sentence: Option<usize>,
    outlet: &'a str,
}

/// Rows of one unit (a set of sentences) for every voice and category.
fn unit_rows(
    ctx: RowCtx<'_>,
    matcher: &Matcher,
    tallies: &[(&Tally, std::ops::Range<usize>)],
    opts: &Valid<ScoreOptions>,
    seed: u64,
) -> Vec<ScoreRow> {
    let n_cat = matcher.categories().len();
    let mut rows = Vec::new();
    for &voice in &opts.voices {
        let v = voice_index(voice);
        // Pool the selected sentences.
        let mut tokens = Vec::new();
        let mut starts = vec![0];
        let mut nonzero = Vec::new();
        let mut matches = vec![0usize; n_cat];
        let mut weighted = vec![0.0; n_cat];
        let mut negated = vec![0usize; n_cat];
        for (t, range) in tallies {
            let t = &t.voices[v];
            for s in range.clone() {
                tokens.push(t.tokens[s]);
                for c in t.cells_of(s) {
                    let k = c.category as usize;
                    nonzero.push((c.category, c.count));
                    matches[k] += c.count as usize;
                    weighted[k] += c.weighted;
                    negated[k] += c.negated as usize;
                }
                starts.push(nonzero.len());
            }
        }
        let total_tokens: usize = tokens.iter().map(|&x| x as usize).sum();
        let intervals = if ctx.sentence.is_none() {
            rate_intervals_sparse(
                &tokens,
                &starts,
                &nonzero,
                n_cat,
                opts.resamples,
                unit_seed(seed, v as u64),
                opts.level,
            )
        } else {
            vec![None; n_cat]
        };
        for (c, info) in matcher.categories().iter().enumerate() {
            let rate = (total_tokens > 0).then(|| 1000.0 * matches[c] as f64 / total_tokens as f64);
            rows.push(ScoreRow {
                level: ctx.level.to_string(),
                doc: ctx.doc.to_string(),
                sentence: ctx.sentence,
                outlet: ctx.outlet.to_string(),
                lexicon: info.lexicon.clone(),
                category: info.name.clone(),
                voice,
                matches: matches[c],
                weighted: weighted[c],
                negated: negated[c],
                tokens: total_tokens,
                rate,
                ci_low: intervals[c].map(|i| i.0),
                ci_high: intervals[c].map(|i| i.1),
            });
        }
    }
    rows
}

/// Score documents: rows per document (or sentence), then per outlet
/// (outlets in order of first appearance), and every match.
pub fn score(
    inputs: &[ScoreInput<'_>],
    matcher: &Matcher,
    opts: &impl Checked<ScoreOptions>,
) -> Result<Scores> {
    let mut stream = ScoreStream::new(matcher, opts)?;
    let mut scores = stream.add(inputs);
    scores.rows.extend(stream.finish());
    Ok(scores)
}

/// [`score`] over documents that come in chunks (a streamed corpus): the
/// rows and matches of each chunk are returned at once, so they can be
/// written and the documents dropped; the outlet rows come at the end.
/// Between chunks only each outlet's sentence tallies are kept (tokens and
/// the non-zero category counts of each sentence, for the outlet's
/// bootstrap), a few bytes a sentence, never the documents.
pub struct ScoreStream<'m> {
    matcher: &'m Matcher,
    opts: Valid<ScoreOptions>,
    /// Index of the next document in the stream.
    next: usize,
    /// Outlets in order of first appearance, with their pooled tallies.
    outlets: Vec<(String, OutletPool)>,
    index: std::collections::HashMap<String, usize>,
}

/// An outlet's sentences pooled over its documents, for each voice
/// scored: what [`unit_rows`] pools from the documents' tallies, kept
/// sparse ([`rate_intervals_sparse`]).
#[derive(Default)]
struct OutletPool {
    tokens: [Vec<u32>; 3],
    starts: [Vec<usize>; 3],
    nonzero: [Vec<(u32, u32)>; 3],
    matches: [Vec<usize>; 3],
    weighted: [Vec<f64>; 3],
    negated: [Vec<usize>; 3],
}

impl OutletPool {
    fn new(n_cat: usize) -> Self {
        let mut p = OutletPool::default();
        for v in 0..3 {
            p.starts[v].push(0);
            p.matches[v] = vec![0; n_cat];
            p.weighted[v] = vec![0.0; n_cat];
            p.negated[v] = vec![0; n_cat];
        }
        p
    }

    /// Add a document's sentences, in order (sums in the order
    /// [`unit_rows`] adds them, so the outlet rows are the same).
    fn add(&mut self, t: &Tally, voices: &[Voice]) {
        for v in 0..3 {
            if !voices.iter().any(|&x| voice_index(x) == v) {
                continue;
            }
            let t = &t.voices[v];
            for s in 0..t.sentences() {
                self.tokens[v].push(t.tokens[s]);
                for c in t.cells_of(s) {
                    let k = c.category as usize;
                    self.nonzero[v].push((c.category, c.count));
                    self.matches[v][k] += c.count as usize;
                    self.weighted[v][k] += c.weighted;
                    self.negated[v][k] += c.negated as usize;
                }
                self.starts[v].push(self.nonzero[v].len());
            }
        }
    }
}

impl<'m> ScoreStream<'m> {
    pub fn new(matcher: &'m Matcher, opts: &impl Checked<ScoreOptions>) -> Result<Self> {
        Ok(ScoreStream {
            matcher,
            opts: opts.checked()?.into_owned(),
            next: 0,
            outlets: Vec::new(),
            index: std::collections::HashMap::new(),
        })
    }

    /// Score the next documents of the stream: their rows, and their
    /// matches with [`Match::doc`] counted from the stream's first document.
    pub fn add(&mut self, inputs: &[ScoreInput<'_>]) -> Scores {
        self.add_rows(inputs, true)
    }

    /// [`Self::add`] without the documents' own rows, only their matches:
    /// for a caller that keeps the outlet rows alone (an event's profiles,
    /// whose documents are the outlets' joined texts), so that each
    /// outlet's bootstrap runs once, in [`Self::finish`], not also as a
    /// document row that would be thrown away.
    pub fn add_pooled(&mut self, inputs: &[ScoreInput<'_>]) -> Vec<Match> {
        self.add_rows(inputs, false).matches
    }

    fn add_rows(&mut self, inputs: &[ScoreInput<'_>], with_rows: bool) -> Scores {
        let opts = &self.opts;
        let matcher = self.matcher;
        let n_cat = matcher.categories().len();
        let first = self.next;
        self.next += inputs.len();
        let per_doc: Vec<(Vec<Match>, Tally)> = inputs
            .par_iter()
            .enumerate()
            .map(|(i, inp)| {
                let m = matcher.find(first + i, inp.doc);
                let t = tally(inp.doc, &m);
                (m, t)
            })
            .collect();
        let rows: Vec<ScoreRow> = inputs[..if with_rows { inputs.len() } else { 0 }]
            .par_iter()
            .zip(&per_doc)
            .enumerate()
            .flat_map_iter(|(i, (inp, (_, t)))| {
                let n_sent = t.voices[2].sentences();
                match opts.unit {
                    Unit::Document => unit_rows(
                        RowCtx {
                            level: "document",
                            doc: inp.id,
                            sentence: None,
                            outlet: inp.outlet,
                        },
                        matcher,
                        &[(t, 0..n_sent)],
                        opts,
                        unit_seed(opts.seed, (first + i) as u64),
                    ),
                    Unit::Sentence => (0..n_sent)
                        .flat_map(|s| {
                            unit_rows(
                                RowCtx {
                                    level: "sentence",
                                    doc: inp.id,
                                    sentence: Some(s),
                                    outlet: inp.outlet,
                                },
                                matcher,
                                &[(t, s..s + 1)],
                                opts,
                                0,
                            )
                        })
                        .collect(),
                }
            })
            .collect();
        for (inp, (_, t)) in inputs.iter().zip(&per_doc) {
            let k = match self.index.get(inp.outlet) {
                Some(&k) => k,
                None => {
                    self.index
                        .insert(inp.outlet.to_string(), self.outlets.len());
                    self.outlets
                        .push((inp.outlet.to_string(), OutletPool::new(n_cat)));
                    self.outlets.len() - 1
                }
            };
            self.outlets[k].1.add(t, &self.opts.voices);
        }
        let matches = per_doc.into_iter().flat_map(|(m, _)| m).collect();
        Scores { rows, matches }
    }

    /// The outlet rows, outlets in order of first appearance.
    pub fn finish(self) -> Vec<ScoreRow> {
        let opts = &self.opts;
        let matcher = self.matcher;
        self.outlets
            .par_iter()
            .enumerate()
            .flat_map_iter(|(k, (outlet, pool))| {
                outlet_rows(
                    outlet,
                    pool,
                    matcher,
                    opts,
                    unit_seed(opts.seed ^ 0x6f75_746c_6574, k as u64),
                )
            })
            .collect()
    }
}

/// The rows of one outlet's pooled sentences: [`unit_rows`] over all of
/// them, from the sparse pool.
fn outlet_rows(
    outlet: &str,
    pool: &OutletPool,
    matcher: &Matcher,
    opts: &Valid<ScoreOptions>,
    seed: u64,
) -> Vec<ScoreRow> {
    let n_cat = matcher.categories().len();
    let mut rows = Vec::new();
    for &voice in &opts.voices {
        let v = voice_index(voice);
        let tokens = &pool.tokens[v];
        let total_tokens: usize = tokens.iter().map(|&x| x as usize).sum();
        let intervals = rate_intervals_sparse(
            tokens,
            &pool.starts[v],
            &pool.nonzero[v],
            n_cat,
            opts.resamples,
            unit_seed(seed, v as u64),
            opts.level,
        );
        for (c, info) in matcher.categories().iter().enumerate() {
            let matches = pool.matches[v][c];
            let rate = (total_tokens > 0).then(|| 1000.0 * matches as f64 / total_tokens as f64);
            rows.push(ScoreRow {
                level: "outlet".to_string(),
                doc: String::new(),
                sentence: None,
                outlet: outlet.to_string(),
                lexicon: info.lexicon.clone(),
                category: info.name.clone(),
                voice,
                matches,
                weighted: pool.weighted[v][c],
                negated: pool.negated[v][c],
                tokens: total_tokens,
                rate,
                ci_low: intervals[c].map(|i| i.0),
                ci_high: intervals[c].map(|i| i.1),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::matcher::tests::doc;
    use crate::lexicon::toml_format::parse_toml;
    use std::path::Path;

    #[test]
    fn rates_split_by_voice_and_outlet() {
        let lex = parse_toml(
            "name = \"t\"\n[[categories]]\nname = \"labels\"\nprovenance = \"x\"\nentries = [\"killer\"]\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let m = Matcher::new(&[lex]);
        let a = doc("Biden called Putin a \"killer\" on TV. Putin is no killer. Fine.");
        let b = doc("Nothing here at all.");
        let inputs = [
            ScoreInput {
                id: "a",
                outlet: "x",
                doc: &a,
            },
            ScoreInput {
                id: "b",
                outlet: "x",
                doc: &b,
            },
        ];
        let s = score(&inputs, &m, &ScoreOptions::default()).unwrap();
        let get = |level: &str, doc: &str, v: Voice| {
            s.rows
                .iter()
                .find(|r| r.level == level && r.doc == doc && r.voice == v)
                .unwrap()
                .clone()
        };
        let own = get("document", "a", Voice::Own);
        // 12 tokens, one of them quoted.
        assert_eq!((own.matches, own.tokens, own.negated), (1, 11, 1));
        assert!((own.rate.unwrap() - 1000.0 / 11.0).abs() < 1e-9);
        let q = get("document", "a", Voice::Quoted);
        assert_eq!((q.matches, q.tokens, q.rate), (1, 1, Some(1000.0)));
        let all = get("document", "a", Voice::All);
        assert_eq!((all.matches, all.tokens), (2, 12));
        let (lo, hi) = (all.ci_low.unwrap(), all.ci_high.unwrap());
        assert!(lo <= all.rate.unwrap() && all.rate.unwrap() <= hi);
        let outlet = get("outlet", "", Voice::All);
        assert_eq!((outlet.matches, outlet.tokens), (2, 16));
        assert_eq!(get("document", "b", Voice::Quoted).rate, None);
        assert_eq!(s.matches.len(), 2);
        // Seeded: the same input gives the same intervals.
        let again = score(&inputs, &m, &ScoreOptions::default()).unwrap();
        assert_eq!(again.rows, s.rows);
    }
}
