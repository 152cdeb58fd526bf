//! A port of vaderSentiment 3.3.2's `SentimentIntensityAnalyzer.polarity_scores`.
//!
//! Researchers publish VADER numbers, so framelens must reproduce them to the
//! fourth decimal when given VADER's own lexicon file. Every rule is kept as
//! the Python code has it, quirks included (the `but` rule looks sentiments up
//! by value with `list.index`, so equal values earlier in the sentence are the
//! ones rescaled; `least` and `no` checks; the `never so` / `without doubt`
//! cases). Python's string semantics are reproduced where they matter:
//! `str.split()` / `str.strip()` whitespace, `string.punctuation`,
//! `str.isupper()` and `round()` (correctly rounded, ties to even).
//!
//! The rule word lists (negations, boosters, special cases) are data in
//! `data/lexicons/vader_rules.toml`. VADER's word lexicon is not shipped:
//! load it with [`VaderLexicon::from_path`].

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

/// Mean rating increase for a booster word (VADER's `B_INCR`).
const B_INCR: f64 = 0.293;
/// Mean rating decrease for a dampener (VADER's `B_DECR`).
const B_DECR: f64 = -0.293;
/// Increase for an ALL-CAPS word among mixed-case words (`C_INCR`).
const C_INCR: f64 = 0.733;
/// Factor applied by a negation (`N_SCALAR`).
const N_SCALAR: f64 = -0.74;
/// `normalize`'s alpha: approximates the maximum expected sum.
const ALPHA: f64 = 15.0;

/// VADER's four scores for one text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Polarity {
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
    pub compound: f64,
}

#[derive(Deserialize)]
struct RulesFile {
    negate: Vec<String>,
    boosters_up: Vec<String>,
    boosters_down: Vec<String>,
    special_cases: HashMap<String, f64>,
}

/// VADER's rule tables, parsed once from the built-in data file.
struct Rules {
    negate: HashSet<String>,
    boosters: HashMap<String, f64>,
    special_cases: HashMap<String, f64>,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        // Built-in data, checked by the unit tests: not user input.
        let file: RulesFile = toml::from_str(include_str!("../../data/lexicons/vader_rules.toml"))
            .expect("built-in data/lexicons/vader_rules.toml is valid");
        let mut boosters = HashMap::new();
        for w in file.boosters_up {
            boosters.insert(w, B_INCR);
        }
        for w in file.boosters_down {
            boosters.insert(w, B_DECR);
        }
        Rules {
            negate: file.negate.into_iter().collect(),
            boosters,
            special_cases: file.special_cases,
        }
    })
}

/// VADER's word lexicon (`word<TAB>mean<TAB>std<TAB>[ratings]`) and emoji
/// descriptions (`emoji<TAB>description`).
#[derive(Debug, Clone, Default)]
pub struct VaderLexicon {
    pub words: HashMap<String, f64>,
    /// Only single-code-point emoji can ever match: VADER looks each
    /// character of the text up on its own.
    pub emojis: HashMap<char, String>,
}

/// Python's `str.isspace` for one character: Unicode White_Space plus the
/// four information separators U+001C..U+001F, which Python also splits on.
fn py_is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

impl VaderLexicon {
    /// Parse the word lexicon as `make_lex_dict` does: lines split on `\n`,
    /// empty lines skipped, each line stripped, first two tab fields used.
    pub fn parse_words(text: &str, path: &Path) -> Result<HashMap<String, f64>> {
        let mut words = HashMap::new();
        for (n, line) in text.trim_end_matches('\n').split('\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let mut fields = line.trim_matches(py_is_space).split('\t');
            let word = fields.next().unwrap_or("");
            let measure = fields
                .next()
                .ok_or_else(|| Error::parse(path, Some(n + 1), "expected WORD<TAB>MEAN<TAB>..."))?;
            let value: f64 = measure.trim().parse().map_err(|_| {
                Error::parse(
                    path,
                    Some(n + 1),
                    format!("mean rating {measure:?} is not a number"),
                )
            })?;
            // Rust (like Python's float) reads "nan" and "inf"; a valence
            // must be a finite rating, or every score it touches is NaN.
            if !value.is_finite() {
                return Err(Error::parse(
                    path,
                    Some(n + 1),
                    format!("mean rating {measure:?} is not a finite number"),
                ));
            }
            words.insert(word.to_string(), value);
        }
        Ok(words)
    }

