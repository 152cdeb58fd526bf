//! Quoted spans.
//!
//! Quote marks come in three families: double (`"`, `“`, `”`, `„`), single
//! (`'`, `‘`, `’`) and guillemets (`«`, `»`). Curly marks say which way they
//! face, but scraped and machine-translated news misuses them (`other, ”he
//! said`, a `“` that really closes at the end of a paragraph), and straight
//! marks say nothing, so a mark's role comes from its glyph *and* its
//! neighbours:
//! - a single mark between two letters is an apostrophe ("Putin’s"), and so
//!   is a leading elision ("'90s", "'em");
//! - a mark before a word and after a space or opening punctuation opens;
//! - a mark after a word, before a space, punctuation or the paragraph end
//!   closes the innermost open quote of its family; a closing mark with no
//!   open quote of its family is ignored (plural possessive "Americans'");
//! - an opening glyph that is not followed by a word (`psychological. “`)
//!   closes an open quote of its family, or is ignored.
//!
//! Other styles read the same way:
//! - PTB-style marks (``` `` ``` opens, `''` closes) and a single
//!   backtick opening a single quote (``` `like this' ```);
//! - a straight double mark with white space on both sides, as
//!   detokenised text writes it (`" I'm optimistic , " he said`), opens a
//!   quote when none is open and closes the open one otherwise;
//! - a single mark standing apart before a clitic (`Trump 's`, `they 're`,
//!   detokenised) is an apostrophe;
//! - guillemets face either way: French `« tueur »` and German
//!   `»Killer«`, by the same neighbour rule, the glyph deciding only when
//!   the neighbours do not (white space on both sides);
//! - German `„…“` opens with a low mark and closes with a high one.
//!
//! Quotes nest (‘…’ inside “…”). Quotes never cross a paragraph: a double
//! quote or guillemet still open at the paragraph end is closed there (news
//! style for a quotation running over several paragraphs, each opening
//! with a mark and only the last closing), while a single quote still open
//! is dropped, since a lone single mark is more likely an apostrophe.
//!
//! Two bounds keep an unbalanced mark from swallowing an article (a stray
//! `"` in a one-line document ran to its end, and every later stray mark
//! nested one more quote inside it, so stored quote text grew with the
//! square of the text):
//! - a quote holds at most [`MAX_QUOTE_BYTES`] bytes between its marks: an
//!   opening mark that has found no closing mark within that distance is
//!   stray, and is forgotten (the longest quote in the BASIL, MBIC, Lim
//!   2020 and ABP corpora has 2,739 bytes);
//! - at most [`MAX_OPEN`] quotes are open at once: a further opening mark
//!   makes the oldest open one stray.
//!
//! So each mark is looked at once, at most [`MAX_OPEN`] quotes hold any
//! byte, and quote text is linear in the text whatever its marks.

use super::tokenize::is_word_char;
use std::collections::VecDeque;

/// Longest quote, in bytes between its marks, before its opening mark is
/// taken as stray.
pub const MAX_QUOTE_BYTES: usize = 4_000;

/// Most quotes open at once (nesting depth); real text nests three deep
/// at most (“… ‘… “…” …’ …”).
pub const MAX_OPEN: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Guillemet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glyph {
    Open,
    Close,
    Either,
}

fn mark(c: char) -> Option<(Family, Glyph)> {
    Some(match c {
        '"' => (Family::Double, Glyph::Either),
        '\u{201C}' | '\u{201E}' | '\u{201F}' => (Family::Double, Glyph::Open),
        '\u{201D}' => (Family::Double, Glyph::Close),
        '\'' => (Family::Single, Glyph::Either),
        '\u{2018}' | '\u{201A}' | '\u{201B}' => (Family::Single, Glyph::Open),
        '\u{2019}' => (Family::Single, Glyph::Close),
        '`' => (Family::Single, Glyph::Open),
        '\u{00AB}' => (Family::Guillemet, Glyph::Open),
        '\u{00BB}' => (Family::Guillemet, Glyph::Close),
        _ => return None,
    })
}

/// A mark of two characters: PTB ``` `` ``` (opens) and `''` (closes).
fn double_mark(c: char, next: Option<char>) -> Option<(Family, Glyph)> {
    match (c, next) {
        ('`', Some('`')) => Some((Family::Double, Glyph::Open)),
        ('\'', Some('\'')) => Some((Family::Double, Glyph::Close)),
        _ => None,
    }
}

