//! Actor labels of one event: for each of its main people and
//! organisations, the words each outlet uses to name or describe it (bias
//! by word choice and labelling, Hamborg, Zhukova & Gipp 2019): "North
//! Korean dictator" against "Mr. Kim" against "leader".
//!
//! - The actors are the people and organisations of the event's entity
//!   table ([`super::entities`]) that are named (their id is a name), by
//!   descending mentions over all outlets (then quotes, then id), at most
//!   [`MAX_ACTORS`]. An entity known only by a given name that opens
//!   exactly one other entity's full name ("Kim" and "Kim Jong-un",
//!   whose id the table takes from the last word) is counted with it.
//! - In each outlet's text the labels next to each mention of an actor's
//!   name are found by [`crate::text::actor_labels_in`] (premodifiers,
//!   appositions, titles, copulas, and the descriptions the table ties to
//!   the actor), with their voice (own, or quoted: a label inside quote
//!   marks) and, when quoted, the speaker of the quote.
//! - Each label is graded by the event's lexicon matches on its words:
//!   which list matched it (`loaded/person_labels`, a concept group with
//!   its grade, `affect` with VADER's mean valence), and whether that
//!   counts as loaded (the lexicon's own `loaded` rule, or a strong
//!   `affect` valence).
//! - Rows are aggregated per actor, outlet, label, kind, voice and speaker,
//!   with the sentences they stand in (indices into the outlet's text, as
//!   alignment and matches give them; the sentences' text is in
//!   [`ActorLabels::sentences`], so every id resolves in report.json).
//!
//! [`label_findings`] says where outlets differ: the rule is in
//! docs/report-schema.md ("Findings", `actor_labels`).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::entities::{Entity, EntityTable};
use super::event_rows::{EvidenceMatch, OutletInfo};
use super::EventDocs;
use crate::hash::FxHashMap;
use crate::lexicon::matcher::{Match, Matcher};
use crate::text::{actor_labels_in, full_names_opening, titled_form, ActorNames, LabelKind, Voice};

/// Most actors per event whose labels are read: the ones mentioned most.
/// An event's story is about a handful of people; the long tail of names
/// mentioned once or twice has few labels, and a large event (every
/// document of a corpus without event ids) would list thousands.
pub const MAX_ACTORS: usize = 12;

/// Most sentence ids listed per label row (the count is the full count).
pub const MAX_LABEL_SENTENCES: usize = 20;

/// Least mentions of an actor by an outlet for the outlet to count, in the
/// findings, as one that named the actor and so chose its words for it.
pub const MIN_MENTIONS: usize = 2;

/// Least uses of a title (or other unloaded label) by an outlet, in its
/// own voice, for a finding to name it: a house style shows in repeats.
pub const MIN_TITLE_USES: usize = 2;

/// Most outlets a label finding names. An event-less corpus has an event
/// of a hundred outlets, and a sentence naming all of them is unreadable:
/// the finding names the outlets that mention the actor most (those with
/// telling labels first) and counts the rest, whose labels are in
/// `actor_labels.csv`.
pub const MAX_FINDING_OUTLETS: usize = 6;

/// The actor labels of one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ActorLabels {
    /// The actors read, most mentioned first.
    pub actors: Vec<Actor>,
    /// Label rows: by actor (in `actors` order), outlet (input order),
    /// descending count, then label, kind, voice and speaker.
    pub labels: Vec<ActorLabel>,
    /// The text of every sentence a label row lists, by outlet (input
    /// order) and sentence index.
    pub sentences: Vec<LabelSentence>,
}

/// One actor of the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The entity id ("Putin").
    pub id: String,
    /// The fullest name ("Vladimir Putin").
    pub name: String,
    /// Mentions over every outlet (the entity table's form counts).
    pub mentions: usize,
    /// Mentions per outlet that named it, input order.
    pub by_outlet: Vec<OutletMentions>,
    /// Ids of entities counted with this one ("Kim" with "Jong-un").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<String>,
}

/// How often one outlet mentioned an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutletMentions {
    pub outlet: String,
    pub mentions: usize,
}

