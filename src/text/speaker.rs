//! Who said a quote, where the text names the speaker.
//!
//! Cues, tried in this order for each quote:
//! 1. after the quote, in the sentence its closing mark ends:
//!    `“…,” said Putin` ([`SpeakerCue::VerbName`]), `“…,” Peskov said` /
//!    `“…,” he added` ([`SpeakerCue::NameVerb`] / [`SpeakerCue::Pronoun`]),
//!    `“…”, according to the embassy` ([`SpeakerCue::AccordingTo`]);
//! 2. before the quote, in its sentence: `Psaki said: “…”`,
//!    `Peskov slammed the remarks, telling reporters that “…”`,
//!    `Mr. Putin, who also said to wish “…”`, `According to her, “…”`;
//!    a quote opening a paragraph after one that ends with a colon
//!    (`…, adding:`) looks at that sentence;
//! 3. a quotation with no cue continues the speaker of the previous
//!    quotation in the same paragraph ([`SpeakerCue::Continuation`]).
//!
//! Scare quotes get a speaker only when the cue touches them (verb at most
//! two words before the quote, or a name and verb right after it).
//!
//! Pronouns (he, she, it, they, her, him) are resolved to the most recent
//! compatible candidate before them outside quotes: the speakers of earlier
//! quotes, the subjects of attribution verbs, and the first person named in
//! each sentence (its likely subject). he/she need a person, "it" a
//! non-person ("the embassy"), "they" either. Gender is not used.
//!
//! A short quote (one to three words) that is a speaker's words becomes a
//! quotation (a partial quotation) once its speaker is found: when its
//! own punctuation ends it inside the marks (`" I'm optimistic , " he
//! said`), or when it stands in the clause of a reporting verb
//! ("Netanyahu said Iran had hidden "half a ton" of material") and is not
//! used as a label (no determiner or preposition right before it).
//!
//! A subject is a speaker only when it is a person or an organisation: a
//! name, or a noun phrase whose head noun names a person, a role or an
//! organisation (`data/speaker_heads_en.txt`,
//! `data/organisation_heads_en.txt`: "the Kremlin spokesman", "a senior
//! official", "the ministry"). Never a nationality or party adjective
//! standing alone ("Russian"), a party label ("GOP", "Texas Republican";
//! "the Texas Republican" is a person described), a title the text cut off
//! ("Rep"), a party-and-state tag ("D-Delaware", the clause's subject is
//! taken instead), a capitalised word seen only at the start of sentences
//! ("Joining"; "Sources" is the common noun), or a noun phrase whose head
//! is neither ("the talking points", "the planned meeting"). A document
//! ("the statement said", "the report said") takes the quote from any
//! speaker: it is unattributed, as content analyses count it, and does
//! not continue the previous speaker. "Chris Coons of Delaware" is Coons,
//! and name suffixes ("Jr.") are not surnames.
//!
//! [`name_forms`] lists every mention of given names with the descriptions
//! the text ties to them, [`named_people`] the people a text names and
//! [`organisation_forms`] its organisations by name, for the entity table
//! of an event (`compare::entities`).
//!
//! A capitalised name counts as a person when it has a title ("Mr",
//! "spokesman", from `data/speaker_titles_en.txt`), when it has two or more
//! words not ending in a place or institution word
//! (`data/non_person_words_en.txt`), or when its last word was already seen
//! as a person in the document.

use super::fxhash::{FxHashMap as HashMap, FxHashSet as HashSet};
use super::lists::{self, AttributionVerbs};
use super::normalize::is_hyphen;
use super::{AnalyzedDoc, QuoteKind, Speaker, SpeakerCue};
use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Canonical form of a speaker name: titles and role nouns stripped, the
/// last word of a person's name kept ("Mr. Putin" -> "Putin", "Kremlin
/// spokesman Dmitry Peskov" -> "Peskov"), possessive "'s" removed.
pub fn canonical_speaker(name: &str) -> String {
    let titles = lists::speaker_titles_en();
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| !w.is_empty())
        .collect();
    // "Theodore Olson Jr." is Olson: suffixes are skipped like titles.
    let suffix = |w: &str| NAME_SUFFIXES.contains(&w.to_lowercase().as_str());
    let k = words
        .iter()
        .rposition(|w| !titles.contains(w.to_lowercase().as_str()) && !suffix(w))
        .or(words.len().checked_sub(1));
    // "Rep. Peter King", "Martin Luther King Jr.": a capitalised title word
    // after a given name is the surname, not a title ("Peter" is no
    // speaker's surname).
    let k = k.map(|k| {
        let last = words.iter().rposition(|w| !suffix(w)).unwrap_or(k);
        let given = |p: usize| {
            let l = words[p].to_lowercase();
            lists::given_names_male_en().contains(l.as_str())
                || lists::given_names_female_en().contains(l.as_str())
        };
        let capitalised = words[last].chars().next().is_some_and(char::is_uppercase);
        if last > k && capitalised && (given(last - 1) || (last >= 2 && given(last - 2))) {
            last
        } else {
            k
        }
    });
    let Some(k) = k else {
        return String::new();
    };
    let last = strip_possessive(words[k]);
    // "Chris Van Hollen" is Van Hollen: a name particle before the
    // surname is part of it.
    // A capitalised "Al" opening the name is a given name ("Al Franken",
    // "Al Gore"); the Arabic article is written "al" or "al-".
    // "Ursula von der Leyen" is von der Leyen: every particle before it.
    let given_al = |p: usize| p == 0 || titles.contains(words[p - 1].to_lowercase().as_str());
    let mut first = k;
    while first > 0
        && is_particle(words[first - 1])
        && !(words[first - 1] == "Al" && given_al(first - 1))
    {
        first -= 1;
    }
    let mut key: Vec<&str> = words[first..k].to_vec();
    key.push(last);
    key.join(" ")
}

/// Name particles that belong to the surname after them ("Van Hollen",
/// "von Braun", "De Niro", "bin Salman"); any case.
fn is_particle(w: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "van", "von", "de", "da", "al", "bin", "del", "di", "la", "le", "der", "du",
    ];
    PARTICLES.contains(&w.to_lowercase().as_str())
}

/// Words after a surname that are not the surname ("Jr.", "III").
const NAME_SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

/// One written mention of a speaker's name: the words as written (titles
/// and given names included) and the description the text ties to it, if
/// any. What the entity table of an event is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForm {
    /// The speaker name it belongs to (as [`canonical_speaker`] gives it).
    pub key: String,
    /// The mention as written: "Vladimir Putin", "Mr. Putin", "Russian
    /// President Vladimir Putin".
    pub form: String,
    /// The name without titles or possessive ("Vladimir Putin", "Putin").
    pub name: String,
    /// A description tied to the name by title + name ("Kremlin
    /// spokesman Dmitry Peskov") or apposition ("Putin, the Russian
    /// president"; "the Russian president, Vladimir Putin"): lowercased,
    /// without determiner ("kremlin spokesman", "russian president").
    pub description: Option<String>,
    /// Byte offset of the mention in the text: a description later in
    /// the same text may stand for it.
    pub pos: usize,
    /// A party-and-state tag written with the name ("Sen. Bernie Sanders
    /// (I-Vt.)", "Rep. Nancy Pelosi, D-Calif."), spelled out and
    /// lowercased ("vermont independent", "california democrat"): role
    /// words that link "the Vermont senator" or "the California Democrat"
    /// to the name. The tag is never a name itself.
    pub affiliation: Option<String>,
}

/// Honorifics: "Mr Putin" is a form of the name, not a description.
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady",
];

/// A description as a speaker names it, in the form [`NameForm`] keeps:
/// lowercased, leading determiners removed, apostrophes straightened
/// ("the Russian president" -> "russian president", "Putin’s spokesman"
/// -> "putin's spokesman").
pub fn description_key(s: &str) -> String {
    let mut words: Vec<String> = s
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
                .replace('\u{2019}', "'")
        })
        .filter(|w| !w.is_empty())
        .collect();
    while words
        .first()
        .is_some_and(|w| DETERMINERS.contains(&w.as_str()))
    {
        words.remove(0);
    }
    words.join(" ")
}

/// Every mention of the names in `keys` (lowercased key -> key) in the
/// text, outside and inside quotes, with its written form and any
/// description tied to it. One pass over the tokens: each mention looks
/// at a bounded window around it.
pub fn name_forms(
    doc: &AnalyzedDoc,
    keys: &std::collections::HashMap<String, String>,
) -> Vec<NameForm> {
    let mut out = Vec::new();
    if keys.is_empty() || doc.tokens.is_empty() {
        return out;
    }
    let ctx = Ctx::new(doc);
    let n = ctx.n();
    for i in 0..n {
        if !ctx.is_cap(i) {
            continue;
        }
        // "UN" is no form of Kim Jong Un ("Un").
        if ctx.acronym_at(i) {
            continue;
        }
        let word = strip_possessive(ctx.norm(i));
        // "Van Hollen": a particle and the surname are the key.
        let mut p = i;
        while p > 0 && ctx.joined(p) && is_particle(ctx.norm(p - 1)) {
            p -= 1;
        }
        let with_particle = (p < i).then(|| {
            let mut key: Vec<&str> = (p..i).map(|k| ctx.norm(k)).collect();
            key.push(word);
            key.join(" ")
        });
        let Some(key) = with_particle
            .as_ref()
            .and_then(|k| keys.get(k))
            .or_else(|| keys.get(word))
        else {
            continue;
        };
        // The last word of its name run ("Putin", not "Putin Foundation").
        if i + 1 < n && ctx.is_cap(i + 1) && ctx.joined(i + 1) {
            continue;
        }
        let inside = doc.tokens[i].quote;
        let mut a = i;
        while a > 0
            && i - a < 8
            && ctx.name_joined(a)
            && doc.tokens[a - 1].quote == inside
            && (ctx.is_cap(a - 1) || ctx.is_title(a - 1))
            && !doc.tokens[a - 1].is_stop
        {
            a -= 1;
        }
        // Title part [a, g): up to the last title word of the run.
        let g = (a..i).rev().find(|&k| ctx.is_title(k)).map_or(a, |k| k + 1);
        let titled = (a..g).any(|k| !HONORIFICS.contains(&ctx.norm(k).trim_end_matches('.')));
        let mut description = (g > a && titled).then(|| description_key(&ctx.span_text(a, g)));
        if description.is_none() {
            description = apposition_after(&ctx, i)
                .or_else(|| apposition_before(&ctx, a))
                .or_else(|| description_before(&ctx, a));
        }
        let name = strip_possessive(&ctx.span_text(g, i + 1)).to_string();
        out.push(NameForm {
            key: key.clone(),
            form: strip_possessive(&ctx.span_text(a, i + 1)).to_string(),
            name,
            description,
            pos: doc.tokens[a].start,
            affiliation: ctx.affiliation_after(i),
        });
    }
    out
}

/// The people a text names, by canonical name ("Putin" for "Russian
/// President Vladimir Putin"), whether they speak or not: names that are
/// persons by their own form (a title, two or more name words, or a
/// surname already seen as a person's), and no party label, place or
/// institution. What the entity table of an event covers besides the
/// speakers.
pub fn named_people(doc: &AnalyzedDoc) -> Vec<String> {
    let mut out = Vec::new();
    if doc.tokens.is_empty() {
        return out;
    }
    let ctx = Ctx::new(doc);
    let n = ctx.n();
    let mut i = 0;
    while i < n {
        if !ctx.is_cap(i) || ctx.doc.tokens[i].is_stop {
            i += 1;
            continue;
        }
        let b = ctx.cap_run_forward(i, n);
        let last = strip_possessive(ctx.norm(b - 1));
        // A lone word capitalised only where every word is ("Joining").
        let lone = b - i == 1 && !(i > 0 && ctx.is_title(i - 1)) && ctx.ordinary(last);
        if !lone && ctx.is_person(i, b) {
            let key = canonical_speaker(&ctx.span_text(i, b));
            if key.chars().next().is_some_and(char::is_uppercase)
                && !is_demonym(&key.to_lowercase())
            {
                out.push(key);
            }
        }
        i = b;
    }
    out
}

/// Every mention of an organisation by name: a capitalised run ending in
/// an organisation head word ("the Foreign Ministry", "Russia's Foreign
/// Ministry", "the Kremlin", "the White House"). The key is the run after
/// any owner ("Foreign Ministry"), the form the run as written.
pub fn organisation_forms(doc: &AnalyzedDoc) -> Vec<NameForm> {
    if doc.tokens.is_empty() {
        return Vec::new();
    }
    ctx_organisation_forms(&Ctx::new(doc))
}