/// Contractions that detokenised text writes apart (`Trump 's`,
/// `they 're`): a single mark before one of them is an apostrophe.
const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m", "t"];

fn is_clitic(text: &str, after: usize, end: usize) -> bool {
    let rest = &text[after..end];
    let word_len = rest
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(rest.len(), |(i, _)| i);
    let word = &rest[..word_len];
    CLITICS.iter().any(|e| word.eq_ignore_ascii_case(e))
}

/// A quoted span before tokens and speakers are attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawQuote {
    pub start: usize,
    pub end: usize,
    pub inner_start: usize,
    pub inner_end: usize,
}

/// Elided words written with a leading apostrophe, which is not a quote.
const ELISIONS: &[&str] = &["em", "til", "tis", "twas", "cause", "n", "bout", "round"];

fn is_elision(text: &str, after: usize, end: usize) -> bool {
    let rest = &text[after..end];
    let word_len = rest
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(rest.len(), |(i, _)| i);
    let word = &rest[..word_len];
    if word.is_empty() {
        return false;
    }
    let digits = word.trim_end_matches('s');
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && digits.len() == 2)
        || ELISIONS.iter().any(|e| word.eq_ignore_ascii_case(e))
}

fn opens_after(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '['
                | '{'
                | '—'
                | '–'
                | '-'
                | '/'
                | ':'
                | '\u{201C}'
                | '\u{2018}'
                | '"'
                | '\''
                | '\u{00AB}'
        )
}

struct Open {
    family: Family,
    start: usize,
    inner_start: usize,
}

/// The open quotes, innermost last, with a count per family so that
/// asking whether a family is open costs nothing.
#[derive(Default)]
struct Stack {
    open: VecDeque<Open>,
    count: [usize; 3],
}

impl Stack {
    fn slot(family: Family) -> usize {
        match family {
            Family::Double => 0,
            Family::Single => 1,
            Family::Guillemet => 2,
        }
    }

    fn is_open(&self, family: Family) -> bool {
        self.count[Self::slot(family)] > 0
    }

    /// Forget the open quotes that could only close longer than
    /// [`MAX_QUOTE_BYTES`] at or after byte `at`: they are stray marks.
    fn expire(&mut self, at: usize) {
        while self
            .open
            .front()
            .is_some_and(|o| at - o.inner_start > MAX_QUOTE_BYTES)
        {
            self.pop_front();
        }
    }

    fn pop_front(&mut self) {
        if let Some(o) = self.open.pop_front() {
            self.count[Self::slot(o.family)] -= 1;
        }
    }

    fn push(&mut self, o: Open) {
        if self.open.len() == MAX_OPEN {
            self.pop_front();
        }
        self.count[Self::slot(o.family)] += 1;
        self.open.push_back(o);
    }

    fn pop(&mut self) -> Option<Open> {
        let o = self.open.pop_back()?;
        self.count[Self::slot(o.family)] -= 1;
        Some(o)
    }

    fn clear(&mut self) {
        self.open.clear();
        self.count = [0; 3];
    }
}

