//! One event's report: every comparison of the outlets' versions put
//! together, with plain-language findings first.
//!
//! This module only assembles; each measure lives in its own module
//! (`align`, `substitutions`, `quotes`, `attribution`, `crate::lexicon`,
//! `crate::stats`).

use super::align::{align_sentences, AlignParams, Alignment};
use super::attribution::{attribution_by_speaker, Attribution};
use super::closeness::{outlet_map, similarity_matrices, OutletMap, SimilarityMatrices};
use super::findings::{event_findings, FindingInputs};
use super::quotes::{quote_coverage_within, QuoteCoverage, QuoteParams};
use super::substitutions::{find_substitutions, SubstitutionParams, Substitutions};
use crate::error::Allowed;
use crate::lexicon::matcher::Matcher;
use crate::lexicon::model::Lexicon;
use crate::lexicon::score::{ScoreInput, ScoreOptions, ScoreRow, ScoreStream, Unit};
use crate::params::{checked_on_entry, Check, Checked, Valid};
use crate::stats::keyness::{KeynessParams, Measure, OneVsRest};
use crate::text::{AnalyzedDoc, Analyzer, Prepared, QuoteKind, Voice};
use crate::Result;
use serde::{Deserialize, Serialize};

// The report's row types live with the findings' inputs in `event_rows`, so
// `findings` does not import this module; re-exported for the old paths.
pub use super::event_rows::{ConceptChoice, ConceptRow, EvidenceMatch, OutletInfo, OutletKeyness};
use std::collections::{BTreeMap, HashMap};

/// Options of an event comparison.
#[derive(Debug, Clone)]
pub struct EventOptions {
    /// Keyness terms kept per outlet and direction.
    pub top: usize,
    /// Bootstrap resamples for lexicon intervals.
    pub resamples: usize,
    pub seed: u64,
    pub align: AlignParams,
    pub substitutions: SubstitutionParams,
    pub quotes: QuoteParams,
    /// The bound on event size for the parts whose cost grows with the
    /// square of the event (`--event-limit`, in documents): sentence
    /// alignment, substitutions and quote grouping run on at most this
    /// many documents, and similarity and the outlet map on at most this
    /// many outlets. See [`bounded_subset`].
    pub event_limit: usize,
}

/// Default of [`EventOptions::event_limit`] (`--event-limit`): large
/// enough for any real news event (the seeds have 5 documents, BASIL
/// events 3), small enough that the quadratic parts of one event stay
/// within seconds and a few hundred MB.
pub const DEFAULT_EVENT_LIMIT: usize = 200;

/// Default of [`EventOptions::top`] and of the corpus summary's `top`
/// (`--top`): one value for the command line and the library, so a
/// library caller gets the reports the command line writes.
pub const DEFAULT_TOP: usize = 10;

impl Default for EventOptions {
    fn default() -> Self {
        EventOptions {
            top: DEFAULT_TOP,
            resamples: 1000,
            seed: 42,
            align: AlignParams::default(),
            substitutions: SubstitutionParams::default(),
            quotes: QuoteParams::default(),
            event_limit: DEFAULT_EVENT_LIMIT,
        }
    }
}

/// Least [`EventOptions::top`].
pub const MIN_TOP: usize = 1;

/// The smallest bound on event size in force: a bound of 0 or 1 would
/// leave nothing to compare, so it is taken as 2 (not refused, so that
/// `--event-limit 0` keeps meaning "as small as possible").
pub const MIN_EVENT_LIMIT: usize = 2;

impl Check for EventOptions {
    /// Every part's limits: the options of alignment, substitutions and
    /// quote grouping are checked here once, for every event.
    fn check_ref(&self) -> Result<()> {
        Allowed::at_least(MIN_TOP).check_count("top", self.top)?;
        self.align.check_ref()?;
        self.substitutions.check_ref()?;
        self.quotes.check_ref()
    }
}

checked_on_entry!(EventOptions);

impl Valid<EventOptions> {
    /// The alignment parameters, checked with the rest.
    pub fn align(&self) -> Valid<AlignParams> {
        Valid::assume(self.align.clone())
    }

    /// The substitution parameters, checked with the rest.
    pub fn substitutions(&self) -> Valid<SubstitutionParams> {
        Valid::assume(self.substitutions.clone())
    }

    /// The quote grouping parameters, checked with the rest.
    pub fn quotes(&self) -> Valid<QuoteParams> {
        Valid::assume(self.quotes.clone())
    }

