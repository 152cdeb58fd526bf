//! Actor labels in one text: the words a text uses to name or describe a
//! person or organisation (bias by word choice and labelling, Hamborg,
//! Zhukova & Gipp 2019), found from the text around each mention of the
//! actor's name.
//!
//! The actors are given by the words of their names ([`ActorNames`]: the
//! entity table of an event builds them). A *mention* is a capitalised run
//! ending in one of those names ("Vladimir Putin", "Putin's"), that is the
//! end of its run ("Trump Tower" is no mention of Trump). Around each
//! mention, five kinds of label ([`LabelKind`]):
//!
//! - **title**: capitalised titles and honorifics right before the name and
//!   nothing else ("Mr. Kim", "President Trump", "Sen. Cruz"): the label is
//!   the title with the surname ("Mr. Kim");
//! - **premodifier**: a noun phrase right before the name, joined to it by
//!   spaces only, whose last word is a noun for a person or a role
//!   ("North Korean dictator Kim Jong Un", "Republican senator Ted Cruz",
//!   "Russian President Vladimir Putin" -> "Russian president"). Each word
//!   before the head must be a proper noun, a head noun, a listed modifier
//!   ("former", "embattled") or an adjective by its ending: verbs ("said
//!   Cruz", "met Kim") are never part of one;
//! - **apposition**: a noun phrase set off by commas right after the name
//!   ("Kim, the reclusive leader,"; "Michael Steele, chairman of the
//!   Republican National Committee,") or right before it ("the Russian
//!   president, Vladimir Putin,": then the name must be closed by
//!   punctuation, so that "Speaking to the president, Putin said" is none);
//! - **copula**: a predicate noun phrase or loaded adjective of the name
//!   ("Putin is a killer", "Kim was a dangerous man", "Putin is ruthless."),
//!   and the labelling verbs ("called Putin a killer", "described Putin as
//!   a killer", "referred to Putin as 'a killer'"); negated ones ("is not a")
//!   are left out, and the name must be the subject ("an ally of Trump is a
//!   ..." is not Trump's);
//! - **description**: a definite description the event ties to the actor
//!   ("the Russian president"), where it stands alone for the name.
//!
//! A label's head must be a noun for a person, a role or an organisation
//! (`data/speaker_titles_en.txt`, `data/speaker_heads_en.txt`,
//! `data/organisation_heads_en.txt`, `data/actor_label_heads_en.txt`), so
//! that determiners, verbs and things are not labels. Labels are
//! normalised: leading articles dropped, lowercase except proper nouns (a
//! word the text writes capitalised inside a sentence, so a sentence's
//! first word is not taken for one), titles lowercased inside a longer
//! label ("Russian president"), role abbreviations written out ("Sen." ->
//! "senator"), honorifics with their period ("Mr" and "Mr." -> "Mr."),
//! straight apostrophes, no punctuation.

use super::fxhash::{FxHashMap as HashMap, FxHashSet as HashSet};
use super::lists::{self, entries};
use super::AnalyzedDoc;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// How a label names or describes its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelKind {
    /// A noun phrase right before the name ("North Korean dictator").
    Premodifier,
    /// A noun phrase set off by commas next to the name ("the reclusive
    /// leader").
    Apposition,
    /// Titles and honorifics with the surname ("Mr. Kim", "President Trump").
    Title,
    /// A predicate of the name ("is a killer", "called ... a killer").
    Copula,
    /// A definite description standing for the name ("the Russian president").
    Description,
}

impl LabelKind {
    /// The kind's name, as in JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            LabelKind::Premodifier => "premodifier",
            LabelKind::Apposition => "apposition",
            LabelKind::Title => "title",
            LabelKind::Copula => "copula",
            LabelKind::Description => "description",
        }
    }
}

/// The words one actor is named by.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActorNames {
    /// Names as lowercased word sequences (`["vladimir", "putin"]`,
    /// `["putin"]`, `["foreign", "ministry"]`): a mention is a capitalised
    /// run that ends with one of them.
    pub names: Vec<Vec<String>>,
    /// Descriptions the event ties to the actor, lowercased, without
    /// determiner (`["russian", "president"]`).
    pub descriptions: Vec<Vec<String>>,
}

/// One label found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLabel {
    /// Index of the actor in the list given.
    pub actor: usize,
    pub kind: LabelKind,
    /// The label, normalised (see the module documentation).
    pub label: String,
    /// Token range of the label's own words (not the name's).
    pub token_start: usize,
    pub token_end: usize,
    /// Sentence of the label.
    pub sentence: usize,
    /// The quote holding the label's words, when it stands in one.
    pub quote: Option<usize>,
    /// Whether the label is one adjective after a copula ("Putin is
    /// ruthless."), which may say how the actor felt ("was furious")
    /// rather than what it is.
    pub adjective: bool,
}

fn set(raw: &'static str) -> HashSet<&'static str> {
    entries(raw).collect()
}

/// Nouns that head a person label beyond the speaker lists.
fn label_heads() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| set(include_str!("../../data/actor_label_heads_en.txt")))
}

/// Listed lowercase modifiers of a label ("former", "embattled").
fn label_modifiers() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| set(include_str!("../../data/actor_label_modifiers_en.txt")))
}

/// Honorifics, written with their period in a label.
const HONORIFICS: &[(&str, &str)] = &[
    ("mr", "Mr."),
    ("mrs", "Mrs."),
    ("ms", "Ms."),
    ("dr", "Dr."),
    ("prof", "Prof."),
    ("messrs", "Messrs."),
];

