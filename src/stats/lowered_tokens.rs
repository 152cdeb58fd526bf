//! scikit-learn's default tokens (`(?u)\b\w\w+\b` on Python's
//! `text.lower()`) in one pass over the original text, without building
//! the lowercased copy.
//!
//! This is the hot loop of `tfidf --format summary`. Most of a news text
//! is ASCII, so the text is looked at 64 bytes at a time: eight 8-byte
//! words are classified with bit arithmetic (word byte, capital, non-ASCII)
//! into one bit per byte, and the tokens of the window are read off the
//! bits, with no branch per byte. A token is handed out as a slice of the
//! text itself when it has no capital letter.
//!
//! A window with a non-ASCII byte goes character by character instead,
//! through [`for_each_lower_char`] and [`is_word_char`], which is exactly
//! what lowercasing the whole text and then tokenising it does:
//! `str.lower()` maps each character on its own (the final sigma looks at
//! the original text around it, which is at hand), and a token is a
//! maximal run of two or more word characters of the lowercased text.

use super::pytext::{for_each_lower_char, is_word_char};

/// Bytes of text classified at once.
const WINDOW: usize = 64;
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
/// Multiplying bit 0 of each byte by this gathers them in the top byte.
const GATHER: u64 = 0x0102_0408_1020_4080;

/// High bit of each byte of `v` (all below 0x80) that is at least `c`.
#[inline]
fn at_least(v: u64, c: u8) -> u64 {
    ((v | HIGHS) - u64::from(c) * ONES) & HIGHS
}

/// High bit of each byte of `v` (all below 0x80) that is at most `c`.
#[inline]
fn at_most(v: u64, c: u8) -> u64 {
    (((u64::from(c) * ONES) | HIGHS) - v) & HIGHS
}

/// The high bits of the eight bytes, as eight bits.
#[inline]
fn pack(m: u64) -> u64 {
    (m >> 7).wrapping_mul(GATHER) >> 56
}

/// One bit per byte of a window: ASCII word bytes (`[0-9A-Za-z_]`),
/// ASCII capitals, and bytes of non-ASCII characters.
#[derive(Debug, Clone, Copy)]
struct Masks {
    word: u64,
    upper: u64,
    high: u64,
}

#[inline]
fn classify(w: &[u8; WINDOW]) -> Masks {
    let mut m = Masks {
        word: 0,
        upper: 0,
        high: 0,
    };
    for (k, chunk) in w.chunks_exact(8).enumerate() {
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        let x = u64::from_le_bytes(a);
        let high = x & HIGHS;
        let y = x & !HIGHS;
        let folded = y | (0x20 * ONES);
        let letter = at_least(folded, b'a') & at_most(folded, b'z');
        let digit = at_least(y, b'0') & at_most(y, b'9');
        let underscore = !(((y ^ (u64::from(b'_') * ONES)) | HIGHS) - ONES) & HIGHS;
        let word = (letter | digit | underscore) & !high;
        let upper = at_least(y, b'A') & at_most(y, b'Z') & !high;
        m.word |= pack(word) << (8 * k);
        m.upper |= pack(upper) << (8 * k);
        m.high |= pack(high) << (8 * k);
    }
    m
}

/// Bits `0..n` (`n <= 64`).
#[inline]
fn below(n: u32) -> u64 {
    if n >= 64 {
        !0
    } else {
        (1u64 << n) - 1
    }
}