/// One label one outlet used for one actor, aggregated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorLabel {
    /// The actor's id.
    pub actor: String,
    pub outlet: String,
    /// The label, normalised ("North Korean dictator", "Mr. Kim").
    pub label: String,
    pub kind: LabelKind,
    /// `own` (the outlet's words) or `quoted` (inside quote marks).
    pub voice: Voice,
    /// Who the quote is attributed to, for a quoted label whose quote has
    /// a speaker.
    pub speaker: Option<String>,
    pub count: usize,
    /// Whether a lexicon that grades it counts it as loaded.
    pub loaded: bool,
    /// Which lists matched its words ("loaded/person_labels (dictator)";
    /// "concepts/leader grade 3 (dictator)"), "; "-separated; empty when
    /// none did.
    pub grade: String,
    /// Sentence indices in the outlet's text (at most
    /// [`MAX_LABEL_SENTENCES`]), ascending.
    pub sentences: Vec<usize>,
}

/// A sentence a label stands in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelSentence {
    pub outlet: String,
    pub sentence: usize,
    pub text: String,
}

/// The actors to read and the words of their names.
fn select_actors(entities: &EntityTable, outlets: &[&str]) -> Vec<(Actor, ActorNames)> {
    let named: Vec<&Entity> = entities
        .entities
        .iter()
        .filter(|e| e.id.chars().next().is_some_and(char::is_uppercase))
        .filter(|e| e.forms.iter().any(|f| f.count > 0))
        .collect();
    let words = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    // Given-name entities folded into the one full name they open. The
    // full names are found by their first word, ASCII-lowercased (what
    // `eq_ignore_ascii_case` compares), and each host's members are
    // listed once: an event of a thousand documents has thousands of
    // entities, and pairing every two was most of this function's time.
    let mut by_first: FxHashMap<String, Vec<&Entity>> = FxHashMap::default();
    for h in &named {
        let mut w = h.name.split_whitespace();
        if let (Some(first), Some(_)) = (w.next(), w.next()) {
            by_first
                .entry(first.to_ascii_lowercase())
                .or_default()
                .push(h);
        }
    }
    let mut into: FxHashMap<&str, &str> = FxHashMap::default();
    for e in &named {
        if e.id.contains(' ') || e.name != e.id {
            continue;
        }
        let Some(candidates) = by_first.get(&e.id.to_ascii_lowercase()) else {
            continue;
        };
        let mut hosts = candidates.iter().filter(|h| h.id != e.id);
        if let (Some(h), None) = (hosts.next(), hosts.next()) {
            into.insert(e.id.as_str(), h.id.as_str());
        }
    }
    // Each host's folded entities, in table order.
    let mut folded: FxHashMap<&str, Vec<&Entity>> = FxHashMap::default();
    for m in &named {
        if let Some(host) = into.get(m.id.as_str()) {
            folded.entry(host).or_default().push(m);
        }
    }
    let outlet_index: FxHashMap<&str, usize> = outlets
        .iter()
        .enumerate()
        .rev()
        .map(|(i, o)| (*o, i))
        .collect();
    let mut out: Vec<(Actor, ActorNames, usize)> = Vec::new();
    for e in named.iter().filter(|e| !into.contains_key(e.id.as_str())) {
        let members: Vec<&Entity> = std::iter::once(*e)
            .chain(folded.get(e.id.as_str()).into_iter().flatten().copied())
            .collect();
        let mut by: BTreeMap<usize, usize> = BTreeMap::new();
        for f in members.iter().flat_map(|m| &m.forms) {
            if let Some(&o) = outlet_index.get(f.outlet.as_str()) {
                *by.entry(o).or_insert(0) += f.count;
            }
        }
        let mentions: usize = by.values().sum();
        let mut names: Vec<Vec<String>> = Vec::new();
        let mut descriptions: Vec<Vec<String>> = Vec::new();
        for m in &members {
            for n in [words(&m.id), words(&m.name)] {
                if !n.is_empty() && !names.contains(&n) {
                    names.push(n);
                }
            }
            for d in &m.descriptions {
                let d = words(d);
                if !d.is_empty() && !descriptions.contains(&d) {
                    descriptions.push(d);
                }
            }
        }
        let quotes = members.iter().map(|m| m.quotes).sum();
        out.push((
            Actor {
                id: e.id.clone(),
                name: e.name.clone(),
                mentions,
                by_outlet: by
                    .into_iter()
                    .map(|(o, mentions)| OutletMentions {
                        outlet: outlets[o].to_string(),
                        mentions,
                    })
                    .collect(),
                merged: members[1..].iter().map(|m| m.id.clone()).collect(),
            },
            ActorNames {
                names,
                descriptions,
            },
            quotes,
        ));
    }
    out.sort_by(|a, b| {
        b.0.mentions
            .cmp(&a.0.mentions)
            .then(b.2.cmp(&a.2))
            .then(a.0.id.cmp(&b.0.id))
    });
    out.truncate(MAX_ACTORS);
    out.into_iter().map(|(a, n, _)| (a, n)).collect()
}