    /// The bound on event size in force (at least [`MIN_EVENT_LIMIT`]).
    pub fn event_limit(&self) -> usize {
        self.event_limit.max(MIN_EVENT_LIMIT)
    }
}

/// What was bounded in an event larger than [`EventOptions::event_limit`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventBound {
    /// The bound in force (`--event-limit`).
    pub event_limit: usize,
    /// Documents and outlets of the whole event.
    pub documents: usize,
    pub outlets: usize,
    /// Documents (ids, in the order taken) that sentence alignment,
    /// substitutions and quote grouping were computed on.
    pub aligned_documents: Vec<String>,
    /// Outlets that similarity and the map were computed on (all of them
    /// unless the event has more outlets than the bound).
    pub similarity_outlets: usize,
    /// The note shown in the report.
    pub note: String,
}

/// What the bounds on document size left out of sentence alignment and
/// substitutions (`--sentence-limit`, `--sentence-tokens`): set only when
/// some outlet's text is longer than they allow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentBound {
    /// Most sentences of each outlet aligned ([`AlignParams::max_sentences`]).
    pub sentence_limit: usize,
    /// Longest sentence, in tokens, compared word by word
    /// ([`AlignParams::max_tokens`]).
    pub token_limit: usize,
    /// Outlets with more sentences than `sentence_limit`.
    pub cut_outlets: Vec<CutOutlet>,
    /// Sentences, among those aligned, longer than `token_limit`.
    pub long_sentences: usize,
    /// The note shown in the report.
    pub note: String,
}

/// An outlet whose text has more sentences than alignment takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CutOutlet {
    pub outlet: String,
    pub sentences: usize,
}

/// The [`DocumentBound`] of the texts alignment runs on, or `None` when
/// every sentence is within both bounds. Linear in the sentences.
pub fn document_bound(
    docs: &[(&str, &AnalyzedDoc)],
    align: &AlignParams,
    substitutions: &SubstitutionParams,
) -> Option<DocumentBound> {
    let cut_outlets: Vec<CutOutlet> = docs
        .iter()
        .filter(|(_, d)| d.sentences.len() > align.max_sentences)
        .map(|(o, d)| CutOutlet {
            outlet: o.to_string(),
            sentences: d.sentences.len(),
        })
        .collect();
    let token_limit = align.max_tokens.min(substitutions.max_tokens);
    let long_sentences = docs
        .iter()
        .flat_map(|(_, d)| d.sentences.iter().take(align.max_sentences))
        .filter(|s| s.token_end.saturating_sub(s.token_start) > token_limit)
        .count();
    if cut_outlets.is_empty() && long_sentences == 0 {
        return None;
    }
    let sentence_limit = align.max_sentences;
    let mut parts = Vec::new();
    if !cut_outlets.is_empty() {
        let list: Vec<String> = cut_outlets
            .iter()
            .map(|c| format!("{} ({} sentences)", c.outlet, c.sentences))
            .collect();
        parts.push(format!(
            "sentence alignment, substitutions and quote grouping took the first {sentence_limit} sentences of each outlet (--sentence-limit), and {} outlet(s) have more: {}",
            cut_outlets.len(),
            list.join(", ")
        ));
    }
    if long_sentences > 0 {
        parts.push(format!(
            "{long_sentences} sentence(s) longer than {token_limit} tokens (--sentence-tokens) were aligned by their shared words only, without the verbatim-run bonus, and not searched for substitutions"
        ));
    }
    let note = format!(
        "Some texts are longer than the document bounds: {}. Raise the bounds to compute them in full (their cost grows with the square of the sentences and of sentence length).",
        parts.join("; ")
    );
    Some(DocumentBound {
        sentence_limit,
        token_limit,
        cut_outlets,
        long_sentences,
        note,
    })
}

