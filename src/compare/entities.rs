//! The people and organisations of one event, resolved across the
//! outlets' ways of naming them.
//!
//! Outlets name one person many ways: "Vladimir Putin", "Putin", "Mr
//! Putin", "President Putin", "the Russian president", "the Kremlin
//! chief". Left apart, "the Russian president" and "Putin" are two
//! speakers in quote coverage and attribution, and every count by speaker
//! is split. The table is built from the texts:
//! - every speaker the text analysis found for a quote, and every person
//!   a text names, is an entity keyed by its canonical name ("Putin"): an
//!   event's outlets are resolved to one another by surname;
//! - every mention of such a name in any outlet's text is a form of it,
//!   counted per outlet ("Vladimir Putin", "Mr. Putin"); organisations
//!   named in the texts ("the Foreign Ministry", "the Kremlin") are
//!   entities with their forms too, so that later measures (actor labels)
//!   count people and organisations whether they speak or not;
//! - a description is tied to an entity where a text links them: title +
//!   name ("Kremlin spokesman Dmitry Peskov") or apposition ("Putin, the
//!   Russian president"; "the Russian president, Vladimir Putin"), in any
//!   outlet of the event. A description tied to several entities goes to
//!   the one it is tied to most often (ties: alphabetical);
//! - a definite description a quote names as its speaker after names in
//!   the same article ("the Vermont senator") goes to the one of those
//!   names whose role words in the event ("Vermont Sen. Bernie Sanders")
//!   hold its head and every modifier; when two fit ("the senator" after
//!   two senators) or none, it is not linked.
//!
//! A quote whose speaker is such a description is then given the entity
//! ([`resolve_speakers`]), so quote groups, attribution verbs and the
//! findings all count "the Russian president" as Putin. A description no
//! text links to a name stays a speaker of its own.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::text::{
    description_key, name_forms, named_people, organisation_forms, organisation_parts, same_place,
    AnalyzedDoc, NameForm,
};

/// One way an outlet named an entity, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityForm {
    pub outlet: String,
    /// As written ("Mr. Putin", "the Russian president").
    pub form: String,
    pub count: usize,
}

/// One speaker of the event with every form the outlets used for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The name quotes and attribution use ("Putin").
    pub id: String,
    /// The fullest name the texts give ("Vladimir Putin"): the most
    /// frequent form without titles that ends with the id (ties: the
    /// longest, then alphabetical); the id when there is none.
    pub name: String,
    /// Descriptions tied to the entity, lowercased ("russian president").
    pub descriptions: Vec<String>,
    /// Forms by outlet (input order), then by descending count, then
    /// alphabetically.
    pub forms: Vec<EntityForm>,
    /// Quotes attributed to the entity after resolution.
    pub quotes: usize,
}

/// The entity table of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EntityTable {
    /// Entities by descending number of quotes, then id.
    pub entities: Vec<Entity>,
}

