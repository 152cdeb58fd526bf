//! Normal form of a token: NFKC, lowercase, typographic apostrophes and
//! hyphens made plain. Offsets never change: only the `norm` string does.

use unicode_normalization::UnicodeNormalization;

/// Whether `c` is an apostrophe-like mark that may sit inside a word.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Whether `c` is a hyphen that may join the parts of a compound word.
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Write the normal form of `form` into `out` (cleared first).
///
/// ASCII words (most of an English corpus) take a fast path that is a plain
/// lowercase copy: ASCII is already NFKC-stable.
pub(crate) fn normalize_into(form: &str, out: &mut String) {
    out.clear();
    if form.is_ascii() {
        out.extend(form.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in form.nfkc() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// The normal form of `form` as a new string.
pub fn normalize(form: &str) -> String {
    let mut s = String::with_capacity(form.len());
    normalize_into(form, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_and_straightens_apostrophes() {
        assert_eq!(normalize("Putin’s"), "putin's");
        assert_eq!(normalize("Biden's"), "biden's");
        assert_eq!(normalize("ﬁnal"), "final"); // NFKC ligature
        assert_eq!(normalize("Ｒｕｓｓｉａ"), "russia"); // NFKC full width
        assert_eq!(normalize("Soviet‐era"), "soviet-era");
    }
}