/// The full report of one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventReport {
    pub schema_version: String,
    pub event: String,
    pub outlets: Vec<OutletInfo>,
    /// Short plain-language findings, most telling first: the `text` of
    /// each of `findings_detail`, in the same order.
    pub findings: Vec<String>,
    /// The findings with what each says, its evidence and the keys of the
    /// table rows it rests on (see [`super::findings`]).
    #[serde(default)]
    pub findings_detail: Vec<super::findings::Finding>,
    /// Lexicon rates per outlet, own voice, quoted speech and both, with
    /// bootstrap intervals over sentences.
    pub profiles: Vec<ScoreRow>,
    pub keyness: Vec<OutletKeyness>,
    pub similarity: SimilarityMatrices,
    pub map: OutletMap,
    pub alignment: Alignment,
    pub substitutions: Substitutions,
    pub concepts: Vec<ConceptRow>,
    pub quotes: QuoteCoverage,
    pub attribution: Attribution,
    /// The speakers of the event and every form each outlet used for them.
    #[serde(default)]
    pub entities: super::entities::EntityTable,
    /// The words each outlet uses to name or describe the event's main
    /// people and organisations.
    #[serde(default)]
    pub actor_labels: super::actor_labels::ActorLabels,
    /// Every lexicon match, as evidence.
    pub matches: Vec<EvidenceMatch>,
    /// Set when the event is larger than `--event-limit`: which parts were
    /// computed on a bounded subset. Absent for an ordinary event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bounded: Option<EventBound>,
    /// Set when some outlet's text is longer than `--sentence-limit` or
    /// holds sentences longer than `--sentence-tokens`: what alignment and
    /// substitutions left out. Absent for ordinary texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_bound: Option<DocumentBound>,
    /// Set when the event's documents are in more than one language: each
    /// is analysed in its own, and the note says which measures do not
    /// compare outlets across languages. Absent for a one-language event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<LanguageMix>,
    /// What the run's filter (`--where`, `--since`/`--until`, `--events`)
    /// kept of the input, over all events; absent without a filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<crate::corpus::FilterReport>,
    /// The event's sentences, bounded, for the explorer page: the text is
    /// the cleaned input (`framelens clean`), so report.json leaves it out.
    #[serde(skip)]
    pub texts: super::event_texts::EventTexts,
}

/// The languages of a mixed-language event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageMix {
    /// Outlet ids by language (the language a document is analysed in:
    /// English for one without a `language`).
    pub outlets: BTreeMap<String, Vec<String>>,
    /// What does and does not compare across the languages.
    pub note: String,
}

/// The languages of an event's documents, when there are two or more.
pub fn language_mix(docs: &[&Prepared]) -> Option<LanguageMix> {
    let mut outlets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in docs {
        let lang = crate::text::shared_analyzer(p.doc.language.as_deref())
            .language()
            .to_lowercase();
        let list = outlets.entry(lang).or_default();
        if !list.contains(&p.doc.outlet) {
            list.push(p.doc.outlet.clone());
        }
    }
    if outlets.len() < 2 {
        return None;
    }
    for list in outlets.values_mut() {
        list.sort();
    }
    let by_lang: Vec<String> = outlets
        .iter()
        .map(|(l, o)| format!("{l}: {}", o.join(", ")))
        .collect();
    let note = format!(
        "The documents of this event are in {} languages ({}). Each is analysed in its own language (stemmer, stop words, sentence rules), but lexicon profiles, word choice and attribution use English word lists, and similarity, keyness, sentence alignment and substitutions compare words: none of these compare outlets of different languages. Counts of words, sentences and quotes do.",
        outlets.len(),
        by_lang.join("; ")
    );
    Some(LanguageMix { outlets, note })
}

/// The documents of one outlet in one event, analysed as one text.
pub struct OutletText {
    pub info: OutletInfo,
    pub doc: AnalyzedDoc,
}

/// Group an event's documents by outlet (sorted by outlet id). Several
/// documents of one outlet are joined into one text, paragraphs apart, and
/// analysed in the language of the outlet's first document (`analyzer`
/// when it has none).
pub fn outlet_texts(docs: &[&Prepared], analyzer: &Analyzer) -> Vec<OutletText> {
    let mut by_outlet: BTreeMap<&str, Vec<&Prepared>> = BTreeMap::new();
    for p in docs {
        by_outlet.entry(p.doc.outlet.as_str()).or_default().push(p);
    }
    by_outlet
        .into_iter()
        .map(|(outlet, parts)| {
            let doc = if parts.len() == 1 {
                parts[0].analyzed.clone()
            } else {
                let joined: Vec<&str> = parts.iter().map(|p| p.cleaned.text.as_str()).collect();
                match parts[0].doc.language.as_deref() {
                    Some(lang) => crate::text::shared_analyzer(Some(lang)),
                    None => analyzer,
                }
                .analyze(&joined.join("\n\n"))
            };
            let info = OutletInfo {
                id: outlet.to_string(),
                name: parts[0].doc.outlet_label().to_string(),
                documents: parts.iter().map(|p| p.doc.id.clone()).collect(),
                titles: parts.iter().filter_map(|p| p.doc.title.clone()).collect(),
                tokens: doc.tokens.len(),
                tokens_own: doc.tokens_in(Voice::Own).count(),
                tokens_quoted: doc.tokens_in(Voice::Quoted).count(),
                sentences: doc.sentences.len(),
                quotations: doc
                    .quotes
                    .iter()
                    .filter(|q| q.kind == QuoteKind::Quotation)
                    .count(),
                scare_quotes: doc
                    .quotes
                    .iter()
                    .filter(|q| q.kind == QuoteKind::Scare)
                    .count(),
                lines_removed: parts.iter().map(|p| p.cleaned.removed.len()).sum(),
            };
            OutletText { info, doc }
        })
        .collect()
}