/// Build the entity table of an event and give every quote whose speaker
/// is a linked description the entity's id. Outlets in `docs` are in
/// input order.
pub fn resolve_speakers(docs: &mut [(&str, &mut AnalyzedDoc)]) -> EntityTable {
    // Speakers of every quote and the people every text names, keyed by
    // lowercased name.
    let mut keys: HashMap<String, String> = HashMap::new();
    for (_, doc) in docs.iter() {
        for q in &doc.quotes {
            if let Some(s) = &q.speaker {
                if s.name.chars().next().is_some_and(char::is_uppercase) {
                    keys.entry(s.name.to_lowercase())
                        .or_insert_with(|| s.name.clone());
                }
            }
        }
    }
    for (_, doc) in docs.iter() {
        for name in named_people(doc) {
            keys.entry(name.to_lowercase()).or_insert(name);
        }
    }
    // Organisations named in the texts, under one id per organisation
    // ("Russian Foreign Ministry", "Russia's Foreign Ministry" and "the
    // Foreign Ministry" where the event names one foreign ministry).
    let mut orgs: Vec<Vec<NameForm>> = docs
        .iter()
        .map(|(_, d)| {
            organisation_forms(d)
                .into_iter()
                // An organisation named like a one-word speaker key
                // ("Kremlin") is counted once, as the speaker's form
                // (`name_forms` finds one-word keys only).
                .filter(|o| o.key.contains(' ') || !keys.contains_key(&o.key.to_lowercase()))
                .collect()
        })
        .collect();
    // Organisations by lowercased name as written, so that a speaker "the
    // Foreign Ministry" or "Russia's Foreign Ministry" is the organisation.
    let organisations = merge_organisations(&mut orgs);
    let forms: Vec<Vec<NameForm>> = docs
        .iter()
        .zip(orgs)
        .map(|((_, d), o)| {
            let mut f = name_forms(d, &keys);
            f.extend(o);
            f
        })
        .collect();
    // description -> entity -> times linked
    let mut links: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    // entity -> role words the event uses with its name ("vermont",
    // "senator" from "Vermont Sen. Bernie Sanders")
    let mut roles: HashMap<&str, HashSet<String>> = HashMap::new();
    for f in forms.iter().flatten() {
        if let Some(d) = &f.description {
            *links
                .entry(d.clone())
                .or_default()
                .entry(f.key.clone())
                .or_insert(0) += 1;
            roles
                .entry(f.key.as_str())
                .or_default()
                .extend(role_words(d));
        }
        // "Sen. Bernie Sanders (I-Vt.)": the state and party are role
        // words of the name ("the Vermont senator").
        if let Some(a) = &f.affiliation {
            roles
                .entry(f.key.as_str())
                .or_default()
                .extend(a.split_whitespace().map(role_word));
        }
    }
    // Quotes per speaker before resolution: between two names tied to a
    // description equally often, the one quoted more ("Putin", not the
    // French spelling "Poutine" one outlet names once).
    let mut spoken: HashMap<&str, usize> = HashMap::new();
    for (_, doc) in docs.iter() {
        for s in doc.quotes.iter().filter_map(|q| q.speaker.as_ref()) {
            *spoken.entry(s.name.as_str()).or_insert(0) += 1;
        }
    }
    let best: BTreeMap<String, String> = links
        .iter()
        // A one-word description ("president") is used only when the
        // event ties it to one entity: it is too general otherwise.
        .filter(|(d, by)| d.contains(' ') || by.len() == 1)
        .filter_map(|(d, by)| {
            let rank = |k: &String, c: usize| (c, spoken.get(k.as_str()).copied().unwrap_or(0));
            by.iter()
                .fold(None::<(&String, (usize, usize))>, |b, (k, &c)| match b {
                    Some((_, bc)) if bc >= rank(k, c) => b,
                    _ => Some((k, rank(k, c))),
                })
                .map(|(k, _)| (d.clone(), k.clone()))
        })
        .collect();
    // Resolve, and count forms and quotes per entity.
    // id -> outlet index -> form -> count
    let mut counts: BTreeMap<String, BTreeMap<usize, BTreeMap<String, usize>>> = BTreeMap::new();
    let mut quotes: BTreeMap<String, usize> = BTreeMap::new();
    // id -> name without titles -> count
    let mut names: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (o, f) in forms.iter().enumerate() {
        for nf in f {
            *names
                .entry(nf.key.as_str())
                .or_default()
                .entry(nf.name.as_str())
                .or_insert(0) += 1;
            *counts
                .entry(nf.key.clone())
                .or_default()
                .entry(o)
                .or_default()
                .entry(nf.form.clone())
                .or_insert(0) += 1;
        }
    }
    let linker = Linker {
        best: &best,
        roles: &roles,
        organisations: &organisations,
    };
    for (o, (_, doc)) in docs.iter_mut().enumerate() {
        let first = FirstMentions::new(&forms[o]);
        for q in doc.quotes.iter_mut() {
            let Some(s) = q.speaker.as_mut() else {
                continue;
            };
            if let Some(id) = organisations.get(&description_key(&s.name)) {
                s.name = id.clone();
            } else if !keys.contains_key(&s.name.to_lowercase()) {
                let key = description_key(&s.name);
                // Where the description stands: at its verb, else after
                // the quote.
                let at = s.verb_span.map_or(q.end, |v| v.0);
                if let Some(id) = linker.link(&key, &s.name, &first, at) {
                    // The description as written, not a pronoun standing
                    // for it ("he").
                    if description_key(&s.mention) == key {
                        *counts
                            .entry(id.clone())
                            .or_default()
                            .entry(o)
                            .or_default()
                            .entry(s.mention.clone())
                            .or_insert(0) += 1;
                    }
                    s.name = id;
                }
            }
            *quotes.entry(s.name.clone()).or_insert(0) += 1;
        }
    }
    let ids: BTreeSet<&String> = quotes.keys().chain(counts.keys()).collect();
    let mut entities: Vec<Entity> = ids
        .into_iter()
        .map(|id| {
            let by_outlet = counts.get(id);
            let mut forms = Vec::new();
            if let Some(by) = by_outlet {
                for (&o, fs) in by {
                    let mut v: Vec<(&String, &usize)> = fs.iter().collect();
                    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                    for (form, &count) in v {
                        forms.push(EntityForm {
                            outlet: docs[o].0.to_string(),
                            form: form.clone(),
                            count,
                        });
                    }
                }
            }
            Entity {
                id: id.clone(),
                name: full_name(id, names.get(id.as_str())),
                descriptions: links
                    .iter()
                    .filter(|(d, _)| best.get(*d) == Some(id))
                    .map(|(d, _)| d.clone())
                    .collect(),
                forms,
                quotes: quotes.get(id).copied().unwrap_or(0),
            }
        })
        .collect();
    let mentions = |e: &Entity| e.forms.iter().map(|f| f.count).sum::<usize>();
    entities.sort_by(|a, b| {
        b.quotes
            .cmp(&a.quotes)
            .then(mentions(b).cmp(&mentions(a)))
            .then(a.id.cmp(&b.id))
    });
    EntityTable { entities }
}