/// [`organisation_forms`] on a context already built. A generic head
/// standing alone ("the Department", "the Ministry") is no organisation's
/// name: it stands for one named in full earlier ([`bare_head`]).
fn ctx_organisation_forms(ctx: &Ctx) -> Vec<NameForm> {
    let mut out = Vec::new();
    let doc = ctx.doc;
    let n = ctx.n();
    let mut i = 0;
    while i < n {
        if !ctx.is_cap(i) {
            i += 1;
            continue;
        }
        let mut b = ctx.cap_run_forward(i, n);
        let words: Vec<String> = (i..b)
            .map(|k| strip_possessive(ctx.norm(k)).to_string())
            .collect();
        let head = words.last().map(String::as_str).unwrap_or_default();
        let owned = ctx.norm(b - 1).ends_with("'s");
        let org = ctx.org_heads.contains(head) || ctx.org_name(&words);
        // "the Department of Homeland Security", "the Ministry of Foreign
        // Affairs": the name runs on over "of".
        let of_name = org
            && !owned
            && b + 1 < n
            && ctx.norm(b) == "of"
            && ctx.joined(b)
            && ctx.joined(b + 1)
            && ctx.is_cap(b + 1)
            && !ctx.doc.tokens[b + 1].is_stop;
        if of_name {
            b = ctx.cap_run_forward(b + 1, n);
        }
        // The name starts after a leading stop word ("The") or an owner
        // ("Russia's").
        let start = (i..b)
            .rev()
            .find(|&k| k + 1 < b && ctx.norm(k).ends_with("'s"))
            .map_or(i, |k| k + 1);
        // Only a place or nation owns an organisation ("Russia's Foreign
        // Ministry"); "Mrs. Clinton's State Department" and "Friday's Labor
        // Department" name the State and the Labor Department.
        let place_owner = start > i && owns_organisation(&ctx.owner_text(i, start));
        let owned_by_other = start > i && !place_owner;
        let start = (start..b)
            .find(|&k| !ctx.doc.tokens[k].is_stop)
            .unwrap_or(b);
        // A one-word organisation needs to be a name, not "Police" opening
        // a sentence; a person's possessive ("Putin's office") is no name.
        let named = b - start > 1 || ctx.mid_caps.contains(head) || ctx.starts_with_the(start);
        let owner = place_owner;
        let bare = b - start == 1 && bare_head(head) && !owner;
        let owned = owned && !of_name;
        if org && !owned && start < b && named && !bare && (of_name || !ctx.is_person(start, b)) {
            let key = ctx.span_text(start, b);
            let form_start = if ctx.starts_with_the(start) {
                start - 1
            } else if owned_by_other {
                start
            } else {
                i
            };
            out.push(NameForm {
                key: key.clone(),
                form: ctx.span_text(form_start.min(start), b),
                name: key,
                description: None,
                pos: doc.tokens[form_start.min(start)].start,
                affiliation: None,
            });
        }
        i = b;
    }
    out
}

/// Whether a lowercased one-word head is generic: "department",
/// "ministry", "embassy" stand for an organisation named in full
/// elsewhere ("the Justice Department", "Russia's Foreign Ministry");
/// "Kremlin", "Pentagon", "Congress" name one institution by themselves.
fn bare_head(w: &str) -> bool {
    const PROPER: &[&str] = &[
        "kremlin",
        "pentagon",
        "congress",
        "senate",
        "parliament",
        "white house",
    ];
    lists::organisation_heads_en().contains(w) && !PROPER.contains(&w)
}

/// An organisation's name split into the place or nation it belongs to
/// and the rest: "Russia's Foreign Ministry" and "the Russian Foreign
/// Ministry" are ("russia" / "russian", "Foreign Ministry"), "the Foreign
/// Ministry" is (None, "Foreign Ministry"). `form` is the name as written,
/// with any owner; [`same_place`] tells whether two qualifiers are one
/// place. What lets "Foreign Ministry" stand for "Russia's Foreign
/// Ministry" where no other foreign ministry is named.
pub fn organisation_parts(form: &str) -> (Option<String>, String) {
    let words: Vec<&str> = form.split_whitespace().collect();
    let mut start = 0;
    while start < words.len() && DETERMINERS.contains(&words[start].to_lowercase().as_str()) {
        start += 1;
    }
    let words = &words[start..];
    // An owner: "Russia's Foreign Ministry".
    if let Some(k) = words
        .iter()
        .rposition(|w| w.ends_with("'s") || w.ends_with("\u{2019}s"))
    {
        if k + 1 < words.len() {
            let owner: Vec<String> = words[..=k]
                .iter()
                .map(|w| strip_possessive(w).to_lowercase())
                .collect();
            let owner = owner.join(" ");
            if owns_organisation(&owner) {
                return (Some(owner), words[k + 1..].join(" "));
            }
            // An owner that is no place is no part of the name.
            return organisation_parts(&words[k + 1..].join(" "));
        }
    }
    // A leading nationality: "Russian Foreign Ministry".
    if words.len() >= 2 {
        let first = words[0]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if is_nationality(&first) {
            return (Some(first), words[1..].join(" "));
        }
    }
    (None, words.join(" "))
}

/// Whether a lowercased owner ("russia", "new york", "moscow") is a place
/// or nation (`data/places_en.txt`, or a US state spelled out).
fn is_place(owner: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    let places =
        SET.get_or_init(|| lists::entries(include_str!("../../data/places_en.txt")).collect());
    places.contains(owner) || state_name(owner).is_some_and(|s| s == owner)
}

/// Whether a lowercased possessive owner is part of an organisation's
/// name: a place or nation ("Russia's Foreign Ministry"), or a role whose
/// office it is ("the U.S. Attorney's Office", "the Sheriff's Office").
/// A person or a day ("Mrs. Clinton's", "Friday's") is not.
fn owns_organisation(owner: &str) -> bool {
    let last = owner.rsplit(' ').next().unwrap_or_default();
    is_place(owner)
        || lists::speaker_titles_en().contains(last)
        || lists::person_heads_en().contains(last)
}

/// A nationality adjective leading an organisation's name ("Russian",
/// "American", "Chinese", "Israeli"); party adjectives are qualifiers too
/// ("Republican National Committee").
fn is_nationality(w: &str) -> bool {
    is_demonym(w) || (w.len() > 5 && w.ends_with("an")) || (w.len() > 5 && w.ends_with("i"))
}

/// Whether two qualifiers of [`organisation_parts`] name one place: equal,
/// or a country and its adjective ("russia" / "russian", "ukraine" /
/// "ukrainian", "china" / "chinese"): they share all but the last letter
/// of the shorter, and at least four letters.
pub fn same_place(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    a == b || (common >= 4 && common + 1 >= shorter)
}

/// "Putin, the Russian president, ...": a determiner and at most five
/// words ending in a title word, right after the name and a comma.
fn apposition_after(ctx: &Ctx, i: usize) -> Option<String> {
    let n = ctx.n();
    let d = i + 1;
    if d >= n || !ctx.gap(d).trim().eq(",") || !matches!(ctx.norm(d), "the" | "a" | "an") {
        return None;
    }
    let sentence = ctx.doc.tokens[i].sentence;
    let mut e = d + 1;
    while e < n && e - d <= 5 && ctx.joined(e) && ctx.doc.tokens[e].sentence == sentence {
        e += 1;
    }
    // The description ends at the last title word of the run.
    let last = (d + 1..e).rev().find(|&k| ctx.is_title(k))?;
    // "a deputy head at ...": the title must end the noun phrase.
    let ends = last + 1 >= n
        || !ctx.joined(last + 1)
        || ctx.is_cap(last + 1)
        || ctx.doc.tokens[last + 1].is_stop;
    if !ends || (d + 1..=last).any(|k| ctx.doc.tokens[k].is_stop && !ctx.is_title(k)) {
        return None;
    }
    Some(description_key(&ctx.span_text(d + 1, last + 1)))
}

/// "the Russian president, Vladimir Putin": a title word right before
/// the comma, back to a determiner at most five words before.
fn apposition_before(ctx: &Ctx, a: usize) -> Option<String> {
    if a < 2 || !ctx.gap(a).trim().eq(",") || !ctx.is_title(a - 1) {
        return None;
    }
    let mut s = a - 1;
    while s > 0 && a - s <= 5 && ctx.joined(s) {
        if matches!(ctx.norm(s - 1), "the" | "a" | "an") {
            return Some(description_key(&ctx.span_text(s, a)));
        }
        if ctx.doc.tokens[s - 1].is_stop {
            return None;
        }
        s -= 1;
    }
    None
}

/// "the president's personal attorneys Rudy Giuliani": a lowercase noun
/// phrase whose head names a person or role (not a title: "Sen." is
/// one), right before the name, back to a determiner or an owner at most
/// five words before.
fn description_before(ctx: &Ctx, a: usize) -> Option<String> {
    if a < 2
        || !ctx.joined(a)
        || ctx.is_cap(a - 1)
        || ctx.head_kind(ctx.norm(a - 1)) != Head::Person
    {
        return None;
    }
    let mut s = a - 1;
    while s > 0 && a - s <= 5 && ctx.joined(s) {
        let prev = ctx.norm(s - 1);
        if DETERMINERS.contains(&prev) || strip_possessive(prev) != prev {
            return Some(description_key(&ctx.span_text(s - 1, a)));
        }
        if ctx.doc.tokens[s - 1].is_stop || ctx.is_cap(s - 1) || ctx.verb_at(s - 1).is_some() {
            return None;
        }
        s -= 1;
    }
    None
}

/// Words that may stand between a verb and the scare quote it attributes.
const SCARE_GAP: &[&str] = &[
    "that", "it", "he", "she", "they", "him", "her", "them", "had", "has", "have", "was", "were",
    "is", "as", "a", "an", "been",
];

/// Heads of noun phrases that stand where a speaker would ("the statement
/// said", "according to the indictment") but are documents, things or
/// times, not people or organisations: such a quote has no named speaker.
const NOT_SPEAKERS: &[&str] = &[
    "statement",
    "statements",
    "letter",
    "letters",
    "report",
    "reports",
    "indictment",
    "resolution",
    "lawsuit",
    "suit",
    "complaint",
    "filing",
    "memo",
    "document",
    "documents",
    "advertisement",
    "ad",
    "ads",
    "tweet",
    "tweets",
    "article",
    "slides",
    "excerpts",
    "announcement",
    "offer",
    "account",
    "interactions",
    "world",
    "morning",
    "evening",
    "night",
    "week",
    "year",
    "bill",
    "deal",
    "order",
    "ruling",
    "decision",
    "email",
    "emails",
    "message",
    "video",
    "interview",
    "speech",
    "remarks",
    "comments",
    "book",
    "study",
    "survey",
    "poll",
    "data",
    "plan",
    "proposal",
    "transcript",
    // an indefinite group ("Others say it was his lack of popularity"):
    // no one to attribute to, nor an antecedent for a later "it says"
    "others",
];

/// The nationality and party adjectives of [`is_demonym`] that are
/// listed, without its "-ian"/"-ese" rule (which also takes surnames:
/// "Donabedian", "Coglianese").
fn listed_demonym(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "french",
        "german",
        "dutch",
        "swiss",
        "greek",
        "thai",
        "israeli",
        "iraqi",
        "pakistani",
        "saudi",
        "afghan",
        "yemeni",
        "kuwaiti",
        "qatari",
        "emirati",
        "omani",
        "bangladeshi",
        "democrat",
        "democratic",
        "republican",
        "gop",
        "dem",
        "soviet",
        "arab",
        "welsh",
        "irish",
        "scottish",
        "polish",
        "spanish",
        "danish",
        "swedish",
        "finnish",
        "turkish",
        "british",
        "english",
        "korean",
        "european",
        "chilean",
        "kurdish",
        "jewish",
        "muslim",
        "western",
        "eastern",
        "northern",
        "southern",
        "american",
        "african",
        "asian",
        "mexican",
        "cuban",
        "canadian",
        "haitian",
    ];
    WORDS.contains(&w)
}