/// Role abbreviations, written out in a label ("Sen." -> "senator").
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("sen", "senator"),
    ("sens", "senators"),
    ("rep", "representative"),
    ("reps", "representatives"),
    ("gov", "governor"),
    ("gen", "general"),
    ("lt", "lieutenant"),
    ("col", "colonel"),
    ("capt", "captain"),
    ("cpt", "captain"),
    ("sgt", "sergeant"),
    ("adm", "admiral"),
    ("cmdr", "commander"),
    ("pres", "president"),
    ("sec", "secretary"),
    ("amb", "ambassador"),
    ("rev", "reverend"),
    ("atty", "attorney"),
    ("supt", "superintendent"),
];

const ARTICLES: &[&str] = &["the", "a", "an"];

/// Verbs of being that take a predicate label.
const COPULAS: &[&str] = &[
    "is", "was", "remains", "remained", "became", "becomes", "seems", "seemed",
];

/// Adverbs that may stand between a copula and its predicate.
const COPULA_ADVERBS: &[&str] = &[
    "still",
    "also",
    "now",
    "clearly",
    "really",
    "truly",
    "simply",
    "just",
    "certainly",
    "indeed",
    "obviously",
    "already",
    "widely",
    "often",
    "always",
    "arguably",
    "perhaps",
    "probably",
    "essentially",
    "effectively",
    "basically",
    "plainly",
    "undoubtedly",
];

/// Negations: "Trump is not a racist" labels nobody.
const NEGATIONS: &[&str] = &["not", "never", "no", "hardly", "nobody"];

/// Verbs that give their object a label directly: "called Putin a killer".
const CALL_VERBS: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "brand",
    "brands",
    "branded",
    "branding",
    "dub",
    "dubs",
    "dubbed",
    "dubbing",
    "label",
    "labels",
    "labeled",
    "labelled",
    "labeling",
    "labelling",
];

/// Verbs that label their object through "as": "described Putin as a killer".
const AS_VERBS: &[&str] = &[
    "describe",
    "describes",
    "described",
    "describing",
    "portray",
    "portrays",
    "portrayed",
    "portraying",
    "characterize",
    "characterizes",
    "characterized",
    "characterizing",
    "characterise",
    "characterises",
    "characterised",
    "characterising",
    "paint",
    "paints",
    "painted",
    "painting",
    "hail",
    "hails",
    "hailed",
    "denounce",
    "denounces",
    "denounced",
    "cast",
    "casts",
    "see",
    "sees",
    "saw",
    "regard",
    "regards",
    "regarded",
    "label",
    "labels",
    "labeled",
    "labelled",
    "brand",
    "brands",
    "branded",
];

/// Verbs that label through "to ... as": "referred to Putin as a killer".
const REFER_VERBS: &[&str] = &["refer", "refers", "referred", "referring"];

/// Words before a name that make it the object of a preposition or a
/// possession, not the subject of a copula ("an ally of Trump is ...").
const NOT_SUBJECT_BEFORE: &[&str] = &[
    "of", "to", "for", "with", "by", "from", "at", "on", "in", "about", "against", "between",
    "than", "like", "among", "under", "over", "into", "toward", "towards", "the", "a", "an", "and",
    "or", "whom", "whose",
];

/// Words that open a reported clause before the subject of a copula:
/// "asked him if Putin was a killer", "said he thought Putin was a killer".
/// Such a predicate, unless the outlet put it in quote marks (then it is a
/// quoted label), is the claim of the person reported, not a label the
/// outlet gives the actor in its own voice, so it is not read as one.
const REPORTED_CLAUSE_CUES: &[&str] = &[
    "if",
    "whether",
    "said",
    "says",
    "say",
    "saying",
    "thought",
    "thinks",
    "think",
    "believes",
    "believe",
    "believed",
    "asked",
    "asks",
    "asking",
    "claimed",
    "claims",
    "claim",
    "suggested",
    "suggests",
    "insisted",
    "insists",
    "argued",
    "argues",
    "agreed",
    "agrees",
    "denied",
    "denies",
    "told",
    "tells",
    "wondered",
    "questioned",
];

/// Tokens looked at before a copula's subject for a reported-clause cue.
const REPORTED_CLAUSE_WINDOW: usize = 8;

/// Relative pronouns that may close an apposition or predicate ("Kim, the
/// leader who ...").
const RELATIVES: &[&str] = &["who", "whose", "which", "that", "whom"];

/// Days and months: capitalised, yet never part of a label.
const CALENDAR: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Verbs that end in an adjective's suffix ("insist" is no "-ist" noun).
const NOT_ADJECTIVES: &[&str] = &[
    "insist", "resist", "assist", "exist", "persist", "consist", "receive", "arrive", "deceive",
    "perceive", "derive", "deprive", "survive", "revive", "contrive", "thrive", "present",
    "prevent", "consent", "resent", "want", "grant", "plant", "chant", "relent", "invent",
    "reveal", "appeal", "repeal", "conceal", "signal", "forgive", "outlive", "relive", "lament",
    "repent", "recant",
];

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{ab}' | '\u{bb}'
    )
}