/// Give each actor the table knows by one word only ("Kim": its full name
/// ends in a word the table does not read as a name, "Kim Jong Un") the
/// one full name the texts write opening with that word: the most
/// written form is its name, every form's words are names it is found
/// by, and those mentions count. Two full names ("Kim Jong Un", "Kim Yo
/// Jong") are two people: the actor keeps its one word. A full name
/// ending in another entity's name ("Kim Jong-un" when the table has
/// "Jong-un") is that entity's. Only a person's name is completed: one
/// the texts write with a title or honorific ("Mr. Kim"). Returns, by
/// actor, whether its name was
/// completed.
fn complete_names(
    docs: &EventDocs<'_>,
    entities: &EntityTable,
    actors: &mut [Actor],
    names: &mut [ActorNames],
) -> Vec<bool> {
    let known: BTreeSet<String> = entities
        .entities
        .iter()
        .flat_map(|e| [e.id.to_lowercase(), e.name.to_lowercase()])
        .collect();
    let mut done = vec![false; actors.len()];
    for (a, (actor, names)) in actors.iter_mut().zip(names.iter_mut()).enumerate() {
        if actor.name.contains(' ') || actor.id != actor.name {
            continue;
        }
        // People only: "Senate Democrats" is no full name of the Senate.
        let person = entities
            .entities
            .iter()
            .filter(|e| e.id == actor.id)
            .flat_map(|e| &e.forms)
            .any(|f| titled_form(&f.form, &actor.id));
        if !person {
            continue;
        }
        let first = actor.id.to_lowercase();
        // key (words, hyphens as spaces) -> forms written -> count, and
        // mentions by outlet
        let mut full: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        let mut words: BTreeMap<String, BTreeSet<Vec<String>>> = BTreeMap::new();
        let mut by: BTreeMap<String, BTreeMap<usize, usize>> = BTreeMap::new();
        for (o, (_, doc)) in docs.iter().enumerate() {
            for (written, w) in full_names_opening(doc, &first) {
                let key = w.join(" ").replace('-', " ");
                let rest: Vec<&str> = key.split(' ').skip(1).collect();
                let others = (0..rest.len()).any(|k| known.contains(&rest[k..].join(" ")))
                    || w[1..].iter().any(|x| known.contains(x));
                if others {
                    continue;
                }
                *full
                    .entry(key.clone())
                    .or_default()
                    .entry(written)
                    .or_insert(0) += 1;
                words.entry(key.clone()).or_default().insert(w);
                *by.entry(key).or_default().entry(o).or_insert(0) += 1;
            }
        }
        if full.len() != 1 {
            continue;
        }
        let Some((key, forms)) = full.into_iter().next() else {
            continue;
        };
        if let Some((written, _)) = forms.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
            actor.name = written.clone();
        }
        for w in words.remove(&key).unwrap_or_default() {
            if !names.names.contains(&w) {
                names.names.push(w);
            }
        }
        let mut counts: BTreeMap<usize, usize> = actor
            .by_outlet
            .iter()
            .filter_map(|m| {
                docs.iter()
                    .position(|(o, _)| *o == m.outlet)
                    .map(|o| (o, m.mentions))
            })
            .collect();
        for (o, c) in by.remove(&key).unwrap_or_default() {
            *counts.entry(o).or_insert(0) += c;
        }
        actor.mentions = counts.values().sum();
        actor.by_outlet = counts
            .into_iter()
            .map(|(o, mentions)| OutletMentions {
                outlet: docs[o].0.to_string(),
                mentions,
            })
            .collect();
        done[a] = true;
    }
    done
}