/// Grade of an attribution verb from the attribution lexicon's categories.
pub fn verb_grades(lexicons: &[Lexicon]) -> HashMap<String, String> {
    let mut grades = HashMap::new();
    for lex in lexicons.iter().filter(|l| l.name == "attribution") {
        for cat in &lex.categories {
            for entry in &cat.entries {
                let word = entry.source.to_lowercase();
                if !word.contains(' ') {
                    grades.entry(word).or_insert_with(|| cat.name.clone());
                }
            }
        }
    }
    grades
}

/// Compare the outlets of one event.
pub fn compare_event(
    event: &str,
    docs: &[&Prepared],
    lexicons: &[Lexicon],
    matcher: &Matcher,
    analyzer: &Analyzer,
    opts: &impl Checked<EventOptions>,
) -> Result<EventReport> {
    let opts = opts.checked()?;
    let mut texts = outlet_texts(docs, analyzer);
    // Speakers resolved to the event's entities before anything counts them.
    let entities = super::entities::resolve_speakers(
        &mut texts
            .iter_mut()
            .map(|t| (t.info.id.as_str(), &mut t.doc))
            .collect::<Vec<_>>(),
    );
    let pairs: Vec<(&str, &AnalyzedDoc)> =
        texts.iter().map(|t| (t.info.id.as_str(), &t.doc)).collect();
    let limit = opts.event_limit();

    // The parts below read the same texts and do not depend on each other,
    // so they run side by side: a corpus of one huge event (no event ids)
    // would otherwise use one core for the whole comparison. Each part is
    // the same computation as in sequence, so the report is the same.
    let (profiled, (keyness, (closeness, aligned))) = rayon::join(
        || event_profiles(&texts, matcher, &opts),
        || {
            rayon::join(
                || event_keyness(&texts, opts.top),
                || {
                    rayon::join(
                        || event_closeness(&texts, &pairs, limit, opts.seed),
                        || aligned_parts(docs, &texts, &pairs, &entities, analyzer, &opts),
                    )
                },
            )
        },
    );
    let (profiles, matches) = profiled?;
    let keyness = keyness?;
    let (similarity, mut map) = closeness?;
    let AlignedParts {
        alignment,
        substitutions,
        quotes,
        document_bound,
        aligned_documents,
    } = aligned?;
    let bounded = aligned_documents.map(|aligned_documents| {
        let mut note = format!(
            "This event has {} documents from {} outlets, more than the event bound of {limit} documents (--event-limit): sentence alignment, substitutions and quote groups were computed on {} of its documents (taken in turn from each outlet, the outlets with the most words first); profiles, rates, keyness, word choice, attribution and scare quotes cover every document.",
            docs.len(),
            texts.len(),
            aligned_documents.len(),
        );
        if texts.len() > limit {
            note.push_str(&format!(
                " Similarity and the outlet map cover the {} outlets with the most words.",
                similarity.outlets.len()
            ));
        }
        note.push_str(" Raise --event-limit to compute them on more (their cost grows with the square of the event).");
        EventBound {
            event_limit: limit,
            documents: docs.len(),
            outlets: texts.len(),
            aligned_documents,
            similarity_outlets: similarity.outlets.len(),
            note,
        }
    });
    if texts.len() > limit && map.note.is_none() {
        map.note = Some(format!(
            "the map shows the {} outlets with the most words of {} (--event-limit)",
            similarity.outlets.len(),
            texts.len()
        ));
    }
    let grades = verb_grades(lexicons);
    let grade = |verb: &str| grades.get(&verb.to_lowercase()).cloned();
    let concepts = concept_table(&texts, &matches, matcher);
    let (actor_labels, (attribution, page_texts)) = rayon::join(
        || super::actor_labels::actor_labels(&pairs, &entities, &matches, matcher),
        || {
            rayon::join(
                || attribution_by_speaker(&pairs, &grade),
                || super::event_texts::EventTexts::from_outlets(&texts),
            )
        },
    );
    let attribution = attribution?;

    let mut report = EventReport {
        schema_version: crate::schema::SCHEMA_VERSION.to_string(),
        event: event.to_string(),
        outlets: texts.into_iter().map(|t| t.info).collect(),
        findings: Vec::new(),
        findings_detail: Vec::new(),
        profiles,
        keyness,
        similarity,
        map,
        alignment,
        substitutions,
        concepts,
        quotes,
        attribution,
        entities,
        actor_labels,
        matches,
        bounded,
        document_bound,
        languages: language_mix(docs),
        filter: None,
        texts: page_texts,
    };
    let aligned = report.bounded.is_none();
    report.findings_detail = event_findings(&FindingInputs {
        outlets: &report.outlets,
        profiles: &report.profiles,
        keyness: &report.keyness,
        similarity: &report.similarity,
        substitutions: &report.substitutions,
        concepts: &report.concepts,
        quotes: &report.quotes,
        matches: &report.matches,
        alignment: aligned.then_some(&report.alignment),
        actor_labels: Some(&report.actor_labels),
    });
    report.findings = report
        .findings_detail
        .iter()
        .map(|f| f.text.clone())
        .collect();
    Ok(report)
}