/// Give the organisations of an event one id each, rewriting the forms'
/// keys and names, and return every name written for them (as
/// [`description_key`] gives it) with its id.
///
/// Names with the same core ("Foreign Ministry" of "Russia's Foreign
/// Ministry", "the Russian Foreign Ministry", "the Foreign Ministry") are
/// one organisation when the event qualifies that core by one place only
/// (Russia / Russian): the id is the qualified name written most often
/// (ties: alphabetical). With two places ("Russian Foreign Ministry",
/// "Ukraine's Foreign Ministry") each place keeps its own organisation
/// and the bare core ("the Foreign Ministry") stays apart: it cannot be
/// told which one it is.
fn merge_organisations(orgs: &mut [Vec<NameForm>]) -> HashMap<String, String> {
    // core (lowercased) -> qualifier groups: (a qualifier of the group,
    // written name -> times)
    type Groups = Vec<(String, BTreeMap<String, usize>)>;
    let mut cores: BTreeMap<String, (Groups, BTreeMap<String, usize>)> = BTreeMap::new();
    let parts = |f: &NameForm| {
        let (qualifier, core) = organisation_parts(&f.form);
        let written = match &qualifier {
            Some(_) => strip_article(&f.form).to_string(),
            None => core.clone(),
        };
        (qualifier, core, written)
    };
    for f in orgs.iter().flatten() {
        let (qualifier, core, written) = parts(f);
        let (groups, plain) = cores.entry(core.to_lowercase()).or_default();
        match qualifier {
            Some(q) => {
                let k = match groups.iter().position(|(g, _)| same_place(g, &q)) {
                    Some(k) => k,
                    None => {
                        groups.push((q, BTreeMap::new()));
                        groups.len() - 1
                    }
                };
                *groups[k].1.entry(written).or_insert(0) += 1;
            }
            None => *plain.entry(written).or_insert(0) += 1,
        }
    }
    let most = |m: &BTreeMap<String, usize>| {
        m.iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(w, _)| w.clone())
            .unwrap_or_default()
    };
    let mut alias: HashMap<String, String> = HashMap::new();
    for (core, (groups, plain)) in &cores {
        for (_, written) in groups {
            let id = most(written);
            for w in written.keys() {
                alias.insert(description_key(w), id.clone());
            }
        }
        let plain_id = match groups.as_slice() {
            [(_, written)] => most(written),
            _ => most(plain),
        };
        if !plain_id.is_empty() {
            alias.insert(core.clone(), plain_id);
        }
    }
    for f in orgs.iter_mut().flatten() {
        let (_, core, written) = parts(f);
        let id = alias
            .get(&description_key(&written))
            .or_else(|| alias.get(&core.to_lowercase()))
            .cloned()
            .unwrap_or(written);
        f.key = id.clone();
        f.name = id;
    }
    alias
}

/// A name without its leading article ("the Foreign Ministry" ->
/// "Foreign Ministry").
fn strip_article(s: &str) -> &str {
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
}

/// Links a description a quote names as its speaker to an entity.
struct Linker<'a> {
    /// Descriptions the event ties to a name (title + name, apposition).
    best: &'a BTreeMap<String, String>,
    /// Role words used with each entity's name in the event.
    roles: &'a HashMap<&'a str, HashSet<String>>,
    organisations: &'a HashMap<String, String>,
}