/// Tie to each `completed` actor the descriptions its mentions'
/// premodifiers and appositions give (`found`: the labels of each
/// outlet's text), as the entity table does for the names it knows:
/// several words ending in a title or role ("north korean leader"), tied
/// to no other actor.
fn add_descriptions(
    found: &[Vec<crate::text::FoundLabel>],
    completed: &[bool],
    names: &mut [ActorNames],
) {
    let mut tied: BTreeMap<Vec<String>, BTreeSet<usize>> = BTreeMap::new();
    for l in found.iter().flatten() {
        if !matches!(l.kind, LabelKind::Premodifier | LabelKind::Apposition) || l.quote.is_some() {
            continue;
        }
        let words: Vec<String> = l.label.split_whitespace().map(str::to_lowercase).collect();
        if words.len() >= 2 && completed.get(l.actor) == Some(&true) {
            tied.entry(words).or_default().insert(l.actor);
        }
    }
    for (words, by) in tied {
        let mut one = by.iter();
        let (Some(&a), None) = (one.next(), one.next()) else {
            continue;
        };
        let elsewhere = names
            .iter()
            .enumerate()
            .any(|(b, n)| b != a && n.descriptions.contains(&words));
        if !elsewhere && !names[a].descriptions.contains(&words) {
            names[a].descriptions.push(words);
        }
    }
}

/// How a lexicon match grades a label, as written in [`ActorLabel::grade`].
fn grade_text(m: &Match) -> String {
    let word = m.text.to_lowercase();
    if let Some(concept) = m.category.strip_prefix("concept/") {
        format!(
            "{}/{concept} grade {} ({word})",
            m.lexicon,
            m.weight.round().max(0.0) as u32
        )
    } else if m.lexicon == "affect" {
        let sign = if m.category.contains("negative") {
            -1.0
        } else {
            1.0
        };
        format!("affect/{} {:+.1} ({word})", m.category, sign * m.weight)
    } else {
        format!("{}/{} ({word})", m.lexicon, m.category)
    }
}

/// Aggregation key of a label row: actor, outlet (indices), label, kind,
/// quoted (the voice), speaker.
type LabelKey = (usize, usize, String, LabelKind, bool, Option<String>);

/// What a label row adds up: count, sentences, loaded, grades.
#[derive(Default)]
struct Tally {
    count: usize,
    sentences: BTreeSet<usize>,
    loaded: bool,
    grades: BTreeSet<String>,
}