/// Nationality and party adjectives: a bare one is a modifier whose noun
/// the search did not reach ("Russian officials"), not a speaker.
fn is_demonym(w: &str) -> bool {
    listed_demonym(w)
        || ["ian", "ese"]
            .iter()
            .any(|s| w.len() > s.len() + 2 && w.ends_with(s))
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "his", "her", "their", "our", "this",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pron {
    /// "he", "him": a person not known to be a woman.
    He,
    /// "she", "her": a person not known to be a man.
    She,
    Thing,
    Any,
}

fn pronoun(norm: &str) -> Option<Pron> {
    Some(match norm {
        "he" | "him" => Pron::He,
        "she" | "her" => Pron::She,
        "it" => Pron::Thing,
        "they" | "them" => Pron::Any,
        _ => return None,
    })
}

/// A party-and-state tag ([`Ctx::party_tag`]).
struct PartyTag {
    /// "democrat", "republican", "independent".
    party: &'static str,
    /// The state spelled out, lowercased, when the table knows it.
    state: Option<&'static str>,
    /// The token after the tag.
    end: usize,
}

/// What stands in the subject slot of an attribution verb.
#[derive(Debug, Clone)]
enum Subject {
    /// A named entity or noun phrase, with its token range.
    Named {
        name: String,
        mention: String,
        person: bool,
        pos: usize,
    },
    /// A pronoun at byte `pos`.
    Pronoun { kind: Pron, pos: usize },
    /// A document or thing in the speaker's place ("the report said"):
    /// the cue is there, but no person or organisation speaks, so the
    /// quote is unattributed (and does not continue an earlier speaker).
    Nobody,
}

/// An earlier entity a pronoun may refer to.
#[derive(Debug, Clone)]
struct Candidate {
    /// Where it ranks: a pronoun takes the candidate with the greatest
    /// `pos` before it.
    pos: usize,
    /// Where a person ranked before their sentence's subject
    /// ([`add_sentence_candidates`]) is written; a pronoun before that
    /// point cannot refer to them. `None`: at `pos`.
    named_at: Option<usize>,
    name: String,
    mention: String,
    person: bool,
    /// A person's gender where the text shows it ([`Ctx::gender_of`]).
    gender: Option<Gender>,
}

/// A person's gender as the text shows it: a gendered title ("Mrs.
/// Love", "Mr. Putin") or a given name that almost always names one sex
/// ("Mia Love", "Joe Biden"). Only chooses which person a "he" or "she"
/// refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

/// The gender a title before a name shows ("mrs", "congressman").
fn title_gender(title: &str) -> Option<Gender> {
    match title {
        "mr" | "sir" | "lord" | "king" | "prince" | "congressman" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "dame" | "lady" | "queen" | "princess" | "congresswoman" => {
            Some(Gender::Female)
        }
        _ => None,
    }
}

struct Ctx<'a> {
    doc: &'a AnalyzedDoc,
    verbs: &'static AttributionVerbs,
    titles: &'static HashSet<&'static str>,
    non_person: &'static HashSet<&'static str>,
    skip: &'static HashSet<&'static str>,
    person_heads: &'static HashSet<&'static str>,
    org_heads: &'static HashSet<&'static str>,
    /// Lowercased canonical names known to be persons.
    known: HashSet<String>,
    /// Per canonical name, the gender its mentions show; `None` when they
    /// disagree ("Joe Biden" and "Jill Biden" are both "Biden").
    genders: HashMap<String, Option<Gender>>,
    /// Words written capitalised somewhere other than at a sentence's (or
    /// a quote's) start: a word capitalised only there ("Joining",
    /// "Sources") is an ordinary word, not a name.
    mid_caps: HashSet<String>,
    /// Words written in lowercase somewhere in the text.
    lower: HashSet<String>,
    /// Per token, computed once: capitalised, title word, end of the
    /// attribution verb starting there (0 when none).
    cap: Vec<bool>,
    title: Vec<bool>,
    verb_end: Vec<usize>,
    /// Memo of [`Ctx::clause_subject`], per floor.
    scans: RefCell<HashMap<usize, ClauseScan>>,
    /// Tokens examined by the subject search, to test that it stays
    /// linear in the document.
    work: Cell<u64>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a AnalyzedDoc) -> Self {
        let mut c = Ctx {
            doc,
            verbs: lists::attribution_verbs_en(),
            titles: lists::speaker_titles_en(),
            non_person: lists::non_person_words_en(),
            skip: lists::speaker_skip_en(),
            person_heads: lists::person_heads_en(),
            org_heads: lists::organisation_heads_en(),
            known: HashSet::default(),
            genders: HashMap::default(),
            mid_caps: HashSet::default(),
            lower: HashSet::default(),
            cap: Vec::new(),
            title: Vec::new(),
            verb_end: Vec::new(),
            scans: RefCell::default(),
            work: Cell::new(0),
        };
        c.cap = (0..c.n())
            .map(|i| c.form(i).chars().next().is_some_and(char::is_uppercase))
            .collect();
        c.bridge_particles();
        c.title = (0..c.n()).map(|i| c.titles.contains(c.norm(i))).collect();
        c.verb_end = (0..c.n()).map(|i| c.find_verb(i).unwrap_or(0)).collect();
        c.mid_caps = (0..c.n())
            .filter(|&i| c.cap[i] && !c.starts_sentence(i))
            .map(|i| strip_possessive(c.norm(i)).to_string())
            .collect();
        c.lower = (0..c.n())
            .filter(|&i| c.form(i).chars().next().is_some_and(char::is_lowercase))
            .map(|i| strip_possessive(c.norm(i)).to_string())
            .collect();
        c.learn_names();
        c.learn_genders();
        c
    }

    /// [`Ctx::genders`]: one pass over the tokens; each name started by a
    /// gendered title or a gendered given name is read once.
    fn learn_genders(&mut self) {
        let female = lists::given_names_female_en();
        let male = lists::given_names_male_en();
        let n = self.n();
        let mut genders: HashMap<String, Option<Gender>> = HashMap::default();
        for i in 0..n.saturating_sub(1) {
            if !self.is_cap(i + 1) || !self.name_joined(i + 1) {
                continue;
            }
            let word = self.norm(i).trim_end_matches('.');
            let (gender, first) = match title_gender(word) {
                Some(g) => (g, i + 1),
                None if !self.is_cap(i) => continue,
                None if female.contains(word) => (Gender::Female, i),
                None if male.contains(word) => (Gender::Male, i),
                None => continue,
            };
            let e = self.cap_run_forward(first, n);
            let key = canonical_speaker(&self.span_text(first, e));
            if key.is_empty() {
                continue;
            }
            genders
                .entry(key)
                .and_modify(|g| {
                    if *g != Some(gender) {
                        *g = None;
                    }
                })
                .or_insert(Some(gender));
        }
        self.genders = genders;
    }

    /// The gender the text shows for a person's canonical name.
    fn gender_of(&self, name: &str, person: bool) -> Option<Gender> {
        if !person {
            return None;
        }
        self.genders.get(name).copied().flatten()
    }

    fn n(&self) -> usize {
        self.doc.tokens.len()
    }

    /// Lowercase name particles between capitalised words of one name
    /// ("Bill de Blasio", "Ursula von der Leyen") count as capitalised, so
    /// the name runs on over them and is not cut to "Blasio".
    fn bridge_particles(&mut self) {
        let n = self.n();
        let mut i = 1;
        while i < n {
            if self.cap[i] || !self.cap[i - 1] || !is_particle(self.norm(i)) || !self.joined(i) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < n && !self.cap[j] && is_particle(self.norm(j)) && self.joined(j) {
                j += 1;
            }
            if j < n && self.cap[j] && self.joined(j) {
                self.cap[i..j].iter_mut().for_each(|c| *c = true);
            }
            i = j.max(i + 1);
        }
    }

    fn norm(&self, i: usize) -> &str {
        &self.doc.tokens[i].norm
    }

    fn form(&self, i: usize) -> &str {
        let t = &self.doc.tokens[i];
        self.doc.slice(t.start, t.end)
    }

    fn is_cap(&self, i: usize) -> bool {
        self.cap[i]
    }

    /// Text between token `i - 1` and token `i`.
    fn gap(&self, i: usize) -> &str {
        let t = &self.doc.tokens;
        if i == 0 || i >= t.len() {
            return "";
        }
        self.doc.slice(t[i - 1].end, t[i].start)
    }

    /// Whether tokens `i - 1` and `i` are joined by white space only.
    fn joined(&self, i: usize) -> bool {
        self.gap(i).chars().all(char::is_whitespace)
    }

    fn is_title(&self, i: usize) -> bool {
        self.title[i]
    }

    /// Whether "the" stands right before token `i`.
    fn starts_with_the(&self, i: usize) -> bool {
        i > 0 && self.joined(i) && self.norm(i - 1) == "the"
    }

    /// Whether token `i` opens its sentence, a quote or a clause after a
    /// dash or colon: where any word is capitalised.
    fn starts_sentence(&self, i: usize) -> bool {
        let t = &self.doc.tokens[i];
        let opens_quote = t
            .quote
            .is_some_and(|q| i == 0 || self.doc.quotes[q].start >= self.doc.tokens[i - 1].end);
        i == self.doc.sentences[t.sentence].token_start
            || opens_quote
            || self
                .gap(i)
                .contains(['\u{2014}', '\u{2013}', ':', '(', '[', '|'])
    }

    /// Whether the one capitalised word `w` (lowercased) is an ordinary
    /// word capitalised where every word is ("Joining", "Finally",
    /// "Sources"), not a name: it is never capitalised elsewhere, and it
    /// is written in lowercase elsewhere, or reads as a gerund, an adverb
    /// or a noun of the head lists. "Netanyahu said ..." opening the only
    /// sentence that names him is a name.
    fn ordinary(&self, w: &str) -> bool {
        !self.mid_caps.contains(w)
            && (self.lower.contains(w)
                || (w.len() > 5 && (w.ends_with("ing") || w.ends_with("ly")))
                || self.head_kind(w) != Head::Other
                || NOT_SPEAKERS.contains(&w))
    }

    /// What a lowercased head noun names: a person or role, an
    /// organisation, or neither. Plurals are looked up by their singular
    /// ("officials", "agencies"); "the 43-year-old" is a person.
    fn head_kind(&self, w: &str) -> Head {
        let w = strip_possessive(w);
        let mut forms = vec![w.to_string()];
        for (suffix, with) in [("ies", "y"), ("es", ""), ("s", "")] {
            if let Some(stem) = w.strip_suffix(suffix) {
                if stem.len() > 2 {
                    forms.push(format!("{stem}{with}"));
                }
            }
        }
        if forms.iter().any(|f| {
            self.titles.contains(f.as_str())
                || self.person_heads.contains(f.as_str())
                || f.ends_with("-year-old")
        }) {
            Head::Person
        } else if forms.iter().any(|f| self.org_heads.contains(f.as_str())) {
            Head::Organisation
        } else {
            Head::Other
        }
    }

    /// Joined within a name: white space, or "." after a title or initial.
    fn name_joined(&self, i: usize) -> bool {
        let g = self.gap(i);
        if g.chars().all(char::is_whitespace) {
            return true;
        }
        g.starts_with('.')
            && g[1..].chars().all(char::is_whitespace)
            && (self.is_title(i - 1) || self.form(i - 1).chars().count() == 1)
    }

    /// An attribution verb starting at token `i`: the end token (exclusive).
    fn verb_at(&self, i: usize) -> Option<usize> {
        Some(self.verb_end[i]).filter(|&e| e > 0)
    }

    fn find_verb(&self, i: usize) -> Option<usize> {
        let norm = self.norm(i);
        let single = self.verbs.single.contains(norm);
        if !single && !self.verbs.multi_first.contains(norm) {
            return None;
        }
        // A capitalised word, or one after "the" or a possessive, is a
        // noun ("the statement", "Biden's remarks"), not a verb.
        if self.form(i).chars().next().is_some_and(char::is_uppercase)
            || (i > 0
                && self.joined(i)
                && (DETERMINERS.contains(&self.norm(i - 1)) || self.norm(i - 1).ends_with("'s")))
        {
            return None;
        }
        if single {
            return Some(i + 1);
        }
        'multi: for m in &self.verbs.multi {
            if m.first() != Some(&norm) || i + m.len() > self.n() {
                continue;
            }
            for (k, w) in m.iter().enumerate().skip(1) {
                if self.norm(i + k) != *w || !self.joined(i + k) {
                    continue 'multi;
                }
            }
            return Some(i + m.len());
        }
        None
    }

    /// Capitalised name run ending at token `last` (inclusive), going back
    /// no further than `floor`; leading stop words are dropped, lowercase
    /// title words before it ("spokesman") are included in the mention.
    fn cap_run_back(&self, last: usize, floor: usize) -> (usize, usize) {
        let mut a = last;
        while a > floor
            && self.is_cap(a - 1)
            && self.name_joined(a)
            && self.doc.tokens[a - 1].quote.is_none()
        {
            a -= 1;
        }
        while a < last && self.doc.tokens[a].is_stop {
            a += 1;
        }
        let mut m = a;
        while m > floor && self.is_title(m - 1) && self.joined(m) {
            m -= 1;
        }
        (m, last + 1)
    }

    /// Capitalised name run starting at token `first`.
    fn cap_run_forward(&self, first: usize, limit: usize) -> usize {
        let mut b = first + 1;
        while b < limit && self.is_cap(b) && self.name_joined(b) {
            b += 1;
        }
        b
    }

    fn span_text(&self, a: usize, b: usize) -> String {
        let t = &self.doc.tokens;
        self.doc.slice(t[a].start, t[b - 1].end).to_string()
    }

    /// Whether the name in tokens `[a, b)` is a person.
    fn is_person(&self, a: usize, b: usize) -> bool {
        // "Mr. King", "Mrs. Bishop": an honorific before a word that is
        // also a title; the word is a surname. "Mr. President", "Madam
        // Speaker" are forms of address, no names.
        const ADDRESSED: &[&str] = &[
            "president",
            "speaker",
            "chairman",
            "chairwoman",
            "secretary",
            "ambassador",
            "mayor",
            "governor",
            "senator",
            "minister",
            "prime",
            "vice",
            "commissioner",
            "leader",
            "director",
        ];
        if b == a + 2
            && matches!(
                self.norm(a).trim_end_matches('.'),
                "mr" | "mrs" | "ms" | "miss" | "dr"
            )
            && self.is_cap(a + 1)
            && !ADDRESSED.contains(&self.norm(a + 1))
        {
            return true;
        }
        let last_core = (a..b)
            .rev()
            .find(|&i| !self.is_title(i) && !self.doc.tokens[i].is_stop);
        let titled = last_core.is_some_and(|l| (a..l).any(|i| self.is_title(i)))
            || (a > 0 && self.is_title(a - 1));
        let core = || {
            (a..b)
                .filter(|&i| !self.is_title(i) && !self.doc.tokens[i].is_stop)
                .map(|i| strip_possessive(self.norm(i)))
        };
        let Some(last) = core().next_back() else {
            return false;
        };
        let Some(last_i) = last_core else {
            return false;
        };
        // "Vermont Democrat" is a description, "Freedom's Lighthouse" a
        // thing someone owns: neither is a person's name ("Twitter's Adam
        // Sharp" is Sharp: a full name follows the owner).
        let owned = b >= 2 && b - 2 >= a && self.norm(b - 2).ends_with("'s");
        if self.non_person_at(last_i) || is_party(last) || owned || self.tagged_state(a) {
            return false;
        }
        // "Dovish Israeli lawmaker Dov Hanin": a run ending in a
        // nationality is a description's modifier ("Israeli"), and a run
        // in capitals a headline or a banner ("FOX NEWS APP", "FORGET THE
        // DEBT"): neither names a person.
        let shouted = |i: usize| {
            let w = self.form(i);
            w.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !w.chars().any(char::is_lowercase)
        };
        // Only a nationality right before a lowercase noun modifies it:
        // "David French said", "Deirdre English says" are names.
        let modifier = listed_demonym(last)
            && b < self.n()
            && self.joined(b)
            && !self.is_cap(b)
            && !self.doc.tokens[b].is_stop
            && self.verb_at(b).is_none();
        let banner = b > a + 1 && (a..b).all(|i| self.doc.tokens[i].is_stop || shouted(i));
        if !titled && (modifier || banner) {
            return false;
        }
        // A run the text treats as a place or an institution: after "the"
        // ("the Des Moines Register", "the National Mall"), after an
        // organisation's "of" ("the Department of Homeland Security"), or
        // ending in an organisation word ("Time Magazine"). Taken for a
        // person, its last word became a surname ("Register", "Mall",
        // "Security").
        if !titled {
            let the = (a..b)
                .take_while(|&k| self.doc.tokens[k].is_stop)
                .any(|k| self.norm(k) == "the")
                || (a > 0 && self.joined(a) && self.norm(a - 1) == "the");
            let of_org = a >= 2
                && self.norm(a - 1) == "of"
                && self.joined(a)
                && self.joined(a - 1)
                && self.is_cap(a - 2)
                && self.head_kind(self.norm(a - 2)) == Head::Organisation;
            if the || of_org || self.org_heads.contains(last) {
                return false;
            }
            // "New Hampshire", "South Korea": two capitalised words, but
            // a place. Taken for a person, it became a pronoun's antecedent
            // ("she said" -> "Hampshire") and "South Korea" the surname
            // "Korea", one speaker with North Korea.
            // (A single word is a person only when known as one: "Jordan"
            // of "Jim Jordan" stays a person.)
            if core().count() >= 2 && is_place(&self.owner_text(a, b)) {
                return false;
            }
        }
        titled
            || (core().count() >= 2
                && (a..b)
                    .filter(|&i| !self.is_title(i) && !self.doc.tokens[i].is_stop)
                    .any(|i| !self.non_person_at(i)))
            || self.known.contains(last)
    }

    /// The owner in tokens `[a, end)` before an organisation's name,
    /// lowercased, without stop words or the possessive ("mrs. clinton"
    /// of "Mrs. Clinton's State Department", "new york" of "New York's").
    fn owner_text(&self, a: usize, end: usize) -> String {
        (a..end)
            .filter(|&j| !self.doc.tokens[j].is_stop)
            .map(|j| strip_possessive(self.norm(j)))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether token `i` never names a person
    /// (`data/non_person_words_en.txt`): a lowercase entry matches the word
    /// in any case ("Thursday", "Ministry"), an entry written in capitals
    /// only as written ("UN", "EU"), so that "Un" of "Kim Jong Un" and "Us"
    /// stay name words.
    fn non_person_at(&self, i: usize) -> bool {
        self.non_person.contains(strip_possessive(self.norm(i)))
            || self.non_person.contains(strip_possessive(self.form(i)))
    }

    /// Whether token `i` is an acronym of `data/non_person_words_en.txt`
    /// as written ("UN", "EU").
    fn acronym_at(&self, i: usize) -> bool {
        let w = strip_possessive(self.form(i));
        !w.chars().any(char::is_lowercase) && self.non_person.contains(w)
    }

    /// Whether token `a` lies in a party-and-state tag ("D-Calif", "I-Vt",
    /// the "Y" of "D-N.Y."): never a name.
    fn tagged_state(&self, a: usize) -> bool {
        (a.saturating_sub(3)..=a).any(|k| self.party_tag(k).is_some_and(|t| t.end > a))
    }

    /// The party-and-state tag opening at token `p`. The tokenizer keeps a
    /// hyphen between two letters inside one token, so the party letter
    /// and the first part of the state are one token ("D-Calif", "I-Vt",
    /// "R-Texas", "D-N" of "D-N.Y.", "D-New" of "D-New York"); the state's
    /// further parts follow as capitalised tokens joined by a period or a
    /// space ("Y", "York"). The state is spelled out when the table of US
    /// states knows it (the longest match); a tag whose state it does not
    /// know ("D-P.R.") is still a tag, ending at its last period-joined
    /// part.
    fn party_tag(&self, p: usize) -> Option<PartyTag> {
        let (letter, rest) = self.form(p).split_once(is_hyphen)?;
        let party = match letter {
            "D" => "democrat",
            "R" => "republican",
            "I" => "independent",
            _ => return None,
        };
        if !rest.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let mut written = rest.to_lowercase();
        let mut state = state_name(&written).map(|s| (s, p + 1));
        let mut dotted = p + 1;
        let mut k = p + 1;
        while k < self.n() && k - p <= 3 && self.is_cap(k) {
            let g = self.gap(k);
            if g.len() > 2 || !g.chars().all(|c| c == '.' || c == ' ') {
                break;
            }
            if g.contains(' ') {
                written.push(' ');
            } else if dotted == k {
                dotted = k + 1;
            }
            written.push_str(self.norm(k));
            if let Some(s) = state_name(&written) {
                state = Some((s, k + 1));
            }
            k += 1;
        }
        Some(match state {
            Some((s, end)) => PartyTag {
                party,
                state: Some(s),
                end,
            },
            None => PartyTag {
                party,
                state: None,
                end: dotted,
            },
        })
    }

    /// The party-and-state tag right after the name ending at token `i`
    /// ("Sen. Bernie Sanders (I-Vt.)", "Rep. Nancy Pelosi, D-Calif.,"),
    /// spelled out: "vermont independent", "california democrat". `None`
    /// when there is no tag or its state is not a US state.
    fn affiliation_after(&self, i: usize) -> Option<String> {
        let p = i + 1;
        if p >= self.n() || !matches!(self.gap(p).trim(), "(" | ",") {
            return None;
        }
        let tag = self.party_tag(p)?;
        Some(format!("{} {}", tag.state?, tag.party))
    }

    /// First pass: names that are persons by their own form.
    fn learn_names(&mut self) {
        let n = self.n();
        let mut i = 0;
        while i < n {
            if !self.is_cap(i) || (i > 0 && self.is_cap(i - 1) && self.name_joined(i)) {
                i += 1;
                continue;
            }
            let b = self.cap_run_forward(i, n);
            let (a, _) = self.cap_run_back(b - 1, i);
            let a = (a..b).find(|&k| !self.doc.tokens[k].is_stop).unwrap_or(a);
            let subject_of_verb = b < n && self.joined(b) && self.verb_at(b).is_some();
            if self.is_person(a, b)
                || (subject_of_verb
                    && b - a == 1
                    && !self.non_person_at(a)
                    && !self.ordinary(strip_possessive(self.norm(a))))
            {
                let last = strip_possessive(self.norm(b - 1)).to_string();
                // "Russian" before a verb is a modifier cut off, not a name.
                let modifier = b - a == 1 && is_demonym(&last);
                if !(self.titles.contains(last.as_str()) || modifier) {
                    self.known.insert(last);
                }
            }
            i = b;
        }
    }

    /// Classify the noun phrase or name ending at token `last` (inclusive).
    fn subject_back(&self, last: usize, floor: usize) -> Option<Subject> {
        self.judged(self.subject_back_any(last, floor)?)
    }

    /// `s` if it can speak, [`Subject::Nobody`] if it is a document or
    /// thing, `None` if it is no subject at all (a modifier cut off).
    fn judged(&self, s: Subject) -> Option<Subject> {
        match self.verdict(&s) {
            Verdict::Speaker => Some(s),
            Verdict::Common => match s {
                Subject::Named { mention, pos, .. } => Some(Subject::Named {
                    name: mention.to_lowercase(),
                    person: self.head_kind(&mention.to_lowercase()) == Head::Person,
                    mention,
                    pos,
                }),
                other => Some(other),
            },
            Verdict::Nobody => Some(Subject::Nobody),
            Verdict::Not => None,
        }
    }

    fn subject_back_any(&self, last: usize, floor: usize) -> Option<Subject> {
        let t = &self.doc.tokens[last];
        if let Some(kind) = pronoun(&t.norm) {
            return Some(Subject::Pronoun { kind, pos: t.start });
        }
        if t.norm.ends_with("'s") {
            return None;
        }
        if self.is_cap(last) && !t.is_stop {
            let (mut a, mut b) = self.cap_run_back(last, floor);
            // "Sen. Chris Coons of Delaware slammed": the person before
            // "of" is the subject; "Department of Justice" stays whole.
            // "Heritage Action for America", "Americans for Prosperity":
            // capitals on both sides of "for" are one organisation's name.
            if a >= floor + 2
                && matches!(self.norm(a - 1), "of" | "for")
                && self.joined(a)
                && self.joined(a - 1)
                && self.is_cap(a - 2)
            {
                let (pa, pb) = self.cap_run_back(a - 2, floor);
                if self.norm(a - 1) == "of" && self.is_person(pa, pb) {
                    b = pb;
                }
                a = pa;
            }
            // "Mrs. Clinton's State Department said": an owner that is no
            // place is no part of the organisation's name.
            if let Some(k) = (a..b.saturating_sub(1))
                .rev()
                .find(|&k| self.norm(k).ends_with("'s"))
            {
                let words: Vec<String> = (k + 1..b)
                    .map(|j| strip_possessive(self.norm(j)).to_string())
                    .collect();
                let org = words
                    .last()
                    .is_some_and(|h| self.org_heads.contains(h.as_str()))
                    || self.org_name(&words);
                if org && !owns_organisation(&self.owner_text(a, k + 1)) {
                    a = k + 1;
                }
            }
            let mut mention = self.span_text(a, b);
            let person = self.is_person(a, b);
            // "the senior senator from New York said", "a professor at
            // Harvard said": the place or institution is where the speaker
            // is from, not who speaks.
            if !person {
                if let Some(s) = self.person_before_preposition(a, b, floor) {
                    return Some(s);
                }
            }
            // "the Vermont Democrat", "the Texas Republican": a person
            // described by party (and state), not a name.
            if !person
                && a > floor
                && self.joined(a)
                && DETERMINERS.contains(&self.norm(a - 1))
                && is_party(strip_possessive(self.norm(b - 1)))
            {
                mention = self.span_text(a - 1, b);
                return Some(Subject::Named {
                    name: lower_first_determiner(&mention),
                    mention,
                    person: true,
                    pos: self.doc.tokens[a - 1].start,
                });
            }
            return Some(Subject::Named {
                name: if person {
                    canonical_speaker(&mention)
                } else {
                    mention.clone()
                },
                mention,
                person,
                pos: self.doc.tokens[a].start,
            });
        }
        if t.is_stop || !t.is_alpha {
            return None;
        }
        // A common noun phrase: back to a determiner, at most five words.
        let mut a = last;
        while a > floor && last - a < 5 && self.joined(a) {
            let prev = self.norm(a - 1);
            if DETERMINERS.contains(&prev) {
                a -= 1;
                break;
            }
            if self.doc.tokens[a - 1].is_stop || self.verb_at(a - 1).is_some() {
                break;
            }
            a -= 1;
        }
        // "Robert Kelly of Pusan National University said": the person
        // the institution is attached to speaks.
        if self.head_kind(&t.norm) != Head::Person {
            if let Some(s) = self.person_before_preposition(a, last + 1, floor) {
                return Some(s);
            }
        }
        let mention = self.span_text(a, last + 1);
        // "the Russian president", "the Kremlin chief": a role is a person.
        let person = self.head_kind(&t.norm) == Head::Person;
        Some(Subject::Named {
            name: lower_first_determiner(&mention),
            mention,
            person,
            pos: self.doc.tokens[a].start,
        })
    }

    /// The person named by tokens `[a, b)`, as a subject.
    fn person_named(&self, a: usize, b: usize) -> Subject {
        let mention = self.span_text(a, b);
        Subject::Named {
            name: canonical_speaker(&mention),
            mention,
            person: true,
            pos: self.doc.tokens[a].start,
        }
    }

    /// The person a phrase starting at token `a` is attached to by a
    /// preposition ("the senator from New York", "a professor at the
    /// university", "Robert Kelly of Pusan National University"): a named
    /// person, or a noun phrase whose head names a person or role (itself
    /// or through a further preposition), right before "from", "of", "at",
    /// "in", "for" or "with" (and "the"); `end` is the token after the
    /// phrase. None otherwise, so "the Department of Justice" is left to
    /// the caller.
    fn person_before_preposition(&self, a: usize, end: usize, floor: usize) -> Option<Subject> {
        const PREPOSITIONS: &[&str] = &["from", "of", "at", "in", "for", "with"];
        let mut p = a;
        if p > floor && self.norm(p - 1) == "the" && self.joined(p) {
            p -= 1;
        }
        if p < floor + 2
            || !PREPOSITIONS.contains(&self.norm(p - 1))
            || !self.joined(p)
            || !self.joined(p - 1)
        {
            return None;
        }
        let h = p - 2;
        let t = &self.doc.tokens[h];
        if t.quote.is_some() || t.is_stop || !t.is_alpha {
            return None;
        }
        if self.is_cap(h) {
            // (Capitals on both sides of "for" are one name: see the caller.)
            let (ha, hb) = self.cap_run_back(h, floor);
            if self.norm(p - 1) == "for" || !self.is_person(ha, hb) {
                return None;
            }
        }
        // A lowercase phrase may itself hang on a person ("Robert Kelly of
        // Pusan national university in South Korea"): only a person found
        // that way is taken.
        let found = self.subject_back_any(h, floor)?;
        // A description (not a name found further back, as "Robert Kelly"
        // of "Robert Kelly of Pusan national university"): it opens with a
        // lowercase word or a determiner.
        let description = match &found {
            Subject::Named { pos, .. } => {
                let s0 = self.doc.tokens.partition_point(|t| t.start < *pos);
                s0 < self.n() && (!self.is_cap(s0) || DETERMINERS.contains(&self.norm(s0)))
            }
            _ => false,
        };
        match found {
            // A description keeps what it hangs on: "the senior senator
            // from New York" says more than "the senior senator".
            // "No president in American history has rejected ...": a
            // description needs a determiner ("the", "a") or a plural head
            // ("officials at the ministry") to name anyone.
            Subject::Named { ref mention, .. }
                if description
                    && !t.norm.ends_with('s')
                    && !mention
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| DETERMINERS.contains(&w.to_lowercase().as_str())) =>
            {
                None
            }
            Subject::Named {
                pos, person: true, ..
            } if description => {
                // "Ayham Kamel, an Iraq analyst at Eurasia Group said": the
                // description is in apposition to the name before it.
                let s0 = self.doc.tokens.partition_point(|t| t.start < pos);
                if s0 > floor && self.gap(s0).trim() == "," && self.is_cap(s0 - 1) {
                    let (na, nb) = self.cap_run_back(s0 - 1, floor);
                    if self.is_person(na, nb) {
                        return Some(self.person_named(na, nb));
                    }
                }
                let mention = self
                    .doc
                    .slice(pos, self.doc.tokens[end - 1].end)
                    .to_string();
                Some(Subject::Named {
                    name: lower_first_determiner(&mention),
                    mention,
                    person: true,
                    pos,
                })
            }
            s @ Subject::Named { person: true, .. } => Some(s),
            _ => None,
        }
    }

    /// The noun phrase or name starting at token `first` (after "said" or
    /// "according to"), within `[first, limit)`.
    fn subject_forward(&self, first: usize, limit: usize) -> Option<Subject> {
        self.judged(self.subject_forward_any(first, limit)?)
    }

    /// Whether a subject can be a speaker: a person or an organisation,
    /// named ("Peskov", "the Kremlin", "WikiLeaks") or described by a head
    /// noun of `data/speaker_heads_en.txt` or
    /// `data/organisation_heads_en.txt` ("the Kremlin spokesman", "a
    /// senior official", "the ministry"). Never a bare adjective
    /// ("Russian"), a party label ("GOP", "Republican", "California
    /// Democrat"), a title standing alone ("Rep", a name the text cut
    /// off), a capitalised word seen only where every word is ("Joining",
    /// "Sources"), or a noun phrase whose head is neither ("the talking
    /// points", "the planned meeting"). A document or thing ("the
    /// statement", "the indictment", "Trump's offer") is
    /// [`Verdict::Nobody`]: the quote is the document's, unattributed.
    fn verdict(&self, s: &Subject) -> Verdict {
        let Subject::Named {
            mention, person, ..
        } = s
        else {
            return Verdict::Speaker;
        };
        let raw: Vec<&str> = mention
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
            .filter(|w| !w.is_empty())
            .collect();
        let determined = raw
            .first()
            .is_some_and(|w| DETERMINERS.contains(&w.to_lowercase().as_str()));
        let words: Vec<String> = raw
            .iter()
            .map(|w| strip_possessive(w).to_lowercase().replace('\u{2019}', "'"))
            .filter(|w| !DETERMINERS.contains(&w.as_str()))
            .collect();
        let (Some(head), Some(last_raw)) = (words.last(), raw.last()) else {
            return Verdict::Not;
        };
        // "Rep" alone is a title cut off; "the senator" is a person.
        if words.len() == 1
            && ((self.titles.contains(head.as_str()) && !determined)
                || (is_demonym(head) && !self.known.contains(head.as_str())))
        {
            return Verdict::Not;
        }
        if is_party(head) && !determined {
            return Verdict::Not;
        }
        let named = last_raw.chars().next().is_some_and(char::is_uppercase);
        if named {
            if words.len() == 1 && !determined && self.ordinary(head) {
                // Capitalised only where every word is: an ordinary noun
                // ("Sources told ..."), or no subject ("Joining them ...").
                return match self.head_kind(head) {
                    Head::Other => Verdict::Not,
                    _ => Verdict::Common,
                };
            }
            // "the Kremlin", "the Pentagon"; not "the Brooklyn" of "the
            // Brooklyn, N.Y., chapter".
            let org = self.head_kind(head) != Head::Other || self.org_name(&words);
            if *person || !determined || words.len() > 1 || org {
                return Verdict::Speaker;
            }
            return Verdict::Not;
        }
        if *person {
            return Verdict::Speaker;
        }
        if NOT_SPEAKERS.contains(&head.as_str()) {
            return Verdict::Nobody;
        }
        match self.head_kind(head) {
            Head::Person | Head::Organisation => Verdict::Speaker,
            Head::Other => Verdict::Not,
        }
    }

    /// Whether the last two words are a two-word organisation head ("White
    /// House", "State Department").
    fn org_name(&self, words: &[String]) -> bool {
        words.len() >= 2 && {
            let two = words[words.len() - 2..].join(" ");
            self.org_heads.contains(two.as_str())
        }
    }

    /// Whether a candidate a pronoun resolved to may take the quote. The
    /// candidate itself passed [`Ctx::verdict`] when it was found; what is
    /// judged here is the pronoun written: "it", "he", "they" stand for a
    /// speaker, "her" is as often a possessive ("her office") and is not
    /// trusted.
    fn candidate_like(&self, c: &Candidate) -> bool {
        let written = c.mention.to_lowercase();
        if pronoun(&written).is_some() {
            return !DETERMINERS.contains(&written.as_str());
        }
        let s = Subject::Named {
            name: c.name.clone(),
            mention: c.mention.clone(),
            person: c.person,
            pos: c.pos,
        };
        matches!(self.verdict(&s), Verdict::Speaker | Verdict::Common)
    }

    fn subject_forward_any(&self, first: usize, limit: usize) -> Option<Subject> {
        if first >= limit {
            return None;
        }
        let t = &self.doc.tokens[first];
        if let Some(kind) = pronoun(&t.norm) {
            return Some(Subject::Pronoun { kind, pos: t.start });
        }
        let mut i = first;
        while i < limit && DETERMINERS.contains(&self.norm(i)) {
            i += 1;
        }
        // Words up to a stop word (a preposition), punctuation or the end.
        let mut b = i;
        while b < limit
            && !self.doc.tokens[b].is_stop
            && (b == i || self.joined(b))
            && b - first < 6
            // "... spokesman Ali Rabiei meanwhile": the name has ended.
            && !(b > i + 1
                && !self.is_cap(b)
                && !self.is_title(b)
                && self.is_cap(b - 1)
                && (self.is_cap(b - 2) || self.is_title(b - 2)))
        {
            if b > i && self.norm(b - 1).ends_with("'s") && !self.is_cap(b) {
                // "the foreign ministry's statement": keep going.
            }
            b += 1;
        }
        if b == i {
            return None;
        }
        // "the spokesperson for the EU ..., Josep Borrell": a person named
        // in apposition later in the clause is the speaker.
        let last_cap = self.is_cap(b - 1);
        if !last_cap {
            let mut k = b;
            while k < limit {
                if self.gap(k).contains(',') && self.is_cap(k) {
                    let e = self.cap_run_forward(k, limit);
                    if self.is_person(k, e) {
                        return Some(self.person_named(k, e));
                    }
                }
                k += 1;
            }
        }
        let (a, b2) = if last_cap {
            let e = self.cap_run_forward(i, limit.min(b + 4));
            (first, e.max(b))
        } else {
            (first, b)
        };
        let mention = self.span_text(a, b2);
        let person = last_cap && self.is_person(i, b2);
        // "said the president's personal attorneys Rudy Giuliani and Jay
        // Sekulow": a description glued to a name; the speaker is the
        // person its head noun describes.
        if last_cap && !person {
            if let Some(r) = self.described_name(i, b2) {
                return Some(Subject::Named {
                    name: canonical_speaker(&self.span_text(r, b2)),
                    mention,
                    person: true,
                    pos: self.doc.tokens[r].start,
                });
            }
        }
        Some(Subject::Named {
            name: if person {
                canonical_speaker(&mention)
            } else {
                lower_first_determiner(&mention)
            },
            mention,
            person,
            pos: self.doc.tokens[a].start,
        })
    }

    /// The start of a person's name ending the phrase `[i, b)` right
    /// after a lowercase description whose head names a person or role
    /// ("the president's personal attorneys Rudy Giuliani"): the name's
    /// first token, or `None` when the phrase is no such thing.
    fn described_name(&self, i: usize, b: usize) -> Option<usize> {
        let mut r = b - 1;
        while r > i && self.is_cap(r - 1) && self.name_joined(r) {
            r -= 1;
        }
        let described = r > i
            && self.joined(r)
            && !self.is_cap(r - 1)
            && self.head_kind(self.norm(r - 1)) == Head::Person;
        (described && self.is_person(r, b)).then_some(r)
    }

    /// Subject of the verb at token `v`, looking back to `floor`.
    fn subject_of_verb(&self, v: usize, floor: usize) -> Option<Subject> {
        match self.direct_subject(v, floor) {
            Direct::Found(s) => s,
            // A participle or coordinated verb ("..., telling reporters",
            // "looked at him and said"): the subject of the clause.
            Direct::Clause => {
                let start = self.doc.sentences[self.doc.tokens[v].sentence].token_start;
                self.clause_subject(start.min(floor), v)
            }
        }
    }

    /// The subject standing right before the verb at token `v` (after
    /// skip words), or [`Direct::Clause`] when the clause's subject must
    /// be searched. Looks at a bounded neighbourhood of `v` only: no
    /// recursion, so every verb costs the same whatever precedes it.
    fn direct_subject(&self, v: usize, floor: usize) -> Direct {
        self.work.set(self.work.get() + 1);
        let participle = self.norm(v).ends_with("ing");
        let mut k = v;
        if !participle {
            while k > floor {
                let p = k - 1;
                let norm = self.norm(p);
                let adverb = norm.ends_with("ly") && !self.is_cap(p) && norm.len() > 3;
                if (self.skip.contains(norm) || adverb) && !self.is_cap(p)
                    || (self.skip.contains(norm) && self.non_person_at(p))
                {
                    k = p;
                    if self.gap(k + 1).contains(',') {
                        break;
                    }
                    continue;
                }
                break;
            }
            if k > floor
                && !self.gap(k).contains([',', ';', ':', '—'])
                && self.joined_or_possessive(k)
            {
                let p = k - 1;
                if self.norm(p) == "who" {
                    // "Mr. Putin, who also said ...": the name before ", who".
                    if p > floor && self.gap(p).contains(',') {
                        return Direct::Found(self.subject_back(p - 1, floor));
                    }
                    return Direct::Found(None);
                }
                // "Sen. Chris Coons, D-Delaware, said": the party and
                // state stand in apposition; the subject is the clause's.
                if self.affiliation(p) {
                    return Direct::Clause;
                }
                if self.norm(p) != "and" {
                    return Direct::Found(self.subject_back(p, floor));
                }
            }
        }
        Direct::Clause
    }

    /// Token `p` ends a party-and-state tag set off from what precedes it
    /// ("R-Calif", ", D-Delaware", "(D-N.Y.").
    fn affiliation(&self, p: usize) -> bool {
        (p.saturating_sub(3)..=p).any(|k| {
            self.party_tag(k).is_some_and(|t| t.end == p + 1) && (k == 0 || !self.joined(k))
        })
    }

    fn joined_or_possessive(&self, k: usize) -> bool {
        self.gap(k).chars().all(|c| c.is_whitespace() || c == '.')
    }

    /// The subject of the clause in `[floor, end)`: an earlier attribution
    /// verb's subject, else the first pronoun or person named. `end` is an
    /// attribution verb.
    ///
    /// Defined recursively (an earlier verb's subject may itself be its
    /// clause's subject), which explored every earlier verb once per later
    /// verb: exponential in the verbs of one sentence. The answer for a
    /// floor only grows with `end`, so it is computed once per floor by a
    /// forward scan ([`ClauseScan`]) that each query extends: every token
    /// is examined a bounded number of times per floor, and the floors
    /// used are sentence starts (or earlier), so the whole search is
    /// linear in the document.
    fn clause_subject(&self, floor: usize, end: usize) -> Option<Subject> {
        // A verb is never capitalised, so no name run crosses `end`: a
        // name found before `end` reads the same whatever `end` is.
        debug_assert!(end >= self.n() || !self.is_cap(end));
        let mut scan = self
            .scans
            .borrow_mut()
            .remove(&floor)
            .unwrap_or_else(|| ClauseScan::new(floor));
        let found = self.extend_scan(&mut scan, end);
        self.scans.borrow_mut().insert(floor, scan);
        found
    }

    /// Extend `scan` to `end` and answer [`Ctx::clause_subject`] for it.
    fn extend_scan(&self, scan: &mut ClauseScan, end: usize) -> Option<Subject> {
        let floor = scan.floor;
        while scan.first.is_none() && scan.verbs_to < end {
            let v = scan.verbs_to;
            scan.verbs_to += 1;
            if self.doc.tokens[v].quote.is_some()
                || self.verb_at(v).is_none()
                || self.norm(v).ends_with("ing")
            {
                continue;
            }
            // `subject_of_verb(v, floor)`, knowing that no verb before `v`
            // in this scan has a subject.
            let s = match self.direct_subject(v, floor) {
                Direct::Found(s) => s,
                Direct::Clause => {
                    let start = self.doc.sentences[self.doc.tokens[v].sentence].token_start;
                    if start < floor {
                        self.clause_subject(start, v)
                    } else {
                        self.fallback_subject(scan, v)
                    }
                }
            };
            if let Some(s) = s {
                scan.first = Some((v, s));
            }
        }
        match &scan.first {
            Some((v, s)) if *v < end => Some(s.clone()),
            _ => self.fallback_subject(scan, end),
        }
    }

    /// The first pronoun or person named in `[scan.floor, end)`, outside
    /// quotes (the second half of [`Ctx::clause_subject`]).
    fn fallback_subject(&self, scan: &mut ClauseScan, end: usize) -> Option<Subject> {
        while scan.named.is_none() && scan.names_to < end {
            let i = scan.names_to;
            scan.names_to += 1;
            self.work.set(self.work.get() + 1);
            let t = &self.doc.tokens[i];
            if t.quote.is_some() {
                continue;
            }
            if let Some(kind) = pronoun(&t.norm) {
                if kind != Pron::Thing {
                    scan.named = Some((i, Subject::Pronoun { kind, pos: t.start }));
                    continue;
                }
            }
            if self.is_cap(i) && !t.is_stop {
                let b = self.cap_run_forward(i, self.n());
                if self.is_person(i, b) && !self.norm(b - 1).ends_with("'s") {
                    let mention = self.span_text(i, b);
                    scan.named = Some((
                        i,
                        Subject::Named {
                            name: canonical_speaker(&mention),
                            mention,
                            person: true,
                            pos: t.start,
                        },
                    ));
                }
            }
        }
        match &scan.named {
            Some((i, s)) if *i < end => Some(s.clone()),
            _ => None,
        }
    }
}

