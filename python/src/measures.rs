//! Keyness and lexicon scores of a corpus, computed as the `keyness` and
//! `score` commands compute them; the rows return as JSON of the
//! library's row types.

use crate::corpus::Corpus;
use crate::errors::{json, message, to_py};
use framelens::lexicon::kwic::KwicDoc;
use framelens::lexicon::score::{score as lexicon_score, ScoreInput, ScoreOptions, Unit};
use framelens::lexicon::vader::{VaderLexicon, VaderScorer};
use framelens::lexicon::vader_doc::vader_rows;
use framelens::lexicon::{builtins, LexiconSpec, Matcher};
use framelens::pipeline::{
    outlet_keyness, prepare, term_frequencies, NoProgress, PrepareOptions, Prepared,
};
use framelens::stats::{background_counts, Correction, KeynessParams, Measure, Prior, Sides};
use framelens::text::Voice;
use pyo3::prelude::*;
use rayon::prelude::*;

/// Clean (unless `no_clean`) and analyse every document in its language.
fn prepared(corpus: &Corpus, no_clean: bool) -> Vec<Prepared> {
    prepare(corpus.docs(), PrepareOptions { no_clean }, &NoProgress)
}

/// Keyness of `target` against `reference` (every other outlet when
/// empty); `prior` is a background corpus for `logodds`.
#[pyfunction]
#[pyo3(signature = (corpus, target, reference, measure, correction, prior, alpha0, voice, no_clean))]
#[allow(clippy::too_many_arguments)]
pub fn keyness(
    py: Python<'_>,
    corpus: &Corpus,
    target: &str,
    reference: Vec<String>,
    measure: &str,
    correction: &str,
    prior: Option<&Corpus>,
    alpha0: Option<f64>,
    voice: &str,
    no_clean: bool,
) -> PyResult<String> {
    let measure: Measure = measure.parse().map_err(to_py)?;
    let correction: Correction = correction.parse().map_err(to_py)?;
    let voice: Voice = voice.parse().map_err(to_py)?;
    let rows = py
        .allow_threads(|| {
            let prior = match prior {
                None => Prior::Pooled,
                Some(bg) => {
                    let docs = prepared(bg, no_clean);
                    Prior::Background(background_counts(docs.iter().map(|p| &p.analyzed), voice))
                }
            };
            let params = KeynessParams {
                measure,
                correction,
                prior,
                alpha0,
            };
            let docs = prepared(corpus, no_clean);
            let sides = Sides {
                target,
                reference: &reference,
            };
            outlet_keyness(&docs, "corpus", sides, &params, voice)
        })
        .map_err(to_py)?;
    json(&rows)
}

