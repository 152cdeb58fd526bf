//! Word tokenizer: one pass over the characters, no regex, no allocation
//! beyond the output vector.
//!
//! A word is a run of letters and digits (with combining marks), and keeps:
//! - an apostrophe between two letters: "Biden's", "they've", "Putin’s"
//!   are one token each (a leading or trailing apostrophe is not part of
//!   the word: it is a quote mark or a plural possessive);
//! - a hyphen between two letters or digits: "78-year-old", "ill-considered",
//!   "Russia-US" are one token each. Hyphenated compounds are kept whole, as
//!   quanteda does by default, because a compound is one word choice
//!   ("ill-considered" is not "ill" plus "considered") and splitting it
//!   would count "year" and "old" for every age given;
//! - a period or comma between digits: "3.5", "1,000";
//! - periods of a dotted abbreviation of single letters: "U.S.", "U.K.",
//!   "a.m." (the final period included).

use super::normalize::{is_apostrophe, is_hyphen};
use unicode_normalization::char::is_combining_mark;

/// A word's byte span in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
}

/// Whether `c` can be part of a word.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c))
}

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// Split `text` into word spans, in order.
pub(crate) fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let bytes = text.len();
    let mut i = 0;
    while i < bytes {
        let Some(c) = char_at(text, i) else { break };
        if !is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut prev = c;
        // Length in chars of the current segment since the last internal
        // period, to recognise "U.S." (segments of one letter).
        let mut seg_len = 1usize;
        let mut dotted = false;
        i += c.len_utf8();
        while i < bytes {
            let Some(c) = char_at(text, i) else { break };
            if is_word_char(c) {
                seg_len += 1;
                prev = c;
                i += c.len_utf8();
                continue;
            }
            let next = char_at(text, i + c.len_utf8());
            let joins = match next {
                None => false,
                Some(n) => {
                    (is_apostrophe(c) && prev.is_alphabetic() && n.is_alphabetic())
                        || (is_hyphen(c) && prev.is_alphanumeric() && n.is_alphanumeric())
                        || ((c == '.' || c == ',') && prev.is_ascii_digit() && n.is_ascii_digit())
                        || (c == '.'
                            && seg_len == 1
                            && prev.is_alphabetic()
                            && n.is_alphabetic()
                            && char_at(text, i + 1 + n.len_utf8()) == Some('.'))
                }
            };
            if joins {
                if c == '.' && !prev.is_ascii_digit() {
                    dotted = true;
                    seg_len = 0;
                } else if !(c == '.' || c == ',') {
                    seg_len += 1;
                }
                prev = c;
                i += c.len_utf8();
                continue;
            }
            if c == '.' && dotted && seg_len == 1 && prev.is_alphabetic() {
                // Final period of "U.S.".
                i += 1;
            }
            break;
        }
        out.push(Span { start, end: i });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn apostrophes_inside_words_are_kept() {
        assert_eq!(
            words("Biden's Russia's Putin’s they've ‘online,'"),
            ["Biden's", "Russia's", "Putin’s", "they've", "online"]
        );
    }

    #[test]
    fn hyphenated_compounds_are_one_token() {
        assert_eq!(
            words("the 78-year-old Biden, ill-considered -- Russia-US"),
            ["the", "78-year-old", "Biden", "ill-considered", "Russia-US"]
        );
    }

    #[test]
    fn numbers_and_dotted_abbreviations() {
        assert_eq!(
            words("U.S. and U.K. paid 3.5 or 1,000 at 9 a.m. George W. Bush."),
            [
                "U.S.", "and", "U.K.", "paid", "3.5", "or", "1,000", "at", "9", "a.m.", "George",
                "W", "Bush"
            ]
        );
    }

    #[test]
    fn non_ascii_letters() {
        assert_eq!(words("Mörder «tué» café"), ["Mörder", "tué", "café"]);
    }
}