impl Linker<'_> {
    /// The entity `key` (a description as [`description_key`] gives it;
    /// `written` as the speaker names it) stands for in a text whose names
    /// are `forms`, the description standing at byte `at`:
    /// 1. a description the event ties to a name ("the Russian president"
    ///    after "Russian President Vladimir Putin" in any outlet);
    /// 2. an organisation by name ("the Foreign Ministry");
    /// 3. a definite description ("the Vermont senator") used after names
    ///    in the same text, whose head and every modifier are role words
    ///    the event uses with exactly one of those names ("Vermont Sen.
    ///    Bernie Sanders"). Two or none fit: not linked.
    fn link(&self, key: &str, written: &str, first: &FirstMentions, at: usize) -> Option<String> {
        if let Some(id) = self.best.get(key) {
            return Some(id.clone());
        }
        if let Some(id) = self.organisations.get(key) {
            return Some(id.clone());
        }
        let definite = written
            .split_whitespace()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("the"));
        let words: Vec<String> = key.split_whitespace().map(role_word).collect();
        if !definite || words.is_empty() {
            return None;
        }
        let mut fits = first.before(at).filter(|id| {
            self.roles
                .get(id)
                .is_some_and(|r| words.iter().all(|w| r.contains(w)))
        });
        match (fits.next(), fits.next()) {
            (Some(id), None) => Some(id.to_string()),
            _ => None,
        }
    }
}

/// The names of one text, each once, in the order they are first
/// mentioned. A description may stand for a name mentioned before it;
/// collecting every earlier mention for each description cost the product
/// of the two counts, which on an outlet's joined text (an event of
/// thousands of documents) grew with the square of its length.
struct FirstMentions<'a>(Vec<(usize, &'a str)>);

impl<'a> FirstMentions<'a> {
    fn new(forms: &'a [NameForm]) -> Self {
        let mut first: BTreeMap<&str, usize> = BTreeMap::new();
        for f in forms {
            first
                .entry(f.key.as_str())
                .and_modify(|p| *p = (*p).min(f.pos))
                .or_insert(f.pos);
        }
        let mut v: Vec<(usize, &str)> = first.into_iter().map(|(k, p)| (p, k)).collect();
        v.sort_unstable();
        FirstMentions(v)
    }

    /// The names first mentioned before byte `at`.
    fn before(&self, at: usize) -> impl Iterator<Item = &'a str> + '_ {
        self.0
            .iter()
            .take_while(move |(p, _)| *p < at)
            .map(|&(_, k)| k)
    }
}

/// The role words of a description, an owner left out: "the president's
/// personal attorney" is no president ("president's personal attorney"
/// gives "personal", "attorney").
fn role_words(d: &str) -> impl Iterator<Item = String> + '_ {
    d.split_whitespace()
        .filter(|w| !w.ends_with("'s"))
        .map(role_word)
}

/// A role word in one spelling: abbreviated titles written out ("Sen." and
/// "senator" are one role), possessive and case dropped.
fn role_word(w: &str) -> String {
    let w = w.trim_end_matches('.').to_lowercase();
    let full = match w.as_str() {
        "sen" | "sens" => "senator",
        "rep" | "reps" => "representative",
        "gov" => "governor",
        "gen" => "general",
        "pres" => "president",
        "sec" | "secy" => "secretary",
        "amb" => "ambassador",
        "lt" => "lieutenant",
        "col" => "colonel",
        "capt" | "cpt" => "captain",
        "sgt" => "sergeant",
        "adm" => "admiral",
        "cmdr" => "commander",
        "prof" => "professor",
        "rev" => "reverend",
        "congresswoman" | "congressman" => "representative",
        "democratic" | "dem" => "democrat",
        "gop" => "republican",
        _ => return w.strip_suffix("'s").unwrap_or(&w).to_string(),
    };
    full.to_string()
}