/// What [`Ctx::verdict`] makes of a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// A person or organisation.
    Speaker,
    /// A document or thing: the quote has no speaker.
    Nobody,
    /// Not a subject (a modifier or label cut off): look for another cue.
    Not,
    /// A common noun capitalised at a sentence's start ("Sources"): a
    /// speaker, named in lowercase like any description.
    Common,
}

/// What a head noun names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    Person,
    Organisation,
    Other,
}

/// Party labels: alone ("GOP", "Republicans") or after a state ("Texas
/// Republican") they are no name; after "the" they describe a person.
fn is_party(w: &str) -> bool {
    matches!(
        w,
        "republican"
            | "republicans"
            | "democrat"
            | "democrats"
            | "democratic"
            | "gop"
            | "dem"
            | "dems"
            | "tory"
            | "tories"
            | "libdem"
            | "libdems"
    )
}

/// A US state as a party-and-state tag writes it ("calif", "vt", "ny",
/// "n c", "new york"; lowercased, dots dropped), spelled out.
fn state_name(written: &str) -> Option<&'static str> {
    const STATES: &[(&str, &[&str])] = &[
        ("alabama", &["ala", "al"]),
        ("alaska", &["ak"]),
        ("arizona", &["ariz", "az"]),
        ("arkansas", &["ark", "ar"]),
        ("california", &["calif", "cal", "ca"]),
        ("colorado", &["colo", "co"]),
        ("connecticut", &["conn", "ct"]),
        ("delaware", &["del", "de"]),
        ("florida", &["fla", "fl"]),
        ("georgia", &["ga"]),
        ("hawaii", &["hi"]),
        ("idaho", &["id"]),
        ("illinois", &["ill", "il"]),
        ("indiana", &["ind", "in"]),
        ("iowa", &["ia"]),
        ("kansas", &["kan", "kans", "ks"]),
        ("kentucky", &["ky"]),
        ("louisiana", &["la"]),
        ("maine", &["me"]),
        ("maryland", &["md"]),
        ("massachusetts", &["mass", "ma"]),
        ("michigan", &["mich", "mi"]),
        ("minnesota", &["minn", "mn"]),
        ("mississippi", &["miss", "ms"]),
        ("missouri", &["mo"]),
        ("montana", &["mont", "mt"]),
        ("nebraska", &["neb", "nebr", "ne"]),
        ("nevada", &["nev", "nv"]),
        ("new hampshire", &["nh"]),
        ("new jersey", &["nj"]),
        ("new mexico", &["nm"]),
        ("new york", &["ny"]),
        ("north carolina", &["nc"]),
        ("north dakota", &["nd"]),
        ("ohio", &["oh"]),
        ("oklahoma", &["okla", "ok"]),
        ("oregon", &["ore", "or"]),
        ("pennsylvania", &["pa", "penn"]),
        ("rhode island", &["ri"]),
        ("south carolina", &["sc"]),
        ("south dakota", &["sd"]),
        ("tennessee", &["tenn", "tn"]),
        ("texas", &["tex", "tx"]),
        ("utah", &["ut"]),
        ("vermont", &["vt"]),
        ("virginia", &["va"]),
        ("washington", &["wash", "wa"]),
        ("west virginia", &["wva", "wv"]),
        ("wisconsin", &["wis", "wisc", "wi"]),
        ("wyoming", &["wyo", "wy"]),
    ];
    let w = written.to_lowercase();
    let squeezed: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
    STATES
        .iter()
        .find(|(name, abbr)| *name == w || abbr.contains(&squeezed.as_str()))
        .map(|(name, _)| *name)
}