/// Lexicon rates per document (or sentence) and outlet with bootstrap
/// intervals, and every match; or VADER scores when `lexicons` names
/// VADER. Returns `(rows_json, matches_json)`; `matches_json` is `None`
/// for VADER.
#[pyfunction]
#[pyo3(signature = (corpus, lexicons, unit, voice, resamples, seed, no_clean))]
#[allow(clippy::too_many_arguments)] // the Python keyword arguments, one each
pub fn score(
    py: Python<'_>,
    corpus: &Corpus,
    lexicons: Vec<String>,
    unit: &str,
    voice: Option<&str>,
    resamples: usize,
    seed: u64,
    no_clean: bool,
) -> PyResult<(String, Option<String>)> {
    let unit: Unit = unit.parse().map_err(to_py)?;
    let voices = match voice {
        None => vec![Voice::Own, Voice::Quoted, Voice::All],
        Some(v) => vec![v.parse::<Voice>().map_err(to_py)?],
    };
    let specs: Vec<LexiconSpec> = if lexicons.is_empty() {
        builtins()
            .iter()
            .map(|l| LexiconSpec::Builtin(l.name.clone()))
            .collect()
    } else {
        lexicons
            .iter()
            .map(|s| s.parse())
            .collect::<Result<_, _>>()
            .map_err(to_py)?
    };
    let mut vader = None;
    let mut loaded = Vec::new();
    for spec in &specs {
        match spec {
            LexiconSpec::File(framelens::lexicon::Format::Vader, path) => {
                vader = Some(VaderScorer::from_path(path).map_err(to_py)?)
            }
            LexiconSpec::Vader => vader = Some(VaderScorer::new(VaderLexicon::builtin())),
            other => loaded.push(other.load().map_err(to_py)?),
        }
    }
    if vader.is_some() && !loaded.is_empty() {
        return Err(message(
            "the VADER lexicon gives VADER scores; score other lexicons in a separate call",
        ));
    }
    py.allow_threads(|| {
        let docs = prepared(corpus, no_clean);
        if let Some(scorer) = &vader {
            let rows: Vec<_> = docs
                .par_iter()
                .flat_map_iter(|p| vader_rows(scorer, &p.doc.id, &p.doc.outlet, &p.analyzed, unit))
                .collect();
            return Ok((json(&rows)?, None));
        }
        let matcher = Matcher::new(&loaded);
        let inputs: Vec<ScoreInput> = docs
            .iter()
            .map(|p| ScoreInput {
                id: &p.doc.id,
                outlet: &p.doc.outlet,
                doc: &p.analyzed,
            })
            .collect();
        let opts = ScoreOptions {
            unit,
            voices,
            resamples,
            seed,
            level: 0.95,
        };
        let scores = lexicon_score(&inputs, &matcher, &opts).map_err(to_py)?;
        let matches: Vec<serde_json::Value> = scores
            .matches
            .iter()
            .filter(|m| {
                opts.voices
                    .iter()
                    .any(|v| v.includes(m.voice == Voice::Quoted))
            })
            .map(|m| {
                serde_json::json!({
                    "doc": docs[m.doc].doc.id,
                    "outlet": docs[m.doc].doc.outlet,
                    "sentence": m.sentence,
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "lexicon": m.lexicon,
                    "category": m.category,
                    "weight": m.weight,
                    "negated": m.negated,
                    "intensifier": m.intensifier,
                    "voice": m.voice,
                    "quote_kind": m.quote_kind,
                    "speaker": m.speaker,
                })
            })
            .collect();
        Ok((json(&scores.rows)?, Some(json(&matches)?)))
    })
}

/// Keyword in context, as `framelens kwic`.
#[pyfunction]
#[pyo3(signature = (corpus, terms, window, voice, no_clean))]
pub fn kwic(
    py: Python<'_>,
    corpus: &Corpus,
    terms: Vec<String>,
    window: usize,
    voice: &str,
    no_clean: bool,
) -> PyResult<String> {
    let voice: Voice = voice.parse().map_err(to_py)?;
    let rows = py
        .allow_threads(|| {
            let docs = prepared(corpus, no_clean);
            let searched: Vec<KwicDoc> = docs
                .iter()
                .map(|p| KwicDoc {
                    id: &p.doc.id,
                    outlet: &p.doc.outlet,
                    event: &p.doc.event,
                    doc: &p.analyzed,
                })
                .collect();
            framelens::lexicon::kwic::kwic(&searched, &terms, window, voice)
        })
        .map_err(to_py)?;
    json(&rows)
}

/// Term frequencies by group, as `framelens freq`.
#[pyfunction]
#[pyo3(signature = (corpus, by, voice, content, top, no_clean))]
pub fn freq(
    py: Python<'_>,
    corpus: &Corpus,
    by: &str,
    voice: &str,
    content: bool,
    top: Option<usize>,
    no_clean: bool,
) -> PyResult<String> {
    let voice: Voice = voice.parse().map_err(to_py)?;
    let rows = py
        .allow_threads(|| {
            let docs = prepared(corpus, no_clean);
            term_frequencies(&docs, "corpus", by, voice, content, top)
        })
        .map_err(to_py)?;
    json(&rows)
}