/// The text of one document, with what the label rules ask of each token.
struct View<'a> {
    doc: &'a AnalyzedDoc,
    titles: &'static HashSet<&'static str>,
    person_heads: &'static HashSet<&'static str>,
    org_heads: &'static HashSet<&'static str>,
    heads: &'static HashSet<&'static str>,
    modifiers: &'static HashSet<&'static str>,
    cap: Vec<bool>,
    /// Lowercased words written capitalised inside a sentence somewhere.
    mid_caps: HashSet<String>,
    /// Words written in lowercase somewhere.
    lower: HashSet<String>,
    first: Vec<bool>,
}

impl<'a> View<'a> {
    fn new(doc: &'a AnalyzedDoc) -> Self {
        let n = doc.tokens.len();
        let form = |i: usize| doc.slice(doc.tokens[i].start, doc.tokens[i].end);
        let cap: Vec<bool> = (0..n)
            .map(|i| form(i).chars().next().is_some_and(char::is_uppercase))
            .collect();
        let mut first = vec![false; n];
        for s in &doc.sentences {
            if s.token_start < n {
                first[s.token_start] = true;
            }
        }
        // A word opening a quote or following a colon or dash is
        // capitalised like a sentence's first word.
        for (i, f) in first.iter_mut().enumerate().skip(1) {
            let gap = doc.slice(doc.tokens[i - 1].end, doc.tokens[i].start);
            if gap.contains(['\u{201c}', '"', ':', '\u{2014}', '\u{2013}', '(', '[', '|']) {
                *f = true;
            }
        }
        let mid_caps = (0..n)
            .filter(|&i| cap[i] && !first[i])
            .map(|i| strip_possessive(&doc.tokens[i].norm).to_string())
            .collect();
        let lower = (0..n)
            .filter(|&i| form(i).chars().next().is_some_and(char::is_lowercase))
            .map(|i| strip_possessive(&doc.tokens[i].norm).to_string())
            .collect();
        View {
            doc,
            lower,
            titles: lists::speaker_titles_en(),
            person_heads: lists::person_heads_en(),
            org_heads: lists::organisation_heads_en(),
            heads: label_heads(),
            modifiers: label_modifiers(),
            cap,
            mid_caps,
            first,
        }
    }

    fn n(&self) -> usize {
        self.doc.tokens.len()
    }

    fn norm(&self, i: usize) -> &str {
        &self.doc.tokens[i].norm
    }

    /// The norm without a possessive "'s".
    fn base(&self, i: usize) -> &str {
        strip_possessive(self.norm(i))
    }

    fn possessive(&self, i: usize) -> bool {
        self.norm(i).len() != self.base(i).len()
    }

    fn form(&self, i: usize) -> &str {
        let t = &self.doc.tokens[i];
        self.doc.slice(t.start, t.end)
    }

    fn gap(&self, i: usize) -> &str {
        let t = &self.doc.tokens;
        if i == 0 || i >= t.len() {
            return "";
        }
        self.doc.slice(t[i - 1].end, t[i].start)
    }

    fn same_sentence(&self, i: usize) -> bool {
        i > 0 && i < self.n() && self.doc.tokens[i - 1].sentence == self.doc.tokens[i].sentence
    }

    /// Tokens `i - 1` and `i` are one phrase: same sentence, only spaces
    /// and quote marks between ("was “a killer”").
    fn joined(&self, i: usize) -> bool {
        self.same_sentence(i)
            && self
                .gap(i)
                .chars()
                .all(|c| c.is_whitespace() || is_quote_mark(c))
    }

    /// Joined within a name or title: spaces, or the period of an
    /// abbreviation ("Mr. Kim", "Donald J. Trump").
    fn name_joined(&self, i: usize) -> bool {
        if !self.same_sentence(i) {
            return false;
        }
        let g = self.gap(i);
        if g.chars().all(char::is_whitespace) {
            return true;
        }
        g.starts_with('.')
            && g[1..].chars().all(char::is_whitespace)
            && (self.abbreviation(i - 1) || self.form(i - 1).chars().count() == 1)
    }

    /// Whether the gap before token `i` holds the given punctuation only
    /// (with spaces): `,` for an apposition.
    fn gap_is(&self, i: usize, p: char) -> bool {
        self.same_sentence(i) && self.gap(i).trim() == p.to_string()
    }

    /// Punctuation (or the end of the sentence) right after token `i`.
    fn closed_after(&self, i: usize) -> bool {
        if i + 1 >= self.n() || !self.same_sentence(i + 1) {
            return true;
        }
        self.gap(i + 1).contains([
            ',', '.', ';', ':', '\u{2014}', '\u{2013}', ')', '(', '!', '?', '\u{201d}', '\u{2019}',
            '"',
        ])
    }

    fn is_stop(&self, i: usize) -> bool {
        self.doc.tokens[i].is_stop
    }

    fn is_title(&self, i: usize) -> bool {
        self.titles.contains(self.base(i))
    }

    fn abbreviation(&self, i: usize) -> bool {
        let b = self.base(i);
        HONORIFICS.iter().any(|(a, _)| *a == b) || ABBREVIATIONS.iter().any(|(a, _)| *a == b)
    }

    /// Whether a lowercased word (singular or plural) heads a label.
    fn head_word(&self, w: &str) -> bool {
        let mut forms = vec![w];
        for suffix in ["es", "s"] {
            if let Some(stem) = w.strip_suffix(suffix) {
                if stem.len() > 2 {
                    forms.push(stem);
                }
            }
        }
        forms.iter().any(|f| {
            self.titles.contains(f)
                || self.person_heads.contains(f)
                || self.heads.contains(f)
                || self.org_heads.contains(f)
                || f.ends_with("-year-old")
        }) || ABBREVIATIONS.iter().any(|(a, _)| *a == w)
    }