/// Calls `f` with every token of scikit-learn's default analyzer on `text`
/// (lowercase on), in order: the same tokens as
/// [`super::pytext::for_each_sklearn_token`] on
/// [`super::pytext::py_lower`]`(text)`. `scratch` holds tokens that differ
/// from the text (a capital letter, a non-ASCII character).
#[inline]
pub fn for_each_lowered_token(text: &str, scratch: &mut String, mut f: impl FnMut(&str)) {
    let b = text.as_bytes();
    let mut p = 0;
    // An ASCII run going on past the last window: start, has a capital.
    let mut open: Option<(usize, bool)> = None;
    let mut pad = [0u8; WINDOW];
    'windows: while p < b.len() {
        let window: &[u8; WINDOW] = match b.get(p..p + WINDOW).map(<&[u8; WINDOW]>::try_from) {
            Some(Ok(w)) => w,
            _ => {
                // The last bytes, padded with NULs (not word bytes); only
                // once, as no window follows.
                pad[..b.len() - p].copy_from_slice(&b[p..]);
                &pad
            }
        };
        let m = classify(window);
        // Runs of word or non-ASCII bytes; a run with a non-ASCII byte goes
        // character by character, to the ASCII non-word byte that ends it.
        let mut runs = m.word | m.high;
        // One-character runs are no tokens: drop them here rather than
        // test each run's length (a branch the processor cannot predict).
        // The first byte may continue a run, the last may go on in the
        // next window: those stay.
        let mut alone = runs & !(runs << 1) & !(runs >> 1) & !(1 << 63);
        if open.is_some() {
            alone &= !1;
        }
        runs &= !alone;
        if let Some((start, upper)) = open.take() {
            let n = (!runs).trailing_zeros();
            if m.high & below(n) != 0 {
                let q = run_from(text, start, scratch, &mut f);
                if q >= p + WINDOW {
                    p = q;
                    continue 'windows;
                }
                runs &= !below((q - p) as u32);
            } else {
                let upper = upper || m.upper & below(n) != 0;
                if n == 64 {
                    open = Some((start, upper));
                    p += WINDOW;
                    continue 'windows;
                }
                emit(text, start..p + n as usize, upper, scratch, &mut f);
                runs &= !below(n);
            }
        }
        while runs != 0 {
            let s = runs.trailing_zeros();
            let end = s + (!(runs >> s)).trailing_zeros();
            let run = below(end) & !below(s);
            if m.high & run != 0 {
                let q = run_from(text, p + s as usize, scratch, &mut f);
                if q >= p + WINDOW {
                    p = q;
                    continue 'windows;
                }
                runs &= !below((q - p) as u32);
                continue;
            }
            let upper = m.upper & run != 0;
            if end == 64 {
                open = Some((p + s as usize, upper));
                break;
            }
            emit(
                text,
                p + s as usize..p + end as usize,
                upper,
                scratch,
                &mut f,
            );
            runs &= !below(end);
        }
        p += WINDOW;
    }
    if let Some((start, upper)) = open {
        emit(text, start..b.len(), upper, scratch, &mut f);
    }
}

/// Hands out the ASCII run `text[run]` if it is a token, lowercased in
/// `scratch` when it has a capital.
#[inline]
fn emit(
    text: &str,
    run: std::ops::Range<usize>,
    upper: bool,
    scratch: &mut String,
    f: &mut impl FnMut(&str),
) {
    if run.len() < 2 {
        return;
    }
    let word = &text[run];
    if upper {
        scratch.clear();
        scratch.push_str(word);
        scratch.make_ascii_lowercase();
        f(scratch);
    } else {
        f(word);
    }
}

#[inline]
fn ascii_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// From byte `start` (the start of a run, or a non-ASCII character outside
/// any run): lowercases character by character and tokenises the result,
/// until an ASCII non-word byte (whose index is returned, no run being
/// open there) or the end of the text.
fn run_from(text: &str, start: usize, scratch: &mut String, f: &mut impl FnMut(&str)) -> usize {
    let mut run = Run { scratch, chars: 0 };
    run.scratch.clear();
    for (off, c) in text[start..].char_indices() {
        if c.is_ascii() {
            if ascii_word(c as u8) {
                run.push(c.to_ascii_lowercase());
            } else {
                run.end(f);
                return start + off;
            }
        } else {
            for_each_lower_char(text, start + off, c, |l| {
                if is_word_char(l) {
                    run.push(l);
                } else {
                    run.end(f);
                }
            });
        }
    }
    run.end(f);
    text.len()
}

