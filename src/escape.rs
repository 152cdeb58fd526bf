//! Making user text safe for the formats framelens writes.
//!
//! Ids, outlet names, titles, quotes and words come from the corpus and can
//! hold anything: control characters, markup, spreadsheet formulas. Every
//! writer passes such text through the one function of its format here, so
//! a fix for one format reaches every chart, page and table at once:
//!
//! - [`xml_chars`] / [`xml_text`]: SVG charts and HTML pages (XML 1.0 cannot
//!   hold most C0 controls or U+FFFE/U+FFFF at all, not even escaped);
//! - [`markdown_text`] / [`markdown_url`]: `report.md` and `index.md`;
//! - [`csv_cell`]: every CSV cell (OWASP's CSV-injection guidance).

use std::borrow::Cow;

/// What replaces a character XML 1.0 cannot hold: visible, so the reader
/// sees that something was there, and valid in every output format.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether XML 1.0 allows `c` in a document:
/// `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`
/// (surrogates cannot occur in a Rust `char`).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` with every character XML 1.0 forbids replaced by U+FFFD, and nothing
/// else changed. For text handed to a writer that escapes `&<>"'` itself
/// (plotters' SVG backend), and for whole documents made of escaped text.
pub fn xml_chars(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if is_xml_char(c) { c } else { REPLACEMENT })
            .collect(),
    )
}

/// `s` as XML/HTML element content or a quoted attribute value: `& < > " '`
/// escaped and characters XML forbids replaced by U+FFFD.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if !is_xml_char(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// `s` as literal inline Markdown text: it renders as exactly these
/// characters in a paragraph, list item, heading, table cell or link text,
/// whatever it holds. Line breaks (and other whitespace runs) fold to one
/// space, because a newline in a heading or table cell would end it and
/// start a block the text chose. Characters that make markup anywhere
/// (`\ ` * [ ] < > # | ~ &`) are backslash-escaped; `_` only where it could
/// open or close emphasis (not inside a word: `strong_positive` stays as
/// it is). At the start, `-`, `+` or `=` (unless a number follows: `-2.5`)
/// and a `1.`-style number followed by a space are escaped, so the text
/// cannot open a list or draw a rule. Characters XML forbids become
/// U+FFFD, as in the HTML version.
pub fn markdown_text(s: &str) -> String {
    let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len() + 8);
    // A leading ordered-list marker: digits, then '.' or ')', then a space or the end.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let list_marker_at = (digits > 0
        && matches!(chars.get(digits), Some('.' | ')'))
        && matches!(chars.get(digits + 1), None | Some(' ')))
    .then_some(digits);
    let word = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_alphanumeric())
    };
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' => true,
            '_' => !(word(i.checked_sub(1)) && word(Some(i + 1))),
            '-' | '+' | '=' if i == 0 => {
                !matches!(chars.get(1), Some(d) if d.is_ascii_digit() || *d == '.')
            }
            _ => Some(i) == list_marker_at,
        };
        if escape {
            out.push('\\');
        }
        out.push(if is_xml_char(c) { c } else { REPLACEMENT });
    }
    out
}