/// Give the quotes of `docs` the ids of `table` for the descriptions it
/// links (for documents analysed again after the table was built, as the
/// bounded subset of a large event is), by the rules of
/// [`resolve_speakers`]; the role words are those of the descriptions the
/// table keeps.
pub fn apply_table(table: &EntityTable, docs: &mut [&mut AnalyzedDoc]) {
    let mut best: BTreeMap<String, String> = BTreeMap::new();
    let mut roles: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut keys: HashMap<String, String> = HashMap::new();
    for e in &table.entities {
        for d in &e.descriptions {
            best.insert(d.clone(), e.id.clone());
            roles
                .entry(e.id.as_str())
                .or_default()
                .extend(role_words(d));
        }
        if e.id.chars().next().is_some_and(char::is_uppercase) {
            keys.insert(e.id.to_lowercase(), e.id.clone());
        }
    }
    // Every organisation name written for an entity ("the Russian Foreign
    // Ministry" for "Russia's Foreign Ministry"), as `resolve_speakers`
    // links them; person keys stay as they are.
    let mut names = keys.clone();
    for e in &table.entities {
        if e.id.contains(' ') {
            for f in &e.forms {
                names
                    .entry(description_key(strip_article(&f.form)))
                    .or_insert_with(|| e.id.clone());
            }
        }
    }
    let linker = Linker {
        best: &best,
        roles: &roles,
        organisations: &names,
    };
    for doc in docs.iter_mut() {
        let forms = name_forms(doc, &keys);
        let first = FirstMentions::new(&forms);
        for q in doc.quotes.iter_mut() {
            let Some(s) = q.speaker.as_mut() else {
                continue;
            };
            if keys.contains_key(&s.name.to_lowercase()) {
                continue;
            }
            if let Some(id) = names.get(&description_key(&s.name)) {
                s.name = id.clone();
                continue;
            }
            let at = s.verb_span.map_or(q.end, |v| v.0);
            if let Some(id) = linker.link(&description_key(&s.name), &s.name, &first, at) {
                s.name = id;
            }
        }
    }
}

/// The most frequent name of two words or more the texts give the
/// entity, titles left out ("Vladimir Putin", not "Mr. Putin"); ties: the
/// longest, then alphabetical. The id when there is none.
fn full_name(id: &str, names: Option<&BTreeMap<&str, usize>>) -> String {
    names
        .into_iter()
        .flatten()
        .filter(|(n, _)| n.split_whitespace().count() >= 2)
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(a.0.len().cmp(&b.0.len()))
                .then(b.0.cmp(a.0))
        })
        .map_or_else(|| id.to_string(), |(n, _)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> AnalyzedDoc {
        crate::text::analyze(text, None)
    }

    #[test]
    fn descriptions_resolve_to_the_named_person() {
        let mut a = doc("Russian President Vladimir Putin spoke on Thursday. “We will defend our interests firmly,” the Russian president said.");
        let mut b = doc("“It takes one to know one,” Putin said. Mr. Putin added more.");
        let mut docs = vec![("a", &mut a), ("b", &mut b)];
        let table = resolve_speakers(&mut docs);
        let speakers: Vec<_> = [&a, &b]
            .iter()
            .flat_map(|d| d.quotes.iter().filter_map(|q| q.speaker.clone()))
            .map(|s| s.name)
            .collect();
        assert_eq!(speakers, ["Putin", "Putin"]);
        assert_eq!(table.entities.len(), 1);
        let e = &table.entities[0];
        assert_eq!(e.name, "Vladimir Putin");
        assert_eq!(e.quotes, 2);
        assert_eq!(e.descriptions, ["russian president"]);
        let forms: Vec<(&str, &str)> = e
            .forms
            .iter()
            .map(|f| (f.outlet.as_str(), f.form.as_str()))
            .collect();
        assert!(
            forms.contains(&("a", "Russian President Vladimir Putin")),
            "{forms:?}"
        );
        assert!(forms.contains(&("a", "the Russian president")), "{forms:?}");
        assert!(forms.contains(&("b", "Mr. Putin")), "{forms:?}");
    }

    #[test]
    fn apposition_links_a_description_in_another_outlet() {
        let mut a = doc("Dmitry Peskov, the Kremlin spokesman, spoke to reporters.");
        let mut b = doc("“These are very bad statements,” the Kremlin spokesman said. “It is bad,” Peskov said.");
        let mut docs = vec![("a", &mut a), ("b", &mut b)];
        let table = resolve_speakers(&mut docs);
        assert!(b
            .quotes
            .iter()
            .all(|q| q.speaker.as_ref().map(|s| s.name.as_str()) == Some("Peskov")));
        assert_eq!(table.entities[0].id, "Peskov");
        assert_eq!(table.entities[0].name, "Dmitry Peskov");
    }
}