/// Find quoted spans in each paragraph; sorted by start.
pub(crate) fn find_quotes(text: &str, paragraphs: &[(usize, usize)]) -> Vec<RawQuote> {
    let mut out = Vec::new();
    let mut stack = Stack::default();
    for &(ps, pe) in paragraphs {
        stack.clear();
        let para = &text[ps..pe];
        let mut prev: Option<char> = None;
        let mut iter = para.char_indices().peekable();
        while let Some((off, c)) = iter.next() {
            let mut next = iter.peek().map(|&(_, n)| n);
            let mut len = c.len_utf8();
            let ptb = double_mark(c, next).is_some();
            let found = match double_mark(c, next) {
                Some(m) => {
                    iter.next();
                    len += 1;
                    next = iter.peek().map(|&(_, n)| n);
                    Some(m)
                }
                None => mark(c),
            };
            let Some((family, glyph)) = found else {
                prev = Some(c);
                continue;
            };
            let i = ps + off;
            let after = i + len;
            stack.expire(i);
            let p_word = prev.is_some_and(|p| !p.is_whitespace());
            let n_word = next.is_some_and(|n| !n.is_whitespace());
            // An apostrophe inside a word.
            if family == Family::Single
                && prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)
            {
                prev = Some(c);
                continue;
            }
            // A single mark standing apart before a clitic: `Trump 's`.
            if family == Family::Single
                && glyph != Glyph::Open
                && prev.is_some_and(char::is_whitespace)
                && is_clitic(text, after, pe)
            {
                prev = Some(c);
                continue;
            }
            let left = n_word && prev.is_none_or(opens_after);
            let right = p_word && !next.is_some_and(is_word_char);
            let is_open = stack.is_open(family);
            // White space (or the paragraph edge) on both sides.
            let apart = !p_word && !n_word;
            let role = match glyph {
                // French spacing (`« Nous … »,`): a guillemet faces a word
                // only when a letter touches it.
                _ if family == Family::Guillemet => match (
                    left && next.is_some_and(is_word_char),
                    right && prev.is_some_and(is_word_char),
                ) {
                    (true, false) => Some(true),
                    (false, true) => is_open.then_some(false),
                    _ if glyph == Glyph::Open => Some(true),
                    _ => is_open.then_some(false),
                },
                Glyph::Open if left || ptb => Some(true),
                // `“ I'm optimistic , ”`: set apart, opens when none is.
                Glyph::Open if apart && !is_open && next.is_some() => Some(true),
                Glyph::Open => is_open.then_some(false),
                Glyph::Close if is_open => Some(false),
                Glyph::Close => None,
                Glyph::Either if left && !right => Some(true),
                Glyph::Either if right && !left => is_open.then_some(false),
                // `" I'm optimistic , "`: a straight double mark set
                // apart opens when none is open, else closes.
                Glyph::Either if apart && family == Family::Double => {
                    Some(!is_open).filter(|&o| !o || next.is_some())
                }
                Glyph::Either => is_open.then_some(false),
            };
            match role {
                Some(true) if !(family == Family::Single && is_elision(text, after, pe)) => {
                    stack.push(Open {
                        family,
                        start: i,
                        inner_start: after,
                    });
                }
                Some(false) => {
                    while let Some(o) = stack.pop() {
                        if o.family == family {
                            out.push(make(text, o.start, o.inner_start, i, after));
                            break;
                        }
                    }
                }
                _ => {}
            }
            prev = Some(c);
        }
        stack.expire(pe);
        for o in stack.open.drain(..) {
            if o.family != Family::Single && o.inner_start < pe {
                out.push(make(text, o.start, o.inner_start, pe, pe));
            }
        }
        stack.count = [0; 3];
    }
    out.sort_by_key(|q| (q.start, std::cmp::Reverse(q.end)));
    out
}