/// The actor labels of an event whose outlets are `docs` (input order),
/// whose entity table is `entities` and whose lexicon matches (found by
/// `matcher`, token indices into `docs`) are `matches`.
pub fn actor_labels(
    docs: &EventDocs<'_>,
    entities: &EntityTable,
    matches: &[EvidenceMatch],
    matcher: &Matcher,
) -> ActorLabels {
    let outlets: Vec<&str> = docs.iter().map(|(o, _)| *o).collect();
    let (mut actors, mut names): (Vec<Actor>, Vec<ActorNames>) =
        select_actors(entities, &outlets).into_iter().unzip();
    if actors.is_empty() {
        return ActorLabels::default();
    }
    let completed = complete_names(docs, entities, &mut actors, &mut names);
    if completed.iter().any(|&c| c) {
        // The descriptions the full names' titles and appositions give
        // ("North Korean leader Kim Jong Un"), as the entity table ties
        // them to names it knows.
        let found: Vec<_> = docs
            .iter()
            .map(|(_, doc)| actor_labels_in(doc, &names))
            .collect();
        add_descriptions(&found, &completed, &mut names);
    }
    let mut order: Vec<usize> = (0..actors.len()).collect();
    order.sort_by(|&a, &b| actors[b].mentions.cmp(&actors[a].mentions).then(a.cmp(&b)));
    let actors: Vec<Actor> = order.iter().map(|&i| actors[i].clone()).collect();
    let names: Vec<ActorNames> = order.iter().map(|&i| names[i].clone()).collect();
    // Each outlet's matches by first token.
    let mut by_outlet: FxHashMap<&str, Vec<&EvidenceMatch>> = FxHashMap::default();
    for m in matches {
        by_outlet.entry(m.outlet.as_str()).or_default().push(m);
    }
    for v in by_outlet.values_mut() {
        v.sort_by_key(|m| m.found.token_start);
    }
    let mut tally: BTreeMap<LabelKey, Tally> = BTreeMap::new();
    for (o, (outlet, doc)) in docs.iter().enumerate() {
        let found = actor_labels_in(doc, &names);
        let ms: &[&EvidenceMatch] = by_outlet.get(outlet).map_or(&[], Vec::as_slice);
        for l in found {
            let (quoted, speaker) = match l.quote.and_then(|q| doc.quotes.get(q)) {
                Some(q) => (true, q.speaker.as_ref().map(|s| s.name.clone())),
                None => (false, None),
            };
            let t = tally
                .entry((l.actor, o, l.label.clone(), l.kind, quoted, speaker))
                .or_default();
            t.count += 1;
            t.sentences.insert(l.sentence);
            // Matches overlapping the label's words (a match is a few
            // tokens long: those starting shortly before may reach in).
            let from = ms.partition_point(|m| m.found.token_start + 8 < l.token_start);
            for m in ms[from..]
                .iter()
                .take_while(|m| m.found.token_start < l.token_end)
                .filter(|m| m.found.token_end > l.token_start)
            {
                t.grades.insert(grade_text(&m.found));
                // A title is a rank, not a judgement: VADER's valence of
                // "Justice" does not make "Justice Kennedy" loaded.
                let affect = m.found.lexicon == "affect";
                let rank = affect && l.kind == LabelKind::Title;
                // A bare adjective after a copula ("Trump was furious") is
                // how the actor felt as often as what the outlet calls it:
                // a feeling word's valence does not make it a label, only a
                // framing lexicon does.
                let feeling = affect && l.adjective;
                t.loaded |= !rank && !feeling && (matcher.counts_as_loaded(&m.found) || affect);
            }
        }
    }
    let mut rows: Vec<(LabelKey, Tally)> = tally.into_iter().collect();
    rows.sort_by(|(a, ta), (b, tb)| {
        a.0.cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(tb.count.cmp(&ta.count))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
            .then(a.4.cmp(&b.4))
            .then(a.5.cmp(&b.5))
    });
    let mut cited: BTreeSet<(usize, usize)> = BTreeSet::new();
    let labels: Vec<ActorLabel> = rows
        .into_iter()
        .map(|((a, o, label, kind, quoted, speaker), t)| {
            let sentences: Vec<usize> = t.sentences.into_iter().take(MAX_LABEL_SENTENCES).collect();
            cited.extend(sentences.iter().map(|&s| (o, s)));
            ActorLabel {
                actor: actors[a].id.clone(),
                outlet: outlets[o].to_string(),
                label,
                kind,
                voice: if quoted { Voice::Quoted } else { Voice::Own },
                speaker,
                count: t.count,
                loaded: t.loaded,
                grade: t.grades.into_iter().collect::<Vec<_>>().join("; "),
                sentences,
            }
        })
        .collect();
    let sentences = cited
        .into_iter()
        .map(|(o, s)| LabelSentence {
            outlet: outlets[o].to_string(),
            sentence: s,
            text: docs[o].1.sentence_text(s).trim().to_string(),
        })
        .collect();
    ActorLabels {
        actors,
        labels,
        sentences,
    }
}

/// What one outlet calls an actor, in a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletLabels {
    pub outlet: String,
    /// Labels, most telling first (loaded, then by count).
    pub labels: Vec<String>,
    /// Times each was used, in its own voice.
    pub counts: Vec<usize>,
}

/// What an actor-label finding says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorLabelFinding {
    /// The actor's id and fullest name.
    pub actor: String,
    pub name: String,
    /// Outlets with labels the others did not use, and those labels.
    pub outlets: Vec<OutletLabels>,
    /// The other outlets that named the actor, with their most used label
    /// (none: they used the name alone).
    pub others: Vec<OutletLabels>,
}

/// An actor-label finding before it becomes a
/// [`super::findings::Finding`]: its sentence, what it says, its evidence
/// (own-voice uses of the labels it names) and the indices of the
/// `actor_labels.labels` rows it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelFinding {
    pub text: String,
    pub detail: ActorLabelFinding,
    pub evidence: u64,
    pub rows: Vec<usize>,
}

/// One outlet's own-voice labels of one actor: label -> (count, loaded,
/// a title, row indices).
type OwnLabels<'a> = BTreeMap<&'a str, (usize, bool, bool, Vec<usize>)>;