/// What the words right before an attribution verb say of its subject.
enum Direct {
    /// The subject (or that the verb has none), found next to the verb.
    Found(Option<Subject>),
    /// The verb takes its clause's subject.
    Clause,
}

/// The state of [`Ctx::clause_subject`] for one floor: how far verbs and
/// names have been examined, and the first hit of each.
struct ClauseScan {
    floor: usize,
    /// Tokens `[floor, verbs_to)` have been examined for verbs.
    verbs_to: usize,
    /// The first verb of the clause that has a subject, with it.
    first: Option<(usize, Subject)>,
    /// Tokens `[floor, names_to)` have been examined for a pronoun or name.
    names_to: usize,
    /// The first pronoun or person name, with its token.
    named: Option<(usize, Subject)>,
}

impl ClauseScan {
    fn new(floor: usize) -> Self {
        Self {
            floor,
            verbs_to: floor,
            first: None,
            names_to: floor,
            named: None,
        }
    }
}

fn lower_first_determiner(s: &str) -> String {
    for d in ["The ", "A ", "An ", "Its ", "His ", "Her ", "Their "] {
        if let Some(rest) = s.strip_prefix(d) {
            return format!("{}{}", d.to_lowercase(), rest);
        }
    }
    s.to_string()
}

/// A found cue before pronoun resolution.
struct Cue {
    subject: Subject,
    verb: Option<(usize, usize)>,
    cue: SpeakerCue,
}