/// The word characters of the current run, lowercased.
struct Run<'t> {
    scratch: &'t mut String,
    chars: usize,
}

impl Run<'_> {
    #[inline]
    fn push(&mut self, c: char) {
        self.scratch.push(c);
        self.chars += 1;
    }

    /// Ends the run: a token when it has two characters or more.
    #[inline]
    fn end(&mut self, f: &mut impl FnMut(&str)) {
        if self.chars >= 2 {
            f(self.scratch);
        }
        self.scratch.clear();
        self.chars = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::super::pytext::{for_each_sklearn_token, py_lower};
    use super::*;

    fn fused(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        let mut scratch = String::new();
        for_each_lowered_token(s, &mut scratch, |t| v.push(t.to_string()));
        v
    }

    fn reference(s: &str) -> Vec<String> {
        let low = py_lower(s);
        let mut v = Vec::new();
        for_each_sklearn_token(&low, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn same_tokens_as_lowering_first() {
        for s in [
            "I'm a U.S. co-op, x_y 42 7 don’t",
            "Hello WORLD, ÉCOLE école İstanbul ΟΔΟΣ ΣΑ xΣ Σ",
            "cafe\u{301}s x² ǅungla ﬁne STRASSE Straße a\u{130}b",
            "",
            "ab",
            "Ab",
            "é",
            "éé",
            "aé",
            "日本語のテキスト",
            // Runs across 64-byte windows, with and without capitals and
            // non-ASCII bytes on either side of the border.
            &"abcdefgh ".repeat(20),
            &("x".repeat(63) + "YZ" + &"w".repeat(70)),
            &("x".repeat(62) + " é" + &"Ab".repeat(40)),
            &("a".repeat(64) + "b"),
            &("A".repeat(128) + "_"),
            &("Ab ".repeat(21) + "cdé fg"),
            &("ΣΣ ".repeat(30) + "abc Σ"),
            &("a ".repeat(31) + "bc d" + &" e".repeat(40)),
            &("a".repeat(63) + " b" + " c".repeat(31).as_str()),
        ] {
            assert_eq!(fused(s), reference(s), "{s:?}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::super::pytext::{for_each_sklearn_token, py_lower};
    use super::*;
    use proptest::prelude::*;

    /// Characters where lowercasing or `\w` is unusual, in any mix with
    /// ASCII (capitals included) and arbitrary code points.
    fn text() -> impl Strategy<Value = String> {
        let special = prop::sample::select(vec![
            'Σ',
            'σ',
            'ς',
            'İ',
            'ı',
            'ß',
            'ẞ',
            'ﬁ',
            '\u{301}',
            '\u{307}',
            '²',
            'Ⅻ',
            'ǅ',
            'Ω',
            'Ж',
            'ж',
            '日',
            '٣',
            '‿',
            '’',
            '“',
            '—',
            '\u{200d}',
            '😀',
            '\u{10400}',
            'Ꭰ',
            'ꭰ',
        ]);
        let ch = prop_oneof![
            6 => prop::char::range('a', 'z'),
            2 => prop::char::range('A', 'Z'),
            2 => prop::sample::select(vec![' ', ' ', '.', '\'', '-', '_', '0', '7', '\n']),
            2 => special,
            1 => any::<char>(),
        ];
        prop::collection::vec(ch, 0..300).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The one-pass tokens are those of lowercasing then tokenising.
        #[test]
        fn same_as_lowering_then_tokenising(s in text()) {
            let mut fused = Vec::new();
            let mut scratch = String::new();
            for_each_lowered_token(&s, &mut scratch, |t| fused.push(t.to_string()));
            let low = py_lower(&s);
            let mut reference = Vec::new();
            for_each_sklearn_token(&low, |t| reference.push(t.to_string()));
            prop_assert_eq!(fused, reference);
        }
    }
}