    /// A head an apposition without article may end in: a lowercase,
    /// singular role noun ("Steele, chairman of ..."), not a name or a
    /// plural ("Obama, Democrats said").
    fn bare_head(&self, i: usize) -> bool {
        let w = self.base(i);
        !self.cap[i]
            && (self.titles.contains(w) || self.person_heads.contains(w) || self.heads.contains(w))
    }

    /// A verb that attributes speech (data/attribution_verbs_en.txt):
    /// "accused", "charged", "urged".
    fn speech_verb(&self, i: usize) -> bool {
        lists::attribution_verbs_en().single.contains(self.norm(i))
    }

    /// A singular noun for a person or a role as written ("senator",
    /// "dictator", "candidate"), not an organisation's head ("team") or a
    /// plural ("friends").
    fn person_head(&self, i: usize) -> bool {
        let w = self.base(i);
        self.titles.contains(w) || self.person_heads.contains(w) || self.heads.contains(w)
    }

    fn is_head(&self, i: usize) -> bool {
        self.doc.tokens[i].is_alpha && !self.is_stop(i) && self.head_word(self.base(i))
    }

    /// A proper noun: capitalised inside a sentence, not a calendar word.
    /// A sentence's first word is one when the text writes it capitalised
    /// inside a sentence too, or when it is written nowhere in lowercase
    /// and is no common word of a label ("Trump adviser ...", not
    /// "Embattled senator ...").
    fn proper(&self, i: usize) -> bool {
        let w = self.base(i);
        self.cap[i]
            && !CALENDAR.contains(&w)
            && (!self.first[i]
                || self.mid_caps.contains(w)
                || self.demonym_opening(i)
                || !(self.lower.contains(w)
                    || self.is_stop(i)
                    || self.head_word(w)
                    || self.modifier_word(w)))
    }

    /// A sentence's first word that is a nationality adjective opening a
    /// capitalised run ("Russian President Vladimir Putin ..."): written
    /// nowhere in lowercase, ending like a demonym, and followed by a
    /// capitalised word of the same name.
    fn demonym_opening(&self, i: usize) -> bool {
        let w = self.base(i);
        i + 1 < self.n()
            && self.cap[i + 1]
            && self.name_joined(i + 1)
            && !self.lower.contains(w)
            && w.len() >= 4
            && ["an", "ese", "ish", "i"].iter().any(|s| w.ends_with(s))
    }

    /// A word that may continue a full name after its first word ("Jong",
    /// "Un", "Jong-un"): capitalised, letters and hyphens only, no acronym
    /// ("UN"), and no title, stop word, calendar word, organisation head
    /// or word the text also writes in lowercase.
    fn name_part(&self, i: usize) -> bool {
        let f = self.form(i);
        let w = self.base(i);
        self.cap[i]
            && strip_possessive(f)
                .chars()
                .all(|c| c.is_alphabetic() || c == '-')
            && (strip_possessive(f).chars().count() < 2
                || strip_possessive(f).chars().any(char::is_lowercase))
            && !self.is_stop(i)
            && !self.is_title(i)
            && !CALENDAR.contains(&w)
            && !self.org_heads.contains(w)
            && !PLACE_HEADS.contains(&w)
            && !self.lower.contains(w)
    }

    /// An adjective by its ending, or a listed modifier, or a hyphenated
    /// compound.
    fn modifier_word(&self, w: &str) -> bool {
        if self.modifiers.contains(w) {
            return true;
        }
        if NOT_ADJECTIVES.contains(&w) || !w.chars().all(|c| c.is_alphabetic() || c == '-') {
            return false;
        }
        if w.contains('-') && w.chars().any(char::is_alphabetic) && !w.ends_with('-') {
            return true;
        }
        w.len() >= 6
            && [
                "al", "ic", "ive", "ous", "ful", "less", "ary", "ian", "ist", "ent", "ant",
            ]
            .iter()
            .any(|s| w.ends_with(s))
    }

    /// A word that may stand inside a label before its head.
    fn label_word(&self, i: usize) -> bool {
        let t = &self.doc.tokens[i];
        if !t.is_alpha || t.is_stop || t.norm.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        if self.proper(i) {
            return true;
        }
        let w = self.base(i);
        self.head_word(w) || self.modifier_word(w)
    }

    /// A word of a label as written in it: proper nouns as written,
    /// abbreviations written out, the rest lowercase; straight apostrophes.
    fn label_form(&self, i: usize, lower_titles: bool) -> String {
        let b = self.base(i);
        let poss = if self.possessive(i) { "'s" } else { "" };
        if let Some((_, full)) = ABBREVIATIONS.iter().find(|(a, _)| *a == b) {
            return format!("{full}{poss}");
        }
        if let Some((_, h)) = HONORIFICS.iter().find(|(a, _)| *a == b) {
            return format!("{h}{poss}");
        }
        let title = self.is_title(i);
        if self.proper(i) && !(title && lower_titles) {
            self.form(i).replace('\u{2019}', "'")
        } else {
            self.norm(i).to_string()
        }
    }