/// Fill [`super::Quote::speaker`] where the text names the speaker.
pub(crate) fn attribute(doc: &mut AnalyzedDoc, paragraphs: &[(usize, usize)]) {
    attribute_counted(doc, paragraphs);
}

/// [`attribute`], returning how many verbs and tokens the subject search
/// examined (what the tests bound to keep it linear).
fn attribute_counted(doc: &mut AnalyzedDoc, paragraphs: &[(usize, usize)]) -> u64 {
    if doc.quotes.is_empty() {
        return 0;
    }
    let ctx = Ctx::new(doc);
    let mut candidates = Candidates::default();
    let mut speakers: Vec<Option<Speaker>> = vec![None; doc.quotes.len()];
    let ended_before = ended_before(doc);
    // Quotations with a speaker, by end, not yet ended before the quote at
    // hand; `spoken` is the last one that has.
    let mut pending: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut spoken: Option<usize> = None;
    let mut prev_cues: HashMap<usize, Option<PrevCue>> = HashMap::default();
    // Short quotes that are a speaker's words (partial quotations).
    let mut partial = vec![false; doc.quotes.len()];
    let mut qi = 0;
    for s in 0..doc.sentences.len() {
        let sent = &doc.sentences[s];
        let later =
            add_sentence_candidates(&ctx, sent.token_start, sent.token_end, &mut candidates);
        while qi < doc.quotes.len() && doc.quotes[qi].sentence == s {
            while let Some(&Reverse((end, p))) = pending.peek() {
                if end > doc.quotes[qi].start {
                    break;
                }
                pending.pop();
                spoken = spoken.max(Some(p));
            }
            let found = find_cue(&ctx, qi, ended_before[qi], paragraphs)
                .map(|c| (c, false))
                .or_else(|| partial_cue(&ctx, qi, ended_before[qi]).map(|c| (c, true)));
            if let Some((cue, reported)) = found {
                if reported || spoken_words(doc, qi) {
                    partial[qi] = true;
                }
                let verb = cue.verb.map(|(a, b)| {
                    let t = &doc.tokens;
                    (t[a].start, t[b - 1].end)
                });
                let cue_kind = match cue.subject {
                    Subject::Pronoun { .. } => SpeakerCue::Pronoun,
                    _ => cue.cue,
                };
                let resolved = match cue.subject {
                    Subject::Named {
                        name,
                        mention,
                        person,
                        pos,
                    } => Some(Candidate {
                        pos,
                        named_at: None,
                        gender: ctx.gender_of(&name, person),
                        name,
                        mention,
                        person,
                    }),
                    Subject::Nobody => None,
                    Subject::Pronoun { kind, pos } => {
                        candidates.resolve(kind, pos).map(|c| Candidate {
                            pos,
                            named_at: None,
                            name: c.name.clone(),
                            mention: doc
                                .slice(
                                    pos,
                                    pos + doc.text[pos..]
                                        .find(|c: char| !c.is_alphabetic())
                                        .unwrap_or(0),
                                )
                                .to_string(),
                            person: c.person,
                            gender: c.gender,
                        })
                    }
                };
                if let Some(c) = resolved.filter(|c| ctx.candidate_like(c)) {
                    speakers[qi] = Some(Speaker {
                        name: c.name.clone(),
                        mention: c.mention.clone(),
                        verb: verb.map(|(a, b)| doc.slice(a, b).to_string()),
                        verb_span: verb,
                        cue: cue_kind,
                    });
                    let pos = verb.map_or(doc.quotes[qi].end, |v| v.0);
                    candidates.push(Candidate {
                        pos,
                        named_at: None,
                        ..c
                    });
                }
            } else if doc.quotes[qi].kind == QuoteKind::Quotation {
                speakers[qi] = continuation(doc, &speakers, qi, spoken, paragraphs).or_else(|| {
                    previous_sentence(&ctx, qi, paragraphs, &candidates, &mut prev_cues)
                });
            }
            if speakers[qi].is_some() && doc.quotes[qi].kind == QuoteKind::Quotation {
                pending.push(Reverse((doc.quotes[qi].end, qi)));
            }
            qi += 1;
        }
        for c in later {
            candidates.push(c);
        }
        candidates.sort();
    }
    resolve_bare_heads(&ctx, &mut speakers);
    let work = ctx.work.get();
    for ((q, s), p) in doc.quotes.iter_mut().zip(speakers).zip(partial) {
        if p && s.is_some() && q.kind == QuoteKind::Scare && q.n_words >= 2 {
            q.kind = QuoteKind::Quotation;
        }
        q.speaker = s;
    }
    work
}

/// Speakers named by a generic organisation head alone ("the Department
/// said", "the ministry said") take the organisation of that head the text
/// named in full before ("the Justice Department", "Russia's Foreign
/// Ministry") when exactly one fits. When two fit, or when the head is
/// written as a name ("the Department") and none does, the quote is
/// unattributed: a speaker is never named by a bare head noun. A
/// lowercase head no organisation fits ("the ministry", "the police")
/// stays a description.
fn resolve_bare_heads(ctx: &Ctx, speakers: &mut [Option<Speaker>]) {
    let bare = |s: &Speaker| {
        let key = description_key(&s.name);
        (!key.contains(' ') && bare_head(&key)).then_some(key)
    };
    if !speakers.iter().flatten().any(|s| bare(s).is_some()) {
        return;
    }
    let orgs = ctx_organisation_forms(ctx);
    let fits = HeadFits::new(&orgs);
    for (qi, slot) in speakers.iter_mut().enumerate() {
        let Some(s) = slot.as_ref() else { continue };
        let Some(head) = bare(s) else { continue };
        let at = s.verb_span.map_or(ctx.doc.quotes[qi].start, |v| v.0);
        let written_as_name = s
            .name
            .split_whitespace()
            .last()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
        match fits.before(&head, at) {
            Some(fit) if fit.one_core && fit.one_place => {
                let form = &orgs[fit.chosen].form;
                let name = form
                    .strip_prefix("the ")
                    .or_else(|| form.strip_prefix("The "));
                if let Some(s) = slot.as_mut() {
                    s.name = name.unwrap_or(form).to_string();
                }
            }
            None if !written_as_name => {}
            _ => *slot = None,
        }
    }
}

/// The organisations named in full, by head noun, with what
/// [`resolve_bare_heads`] asks of those named before a quote, kept as
/// running facts in text order: each name is split once per document, so
/// a long document with many bare heads stays linear (asking of every
/// earlier name for every quote was quadratic).
struct HeadFits {
    by_head: HashMap<String, Vec<HeadFit>>,
}

/// The facts about one head's names up to and including one of them.
#[derive(Clone, Copy)]
struct HeadFit {
    /// Where the name is.
    pos: usize,
    /// Every name so far has the same core ("Foreign Ministry").
    one_core: bool,
    /// Every place qualifying them so far is one place.
    one_place: bool,
    /// The name a bare head takes (index into the names): the last one
    /// with a place, else the last one.
    chosen: usize,
}

impl HeadFits {
    fn new(orgs: &[NameForm]) -> HeadFits {
        struct Run {
            first_core: String,
            first_place: Option<String>,
            last_place: Option<String>,
            last_placed: Option<usize>,
        }
        let mut runs: HashMap<String, Run> = HashMap::default();
        let mut by_head: HashMap<String, Vec<HeadFit>> = HashMap::default();
        for (k, o) in orgs.iter().enumerate() {
            let (qualifier, core) = organisation_parts(&o.form);
            let head = organisation_head(&core);
            let core = core.to_lowercase();
            let list = by_head.entry(head.clone()).or_default();
            let prev = list.last().copied();
            let run = runs.entry(head).or_insert_with(|| Run {
                first_core: core.clone(),
                first_place: None,
                last_place: None,
                last_placed: None,
            });
            let mut one_place = prev.is_none_or(|p| p.one_place);
            if let Some(q) = &qualifier {
                if let (Some(last), Some(first)) = (&run.last_place, &run.first_place) {
                    one_place &= same_place(last, q) && same_place(q, first);
                }
                if run.first_place.is_none() {
                    run.first_place = Some(q.clone());
                }
                run.last_place = Some(q.clone());
                run.last_placed = Some(k);
            }
            list.push(HeadFit {
                pos: o.pos,
                one_core: prev.is_none_or(|p| p.one_core) && core == run.first_core,
                one_place,
                chosen: run.last_placed.unwrap_or(k),
            });
        }
        HeadFits { by_head }
    }