    /// Parse the emoji lexicon as `make_emoji_dict` does.
    pub fn parse_emojis(text: &str, path: &Path) -> Result<HashMap<char, String>> {
        let mut emojis = HashMap::new();
        for (n, line) in text.trim_end_matches('\n').split('\n').enumerate() {
            let mut fields = line.trim_matches(py_is_space).split('\t');
            let key = fields.next().unwrap_or("");
            let desc = fields
                .next()
                .ok_or_else(|| Error::parse(path, Some(n + 1), "expected EMOJI<TAB>DESCRIPTION"))?;
            let mut chars = key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                emojis.insert(c, desc.to_string());
            }
        }
        Ok(emojis)
    }

    /// The lexicons of vaderSentiment 3.3.2, compiled in
    /// (`data/lexicons/vader_lexicon.txt` and
    /// `vader_emoji_utf8_lexicon.txt`, MIT licence in `VADER-LICENSE.txt`).
    pub fn builtin() -> Self {
        // Built-in data, checked by the unit tests: not user input.
        let words = Self::parse_words(BUILTIN_WORDS, Path::new("data/lexicons/vader_lexicon.txt"))
            .expect("built-in VADER lexicon parses");
        let emojis = Self::parse_emojis(
            BUILTIN_EMOJIS,
            Path::new("data/lexicons/vader_emoji_utf8_lexicon.txt"),
        )
        .expect("built-in VADER emoji lexicon parses");
        VaderLexicon { words, emojis }
    }

    /// Load `vader_lexicon.txt` from `path`, and `emoji_utf8_lexicon.txt`
    /// from the same folder when it is there (as vaderSentiment does).
    pub fn from_path(path: &Path) -> Result<Self> {
        let text = super::read_lexicon_file(path)?;
        let words = Self::parse_words(&text, path)?;
        let emoji_path = path
            .parent()
            .map(|p| p.join("emoji_utf8_lexicon.txt"))
            .filter(|p| p.exists());
        let emojis = match emoji_path {
            Some(p) => {
                let t = super::read_lexicon_file(&p)?;
                Self::parse_emojis(&t, &p)?
            }
            None => HashMap::new(),
        };
        Ok(VaderLexicon { words, emojis })
    }
}

/// vaderSentiment 3.3.2's word lexicon (also the source of the built-in
/// `affect` lexicon).
pub(crate) const BUILTIN_WORDS: &str = include_str!("../../data/lexicons/vader_lexicon.txt");

/// vaderSentiment 3.3.2's emoji lexicon.
const BUILTIN_EMOJIS: &str = include_str!("../../data/lexicons/vader_emoji_utf8_lexicon.txt");

/// The scorer: a VADER lexicon plus VADER's rules.
#[derive(Debug, Clone)]
pub struct VaderScorer {
    lexicon: VaderLexicon,
}

/// Python's `str.isupper()`: no lowercase or titlecase character and at
/// least one uppercase one.
fn py_isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