/// Lexicon profiles of an event's outlets (outlet rows only: document rows
/// live in `score`) and every lexicon match, as evidence.
fn event_profiles(
    texts: &[OutletText],
    matcher: &Matcher,
    opts: &EventOptions,
) -> Result<(Vec<ScoreRow>, Vec<EvidenceMatch>)> {
    let inputs: Vec<ScoreInput<'_>> = texts
        .iter()
        .map(|t| ScoreInput {
            id: &t.info.id,
            outlet: &t.info.id,
            doc: &t.doc,
        })
        .collect();
    let score_opts = ScoreOptions {
        unit: Unit::Document,
        voices: vec![Voice::Own, Voice::Quoted, Voice::All],
        resamples: opts.resamples,
        seed: opts.seed,
        level: 0.95,
    };
    // Only the outlet rows are kept: each input is one outlet's text.
    let mut stream = ScoreStream::new(matcher, &score_opts)?;
    let found = stream.add_pooled(&inputs);
    let profiles = stream.finish();
    let matches: Vec<EvidenceMatch> = found
        .into_iter()
        .map(|m| EvidenceMatch {
            outlet: texts
                .get(m.doc)
                .map(|t| t.info.id.clone())
                .unwrap_or_default(),
            found: m,
        })
        .collect();
    Ok((profiles, matches))
}

/// Similarity and the map: every outlet unless there are more outlets
/// than the bound, then the `limit` outlets with the most words.
fn event_closeness(
    texts: &[OutletText],
    pairs: &[(&str, &AnalyzedDoc)],
    limit: usize,
    seed: u64,
) -> Result<(SimilarityMatrices, OutletMap)> {
    let sim_pairs: Vec<(&str, &AnalyzedDoc)> = if texts.len() > limit {
        largest_outlets(texts, limit)
            .into_iter()
            .map(|i| pairs[i])
            .collect()
    } else {
        pairs.to_vec()
    };
    let similarity = similarity_matrices(&sim_pairs)?;
    let map = outlet_map(&similarity, seed)?;
    Ok((similarity, map))
}

/// What the parts quadratic in the event give: alignment, substitutions,
/// quote coverage and the document bound, with the documents they were
/// computed on when the event is over the bound (`None`: every document).
struct AlignedParts {
    alignment: Alignment,
    substitutions: Substitutions,
    quotes: QuoteCoverage,
    document_bound: Option<DocumentBound>,
    aligned_documents: Option<Vec<String>>,
}