    /// The facts about the names with head `head` before `at`; `None`
    /// when there is none.
    fn before(&self, head: &str, at: usize) -> Option<HeadFit> {
        let list = self.by_head.get(head)?;
        let k = list.partition_point(|f| f.pos < at);
        k.checked_sub(1).map(|i| list[i])
    }
}

/// The head noun of an organisation's name, lowercased: its last word,
/// or the word before "of" ("department" of "Department of Justice").
pub fn organisation_head(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let head = match words.iter().position(|w| *w == "of") {
        Some(k) if k > 0 => words[k - 1],
        _ => words.last().copied().unwrap_or_default(),
    };
    strip_possessive(head).to_lowercase()
}

/// A quotation with no cue after a sentence of the same paragraph that
/// names a speaker with an attribution verb and quotes nothing ("Mr Putin
/// added that he wished Mr Biden good health. “I'm saying this ...”").
fn previous_sentence(
    ctx: &Ctx,
    qi: usize,
    paragraphs: &[(usize, usize)],
    candidates: &Candidates,
    cache: &mut HashMap<usize, Option<PrevCue>>,
) -> Option<Speaker> {
    let doc = ctx.doc;
    let q = &doc.quotes[qi];
    let ps = q.sentence.checked_sub(1)?;
    let prev = &doc.sentences[ps];
    if paragraph_of(paragraphs, prev.start) != paragraph_of(paragraphs, q.start) {
        return None;
    }
    // The same for every quote of the sentence: looked at once.
    let PrevCue { v, ve, subject } = cache
        .entry(ps)
        .or_insert_with(|| prev_cue(ctx, prev.token_start, prev.token_end))
        .clone()?;
    let (name, mention, person) = match subject {
        Subject::Named {
            name,
            mention,
            person,
            ..
        } => (name, mention, person),
        Subject::Pronoun { kind, pos } => {
            let c = candidates.resolve(kind, pos)?;
            (c.name.clone(), c.mention.clone(), c.person)
        }
        Subject::Nobody => return None,
    };
    if !person {
        return None;
    }
    let span = (doc.tokens[v].start, doc.tokens[ve - 1].end);
    Some(Speaker {
        name,
        mention,
        verb: Some(doc.slice(span.0, span.1).to_string()),
        verb_span: Some(span),
        cue: SpeakerCue::NameVerb,
    })
}

/// The attribution verb of a sentence that quotes nothing, and its subject.
#[derive(Clone)]
struct PrevCue {
    v: usize,
    ve: usize,
    subject: Subject,
}

fn prev_cue(ctx: &Ctx, a: usize, b: usize) -> Option<PrevCue> {
    if ctx.doc.tokens[a..b].iter().any(|t| t.quote.is_some()) {
        return None;
    }
    let v = (a..b).find(|&v| ctx.verb_at(v).is_some())?;
    let ve = ctx.verb_at(v)?;
    let subject = ctx.subject_of_verb(v, a)?;
    Some(PrevCue { v, ve, subject })
}

/// The previous quotation's speaker in the same paragraph, or in the
/// paragraph before when this one opens with the quote and that one ended
/// with a quotation (news style for a quotation running on).
///
/// `spoken` is the last quotation before `qi` that has a speaker and ends
/// before `qi` starts: the answer within the paragraph, found without
/// walking back over every quote of a long paragraph.
fn continuation(
    doc: &AnalyzedDoc,
    speakers: &[Option<Speaker>],
    qi: usize,
    spoken: Option<usize>,
    paragraphs: &[(usize, usize)],
) -> Option<Speaker> {
    let para = paragraph_of(paragraphs, doc.quotes[qi].start);
    let opens_para = paragraphs[para].0 == doc.quotes[qi].start;
    let continued = |p: usize| {
        speakers[p].as_ref().map(|s| Speaker {
            verb: None,
            verb_span: None,
            cue: SpeakerCue::Continuation,
            ..s.clone()
        })
    };
    if !opens_para {
        let p = spoken?;
        if paragraph_of(paragraphs, doc.quotes[p].start) != para {
            return None;
        }
        return continued(p);
    }
    // Quotes are in text order: only this paragraph and the one before
    // can hold the quote continued. Each paragraph is opened by one quote
    // at most, so this walk looks at each quote once in the document.
    for p in (0..qi).rev() {
        let q = &doc.quotes[p];
        let qp = paragraph_of(paragraphs, q.start);
        if qp + 1 < para {
            break;
        }
        // Every quote between `p` and `qi` starts before the end of
        // paragraph `qp` (starts are sorted: the last one decides).
        let runs_on = qp + 1 == para
            && paragraphs[qp].1 <= q.end + 1
            && (p + 1 == qi || doc.quotes[qi - 1].start < paragraphs[qp].1);
        if qp != para && !runs_on {
            continue;
        }
        if q.kind != QuoteKind::Quotation || q.end > doc.quotes[qi].start {
            continue;
        }
        if let Some(s) = continued(p) {
            return Some(s);
        }
    }
    None
}

/// For each quote, the last quote before it that ends before it starts
/// (the one whose end bounds the search for a cue before the quote).
fn ended_before(doc: &AnalyzedDoc) -> Vec<Option<usize>> {
    let mut pending: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut last: Option<usize> = None;
    let mut out = Vec::with_capacity(doc.quotes.len());
    for (qi, q) in doc.quotes.iter().enumerate() {
        while let Some(&Reverse((end, p))) = pending.peek() {
            if end > q.start {
                break;
            }
            pending.pop();
            last = last.max(Some(p));
        }
        out.push(last);
        pending.push(Reverse((q.end, qi)));
    }
    out
}

fn paragraph_of(paragraphs: &[(usize, usize)], pos: usize) -> usize {
    paragraphs.partition_point(|p| p.0 <= pos).saturating_sub(1)
}

fn compatible(kind: Pron, c: &Candidate) -> bool {
    match kind {
        Pron::He => c.person && c.gender != Some(Gender::Female),
        Pron::She => c.person && c.gender != Some(Gender::Male),
        Pron::Thing => !c.person,
        Pron::Any => true,
    }
}

/// Candidates for pronoun resolution, sorted by position after each
/// [`Candidates::sort`], with what is pushed since in a tail.
///
/// A pronoun takes the candidate found first walking back from the end of
/// the list. Walking the whole list per pronoun, and sorting the whole
/// list per sentence, made a long document quadratic; the sorted part is
/// indexed (last person / non-person up to each entry) so a pronoun costs
/// a binary search plus the tail, and a sort only merges the tail in.
#[derive(Default)]
struct Candidates {
    list: Vec<Candidate>,
    /// `list[..sorted]` is sorted by position.
    sorted: usize,
    /// Per entry of the sorted part: 1 + index of the last candidate at
    /// or before it that a "he" (resp. "she", "it") may refer to, 0 when
    /// none.
    last_he: Vec<usize>,
    last_she: Vec<usize>,
    last_thing: Vec<usize>,
}

impl Candidates {
    fn push(&mut self, c: Candidate) {
        self.list.push(c);
    }

    /// Most recent compatible candidate before `pos`: the first one
    /// walking back from the end of the list.
    fn resolve(&self, kind: Pron, pos: usize) -> Option<&Candidate> {
        let before = |c: &Candidate| c.pos < pos && c.named_at.is_none_or(|at| at < pos);
        let (head, tail) = self.list.split_at(self.sorted);
        if let Some(c) = tail.iter().rev().find(|c| before(c) && compatible(kind, c)) {
            return Some(c);
        }
        let k = head.partition_point(|c| c.pos < pos);
        // The compatible candidate at or before index `j`.
        let at_or_before = |j: usize| match kind {
            Pron::Any => Some(j),
            Pron::He => self.last_he[j].checked_sub(1),
            Pron::She => self.last_she[j].checked_sub(1),
            Pron::Thing => self.last_thing[j].checked_sub(1),
        };
        let mut i = at_or_before(k.checked_sub(1)?)?;
        // Only people named after the pronoun, in its own sentence, are
        // skipped: at most a few steps.
        while !before(&head[i]) {
            i = at_or_before(i.checked_sub(1)?)?;
        }
        head.get(i)
    }

    /// Stable sort by position, as `sort_by_key` of the whole list would
    /// give: the sorted tail is merged in (ties keep the earlier entry
    /// first), touching only the entries that sort after its first one.
    fn sort(&mut self) {
        let mut tail = self.list.split_off(self.sorted);
        tail.sort_by_key(|c| c.pos);
        let k = match tail.first() {
            Some(first) => self.list.partition_point(|c| c.pos <= first.pos),
            None => self.list.len(),
        };
        let rest = self.list.split_off(k);
        let mut a = rest.into_iter().peekable();
        let mut b = tail.into_iter().peekable();
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.pos <= y.pos,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_a { a.next() } else { b.next() };
            self.list.extend(next);
        }
        self.last_he.truncate(k);
        self.last_she.truncate(k);
        self.last_thing.truncate(k);
        for i in k..self.list.len() {
            let before = |v: &Vec<usize>| i.checked_sub(1).map_or(0, |j| v[j]);
            let c = &self.list[i];
            let here = |kind| compatible(kind, c).then_some(i + 1);
            let he = here(Pron::He).unwrap_or(before(&self.last_he));
            let she = here(Pron::She).unwrap_or(before(&self.last_she));
            let thing = here(Pron::Thing).unwrap_or(before(&self.last_thing));
            self.last_he.push(he);
            self.last_she.push(she);
            self.last_thing.push(thing);
        }
        self.sorted = self.list.len();
    }
}

/// Most other people a sentence names that become candidates after its
/// subject; a sentence naming more is a list of names, and offers none.
const LATER_PEOPLE: usize = 2;