/// `s` (a relative file path) as a Markdown link destination: anything but
/// unreserved URL characters and `/` is percent-encoded as UTF-8, so spaces,
/// parentheses or `>` in a folder name cannot end the link early.
pub fn markdown_url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `cell` made safe to open in a spreadsheet: a text cell that starts with
/// `=`, `+`, `-`, `@`, tab or CR would be run as a formula (OWASP, "CSV
/// Injection"), so it gets a leading `'`, which spreadsheets show as text.
/// Numbers (`-1.25`, `-3e-5`, `-inf`) are left alone: they are not formulas,
/// and readers of the CSV (and the parity tests) must still see numbers.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') if !is_number(cell) => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// A JSON text made safe as the content of an HTML `<script>` element (the
/// explorer pages embed their data in `<script type="application/json">`):
/// `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026`, so no text in
/// the data can close the element (`</script>`) or open a comment
/// (`<!--`), which would end or swallow the script; U+2028/U+2029 are
/// escaped for older JavaScript parsers, and characters XML forbids become
/// U+FFFD as in every other output. Outside its strings JSON holds none of
/// these characters, so the data parses back to the same values.
pub fn json_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if !is_xml_char(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// Whether `s` is a decimal number as Rust and the CSV writer print one:
/// `[+-]?(D+(.D*)?|.D+)([eE][+-]?D+)?`, or `inf`/`NaN` with a sign.
pub(crate) fn is_number(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    if matches!(b, b"inf" | b"NaN" | b"nan" | b"infinity") {
        return true;
    }
    let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac;
    }
    if int + frac == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_script_cannot_close_the_element() {
        let name = "</script><img src=x onerror=alert(1)><!-- a&b \u{2028}\u{FFFF}";
        let json = serde_json::to_string(&serde_json::json!({ "outlet": name })).unwrap();
        let safe = json_in_script(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(
            back["outlet"],
            "</script><img src=x onerror=alert(1)><!-- a&b \u{2028}\u{FFFD}"
        );
    }

    #[test]
    fn xml_forbidden_chars_become_replacement() {
        assert_eq!(
            xml_chars("a\u{1}b\u{FFFE}c\u{FFFF}\u{7}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}"
        );
        assert!(matches!(xml_chars("tab\tnl\ncr\r é 😀"), Cow::Borrowed(_)));
        assert_eq!(
            xml_text("<a href=\"x\">'&'</a>\u{0}"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\u{FFFD}"
        );
    }

    #[test]
    fn markdown_text_cannot_make_markup() {
        assert_eq!(
            markdown_text("# x <img src=x onerror=alert(1)>\nnext"),
            "\\# x \\<img src=x onerror=alert(1)\\> next"
        );
        assert_eq!(
            markdown_text("a|b *c* _d_ [e](f) `g`"),
            "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\`"
        );
        assert_eq!(markdown_text("- item"), "\\- item");
        assert_eq!(markdown_text("2024. A year"), "2024\\. A year");
        assert_eq!(markdown_text("3) x"), "3\\) x");
        assert_eq!(markdown_text("---"), "\\---");
        assert_eq!(markdown_text("+ x"), "\\+ x");
        // Numbers and words read as they are.
        for plain in [
            "50.00",
            "29.70–89.37",
            "-2.31",
            "+0.5",
            "2024",
            "strong_positive",
            "x - y, 3.5",
        ] {
            assert_eq!(markdown_text(plain), plain);
        }
        assert_eq!(markdown_text("_a_ b_ _c"), "\\_a\\_ b\\_ \\_c");
        assert_eq!(markdown_text("  indented\r\n\r\ncode  "), "indented code");
        assert_eq!(markdown_text("x - y, 3.5"), "x - y, 3.5");
        assert_eq!(markdown_text("a\u{1}b"), "a\u{FFFD}b");
    }

    #[test]
    fn markdown_url_encodes_what_ends_a_link() {
        assert_eq!(markdown_url("a b/(c)>.html"), "a%20b/%28c%29%3E.html");
        assert_eq!(
            markdown_url("事件/report.html"),
            "%E4%BA%8B%E4%BB%B6/report.html"
        );
    }

    #[test]
    fn csv_formulas_are_neutralised_and_numbers_kept() {
        for f in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+2",
            "-x",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-",
            "-1+2",
            "-e5",
            "--1",
        ] {
            assert_eq!(csv_cell(f), format!("'{f}"), "{f:?}");
        }
        for n in [
            "-1.25", "-3e-5", "+4", "-0", "-.5", "-5.", "-1E+10", "-inf", "-NaN", "x=1", "", "a-b",
        ] {
            assert_eq!(csv_cell(n), n, "{n:?}");
        }
    }
}