    /// The label words `[a, b)`, normalised.
    fn label_text(&self, a: usize, b: usize) -> String {
        (a..b)
            .map(|k| self.label_form(k, true))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The quote holding any of the tokens `[a, b)`.
    fn quote_of(&self, a: usize, b: usize) -> Option<usize> {
        (a..b).find_map(|k| self.doc.tokens[k].quote)
    }

    /// A label noun phrase starting at token `s` (after any article): label
    /// words ending in a head, then optionally "of" (+ "the") and proper
    /// nouns ("leader of North Korea"). Returns its end (exclusive) and
    /// whether the next token closes it (punctuation, the sentence's end,
    /// a relative pronoun), or None when no head ends the words.
    fn noun_phrase(&self, s: usize, max: usize) -> Option<(usize, bool)> {
        let n = self.n();
        let mut e = s;
        while e < n && e - s < max && (e == s || self.joined(e)) && self.label_word(e) {
            // A possessive inside the phrase ends it unless a noun follows
            // ("North Korea's leader").
            e += 1;
            if self.possessive(e - 1) {
                continue;
            }
            if self.closed_after(e - 1) {
                break;
            }
        }
        // The head: the last word that heads a label, with only words
        // before it.
        let head = (s..e)
            .rev()
            .find(|&k| self.is_head(k) && !self.possessive(k))?;
        let mut end = head + 1;
        // "of" (+ "the") + proper nouns.
        if end < n && self.joined(end) && self.norm(end) == "of" && !self.closed_after(head) {
            let mut k = end + 1;
            if k < n && self.joined(k) && self.norm(k) == "the" {
                k += 1;
            }
            let start = k;
            while k < n && self.joined(k) && self.proper(k) && k - start < 5 {
                k += 1;
                if self.closed_after(k - 1) {
                    break;
                }
            }
            if k > start {
                end = k;
            }
        }
        let closed = self.closed_after(end - 1)
            || (end < n && self.joined(end) && RELATIVES.contains(&self.norm(end)));
        Some((end, closed))
    }
}

/// A mention of an actor: its name `[core, last]` and the actor.
struct Mention {
    actor: usize,
    core: usize,
    last: usize,
}

/// Every label of the given actors in one text, in text order. Linear in
/// the tokens: each mention looks at a bounded window around it.
pub fn actor_labels_in(doc: &AnalyzedDoc, actors: &[ActorNames]) -> Vec<FoundLabel> {
    let mut out = Vec::new();
    if doc.tokens.is_empty() || actors.is_empty() {
        return out;
    }
    let v = View::new(doc);
    let mentions = find_mentions(&v, actors);
    // Tokens already read as a label next to a name: a description there
    // is not counted again.
    let mut used: HashSet<usize> = HashSet::default();
    for m in &mentions {
        labels_at(&v, m, &mut out, &mut used);
    }
    descriptions(&v, actors, &mentions, &used, &mut out);
    out.sort_by_key(|l| (l.token_start, l.kind, l.actor));
    out
}

/// Capitalised words after a person's name that make it the name of a
/// place, building or platform ("Trump Tower", "WikiLeaks Twitter"), not
/// a fuller name of the person.
const PLACE_HEADS: &[&str] = &[
    "tower",
    "towers",
    "hotel",
    "plaza",
    "building",
    "street",
    "avenue",
    "road",
    "square",
    "park",
    "bridge",
    "airport",
    "stadium",
    "hall",
    "twitter",
    "facebook",
    "instagram",
    "youtube",
    "doctrine",
    "era",
];

/// Whether `form` (a mention of the name `id` as written) puts a title or
/// an honorific before the name ("Mr. Kim", "President Trump"): the mark
/// of a person, which an organisation ("the Senate") never has.
pub fn titled_form(form: &str, id: &str) -> bool {
    let Some(before) = form.strip_suffix(id) else {
        return false;
    };
    let titles = lists::speaker_titles_en();
    before.split_whitespace().next().is_some_and(|w| {
        let w = w.trim_end_matches('.').to_lowercase();
        titles.contains(w.as_str()) || HONORIFICS.iter().any(|(a, _)| *a == w)
    })
}

/// Full names the text writes opening with the one-word name `first`
/// (lowercase): "Kim Jong Un" for `kim`. Each mention gives the name as
/// written (possessive dropped) and its lowercased words. A run that
/// goes on with a word no name holds ("Trump Tower", "Trump White
/// House") gives none. For an actor the entity table knows by one word
/// only: a full name whose last word the table does not read as a name
/// ("Un", which it takes for the acronym of the United Nations) is no
/// form of it.
pub fn full_names_opening(doc: &AnalyzedDoc, first: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    if doc.tokens.is_empty() {
        return out;
    }
    let v = View::new(doc);
    let n = v.n();
    for i in 0..n {
        if !v.cap[i] || v.possessive(i) || v.norm(i) != first {
            continue;
        }
        // It opens the name: no name word right before it.
        if i > 0 && v.cap[i - 1] && v.name_joined(i) && !v.is_title(i - 1) {
            continue;
        }
        let mut e = i + 1;
        while e < n && e - i <= 3 && v.name_joined(e) && v.name_part(e) {
            e += 1;
            if v.possessive(e - 1) {
                break;
            }
        }
        let goes_on = e < n && !v.possessive(e - 1) && v.cap[e] && v.name_joined(e);
        if e == i + 1 || goes_on {
            continue;
        }
        let written = (i..e)
            .map(|k| strip_possessive(v.form(k)).replace('\u{2019}', "'"))
            .collect::<Vec<_>>()
            .join(" ");
        out.push((written, (i..e).map(|k| v.base(k).to_string()).collect()));
    }
    out
}

/// Mentions of the actors' names in text order.
fn find_mentions(v: &View, actors: &[ActorNames]) -> Vec<Mention> {
    // last word -> (actor, name words)
    let mut by_last: HashMap<&str, Vec<(usize, &[String])>> = HashMap::default();
    let mut name_words: Vec<HashSet<&str>> = Vec::with_capacity(actors.len());
    for (a, actor) in actors.iter().enumerate() {
        let mut words = HashSet::default();
        for name in &actor.names {
            if let Some(last) = name.last() {
                by_last.entry(last.as_str()).or_default().push((a, name));
            }
            words.extend(name.iter().map(String::as_str));
        }
        name_words.push(words);
    }
    let n = v.n();
    let mut out = Vec::new();
    for i in 0..n {
        if !v.cap[i] {
            continue;
        }
        let Some(cands) = by_last.get(v.base(i)) else {
            continue;
        };
        // The end of its capitalised run: "Trump Tower" is no mention.
        if !v.possessive(i) && i + 1 < n && v.cap[i + 1] && v.name_joined(i + 1) {
            continue;
        }
        let mut fitting: Vec<(usize, usize)> = Vec::new();
        for &(a, name) in cands {
            let len = name.len();
            if len > i + 1 {
                continue;
            }
            let start = i + 1 - len;
            let fits = (start..i)
                .all(|k| v.cap[k] && v.norm(k) == name[k - start] && v.name_joined(k + 1));
            if fits {
                fitting.push((a, len));
            }
        }
        let Some(longest) = fitting.iter().map(|f| f.1).max() else {
            continue;
        };
        let mut of_longest = fitting.iter().filter(|f| f.1 == longest).map(|f| f.0);
        let actor = of_longest.next().unwrap_or(0);
        // Two actors named alike: the mention is neither's.
        if of_longest.any(|a| a != actor) {
            continue;
        }
        let len = longest;
        // Given names and initials before it ("Donald J. Trump").
        let mut core = i + 1 - len;
        while core > 0
            && v.cap[core - 1]
            && v.name_joined(core)
            && !v.is_title(core - 1)
            && (name_words[actor].contains(v.norm(core - 1))
                || v.form(core - 1).chars().count() == 1)
        {
            core -= 1;
        }
        out.push(Mention {
            actor,
            core,
            last: i,
        });
    }
    out
}

/// The labels next to one mention.
fn labels_at(v: &View, m: &Mention, out: &mut Vec<FoundLabel>, used: &mut HashSet<usize>) {
    let n = v.n();
    let (core, last) = (m.core, m.last);
    let push = |out: &mut Vec<FoundLabel>, kind: LabelKind, label: String, a: usize, b: usize| {
        if label.is_empty() || a >= b {
            return;
        }
        out.push(FoundLabel {
            actor: m.actor,
            kind,
            label,
            token_start: a,
            token_end: b,
            sentence: v.doc.tokens[a].sentence,
            quote: v.quote_of(a, b),
            adjective: kind == LabelKind::Copula && b == a + 1 && !v.is_head(a) && !v.proper(a),
        });
    };

    // Titles: capitalised title words right before the name.
    let mut k = core;
    while k > 0 && core - k < 4 && v.name_joined(k) && v.cap[k - 1] && v.is_title(k - 1) {
        k -= 1;
    }
    // Premodifier words before the titles (or before the name), ending in
    // a head noun.
    let mut p = k;
    while p > 0 && core - p < 7 && v.joined(p) && v.label_word(p - 1) {
        // A verb of saying before the name is the sentence's verb ("Clinton
        // accused Mr. Trump of ...", "accused President Trump"), not a
        // modifier: a name followed by a verb is no premodifier. It stands
        // in a label only after an article ("the accused senator").
        let after_article = p >= 2 && v.joined(p - 1) && ARTICLES.contains(&v.norm(p - 2));
        if v.speech_verb(p - 1) && !after_article {
            break;
        }
        p -= 1;
    }
    // One common noun alone before the name must name a person or role:
    // "team Trump", "campaign Trump" are no labels of Trump, and a plural
    // ("friends Barack Obama and ...") is a list the name is one of.
    if k == core && p + 1 == core && !v.person_head(p) {
        p = core;
    }
    // Without titles, the word right before the name must head the
    // premodifier ("CNN's Jake Tapper" has none).
    if k == core && p < core && !v.is_head(core - 1) {
        p = core;
    }
    if p < k {
        // A premodifier: the words and any titles, titles lowercased.
        // Honorifics before the name are no part of it.
        let end = (p..core)
            .rev()
            .find(|&x| !HONORIFICS.iter().any(|(a, _)| *a == v.base(x)))
            .map_or(p, |x| x + 1);
        push(out, LabelKind::Premodifier, v.label_text(p, end), p, end);
        used.extend(p..core);
    } else if k < core {
        // Titles only: "Mr. Kim", "President Trump".
        let title: Vec<String> = (k..core)
            .map(|x| title_case(&v.label_form(x, false)))
            .collect();
        let name_len = last + 1 - core;
        let name = if name_len >= 3 {
            (core..=last)
                .map(|x| strip_possessive(v.form(x)).replace('\u{2019}', "'"))
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            strip_possessive(v.form(last)).replace('\u{2019}', "'")
        };
        push(
            out,
            LabelKind::Title,
            format!("{} {}", title.join(" "), name),
            k,
            core,
        );
    }
    let start = k.min(p);
    let possessive = v.possessive(last);

    // Apposition after: "Kim, the reclusive leader,".
    if !possessive && last + 1 < n && v.gap_is(last + 1, ',') {
        let mut s = last + 1;
        if ARTICLES.contains(&v.norm(s)) {
            s += 1;
        }
        let article = s > last + 1;
        if s < n && (!article || v.joined(s)) {
            if let Some((e, true)) = v
                .noun_phrase(s, 8)
                .filter(|&(e, _)| article || v.bare_head(e - 1))
            {
                push(out, LabelKind::Apposition, v.label_text(s, e), s, e);
                used.extend(s..e);
            }
        }
    }

    // Apposition before: "the Russian president, Vladimir Putin,".
    if start == core && core >= 2 && v.gap_is(core, ',') && v.closed_after(last) && !possessive {
        let e = core - 1;
        if v.is_head(e) {
            let mut s = e;
            while s > 0 && e - s < 6 && v.joined(s) && v.label_word(s - 1) {
                s -= 1;
            }
            let article = s > 0 && v.joined(s) && ARTICLES.contains(&v.norm(s - 1));
            let owned = (s..e).any(|x| v.possessive(x) && v.proper(x));
            if (article || owned) && s <= e {
                push(out, LabelKind::Apposition, v.label_text(s, e + 1), s, e + 1);
                used.extend(s..=e);
            }
        }
    }

    // Copula: "Putin is a killer"; the name must be the subject.
    let subject = start == 0
        || !v.same_sentence(start)
        || !(NOT_SUBJECT_BEFORE.contains(&v.norm(start - 1)) || v.possessive(start - 1));
    let reported = (1..=REPORTED_CLAUSE_WINDOW.min(start))
        .map(|back| start - back)
        .take_while(|&i| v.same_sentence(i + 1))
        .any(|i| REPORTED_CLAUSE_CUES.contains(&v.norm(i)));
    if !possessive && subject && last + 1 < n && v.joined(last + 1) {
        let mut j = last + 1;
        if COPULAS.contains(&v.norm(j)) {
            j += 1;
            let mut adverbs = 0;
            while j < n && adverbs < 2 && v.joined(j) && COPULA_ADVERBS.contains(&v.norm(j)) {
                j += 1;
                adverbs += 1;
            }
            let negated = j < n && (NEGATIONS.contains(&v.norm(j)) || v.norm(j).ends_with("n't"));
            // "was “a killer”", "was a “killer”": the predicate is quoted.
            let quoted = (j..(j + 2).min(n)).any(|i| v.gap(i).chars().any(is_quote_mark));
            if j < n && v.joined(j) && !negated && (quoted || !reported) {
                predicate(v, j, true, &mut |kind, label, a, b| {
                    push(out, kind, label, a, b)
                });
            }
        }
    }

    // Labelling verbs: "called Putin a killer", "described Putin as ...",
    // "referred to Putin as ...".
    if !possessive && start > 0 && v.joined(start) && last + 1 < n && v.joined(last + 1) {
        let verb = v.norm(start - 1);
        let refer = verb == "to"
            && start >= 2
            && v.joined(start - 1)
            && REFER_VERBS.contains(&v.norm(start - 2));
        let j = last + 1;
        if CALL_VERBS.contains(&verb) {
            predicate(v, j, false, &mut |kind, label, a, b| {
                push(out, kind, label, a, b)
            });
        } else if (AS_VERBS.contains(&verb) || refer)
            && v.norm(j) == "as"
            && j + 1 < n
            && v.joined(j + 1)
        {
            predicate(v, j + 1, false, &mut |kind, label, a, b| {
                push(out, kind, label, a, b)
            });
        }
    }
}

/// A predicate label starting at token `j`: an (article +) noun phrase
/// with a head, or (after a copula) one adjective closed by punctuation
/// ("Putin is ruthless.").
fn predicate(
    v: &View,
    j: usize,
    adjective: bool,
    push: &mut dyn FnMut(LabelKind, String, usize, usize),
) {
    let n = v.n();
    let mut s = j;
    if ARTICLES.contains(&v.norm(s)) {
        s += 1;
        if s >= n || !v.joined(s) {
            return;
        }
    }
    // A predicate noun phrase may go on with a preposition ("called Putin
    // a killer in an interview").
    let ends = |e: usize, closed: bool| closed || (e < n && v.joined(e) && v.is_stop(e));
    if let Some((e, _)) = v.noun_phrase(s, 6).filter(|&(e, c)| ends(e, c)) {
        push(LabelKind::Copula, v.label_text(s, e), s, e);
    } else if adjective
        && s == j
        && v.label_word(s)
        && !v.proper(s)
        && !v.is_head(s)
        && v.modifier_word(v.base(s))
        && !v.norm(s).ends_with("ed")
        && !v.norm(s).ends_with("ing")
        && v.closed_after(s)
    {
        push(LabelKind::Copula, v.norm(s).to_string(), s, s + 1);
    }
}

/// Definite descriptions the event ties to an actor, standing alone ("the
/// Russian president said"): not right before a name (a premodifier) and
/// not an apposition already read.
fn descriptions(
    v: &View,
    actors: &[ActorNames],
    mentions: &[Mention],
    used: &HashSet<usize>,
    out: &mut Vec<FoundLabel>,
) {
    // first word -> (actor, description words)
    let mut by_first: HashMap<&str, Vec<(usize, &[String])>> = HashMap::default();
    for (a, actor) in actors.iter().enumerate() {
        for d in &actor.descriptions {
            if let Some(f) = d.first() {
                by_first.entry(f.as_str()).or_default().push((a, d));
            }
        }
    }
    if by_first.is_empty() {
        return;
    }
    let starts: HashSet<usize> = mentions.iter().map(|m| m.core).collect();
    let n = v.n();
    for i in 1..n {
        if v.norm(i - 1) != "the" || !v.joined(i) || used.contains(&i) {
            continue;
        }
        let Some(cands) = by_first.get(v.norm(i)) else {
            continue;
        };
        // The longest description that fits, of one actor.
        let mut best: Option<(usize, usize)> = None;
        for &(a, d) in cands {
            let len = d.len();
            if i + len > n {
                continue;
            }
            let fits = (0..len).all(|k| {
                let t = i + k;
                (k == 0 || v.joined(t))
                    && if k + 1 == len {
                        v.base(t) == d[k]
                    } else {
                        v.norm(t) == d[k]
                    }
            });
            if fits && best.is_none_or(|(_, l)| len > l) {
                best = Some((a, len));
            }
        }
        let Some((actor, len)) = best else {
            continue;
        };
        let e = i + len;
        // Before a name it is a premodifier ("the Russian President
        // Vladimir Putin"), read with the mention.
        if e < n && v.joined(e) && (v.cap[e] || starts.contains(&e)) {
            continue;
        }
        if (i..e).any(|k| used.contains(&k)) {
            continue;
        }
        out.push(FoundLabel {
            actor,
            kind: LabelKind::Description,
            label: v.label_text(i, e),
            token_start: i,
            token_end: e,
            sentence: v.doc.tokens[i].sentence,
            quote: v.quote_of(i, e),
            adjective: false,
        });
    }
}

/// "president" -> "President", "Mr." stays.
fn title_case(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> ActorNames {
        ActorNames {
            names: list
                .iter()
                .map(|n| n.split_whitespace().map(str::to_lowercase).collect())
                .collect(),
            descriptions: Vec::new(),
        }
    }

    fn found(text: &str, actors: &[ActorNames]) -> Vec<(usize, LabelKind, String)> {
        let doc = crate::text::analyze(text, None);
        actor_labels_in(&doc, actors)
            .into_iter()
            .map(|l| (l.actor, l.kind, l.label))
            .collect()
    }

    #[test]
    fn premodifier_title_apposition_and_copula() {
        let kim = names(&["Kim Jong Un", "Un", "Kim"]);
        let got = found(
            "North Korean dictator Kim Jong Un fired a missile. Mr. Kim, the reclusive leader, said nothing. Kim is a dangerous man.",
            &[kim],
        );
        assert_eq!(
            got,
            [
                (
                    0,
                    LabelKind::Premodifier,
                    "North Korean dictator".to_string()
                ),
                (0, LabelKind::Title, "Mr. Kim".to_string()),
                (0, LabelKind::Apposition, "reclusive leader".to_string()),
                (0, LabelKind::Copula, "dangerous man".to_string()),
            ]
        );
    }

    /// A reported claim in the outlet's own words ("asking him if Putin was
    /// a killer") is no label of the outlet's; the same claim in quote marks
    /// is a (quoted) label, and the outlet's own predicate stays one.
    #[test]
    fn reported_clauses_give_no_own_voice_copula() {
        let putin = names(&["Vladimir Putin", "Putin"]);
        let got = found(
            "Biden replied to a journalist asking him if Mr. Putin was a killer. Biden said he thought Putin was “a killer”. Putin is a ruthless autocrat.",
            &[putin],
        );
        assert_eq!(
            got,
            [
                (0, LabelKind::Title, "Mr. Putin".to_string()),
                (0, LabelKind::Copula, "killer".to_string()),
                (0, LabelKind::Copula, "ruthless autocrat".to_string()),
            ]
        );
    }

    #[test]
    fn verbs_are_no_labels() {
        let cruz = names(&["Ted Cruz", "Cruz"]);
        let got = found(
            "“We will win,” said Cruz. On Monday, Republican senator Ted Cruz met voters. Democrats criticized Cruz on Monday.",
            &[cruz],
        );
        assert_eq!(
            got,
            [(0, LabelKind::Premodifier, "Republican senator".to_string())]
        );
    }

    #[test]
    fn a_full_name_opening_with_a_word_is_found_and_no_place_or_acronym() {
        let doc = crate::text::analyze(
            "North Korean dictator Kim Jong Un fired a missile. Kim Jong Un's sister spoke. The UN met. Trump Tower was quiet. Officials met Kim on Monday.",
            None,
        );
        let kim: Vec<String> = full_names_opening(&doc, "kim")
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(kim, ["Kim Jong Un", "Kim Jong Un"]);
        assert!(full_names_opening(&doc, "trump").is_empty());
    }

    #[test]
    fn a_nationality_opening_a_sentence_keeps_its_capital() {
        let putin = names(&["Vladimir Putin", "Putin"]);
        let got = found(
            "Russian President Vladimir Putin rejected the remarks.",
            &[putin],
        );
        assert_eq!(
            got,
            [(0, LabelKind::Premodifier, "Russian president".to_string())]
        );
    }
}