/// Alignment, substitutions and quote grouping are quadratic in the
/// sentences and quotes of the event: past the bound they run on a
/// deterministic subset of `limit` documents ([`bounded_subset`]), with the
/// event's speakers applied to it.
fn aligned_parts(
    docs: &[&Prepared],
    texts: &[OutletText],
    pairs: &[(&str, &AnalyzedDoc)],
    entities: &super::entities::EntityTable,
    analyzer: &Analyzer,
    opts: &Valid<EventOptions>,
) -> Result<AlignedParts> {
    let (align_params, substitution_params) = (opts.align(), opts.substitutions());
    let limit = opts.event_limit();
    let over = docs.len() > limit;
    let subset_texts = if over {
        let subset = bounded_subset(docs, texts, limit);
        let mut t = outlet_texts(&subset, analyzer);
        let mut docs: Vec<&mut AnalyzedDoc> = t.iter_mut().map(|t| &mut t.doc).collect();
        super::entities::apply_table(entities, &mut docs);
        t
    } else {
        Vec::new()
    };
    let sub_pairs: Vec<(&str, &AnalyzedDoc)> = if over {
        subset_texts
            .iter()
            .map(|t| (t.info.id.as_str(), &t.doc))
            .collect()
    } else {
        pairs.to_vec()
    };
    let document_bound = document_bound(&sub_pairs, &align_params, &substitution_params);
    let alignment = align_sentences(&sub_pairs, &align_params)?;
    let substitutions = find_substitutions(&sub_pairs, &alignment, &substitution_params)?;
    let mut quotes = quote_coverage_within(&sub_pairs, &opts.quotes(), align_params.max_sentences)?;
    if over {
        // Scare quotes are counted per outlet (linear): over every document.
        quotes.scare_quotes = super::quotes::scare_rows(pairs);
    }
    let aligned_documents = over.then(|| {
        subset_texts
            .iter()
            .flat_map(|t| t.info.documents.iter().cloned())
            .collect()
    });
    Ok(AlignedParts {
        alignment,
        substitutions,
        quotes,
        document_bound,
        aligned_documents,
    })
}

/// Outlet indices by words, most first (ties: outlet id).
fn ranked_outlets(texts: &[OutletText]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by(|&a, &b| {
        texts[b]
            .info
            .tokens
            .cmp(&texts[a].info.tokens)
            .then(texts[a].info.id.cmp(&texts[b].info.id))
    });
    order
}

/// Indices of the `limit` outlets with the most words, in outlet order.
fn largest_outlets(texts: &[OutletText], limit: usize) -> Vec<usize> {
    let mut order = ranked_outlets(texts);
    order.truncate(limit);
    order.sort_unstable();
    order
}

/// The documents the quadratic parts of an over-large event run on: at
/// most `limit`, taken in turn from each outlet (outlets with the most
/// words first, ties by id; each outlet's documents in input order), so
/// that every outlet is represented as far as the bound allows and the
/// same input always gives the same subset.
pub fn bounded_subset<'a>(
    docs: &[&'a Prepared],
    texts: &[OutletText],
    limit: usize,
) -> Vec<&'a Prepared> {
    let mut by_outlet: HashMap<&str, std::collections::VecDeque<&'a Prepared>> = HashMap::new();
    for p in docs {
        by_outlet
            .entry(p.doc.outlet.as_str())
            .or_default()
            .push_back(p);
    }
    let mut queues: Vec<std::collections::VecDeque<&'a Prepared>> = ranked_outlets(texts)
        .into_iter()
        .filter_map(|i| by_outlet.remove(texts[i].info.id.as_str()))
        .collect();
    let mut out = Vec::with_capacity(limit.min(docs.len()));
    while out.len() < limit && queues.iter().any(|q| !q.is_empty()) {
        for q in queues.iter_mut() {
            if out.len() >= limit {
                break;
            }
            if let Some(p) = q.pop_front() {
                out.push(p);
            }
        }
    }
    out
}