/// A quote with its inner span trimmed of white space.
fn make(text: &str, start: usize, inner_start: usize, inner_end: usize, end: usize) -> RawQuote {
    let inner = &text[inner_start..inner_end];
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim();
    RawQuote {
        start,
        end,
        inner_start: inner_start + lead,
        inner_end: inner_start + lead + trimmed.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<&str> {
        let paras = crate::text::sentence::paragraphs(text);
        find_quotes(text, &paras)
            .into_iter()
            .map(|q| &text[q.inner_start..q.inner_end])
            .collect()
    }

    #[test]
    fn curly_and_straight_double() {
        assert_eq!(quotes("He was “a killer,” she said."), ["a killer,"]);
        assert_eq!(quotes("He said \"very bad,\" adding: no."), ["very bad,"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(
            quotes(
                "Biden's and Russia's and Putin’s, they've said 'a killer' of the Americans' view"
            ),
            ["a killer"]
        );
    }

    #[test]
    fn nesting_single_inside_double() {
        assert_eq!(
            quotes("“I said, ‘I know you.’ Then,” he said."),
            ["I said, ‘I know you.’ Then,", "I know you."]
        );
    }

    #[test]
    fn misplaced_closing_mark_with_space_before() {
        assert_eq!(
            quotes("“We see it in the other, ”he said. Next"),
            ["We see it in the other,"]
        );
    }

    #[test]
    fn stray_opening_mark_at_paragraph_end_closes() {
        let t = "“It is a joke. The meaning is deep. “\nPutin also wished him “good health” today.";
        assert_eq!(
            quotes(t),
            ["It is a joke. The meaning is deep.", "good health"]
        );
    }

    #[test]
    fn unclosed_double_closes_at_paragraph_end() {
        let t = "He said: \"We always see ourselves.\n\"It takes one,\" he added.";
        assert_eq!(quotes(t), ["We always see ourselves.", "It takes one,"]);
    }

    #[test]
    fn stray_mark_does_not_swallow_a_long_paragraph() {
        // A stray opening mark, then a paragraph far longer than a quote.
        let filler = "and the talks went on for hours. ".repeat(400);
        let t = format!("He said \u{201c}we {filler} Later he called it \u{201c}a deal\u{201d}.");
        assert_eq!(quotes(&t), ["a deal"]);
        // Within the bound, the unclosed quote still closes at the end.
        let t = "He said: \u{201c}we are ready to talk, and we will.";
        assert_eq!(quotes(t), ["we are ready to talk, and we will."]);
    }

    #[test]
    fn many_unclosed_marks_give_bounded_quote_text() {
        for (unit, n) in [
            ("\"a ", 8_000),
            ("\u{201c}a ", 12_000),
            ("\u{201c}a ", 48_000),
        ] {
            let t = format!("x {}", unit.repeat(n));
            let paras = crate::text::sentence::paragraphs(&t);
            let qs = find_quotes(&t, &paras);
            let stored: usize = qs.iter().map(|q| q.inner_end - q.inner_start).sum();
            assert!(qs.len() <= MAX_OPEN, "{} quotes", qs.len());
            assert!(stored <= MAX_OPEN * MAX_QUOTE_BYTES, "{stored} bytes");
            assert!(qs
                .iter()
                .all(|q| q.inner_end - q.inner_start <= MAX_QUOTE_BYTES));
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let t = format!(
            "{}x{}",
            "\u{201c}a ".repeat(5_000),
            "\u{201d}".repeat(5_000)
        );
        let paras = crate::text::sentence::paragraphs(&t);
        let qs = find_quotes(&t, &paras);
        let stored: usize = qs.iter().map(|q| q.inner_end - q.inner_start).sum();
        assert!(stored <= MAX_OPEN * t.len(), "{stored} bytes");
        // Real nesting, three deep, is kept.
        assert_eq!(
            quotes("\u{201c}He said \u{2018}they called it \u{201c}x y\u{201d} today\u{2019} again\u{201d} ok"),
            [
                "He said \u{2018}they called it \u{201c}x y\u{201d} today\u{2019} again",
                "they called it \u{201c}x y\u{201d} today",
                "x y"
            ]
        );
    }

    #[test]
    fn spaced_straight_and_curly_marks() {
        assert_eq!(
            quotes("\" I'm optimistic , \" he said . \" Very , \" she said ."),
            ["I'm optimistic ,", "Very ,"]
        );
        assert_eq!(
            quotes("\u{201c} We are ready , \u{201d} he said."),
            ["We are ready ,"]
        );
        // A lone spaced mark at the very end opens nothing.
        assert_eq!(quotes("It ends here \""), Vec::<&str>::new());
    }

    #[test]
    fn ptb_marks_and_backtick_singles() {
        assert_eq!(
            quotes("`` We are ready , '' he said of the `` first meeting ''."),
            ["We are ready ,", "first meeting"]
        );
        assert_eq!(quotes("He said `no way' today."), ["no way"]);
    }

    #[test]
    fn detached_clitics_are_apostrophes() {
        assert_eq!(
            quotes("Trump 's plan , they 're told , is a 'deal' now"),
            ["deal"]
        );
    }

    #[test]
    fn guillemets_either_way_and_german_low_marks() {
        assert_eq!(quotes("Er sagte »Killer« gestern."), ["Killer"]);
        assert_eq!(
            quotes("Er sagte \u{201e}Killer\u{201c}, gestern."),
            ["Killer"]
        );
        assert_eq!(quotes("Il a dit « un tueur » hier."), ["un tueur"]);
    }

    #[test]
    fn guillemets_and_elisions() {
        assert_eq!(quotes("Il a dit « tueur » hier."), ["tueur"]);
        assert_eq!(quotes("In the '90s we rock 'n' roll"), Vec::<&str>::new());
    }
}
