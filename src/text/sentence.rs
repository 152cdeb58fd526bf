//! Paragraphs and sentences.
//!
//! News text usually carries one paragraph per line, and headlines have no
//! final period, so every line end closes a sentence, except where a line
//! is visibly hard-wrapped (it ends without closing punctuation and the next
//! line starts with a lowercase letter).
//!
//! Inside a paragraph a sentence ends at `.`, `!`, `?` or `…` (with any
//! closing quotes or brackets after it) followed by white space and a
//! capital, a digit or an opening quote. A period does not end a sentence
//! after an abbreviation from `data/abbreviations_en.txt` ("Mr.", "Gen.",
//! "Sept."), after an initial ("George W. Bush"), or after a dotted
//! abbreviation ("U.S.") unless a capitalised stop word ("The", "He")
//! follows. Decimals never reach the splitter: "3.5" is one token.

use super::fxhash::FxHashSet as HashSet;
use super::tokenize::Span;

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '}' | '\u{00BB}'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201C}' | '\u{2018}' | '\u{201E}' | '(' | '[' | '\u{00AB}'
    )
}

/// Paragraph spans, trimmed of surrounding white space, in order.
pub(crate) fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut blank_before = true;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let ls = line_start;
        line_start += line.len();
        let trimmed_start = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty() {
            blank_before = true;
            continue;
        }
        let s = ls + trimmed_start;
        let e = s + body.len();
        let wraps = !blank_before
            && out.last().is_some_and(|&(_, pe)| {
                text[..pe]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !is_terminal(c) && !is_closer(c) && c != ':' && c != ';')
            })
            && body.chars().next().is_some_and(char::is_lowercase);
        match out.last_mut() {
            Some(last) if wraps => last.1 = e,
            _ => out.push((s, e)),
        }
        blank_before = false;
    }
    out
}

/// Sentence spans inside the given paragraphs.
pub(crate) fn sentences(
    text: &str,
    paragraphs: &[(usize, usize)],
    tokens: &[Span],
    abbreviations: &HashSet<&str>,
    stopwords: &HashSet<&str>,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for &(ps, pe) in paragraphs {
        let first = out.len();
        let mut s = ps;
        let mut i = ps;
        while i < pe {
            let Some(c) = char_at(text, i) else { break };
            if !is_terminal(c) {
                i += c.len_utf8();
                continue;
            }
            let run_start = i;
            let mut j = i;
            while let Some(c) = char_at(text, j).filter(|&c| is_terminal(c)) {
                j += c.len_utf8();
            }
            let mut k = j;
            while let Some(c) = char_at(text, k).filter(|&c| is_closer(c)) {
                k += c.len_utf8();
            }
            i = k.max(j);
            if k >= pe {
                break;
            }
            if !char_at(text, k).is_some_and(char::is_whitespace) {
                continue;
            }
            let mut m = k;
            while let Some(c) = char_at(text, m).filter(|c| c.is_whitespace()) {
                m += c.len_utf8();
            }
            let Some(next) = char_at(text, m) else { break };
            let starts_sentence = next.is_uppercase() || next.is_numeric() || is_opener(next);
            if !starts_sentence {
                continue;
            }
            let single_period = c == '.' && j == run_start + 1;
            if single_period && !period_ends(text, run_start, m, tokens, abbreviations, stopwords) {
                continue;
            }
            out.push((s, k));
            s = m;
        }
        // The rest of the paragraph; a remainder without any word (a stray
        // quote mark) joins the sentence before it.
        let has_word = text[s..pe].chars().any(char::is_alphanumeric);
        if has_word || out.len() == first {
            out.push((s, pe));
        } else if let Some(last) = out.last_mut() {
            last.1 = pe;
        }
    }
    out
}

/// Whether the period at `dot` ends a sentence, given the next sentence
/// would start at `next_start`.
fn period_ends(
    text: &str,
    dot: usize,
    next_start: usize,
    tokens: &[Span],
    abbreviations: &HashSet<&str>,
    stopwords: &HashSet<&str>,
) -> bool {
    // Token containing the period ("U.S.") or ending right before it ("Mr").
    let idx = tokens.partition_point(|t| t.start <= dot);
    let Some(tok) = idx.checked_sub(1).map(|k| tokens[k]) else {
        return true;
    };
    if tok.end > dot {
        // Dotted abbreviation: ends a sentence only before "The", "He", ...
        let next = tokens[idx..].iter().find(|t| t.start >= next_start);
        return next.is_some_and(|t| {
            let w = &text[t.start..t.end];
            w.chars().next().is_some_and(char::is_uppercase)
                && stopwords.contains(w.to_lowercase().as_str())
        });
    }
    if tok.end != dot {
        return true;
    }
    let word = &text[tok.start..tok.end];
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return false; // an initial: "George W. Bush"
        }
    }
    if word.len() <= 6 && abbreviations.contains(word.to_lowercase().as_str()) {
        return false;
    }
    // "No. 3", "Vol. 2", "pp. 10": a numbering word before a number. Not in
    // the abbreviation list, since "no." ends a sentence before a word.
    let numbering = BEFORE_NUMBER.contains(&word.to_lowercase().as_str());
    !(numbering && char_at(text, next_start).is_some_and(|c| c.is_ascii_digit()))
}

/// Abbreviations that stand before a number ("No. 3", "Art. 5").
const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "vol", "vols", "art", "fig", "figs", "pp", "ch", "para", "nr",
];

#[cfg(test)]
mod tests {
    #[test]
    fn numbering_abbreviations_before_a_number_do_not_end_a_sentence() {
        let doc = crate::text::analyze(
            "Trump, the No. 1 draw, spoke first. He is No. 3 in the polls. Asked again, he said no. Then he left.",
            None,
        );
        let s: Vec<&str> = doc
            .sentences
            .iter()
            .map(|s| doc.slice(s.start, s.end))
            .collect();
        assert_eq!(
            s,
            [
                "Trump, the No. 1 draw, spoke first.",
                "He is No. 3 in the polls.",
                "Asked again, he said no.",
                "Then he left."
            ]
        );
    }
}