/// Unicode general category Lt (Rust has no predicate for it).
fn is_titlecase(c: char) -> bool {
    matches!(c,
        '\u{01C5}' | '\u{01C8}' | '\u{01CB}' | '\u{01F2}'
        | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}'
        | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

/// `SentiText._strip_punc_if_word`: strip ASCII punctuation from both ends
/// unless that leaves two characters or fewer (an emoticon such as `:)`).
fn strip_punc_if_word(token: &str) -> &str {
    let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
    if stripped.chars().count() <= 2 {
        token
    } else {
        stripped
    }
}

/// VADER's `negated([word])` for one lowercased word.
fn negated(word: &str) -> bool {
    rules().negate.contains(word) || word.contains("n't")
}

/// Python's `round(x, digits)`: correctly rounded, ties to even. Rust's
/// formatting rounds the exact binary value the same way.
pub fn py_round(x: f64, digits: usize) -> f64 {
    format!("{x:.digits$}").parse().unwrap_or(x)
}

impl VaderScorer {
    pub fn new(lexicon: VaderLexicon) -> Self {
        VaderScorer { lexicon }
    }

    /// Load VADER's lexicon file (and the emoji file beside it).
    pub fn from_path(path: &Path) -> Result<Self> {
        Ok(Self::new(VaderLexicon::from_path(path)?))
    }

    pub fn lexicon(&self) -> &VaderLexicon {
        &self.lexicon
    }

    fn in_lex(&self, w: &str) -> bool {
        self.lexicon.words.contains_key(w)
    }

    /// `polarity_scores(text)`, rounded as vaderSentiment rounds.
    pub fn polarity_scores(&self, text: &str) -> Polarity {
        let raw = self.polarity_scores_raw(text);
        Polarity {
            neg: py_round(raw.neg, 3),
            neu: py_round(raw.neu, 3),
            pos: py_round(raw.pos, 3),
            compound: py_round(raw.compound, 4),
        }
    }

    /// The four scores before rounding.
    pub fn polarity_scores_raw(&self, text: &str) -> Polarity {
        // Emoji -> textual description, spaced as VADER does.
        let mut replaced = String::with_capacity(text.len());
        let mut prev_space = true;
        for ch in text.chars() {
            if let Some(desc) = self.lexicon.emojis.get(&ch) {
                if !prev_space {
                    replaced.push(' ');
                }
                replaced.push_str(desc);
                prev_space = false;
            } else {
                replaced.push(ch);
                prev_space = ch == ' ';
            }
        }
        let text = replaced.trim_matches(py_is_space);
        let words: Vec<&str> = text
            .split(py_is_space)
            .filter(|w| !w.is_empty())
            .map(strip_punc_if_word)
            .collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let n = words.len();
        let allcaps = words.iter().filter(|w| py_isupper(w)).count();
        let cap_diff = n - allcaps;
        let is_cap_diff = 0 < cap_diff && cap_diff < n;

        let rules = rules();
        let mut sentiments: Vec<f64> = Vec::with_capacity(n);
        for i in 0..n {
            if rules.boosters.contains_key(&lower[i]) {
                sentiments.push(0.0);
                continue;
            }
            if i + 1 < n && lower[i] == "kind" && lower[i + 1] == "of" {
                sentiments.push(0.0);
                continue;
            }
            sentiments.push(self.sentiment_valence(&words, &lower, i, is_cap_diff));
        }
        but_check(&lower, &mut sentiments);
        score_valence(&sentiments, text)
    }

    fn sentiment_valence(&self, words: &[&str], lower: &[String], i: usize, cap: bool) -> f64 {
        let n = words.len();
        let item = &lower[i];
        let Some(&base) = self.lexicon.words.get(item) else {
            return 0.0;
        };
        let mut valence = base;
        if item == "no" && i != n - 1 && self.in_lex(&lower[i + 1]) {
            valence = 0.0;
        }
        if (i > 0 && lower[i - 1] == "no")
            || (i > 1 && lower[i - 2] == "no")
            || (i > 2 && lower[i - 3] == "no" && (lower[i - 1] == "or" || lower[i - 1] == "nor"))
        {
            valence = base * N_SCALAR;
        }
        if py_isupper(words[i]) && cap {
            if valence > 0.0 {
                valence += C_INCR;
            } else {
                valence -= C_INCR;
            }
        }
        for start_i in 0..3 {
            if i > start_i && !self.in_lex(&lower[i - (start_i + 1)]) {
                let mut s = scalar_inc_dec(words[i - (start_i + 1)], valence, cap);
                if start_i == 1 && s != 0.0 {
                    s *= 0.95;
                }
                if start_i == 2 && s != 0.0 {
                    s *= 0.9;
                }
                valence += s;
                valence = negation_check(valence, lower, start_i, i);
                if start_i == 2 {
                    valence = special_idioms_check(valence, lower, i);
                }
            }
        }
        self.least_check(valence, lower, i)
    }

    fn least_check(&self, valence: f64, lower: &[String], i: usize) -> f64 {
        if i > 1 && !self.in_lex(&lower[i - 1]) && lower[i - 1] == "least" {
            if lower[i - 2] != "at" && lower[i - 2] != "very" {
                return valence * N_SCALAR;
            }
        } else if i > 0 && !self.in_lex(&lower[i - 1]) && lower[i - 1] == "least" {
            return valence * N_SCALAR;
        }
        valence
    }
}

fn scalar_inc_dec(word: &str, valence: f64, is_cap_diff: bool) -> f64 {
    let Some(&b) = rules().boosters.get(&word.to_lowercase()) else {
        return 0.0;
    };
    let mut scalar = b;
    if valence < 0.0 {
        scalar *= -1.0;
    }
    if py_isupper(word) && is_cap_diff {
        if valence > 0.0 {
            scalar += C_INCR;
        } else {
            scalar -= C_INCR;
        }
    }
    scalar
}

fn negation_check(valence: f64, l: &[String], start_i: usize, i: usize) -> f64 {
    let so_this = |w: &str| w == "so" || w == "this";
    match start_i {
        0 if negated(&l[i - 1]) => valence * N_SCALAR,
        1 => {
            if l[i - 2] == "never" && so_this(&l[i - 1]) {
                valence * 1.25
            } else if l[i - 2] == "without" && l[i - 1] == "doubt" {
                valence
            } else if negated(&l[i - 2]) {
                valence * N_SCALAR
            } else {
                valence
            }
        }
        2 => {
            // Python precedence: (never and so/this) or (so/this just before).
            if (l[i - 3] == "never" && so_this(&l[i - 2])) || so_this(&l[i - 1]) {
                valence * 1.25
            } else if l[i - 3] == "without" && (l[i - 2] == "doubt" || l[i - 1] == "doubt") {
                valence
            } else if negated(&l[i - 3]) {
                valence * N_SCALAR
            } else {
                valence
            }
        }
        _ => valence,
    }
}

fn special_idioms_check(mut valence: f64, l: &[String], i: usize) -> f64 {
    let rules = rules();
    let onezero = format!("{} {}", l[i - 1], l[i]);
    let twoonezero = format!("{} {} {}", l[i - 2], l[i - 1], l[i]);
    let twoone = format!("{} {}", l[i - 2], l[i - 1]);
    let threetwoone = format!("{} {} {}", l[i - 3], l[i - 2], l[i - 1]);
    let threetwo = format!("{} {}", l[i - 3], l[i - 2]);
    for seq in [&onezero, &twoonezero, &twoone, &threetwoone, &threetwo] {
        if let Some(&v) = rules.special_cases.get(seq.as_str()) {
            valence = v;
            break;
        }
    }
    if l.len() - 1 > i {
        if let Some(&v) = rules.special_cases.get(&format!("{} {}", l[i], l[i + 1])) {
            valence = v;
        }
    }
    if l.len() - 1 > i + 1 {
        let zeroonetwo = format!("{} {} {}", l[i], l[i + 1], l[i + 2]);
        if let Some(&v) = rules.special_cases.get(&zeroonetwo) {
            valence = v;
        }
    }
    for ngram in [&threetwoone, &threetwo, &twoone] {
        if let Some(&b) = rules.boosters.get(ngram.as_str()) {
            valence += b;
        }
    }
    valence
}

/// The contrastive `but` rule, with Python's `list.index` lookup by value.
fn but_check(lower: &[String], sentiments: &mut [f64]) {
    let Some(bi) = lower.iter().position(|w| w == "but") else {
        return;
    };
    for k in 0..sentiments.len() {
        let sentiment = sentiments[k];
        let si = sentiments.iter().position(|&s| s == sentiment).unwrap_or(k);
        if si < bi {
            sentiments[si] = sentiment * 0.5;
        } else if si > bi {
            sentiments[si] = sentiment * 1.5;
        }
    }
}

fn punctuation_emphasis(text: &str) -> f64 {
    let ep = text.matches('!').count().min(4) as f64 * 0.292;
    let qm_count = text.matches('?').count();
    let qm = if qm_count > 1 {
        if qm_count <= 3 {
            qm_count as f64 * 0.18
        } else {
            0.96
        }
    } else {
        0.0
    };
    ep + qm
}

fn normalize(score: f64) -> f64 {
    (score / (score * score + ALPHA).sqrt()).clamp(-1.0, 1.0)
}

fn score_valence(sentiments: &[f64], text: &str) -> Polarity {
    if sentiments.is_empty() {
        return Polarity::default();
    }
    let mut sum_s = 0.0;
    for s in sentiments {
        sum_s += s;
    }
    let amp = punctuation_emphasis(text);
    if sum_s > 0.0 {
        sum_s += amp;
    } else if sum_s < 0.0 {
        sum_s -= amp;
    }
    let compound = normalize(sum_s);
    let (mut pos_sum, mut neg_sum, mut neu_count) = (0.0f64, 0.0f64, 0usize);
    for &s in sentiments {
        if s > 0.0 {
            pos_sum += s + 1.0;
        }
        if s < 0.0 {
            neg_sum += s - 1.0;
        }
        if s == 0.0 {
            neu_count += 1;
        }
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += amp;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= amp;
    }
    let total = pos_sum + neg_sum.abs() + neu_count as f64;
    Polarity {
        neg: (neg_sum / total).abs(),
        neu: (neu_count as f64 / total).abs(),
        pos: (pos_sum / total).abs(),
        compound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_valences_are_refused() {
        for bad in ["nan", "NaN", "inf", "-inf", "infinity"] {
            let text = format!("good\t1.9\t0.9\t[2]\nodd\t{bad}\t0.1\t[1]\n");
            let err = VaderLexicon::parse_words(&text, Path::new("v.txt"))
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with("v.txt:2: ") && err.contains("finite"),
                "{err}"
            );
        }
    }

    fn scorer() -> VaderScorer {
        let mut words = HashMap::new();
        for (w, v) in [
            ("good", 1.9),
            ("bad", -2.5),
            ("smart", 1.7),
            ("funny", 1.9),
            ("handsome", 2.2),
            ("no", -1.2),
            ("horrible", -2.5),
        ] {
            words.insert(w.to_string(), v);
        }
        VaderScorer::new(VaderLexicon {
            words,
            emojis: HashMap::new(),
        })
    }

    #[test]
    fn rules_parse() {
        let r = rules();
        assert_eq!(r.boosters.get("very"), Some(&B_INCR));
        assert_eq!(r.boosters.get("kind of"), Some(&B_DECR));
        assert!(r.negate.contains("without"));
        assert_eq!(r.special_cases.get("kiss of death"), Some(&-1.5));
    }

    #[test]
    fn python_round_ties_to_even() {
        assert_eq!(py_round(0.125, 2), 0.12);
        assert_eq!(py_round(0.375, 2), 0.38);
        assert_eq!(py_round(0.0625, 3), 0.062);
    }

    #[test]
    fn simple_sentence_by_hand() {
        // "The book was good." -> sum 1.9, compound = 1.9/sqrt(1.9^2+15)
        let p = scorer().polarity_scores("The book was good.");
        assert_eq!(p.compound, 0.4404);
        assert_eq!(p.pos, 0.492); // 2.9 / (2.9 + 3)
        assert_eq!(p.neu, 0.508);
        assert_eq!(p.neg, 0.0);
    }

    #[test]
    fn negation_flips() {
        let p = scorer().polarity_scores("It is not good");
        assert!(p.compound < 0.0);
    }

    #[test]
    fn empty_text() {
        assert_eq!(scorer().polarity_scores("   "), Polarity::default());
    }

    #[test]
    fn malformed_lexicon_line() {
        let err = VaderLexicon::parse_words("good\t1.9\nbad\n", Path::new("v.txt")).unwrap_err();
        assert_eq!(err.to_string(), "v.txt:2: expected WORD<TAB>MEAN<TAB>...");
    }
}