/// Log-odds keyness (informative Dirichlet prior from the event's pooled
/// counts) of each outlet against the other outlets of the event. Each
/// outlet costs time in its own words, not in the event's vocabulary (see
/// [`OneVsRest`]): an event's vocabulary grows with its outlets.
fn event_keyness(texts: &[OutletText], top: usize) -> Result<Vec<OutletKeyness>> {
    // One shared vocabulary of word norms (sorted, so output is stable).
    let mut vocab: BTreeMap<&str, usize> = BTreeMap::new();
    for t in texts {
        for tok in t.doc.tokens.iter().filter(|t| is_keyness_word(t)) {
            vocab.entry(tok.norm.as_str()).or_insert(0);
        }
    }
    for (i, v) in vocab.values_mut().enumerate() {
        *v = i;
    }
    let terms: Vec<&str> = vocab.keys().copied().collect();
    // Each outlet's counts, sparse: (term, occurrences) of the terms it uses.
    let counts: Vec<Vec<(usize, u64)>> = texts
        .iter()
        .map(|t| {
            let mut c: BTreeMap<usize, u64> = BTreeMap::new();
            for tok in t.doc.tokens.iter().filter(|t| is_keyness_word(t)) {
                if let Some(&i) = vocab.get(tok.norm.as_str()) {
                    *c.entry(i).or_insert(0) += 1;
                }
            }
            c.into_iter().collect()
        })
        .collect();
    let mut total = vec![0u64; terms.len()];
    for &(i, c) in counts.iter().flatten() {
        total[i] += c;
    }
    let grand_total: u64 = total.iter().sum();
    let params = KeynessParams {
        measure: Measure::LogOdds,
        ..KeynessParams::default()
    }
    .check()?;
    let split = OneVsRest::new(&terms, total, &params)?;
    let mut out = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let own: u64 = counts[i].iter().map(|&(_, c)| c).sum();
        if own == 0 || own == grand_total {
            continue;
        }
        let rows = split.target(&counts[i])?;
        out.push(OutletKeyness {
            outlet: t.info.id.clone(),
            over: rows.top(top, |s| (s > 0.0).then_some(s)),
            under: rows.top(top, |s| (s < 0.0).then_some(-s)),
            // The scatter shows the terms with the largest |z| (both directions).
            scatter: rows.top(SCATTER_TERMS, |s| Some(s.abs())),
        });
    }
    Ok(out)
}

/// Keyness is taken on content words: stop words rank high on tiny
/// corpora by chance and say nothing about framing.
fn is_keyness_word(token: &crate::text::Token) -> bool {
    token.is_alpha && !token.is_stop
}

/// Terms drawn in the term scatter of an outlet.
const SCATTER_TERMS: usize = 400;

/// For each concept group, the variants each outlet used.
fn concept_table(
    texts: &[OutletText],
    matches: &[EvidenceMatch],
    matcher: &Matcher,
) -> Vec<ConceptRow> {
    let _ = matcher;
    // concept -> outlet -> (variant -> count, max grade, own, quoted)
    type Tally = (BTreeMap<String, (usize, u32)>, u32, usize, usize);
    let mut by_concept: BTreeMap<String, BTreeMap<String, Tally>> = BTreeMap::new();
    for m in matches {
        let Some(concept) = m.found.category.strip_prefix("concept/") else {
            continue;
        };
        let entry = by_concept
            .entry(concept.to_string())
            .or_default()
            .entry(m.outlet.clone())
            .or_default();
        let grade = m.found.weight.round().max(0.0) as u32;
        let v = entry.0.entry(m.found.entry.to_lowercase()).or_default();
        v.0 += 1;
        v.1 = grade;
        entry.1 = entry.1.max(grade);
        match m.found.voice {
            Voice::Quoted => entry.3 += 1,
            _ => entry.2 += 1,
        }
    }
    by_concept
        .into_iter()
        .map(|(concept, outlets)| {
            let choices: Vec<ConceptChoice> = texts
                .iter()
                .filter_map(|t| {
                    outlets
                        .get(&t.info.id)
                        .map(|(variants, grade, own, quoted)| {
                            let mut v: Vec<(&String, &(usize, u32))> = variants.iter().collect();
                            v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
                            ConceptChoice {
                                outlet: t.info.id.clone(),
                                variants: v.iter().map(|(w, _)| (*w).clone()).collect(),
                                variant_grades: v.iter().map(|(_, g)| g.1).collect(),
                                variant_counts: v.iter().map(|(_, g)| g.0).collect(),
                                count: variants.values().map(|x| x.0).sum(),
                                max_grade: *grade,
                                own_voice: *own,
                                quoted: *quoted,
                            }
                        })
                })
                .collect();
            let firsts: std::collections::BTreeSet<&str> = choices
                .iter()
                .filter_map(|c| c.variants.first().map(String::as_str))
                .collect();
            ConceptRow {
                concept,
                differs: firsts.len() > 1,
                choices,
            }
        })
        .collect()
}