/// Findings where outlets name an actor differently (docs/report-schema.md,
/// "Findings", `actor_labels`): an outlet that named the actor at least
/// [`MIN_MENTIONS`] times uses, in its own voice, a loaded label (once is
/// enough) or a title at least [`MIN_TITLE_USES`] times, that some other
/// outlet naming the actor as often never used (in any voice). Labels in
/// quotes are the speaker's words, not the outlet's choice.
pub fn label_findings(labels: &ActorLabels, outlets: &[OutletInfo]) -> Vec<LabelFinding> {
    let name_of = |o: &str| -> String {
        outlets
            .iter()
            .find(|x| x.id == o)
            .map_or_else(|| o.to_string(), |x| x.name.clone())
    };
    let mut out = Vec::new();
    for actor in &labels.actors {
        let naming: Vec<&str> = outlets
            .iter()
            .map(|o| o.id.as_str())
            .filter(|o| {
                actor
                    .by_outlet
                    .iter()
                    .any(|m| m.outlet == *o && m.mentions >= MIN_MENTIONS)
            })
            .collect();
        if naming.len() < 2 {
            continue;
        }
        let mut own: FxHashMap<&str, OwnLabels> = FxHashMap::default();
        let mut any: FxHashMap<&str, BTreeSet<&str>> = FxHashMap::default();
        for (i, l) in labels.labels.iter().enumerate() {
            if l.actor != actor.id || !naming.contains(&l.outlet.as_str()) {
                continue;
            }
            any.entry(l.outlet.as_str())
                .or_default()
                .insert(l.label.as_str());
            if l.voice == Voice::Own {
                let e = own
                    .entry(l.outlet.as_str())
                    .or_default()
                    .entry(l.label.as_str())
                    .or_insert((0, false, false, Vec::new()));
                e.0 += l.count;
                e.1 |= l.loaded;
                e.2 |= l.kind == LabelKind::Title;
                e.3.push(i);
            }
        }
        let mut chosen: Vec<OutletLabels> = Vec::new();
        let mut others: Vec<OutletLabels> = Vec::new();
        let mut rows: Vec<usize> = Vec::new();
        let mut evidence = 0u64;
        let mut titles: BTreeSet<String> = BTreeSet::new();
        for &o in &naming {
            let mine = own.get(o);
            let mut telling: Vec<(&str, usize, bool)> = mine
                .into_iter()
                .flatten()
                .filter(|(_, (count, loaded, title, _))| {
                    *loaded || (*title && *count >= MIN_TITLE_USES)
                })
                .filter(|(label, _)| {
                    naming
                        .iter()
                        .any(|&p| p != o && !any.get(p).is_some_and(|s| s.contains(*label)))
                })
                .map(|(label, (count, loaded, title, _))| {
                    if *title {
                        titles.insert(label.to_string());
                    }
                    (*label, *count, *loaded)
                })
                .collect();
            telling.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
            telling.truncate(2);
            if telling.is_empty() {
                // The outlet's most used label of its own, if any.
                let best = mine
                    .into_iter()
                    .flatten()
                    .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(a.0)));
                if let Some((label, (_, _, title, r))) = best {
                    if *title {
                        titles.insert(label.to_string());
                    }
                    rows.extend(r);
                }
                others.push(OutletLabels {
                    outlet: o.to_string(),
                    labels: best.map(|(l, _)| l.to_string()).into_iter().collect(),
                    counts: best.map(|(_, v)| v.0).into_iter().collect(),
                });
                continue;
            }
            for (label, count, _) in &telling {
                evidence += *count as u64;
                if let Some((_, _, _, r)) = mine.and_then(|m| m.get(label)) {
                    rows.extend(r);
                }
            }
            chosen.push(OutletLabels {
                outlet: o.to_string(),
                labels: telling.iter().map(|t| t.0.to_string()).collect(),
                counts: telling.iter().map(|t| t.1).collect(),
            });
        }
        if chosen.is_empty() {
            continue;
        }
        let say = |o: &OutletLabels| -> String {
            let parts: Vec<String> = o
                .labels
                .iter()
                .zip(&o.counts)
                .map(|(l, &c)| {
                    if titles.contains(l) {
                        format!("writes “{l}” ({})", times(c))
                    } else {
                        format!("calls {} “{l}” ({})", actor.name, times(c))
                    }
                })
                .collect();
            format!("{} {}", name_of(&o.outlet), parts.join(" and "))
        };
        // Outlets with telling labels first, then the others; past
        // MAX_FINDING_OUTLETS, those that mention the actor most.
        let mentions = |o: &OutletLabels| {
            actor
                .by_outlet
                .iter()
                .filter(|m| m.outlet == o.outlet)
                .map(|m| m.mentions)
                .sum::<usize>()
        };
        let mut shown: Vec<(bool, &OutletLabels)> = chosen
            .iter()
            .map(|o| (true, o))
            .chain(others.iter().map(|o| (false, o)))
            .collect();
        let hidden = shown.len().saturating_sub(MAX_FINDING_OUTLETS);
        if hidden > 0 {
            shown.sort_by_key(|&(telling, o)| (!telling, std::cmp::Reverse(mentions(o))));
            shown.truncate(MAX_FINDING_OUTLETS);
        }
        let mut clauses: Vec<String> = Vec::new();
        for (telling, o) in shown {
            if telling {
                clauses.push(say(o));
                continue;
            }
            clauses.push(if o.labels.is_empty() {
                format!(
                    "{} names {} without such a label",
                    name_of(&o.outlet),
                    actor.name
                )
            } else {
                say(o)
            });
        }
        rows.sort_unstable();
        rows.dedup();
        let mut text = clauses.join("; ");
        if hidden > 0 {
            text.push_str(&format!(
                "; and {hidden} other outlets (see actor_labels.csv)"
            ));
        }
        text.push('.');
        out.push(LabelFinding {
            text,
            detail: ActorLabelFinding {
                actor: actor.id.clone(),
                name: actor.name.clone(),
                outlets: chosen,
                others,
            },
            evidence,
            rows,
        });
    }
    out
}