/// Candidates a sentence offers: subjects of its attribution verbs, the
/// first person it names, and (ranked after them) the other people it
/// names, outside quotes.
///
/// A pronoun takes the most recent compatible candidate, and the subject
/// of a sentence is the likelier antecedent than a person named later in
/// it ("Trump met Obama. He said ..." is Trump). So the later people are
/// placed just before the sentence's first candidate: a pronoun after the
/// sentence tries its subject first, then those people, latest first,
/// then earlier sentences. Without them, a "she" after "Trump praised
/// Ivanka Trump" skipped the sentence and took a woman named paragraphs
/// before. They are returned, to be pushed once the sentence's own quotes
/// are attributed: a pronoun in the sentence itself ("He accused Hassan
/// Rouhani of ..., saying") is its subject, never a person named after it.
#[must_use]
fn add_sentence_candidates(ctx: &Ctx, a: usize, b: usize, out: &mut Candidates) -> Vec<Candidate> {
    let mut first_person = false;
    // Byte position of the sentence's first candidate, and the people named
    // after it.
    let mut first_pos: Option<usize> = None;
    let mut later: Vec<Candidate> = Vec::new();
    let mut i = a;
    while i < b {
        let t = &ctx.doc.tokens[i];
        if t.quote.is_some() {
            i += 1;
            continue;
        }
        if !first_person && matches!(t.norm.as_str(), "he" | "she") {
            let kind = if t.norm == "he" { Pron::He } else { Pron::She };
            if let Some(c) = out.resolve(kind, t.start).cloned() {
                out.push(Candidate {
                    pos: t.start,
                    named_at: None,
                    ..c
                });
                first_pos.get_or_insert(t.start);
            }
            first_person = true;
            i += 1;
            continue;
        }
        if let Some(end) = ctx.verb_at(i) {
            if !ctx.norm(i).ends_with("ing") {
                if let Some(Subject::Named {
                    name,
                    mention,
                    person,
                    pos,
                }) = ctx.subject_of_verb(i, a)
                {
                    // The subject of "said" outranks any name after it.
                    first_person |= person;
                    first_pos.get_or_insert(pos);
                    out.push(Candidate {
                        pos,
                        named_at: None,
                        gender: ctx.gender_of(&name, person),
                        name,
                        mention,
                        person,
                    });
                }
            }
            i = end;
            continue;
        }
        if (!first_person || later.len() <= LATER_PEOPLE)
            && ctx.is_cap(i)
            && !t.is_stop
            && (i == a || !ctx.is_cap(i - 1) || !ctx.name_joined(i))
        {
            let e = ctx.cap_run_forward(i, b);
            if ctx.is_person(i, e) && !ctx.norm(e - 1).ends_with("'s") {
                let mention = ctx.span_text(i, e);
                let name = canonical_speaker(&mention);
                let c = Candidate {
                    pos: t.start,
                    named_at: None,
                    gender: ctx.gender_of(&name, true),
                    name,
                    mention,
                    person: true,
                };
                if first_person {
                    later.push(c);
                } else {
                    first_pos.get_or_insert(c.pos);
                    out.push(c);
                    first_person = true;
                }
            }
            i = e;
            continue;
        }
        i += 1;
    }
    out.sort();
    // Just before the first candidate: after every earlier sentence's,
    // and (stable sort) in the order named. A longer list of names ("John
    // Kerry, Madeleine Albright, Condoleezza Rice and Colin Powell") is an
    // enumeration, where the latest is no likelier than the others.
    match first_pos {
        // (At the text's first byte there is no room before it.)
        Some(p) if p > 0 && later.len() <= LATER_PEOPLE => later
            .into_iter()
            .map(|c| Candidate {
                pos: p.saturating_sub(1),
                named_at: Some(c.pos),
                ..c
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Token range `[a, b)` of the words inside quote `qi` (all nesting levels).
fn quote_tokens(doc: &AnalyzedDoc, qi: usize) -> (usize, usize) {
    let q = &doc.quotes[qi];
    let a = doc.tokens.partition_point(|t| t.start < q.start);
    let b = doc.tokens.partition_point(|t| t.start < q.end);
    (a, b)
}

/// The speaker cue of quote `qi`; `ended_before` is the last quote that
/// ends before it starts.
fn find_cue(
    ctx: &Ctx,
    qi: usize,
    ended_before: Option<usize>,
    paragraphs: &[(usize, usize)],
) -> Option<Cue> {
    let doc = ctx.doc;
    let q = &doc.quotes[qi];
    let scare = q.kind == QuoteKind::Scare;
    let (qa, qb) = quote_tokens(doc, qi);
    // After the quote, in the sentence its closing mark ends.
    let end_sent = doc
        .sentences
        .partition_point(|s| s.start < q.end)
        .saturating_sub(1);
    let mut limit = qb;
    while limit < ctx.n()
        && doc.tokens[limit].sentence == end_sent
        && doc.tokens[limit].quote.is_none()
        && limit - qb < 16
    {
        limit += 1;
    }
    // The cue must follow the closing mark directly (", he said"), not
    // after a colon or a new clause ("“Killer”: Putin mocks Biden").
    let direct = qb < limit && {
        let gap = doc.slice(q.end, doc.tokens[qb].start);
        !gap.contains([':', ';', '.', '—', '(', '|'])
    };
    // A scare quote used as a noun ("was a “murderer,” the Kremlin chief
    // said") is the writer's label, not the following speaker's words.
    let label =
        scare && qa > 0 && doc.tokens[qa - 1].is_stop && doc.tokens[qa - 1].sentence == q.sentence;
    if direct && !label {
        // "“We will respond,” the Russian Foreign Ministry said": words
        // ending with their own punctuation are speech, and their cue may
        // stand as far after them as a quotation's.
        let near = scare && !spoken_words(doc, qi);
        if let Some(c) = cue_after(ctx, qb, limit, near) {
            return Some(c);
        }
    }
    // Before the quote, in its sentence.
    let sent = &doc.sentences[q.sentence];
    let mut floor = sent.token_start;
    if let Some(prev) = ended_before.map(|p| &doc.quotes[p]) {
        floor = floor.max(doc.tokens.partition_point(|t| t.start < prev.end));
    }
    if floor < qa {
        if let Some(c) = cue_before(ctx, floor, qa, scare) {
            return Some(c);
        }
    }
    // A quote opening a paragraph after "..., adding:".
    let para = paragraph_of(paragraphs, q.start);
    if !scare && para > 0 && paragraphs[para].0 == q.start && q.sentence > 0 {
        let prev_end = paragraphs[para - 1].1;
        if doc.text[..prev_end].trim_end().ends_with(':') {
            let ps = &doc.sentences[q.sentence - 1];
            if ps.token_start < ps.token_end {
                return cue_before(ctx, ps.token_start, ps.token_end, false);
            }
        }
    }
    None
}

/// A short quote whose words end with the speech's own punctuation
/// (`" I'm optimistic , " he said`, `“No comment,” Peskov said`): the
/// speaker's words, not the writer's label.
fn spoken_words(doc: &AnalyzedDoc, qi: usize) -> bool {
    let q = &doc.quotes[qi];
    q.kind == QuoteKind::Scare
        && doc
            .slice(q.inner_start, q.inner_end)
            .trim_end()
            .ends_with([',', '.', '!', '?'])
}

/// Verbs of reported speech that take a clause ("said Iran had hidden"):
/// a short quote inside that clause is a partial quotation.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "claimed",
    "claims",
    "insisted",
    "insists",
    "warned",
    "warns",
    "wrote",
    "writes",
    "stated",
    "states",
    "argued",
    "argues",
    "alleged",
    "suggested",
    "noted",
    "explained",
    "declared",
    "asserted",
    "maintained",
    "contended",
    "acknowledged",
    "admitted",
    "conceded",
    "promised",
    "vowed",
    "predicted",
    "charged",
    "complained",
    "announced",
    "tweeted",
];

/// "Netanyahu said Iran had hidden "half a ton" of material": a short
/// quote of two words or more, not used as a label (no determiner or
/// preposition right before it), in the clause of a reporting verb at most
/// ten words before it with no comma, colon or other quote between.
fn partial_cue(ctx: &Ctx, qi: usize, ended_before: Option<usize>) -> Option<Cue> {
    let doc = ctx.doc;
    let q = &doc.quotes[qi];
    if q.kind != QuoteKind::Scare || q.n_words < 2 {
        return None;
    }
    let (qa, _) = quote_tokens(doc, qi);
    let sent = &doc.sentences[q.sentence];
    let mut floor = sent.token_start;
    if let Some(prev) = ended_before.map(|p| &doc.quotes[p]) {
        floor = floor.max(doc.tokens.partition_point(|t| t.start < prev.end));
    }
    if qa == 0 || qa <= floor || doc.tokens[qa - 1].is_stop {
        return None;
    }
    for v in (floor.max(qa.saturating_sub(11))..qa - 1).rev() {
        if ctx.gap(v + 1).contains([',', ';', ':', '—', '(']) || doc.tokens[v].quote.is_some() {
            return None;
        }
        let Some(ve) = ctx.verb_at(v) else { continue };
        if !REPORTING.contains(&ctx.norm(v)) || ve != v + 1 {
            return None;
        }
        let subject = ctx.subject_of_verb(v, floor)?;
        return Some(Cue {
            subject,
            verb: Some((v, ve)),
            cue: SpeakerCue::NameVerb,
        });
    }
    None
}

fn cue_after(ctx: &Ctx, a: usize, limit: usize, scare: bool) -> Option<Cue> {
    if ctx.norm(a) == "according" && a + 1 < limit && ctx.norm(a + 1) == "to" {
        return Some(Cue {
            subject: ctx.subject_forward(a + 2, limit)?,
            verb: None,
            cue: SpeakerCue::AccordingTo,
        });
    }
    if let Some(ve) = ctx.verb_at(a) {
        let subject = ctx.subject_forward(ve, limit)?;
        // "“...,” said Peskov": a name after the verb is its subject only
        // when the verb is finite. After a participle the name is its
        // object ("“...”, describing Brexit as"), and the speaker is named
        // before the quote; a pronoun there ("“...,” adding it would sue")
        // is the speaker's.
        let participle = ctx.norm(a).ends_with("ing");
        if !participle || matches!(subject, Subject::Pronoun { .. }) {
            return Some(Cue {
                subject,
                verb: Some((a, ve)),
                cue: SpeakerCue::VerbName,
            });
        }
    }
    let window = if scare { 4 } else { 9 };
    for v in a + 1..limit.min(a + window) {
        if ctx.gap(v).contains([',', ';', ':', '(', '—']) && ctx.norm(v - 1) != "who" {
            break;
        }
        // "“...” and then claimed that": a new clause, not a cue.
        if matches!(ctx.norm(v - 1), "and" | "that" | "but" | "or") {
            break;
        }
        if let Some(ve) = ctx.verb_at(v) {
            // "..., Biden responded: “...”": the verb introduces the next
            // quote, not this scare quote.
            if scare && ctx.gap(ve).contains([':', '"', '“']) {
                return None;
            }
            let subject = ctx.subject_of_verb(v, a)?;
            return Some(Cue {
                subject,
                verb: Some((v, ve)),
                cue: SpeakerCue::NameVerb,
            });
        }
    }
    None
}

fn cue_before(ctx: &Ctx, floor: usize, qa: usize, scare: bool) -> Option<Cue> {
    // "According to X, “...”".
    for k in floor..qa.saturating_sub(1) {
        if ctx.norm(k) == "according" && ctx.norm(k + 1) == "to" {
            if let Some(subject) = ctx.subject_forward(k + 2, qa) {
                return Some(Cue {
                    subject,
                    verb: None,
                    cue: SpeakerCue::AccordingTo,
                });
            }
        }
    }
    let max_gap = if scare { 2 } else { 6 };
    let lowest = qa.saturating_sub(max_gap + 2).max(floor);
    for v in (lowest..qa).rev() {
        let Some(ve) = ctx.verb_at(v) else { continue };
        if qa - ve > max_gap {
            continue;
        }
        // Words between the verb and the quote stay in one clause, and
        // before a scare quote only pronouns and auxiliaries may stand
        // there ("said it had “invited”", not "hit back at the “killer”").
        if (ve..qa).any(|k| k > ve - 1 && k < qa && k >= ve && ctx.gap(k).contains(',') && k != ve)
            || (ve < qa && ctx.gap(ve).contains(','))
            || (scare && (ve..qa).any(|k| !SCARE_GAP.contains(&ctx.norm(k))))
        {
            return None;
        }
        let subject = ctx.subject_of_verb(v, floor)?;
        return Some(Cue {
            subject,
            verb: Some((v, ve)),
            cue: SpeakerCue::NameVerb,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One sentence of `n` clauses whose verbs all take the clause's
    /// subject (the text the recursive search was exponential on).
    fn clauses(n: usize) -> String {
        (0..n)
            .map(|i| format!("the \u{201c}deal\u{201d} said official A{i}; "))
            .collect()
    }

    fn work(text: &str) -> (u64, usize) {
        let mut doc = crate::text::analyze(text, None);
        let paras = crate::text::sentence::paragraphs(text);
        let before: Vec<_> = doc.quotes.iter().map(|q| q.speaker.clone()).collect();
        let w = attribute_counted(&mut doc, &paras);
        let after: Vec<_> = doc.quotes.iter().map(|q| q.speaker.clone()).collect();
        assert_eq!(before, after, "attribution is deterministic");
        (w, doc.tokens.len())
    }

    #[test]
    fn subject_search_is_linear_in_clauses() {
        // 40 clauses never finished before; 4,000 take milliseconds now.
        for n in [40, 400, 4000] {
            let (w, tokens) = work(&clauses(n));
            assert!(
                w <= 4 * tokens as u64,
                "{n} clauses: {w} steps for {tokens} tokens"
            );
        }
    }

    #[test]
    fn coordinated_verbs_in_a_long_sentence_stay_linear() {
        // Every verb after the first falls back to the clause's subject.
        let mut t = String::from("Peskov ");
        for _ in 0..3000 {
            t.push_str("looked at him and said, telling reporters, ");
        }
        t.push_str("that \u{201c}it was a very bad answer indeed\u{201d}.");
        let (w, tokens) = work(&t);
        assert!(w <= 4 * tokens as u64, "{w} steps for {tokens} tokens");
    }

    #[test]
    fn candidates_resolve_like_a_walk_back() {
        let c = |pos: usize, person| Candidate {
            pos,
            named_at: None,
            name: format!("c{pos}"),
            mention: String::new(),
            person,
            // Some persons of each gender, some not known.
            gender: person
                .then(|| [None, Some(Gender::Male), Some(Gender::Female)][pos % 3])
                .flatten(),
        };
        let mut cs = Candidates::default();
        let mut plain: Vec<Candidate> = Vec::new();
        // Tails pushed out of order, some before the sorted part's end.
        let batches = [
            vec![c(10, true), c(5, false)],
            vec![c(30, false), c(20, true), c(20, false)],
            vec![c(15, true), c(40, false)],
            vec![],
            vec![c(40, true), c(1, false)],
        ];
        for batch in batches {
            for x in batch {
                cs.push(x.clone());
                plain.push(x);
            }
            for pos in 0..45 {
                for kind in [Pron::He, Pron::She, Pron::Thing, Pron::Any] {
                    let want = plain
                        .iter()
                        .rev()
                        .find(|c| c.pos < pos && compatible(kind, c))
                        .map(|c| (c.pos, c.name.clone(), c.person));
                    let got = cs
                        .resolve(kind, pos)
                        .map(|c| (c.pos, c.name.clone(), c.person));
                    assert_eq!(got, want, "pos {pos} {kind:?}");
                }
            }
            cs.sort();
            plain.sort_by_key(|c| c.pos);
            let got: Vec<_> = cs.list.iter().map(|c| (c.pos, c.person)).collect();
            let want: Vec<_> = plain.iter().map(|c| (c.pos, c.person)).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn head_fits_answer_like_a_scan_of_every_earlier_name() {
        // The facts kept as running values equal those computed from every
        // name before the quote, as resolve_bare_heads once did per quote.
        let forms = [
            "the Foreign Ministry",
            "Russia's Foreign Ministry",
            "the Justice Department",
            "the Russian Foreign Ministry",
            "Ukraine's Foreign Ministry",
            "the State Department",
            "the Department of Justice",
            "Kyiv's Foreign Ministry",
        ];
        let orgs: Vec<NameForm> = forms
            .iter()
            .enumerate()
            .map(|(k, f)| NameForm {
                key: f.to_string(),
                form: f.to_string(),
                name: f.to_string(),
                description: None,
                pos: 10 * k,
                affiliation: None,
            })
            .collect();
        let fits = HeadFits::new(&orgs);
        for head in ["ministry", "department", "embassy"] {
            for at in 0..90 {
                let scan: Vec<(usize, Option<String>, String)> = orgs
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.pos < at)
                    .filter_map(|(k, o)| {
                        let (q, core) = organisation_parts(&o.form);
                        (organisation_head(&core) == head).then_some((k, q, core.to_lowercase()))
                    })
                    .collect();
                let want = (!scan.is_empty()).then(|| {
                    let one_core = scan.windows(2).all(|w| w[0].2 == w[1].2);
                    let places: Vec<&String> = scan.iter().filter_map(|f| f.1.as_ref()).collect();
                    let one_place = places.windows(2).all(|w| same_place(w[0], w[1]))
                        && places.iter().all(|p| same_place(p, places[0]));
                    let chosen = scan.iter().rev().find(|f| f.1.is_some()).or(scan.last());
                    (one_core, one_place, chosen.map(|f| f.0))
                });
                let got = fits
                    .before(head, at)
                    .map(|f| (f.one_core, f.one_place, Some(f.chosen)));
                assert_eq!(got, want, "{head} before {at}");
            }
        }
    }
}