/// "once", "2 times".
fn times(n: usize) -> String {
    if n == 1 {
        "once".to_string()
    } else {
        format!("{n} times")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::entities::resolve_speakers;
    use crate::lexicon::builtins;

    fn event(texts: &[(&str, &str)]) -> (Vec<OutletInfo>, ActorLabels) {
        let mut docs: Vec<(String, crate::text::AnalyzedDoc)> = texts
            .iter()
            .map(|(o, t)| (o.to_string(), crate::text::analyze(t, None)))
            .collect();
        let table = resolve_speakers(
            &mut docs
                .iter_mut()
                .map(|(o, d)| (o.as_str(), d))
                .collect::<Vec<_>>(),
        );
        let matcher = Matcher::new(builtins());
        let matches: Vec<EvidenceMatch> = docs
            .iter()
            .enumerate()
            .flat_map(|(i, (o, d))| {
                matcher.find(i, d).into_iter().map(move |m| EvidenceMatch {
                    outlet: o.clone(),
                    found: m,
                })
            })
            .collect();
        let pairs: Vec<(&str, &crate::text::AnalyzedDoc)> =
            docs.iter().map(|(o, d)| (o.as_str(), d)).collect();
        let labels = actor_labels(&pairs, &table, &matches, &matcher);
        let outlets = texts
            .iter()
            .map(|(o, _)| OutletInfo {
                id: o.to_string(),
                name: o.to_uppercase(),
                documents: vec![],
                titles: vec![],
                tokens: 0,
                tokens_own: 0,
                tokens_quoted: 0,
                sentences: 0,
                quotations: 0,
                scare_quotes: 0,
                lines_removed: 0,
            })
            .collect();
        (outlets, labels)
    }

    #[test]
    fn a_loaded_label_one_outlet_alone_uses_is_a_finding() {
        let (outlets, labels) = event(&[
            ("fox", "North Korean dictator Kim Jong Un fired a missile on Monday. The dictator Kim Jong Un said nothing. Later, the tyrant Kim Jong Un left."),
            ("nyt", "On Monday, Mr. Kim fired a missile, officials said. Mr. Kim said nothing. Kim Jong Un left later."),
        ]);
        let kim = labels.actors.first().expect("Kim is an actor");
        assert_eq!(kim.name, "Kim Jong Un");
        let row = labels
            .labels
            .iter()
            .find(|l| l.outlet == "fox" && l.label == "North Korean dictator")
            .expect("the premodifier");
        assert!(row.loaded, "{row:?}");
        assert!(
            row.grade.contains("loaded/person_labels (dictator)"),
            "{row:?}"
        );
        // Every sentence id resolves to a sentence of the report.
        for l in &labels.labels {
            for s in &l.sentences {
                assert!(labels
                    .sentences
                    .iter()
                    .any(|x| x.outlet == l.outlet && x.sentence == *s));
            }
        }
        let found = label_findings(&labels, &outlets);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert!(
            f.text
                .starts_with("FOX calls Kim Jong Un “North Korean dictator” (once)"),
            "{}",
            f.text
        );
        assert!(
            f.text.contains("NYT writes “Mr. Kim” (2 times)"),
            "{}",
            f.text
        );
        assert!(f.evidence >= 1);
    }
}
