//! A fast path for JSONL records when only the text (and id) is wanted.
//!
//! Building a `serde_json::Value` of every record (a map, a `String` per
//! field, nested labels) and then a [`super::Document`] costs more than
//! counting the record's words. [`scan_record`] instead checks the whole
//! line in place, without allocating, and returns the text field (still
//! escaped) and the id, but only when it is sure that the full reader
//! ([`super::jsonl::parse_record`]) would accept the record and read the
//! same text and id. Anything unusual (a control character, an escaped
//! key, a repeated key, a number with an exponent, deep nesting, a
//! field of the wrong type, no outlet, ...) returns `None` and the caller
//! goes the full way, which also words the error message.
//!
//! "Accepts" means: the line is valid UTF-8 and one valid JSON object
//! (strings with valid escapes and paired surrogates, as serde_json wants
//! them) and [`super::record::to_document`] finds a string text, a
//! string or number id (or none), an outlet, and the right types for the
//! first non-null field of every other alias group.

use std::borrow::Cow;

/// Nesting deeper than this goes the full way (serde_json stops at 128).
const MAX_DEPTH: usize = 64;
/// Numbers with more digits go the full way (a bound on what the fast
/// path has to reason about; serde_json keeps any number's source text).
const MAX_DIGITS: usize = 300;
/// Records with more top-level keys go the full way: repeated keys are
/// looked for by comparing each key with those before it.
const MAX_KEYS: usize = 32;

/// The content of a JSON string as it is in the line, between the quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawStr<'a> {
    raw: &'a str,
    escaped: bool,
}

impl<'a> RawStr<'a> {
    /// The string's value, unescaped into `buf` when it has escapes, and
    /// whether it holds a CR (only an escape can write one: the fast path
    /// takes no raw control characters).
    pub fn unescape<'s>(&self, buf: &'s mut String) -> (&'s str, bool)
    where
        'a: 's,
    {
        if !self.escaped {
            return (self.raw, false);
        }
        let cr = unescape_into(self.raw, buf);
        (buf, cr)
    }

    fn to_cow(self) -> Cow<'a, str> {
        if self.escaped {
            let mut s = String::new();
            unescape_into(self.raw, &mut s);
            Cow::Owned(s)
        } else {
            Cow::Borrowed(self.raw)
        }
    }
}

/// What the fast path read from a record the full reader accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FastRecord<'a> {
    /// The text (or content) field.
    pub text: RawStr<'a>,
    /// The record's own id; `None` when it gives none (the default id
    /// `stem:line` applies).
    pub id: Option<Cow<'a, str>>,
}

/// A JSON value, as far as the field rules need it.
#[derive(Debug, Clone, Copy)]
enum Val<'a> {
    Null,
    Str(RawStr<'a>),
    /// The literal, checked against JSON's grammar (no exponent).
    Number(&'a str),
    Other,
}

/// The record fields with a type rule, by alias group in the full
/// reader's order of preference (see `record.rs`).
const FIELDS: &[&str] = &[
    "text",
    "content",
    "id",
    "outlet_code",
    "outlet",
    "source",
    "outlet_name",
    "event_id",
    "event",
    "title",
    "date",
    "url",
    "language",
    "lang",
];
const TEXT: std::ops::Range<usize> = 0..2;
const ID: usize = 2;
const OUTLET_CODE: usize = 3;
const OUTLET: std::ops::Range<usize> = 4..6;
/// Alias groups whose first non-null value must be a string (`false`) or
/// may also be a number (`true`).
const TYPED: &[(std::ops::Range<usize>, bool)] = &[
    (3..4, false),
    (4..6, false),
    (6..7, false),
    (7..9, true),
    (9..10, false),
    (10..11, true),
    (11..12, false),
    (12..14, false),
];

/// The text and id of `line` (line end removed), when the full reader
/// would accept the record and read the same; `None` otherwise.
pub fn scan_record(line: &[u8]) -> Option<FastRecord<'_>> {
    // serde_json refuses raw control characters inside strings; outside
    // them only tabs and CRs would be allowed, which are rare enough to
    // leave to the full reader. One branch-free pass finds them all.
    if line.iter().fold(false, |acc, &b| acc | (b < 0x20)) {
        return None;
    }
    let s = std::str::from_utf8(line).ok()?;
    let mut p = Parser {
        b: s.as_bytes(),
        s,
        i: 0,
    };
    let mut fields: [Option<Val<'_>>; FIELDS.len()] = [None; FIELDS.len()];
    // Every key so far: a repeated one (which the full reader warns
    // about) sends the record the full way.
    let mut keys: [&str; MAX_KEYS] = [""; MAX_KEYS];
    let mut n_keys = 0;
    p.ws();
    p.eat(b'{')?;
    p.ws();
    if !p.try_eat(b'}') {
        loop {
            p.ws();
            let key = p.string()?;
            if key.escaped || n_keys == MAX_KEYS || keys[..n_keys].contains(&key.raw) {
                return None;
            }
            keys[n_keys] = key.raw;
            n_keys += 1;
            p.ws();
            p.eat(b':')?;
            p.ws();
            let v = p.value(1)?;
            if let Some(k) = FIELDS.iter().position(|f| *f == key.raw) {
                if fields[k].replace(v).is_some() {
                    return None;
                }
            }
            p.ws();
            if !p.try_eat(b',') {
                p.eat(b'}')?;
                break;
            }
        }
    }
    p.ws();
    if p.i != p.b.len() {
        return None;
    }
    accept(&fields)
}

/// The first non-null value of an alias group.
fn first<'a>(fields: &[Option<Val<'a>>], group: std::ops::Range<usize>) -> Option<Val<'a>> {
    fields
        .get(group)?
        .iter()
        .flatten()
        .copied()
        .find(|v| !matches!(v, Val::Null))
}

/// A string field that counts as given: not blank once trimmed.
fn given(v: Option<Val<'_>>) -> bool {
    match v {
        Some(Val::Str(s)) if s.escaped => !s.to_cow().trim().is_empty(),
        Some(Val::Str(s)) => !s.raw.trim().is_empty(),
        _ => false,
    }
}

/// The field rules of `to_document`, for the records the fast path keeps.
fn accept<'a>(fields: &[Option<Val<'a>>]) -> Option<FastRecord<'a>> {
    let Some(Val::Str(text)) = first(fields, TEXT) else {
        return None;
    };
    for (group, numbers_ok) in TYPED {
        match first(fields, group.clone()) {
            None | Some(Val::Str(_)) => {}
            Some(Val::Number(_)) if *numbers_ok => {}
            Some(_) => return None,
        }
    }
    if !given(first(fields, OUTLET_CODE..OUTLET_CODE + 1)) && !given(first(fields, OUTLET)) {
        return None;
    }
    let id = match fields.get(ID).copied().flatten() {
        None | Some(Val::Null) => None,
        Some(Val::Str(s)) => Some(s.to_cow()).filter(|s| !s.trim().is_empty()),
        // serde_json (arbitrary_precision) keeps a number's source text,
        // so the id is the literal; only the plainest ones are taken here,
        // the rest go the full way.
        Some(Val::Number(n)) if plain_integer(n) => Some(Cow::Borrowed(n)),
        Some(_) => return None,
    };
    Some(FastRecord { text, id })
}

/// `0` or `[1-9][0-9]*`, of any length the fast path reads (ids past
/// `u64` included: their text is kept as it is).
fn plain_integer(n: &str) -> bool {
    n.len() <= MAX_DIGITS
        && n.bytes().all(|b| b.is_ascii_digit())
        && (n == "0" || !n.starts_with('0'))
}

/// A validating JSON cursor over one line.
struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    #[inline]
    fn ws(&mut self) {
        while self.b.get(self.i) == Some(&b' ') {
            self.i += 1;
        }
    }

    #[inline]
    fn eat(&mut self, c: u8) -> Option<()> {
        self.try_eat(c).then_some(())
    }

    #[inline]
    fn try_eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Option<Val<'a>> {
        match *self.b.get(self.i)? {
            b'"' => self.string().map(Val::Str),
            b'{' | b'[' if depth >= MAX_DEPTH => None,
            b'{' => {
                self.i += 1;
                self.ws();
                if self.try_eat(b'}') {
                    return Some(Val::Other);
                }
                loop {
                    self.ws();
                    self.string()?;
                    self.ws();
                    self.eat(b':')?;
                    self.ws();
                    self.value(depth + 1)?;
                    self.ws();
                    if !self.try_eat(b',') {
                        self.eat(b'}')?;
                        return Some(Val::Other);
                    }
                }
            }
            b'[' => {
                self.i += 1;
                self.ws();
                if self.try_eat(b']') {
                    return Some(Val::Other);
                }
                loop {
                    self.ws();
                    self.value(depth + 1)?;
                    self.ws();
                    if !self.try_eat(b',') {
                        self.eat(b']')?;
                        return Some(Val::Other);
                    }
                }
            }
            b't' => self.literal("true", Val::Other),
            b'f' => self.literal("false", Val::Other),
            b'n' => self.literal("null", Val::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &str, v: Val<'a>) -> Option<Val<'a>> {
        if self.b.get(self.i..self.i + word.len())? == word.as_bytes() {
            self.i += word.len();
            Some(v)
        } else {
            None
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`; an exponent goes the full way.
    fn number(&mut self) -> Option<Val<'a>> {
        let start = self.i;
        self.try_eat(b'-');
        let int_start = self.i;
        let int = self.digits();
        if int == 0 || (int > 1 && self.b.get(int_start) == Some(&b'0')) {
            return None;
        }
        let mut n = int;
        if self.try_eat(b'.') {
            let frac = self.digits();
            if frac == 0 {
                return None;
            }
            n += frac;
        }
        if n > MAX_DIGITS || matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            return None;
        }
        Some(Val::Number(&self.s[start..self.i]))
    }

    /// A string at the cursor (which is on its opening quote), escapes
    /// checked as serde_json checks them.
    fn string(&mut self) -> Option<RawStr<'a>> {
        self.eat(b'"')?;
        let start = self.i;
        let mut escaped = false;
        loop {
            let at = self.i + memchr::memchr2(b'"', b'\\', self.b.get(self.i..)?)?;
            if self.b[at] == b'"' {
                self.i = at + 1;
                return Some(RawStr {
                    raw: &self.s[start..at],
                    escaped,
                });
            }
            escaped = true;
            self.i = at + escape_len(&self.b[at..])?;
        }
    }
}

/// Length of the valid escape sequence at the start of `b` (which starts
/// with a backslash): a surrogate must come as a high-low pair.
fn escape_len(b: &[u8]) -> Option<usize> {
    match b.get(1)? {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(2),
        b'u' => {
            let n = hex4(b.get(2..6)?)?;
            match n {
                0xDC00..=0xDFFF => None,
                0xD800..=0xDBFF => {
                    if b.get(6..8)? != b"\\u" {
                        return None;
                    }
                    let low = hex4(b.get(8..12)?)?;
                    (0xDC00..=0xDFFF).contains(&low).then_some(12)
                }
                _ => Some(6),
            }
        }
        _ => None,
    }
}

fn hex4(h: &[u8]) -> Option<u32> {
    h.iter().try_fold(0u32, |acc, &c| {
        let d = (c as char).to_digit(16)?;
        Some(acc * 16 + d)
    })
}

/// Appends the value of `raw` (the checked content of a JSON string) to
/// `out`, cleared first; whether an escape (`\r`, `\u000d`) wrote a CR.
fn unescape_into(raw: &str, out: &mut String) -> bool {
    let mut cr = false;
    out.clear();
    out.reserve(raw.len());
    let b = raw.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'\\', &b[i..]) {
        let at = i + off;
        out.push_str(&raw[i..at]);
        let (c, len) = match b.get(at + 1) {
            Some(b'"') => ('"', 2),
            Some(b'\\') => ('\\', 2),
            Some(b'/') => ('/', 2),
            Some(b'b') => ('\u{8}', 2),
            Some(b'f') => ('\u{c}', 2),
            Some(b'n') => ('\n', 2),
            Some(b'r') => ('\r', 2),
            Some(b't') => ('\t', 2),
            Some(b'u') => decode_u(&b[at..]),
            _ => (char::REPLACEMENT_CHARACTER, 1),
        };
        cr |= c == '\r';
        out.push(c);
        i = at + len;
    }
    out.push_str(&raw[i..]);
    cr
}

/// The character of a `\uXXXX` escape (or surrogate pair) at the start of
/// `b`, and the escape's length. Escapes were checked by
/// [`escape_len`]; anything else gives U+FFFD rather than a panic.
fn decode_u(b: &[u8]) -> (char, usize) {
    let bad = (char::REPLACEMENT_CHARACTER, 2);
    let Some(len) = escape_len(b) else {
        return bad;
    };
    let hi = b.get(2..6).and_then(hex4);
    let lo = b.get(8..12).and_then(hex4);
    let code = match (len, hi, lo) {
        (6, Some(n), _) => n,
        (12, Some(h), Some(l)) => 0x1_0000 + ((h - 0xD800) << 10) + (l - 0xDC00),
        _ => return bad,
    };
    match char::from_u32(code) {
        Some(c) => (c, len),
        None => bad,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(line: &str) -> Option<(String, Option<String>)> {
        let r = scan_record(line.as_bytes())?;
        let mut buf = String::new();
        Some((
            r.text.unescape(&mut buf).0.to_string(),
            r.id.map(|c| c.into_owned()),
        ))
    }

    #[test]
    fn reads_text_and_id() {
        let l = r#"{"event_id": null, "outlet": "NPR", "labels": {"a": [1, 2.5, true, null, -0.5]}, "text": "a\n\"b\" \u00e9 \ud83d\ude00", "id": 12}"#;
        assert_eq!(
            text_of(l),
            Some(("a\n\"b\" é 😀".to_string(), Some("12".to_string())))
        );
        assert_eq!(
            text_of(r#" {"content":"x","source":"s","id":" "} "#),
            Some(("x".into(), None))
        );
        // The second alias is only a label: its type does not matter.
        assert_eq!(
            text_of(r#"{"text":"x","content":3,"outlet":"o","id":"a\/b"}"#),
            Some(("x".into(), Some("a/b".into())))
        );
        assert_eq!(
            text_of(r#"{"text":null,"content":"y","outlet_code":"o","outlet":[]}"#),
            None,
            "outlet of the wrong type"
        );
        assert_eq!(
            text_of(r#"{"text":null,"content":"y","outlet_code":"o","outlet":null}"#),
            Some(("y".into(), None))
        );
    }

    #[test]
    fn unsure_records_go_the_full_way() {
        for l in [
            r#"{"text":"x"}"#,
            r#"{"text":"x","outlet":"  "}"#,
            r#"{"text":"x","outlet":"\u0020"}"#,
            r#"{"text":3,"outlet":"o"}"#,
            r#"{"text":"x","outlet":"o","title":1}"#,
            r#"{"text":"x","outlet":"o","id":-1}"#,
            r#"{"text":"x","outlet":"o","id":1.0}"#,
            r#"{"text":"x","outlet":"o","id":01}"#,
            r#"{"text":"x","outlet":"o","n":1e5}"#,
            r#"{"text":"x","outlet":"o","n":.5}"#,
            r#"{"text":"x","outlet":"o","n":1.}"#,
            r#"{"text":"x","outlet":"o","text":"y"}"#,
            r#"{"text":"x","outlet":"o","meta":1,"meta":2}"#,
            r#"{"te\u0078t":"x","outlet":"o"}"#,
            r#"{"text":"\ud800","outlet":"o"}"#,
            r#"{"text":"\udc00\ud800","outlet":"o"}"#,
            r#"{"text":"\ud800\u0041","outlet":"o"}"#,
            r#"{"text":"\x","outlet":"o"}"#,
            r#"{"text":"x","outlet":"o",}"#,
            r#"{"text":"x","outlet":"o","a":[1,]}"#,
            r#"{"text":"x","outlet":"o"} x"#,
            r#"{"text":"x","outlet":"o","a":tru}"#,
            "{\"text\":\"a\tb\",\"outlet\":\"o\"}",
            "{\"text\":\"x\",\"outlet\":\"o\"}\u{0}",
            r#"["text"]"#,
            r#"{"text":"x","outlet":"o""#,
        ] {
            assert_eq!(text_of(l), None, "{l}");
        }
        let deep = format!(
            r#"{{"text":"x","outlet":"o","d":{}1{}}}"#,
            "[".repeat(70),
            "]".repeat(70)
        );
        assert_eq!(text_of(&deep), None);
        assert_eq!(scan_record(b"{\"text\":\"\xff\",\"outlet\":\"o\"}"), None);
    }
}

#[cfg(test)]
mod properties {
    use super::super::decode::normalize_newlines;
    use super::super::jsonl::{default_id, parse_record, parse_record_noting};
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    const KEYS: &[&str] = &[
        "text",
        "content",
        "id",
        "outlet",
        "source",
        "outlet_code",
        "outlet_name",
        "event_id",
        "event",
        "title",
        "date",
        "url",
        "language",
        "lang",
        "labels",
        "meta",
        "x",
    ];

    /// One character of a JSON string, written raw or escaped in any of
    /// the ways JSON allows.
    fn string_char() -> impl Strategy<Value = String> {
        let c = prop_oneof![
            4 => prop::char::range(' ', '~'),
            1 => prop::sample::select(vec!['\n', '\r', '\t', '"', '\\', '/', '\u{0}', '\u{1f}']),
            1 => prop::sample::select(vec!['é', 'Σ', '’', '😀', '\u{7f}', '\u{2028}']),
            1 => any::<char>(),
        ];
        (c, 0..6u8).prop_map(|(c, how)| {
            let utf16 = |upper: bool| -> String {
                c.encode_utf16(&mut [0; 2])
                    .iter()
                    .map(|u| {
                        if upper {
                            format!("\\u{u:04X}")
                        } else {
                            format!("\\u{u:04x}")
                        }
                    })
                    .collect()
            };
            match (c, how) {
                (_, 0) => utf16(true),
                (_, 1) => utf16(false),
                ('/', 2) => "\\/".to_string(),
                ('"', _) => "\\\"".to_string(),
                ('\\', _) => "\\\\".to_string(),
                ('\n', _) => "\\n".to_string(),
                ('\r', _) => "\\r".to_string(),
                ('\t', _) => "\\t".to_string(),
                (c, _) if (c as u32) < 0x20 => utf16(false),
                (c, _) => c.to_string(),
            }
        })
    }

    /// A JSON string; one in ten has something JSON (or serde_json) does
    /// not allow somewhere in it.
    fn string() -> impl Strategy<Value = String> {
        let bad = prop::sample::select(vec![
            "\\x",
            "\\ud800",
            "\\udc00",
            "\\ud800\\u0041",
            "\\ud800\\n",
            "\t",
            "\u{1}",
            "\\u12",
            "\\",
        ]);
        (
            prop::collection::vec(string_char(), 0..20),
            prop::option::weighted(0.1, (bad, any::<prop::sample::Index>())),
        )
            .prop_map(|(mut chars, bad)| {
                if let Some((b, at)) = bad {
                    let at = at.index(chars.len() + 1);
                    chars.insert(at, b.to_string());
                }
                format!("\"{}\"", chars.concat())
            })
    }

    fn scalar() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => string(),
            2 => prop::sample::select(vec![
                "0", "7", "12", "-1", "-0", "1.5", "-0.25", "null", "null", "true", "false",
                "123456789012345678901234567890", "18446744073709551616",
            ])
            .prop_map(String::from),
            1 => prop::sample::select(vec![
                "1e5", "2E-3", "01", "1.", ".5", "-", "nul", "True", "+1",
            ])
            .prop_map(String::from),
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        scalar().prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec((prop::sample::select(KEYS), inner), 0..4).prop_map(|v| {
                    let fields: Vec<String> =
                        v.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
                    format!("{{{}}}", fields.join(", "))
                }),
            ]
        })
    }

    /// A record: mostly with a text and an outlet, other fields (keys may
    /// repeat) in any order, spaces here and there, and now and then
    /// something after the object.
    fn record() -> impl Strategy<Value = String> {
        let field = (prop::sample::select(KEYS), value());
        let named =
            |k: &'static str| prop::option::weighted(0.9, string().prop_map(move |v| (k, v)));
        (
            named("text"),
            named("outlet"),
            prop::collection::vec(field, 0..6),
            prop::sample::select(vec![" ", "", ""]),
            prop::sample::select(vec!["", "", "", "", "", "", " ", "x", ",", "}"]),
        )
            .prop_flat_map(|(text, outlet, mut fields, space, tail)| {
                fields.extend(text);
                fields.extend(outlet);
                (Just(fields).prop_shuffle(), Just(space), Just(tail))
            })
            .prop_map(|(fields, space, tail)| {
                let body: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{space}\"{k}\"{space}:{space}{v}"))
                    .collect();
                format!("{{{}}}{tail}", body.join(","))
            })
    }

    /// Counts how often the generated records are read by the full reader
    /// and by the fast path, so the property below is known to test both.
    #[test]
    fn generated_records_exercise_both_paths() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut full, mut fast) = (0, 0);
        for _ in 0..2000 {
            let Ok(tree) = record().new_tree(&mut runner) else {
                continue;
            };
            let line = tree.current();
            full +=
                usize::from(parse_record(line.as_bytes(), "f", Path::new("f.jsonl"), 3).is_ok());
            fast += usize::from(scan_record(line.as_bytes()).is_some());
        }
        assert!(full > 100 && full < 1900, "full reader read {full} of 2000");
        assert!(fast > 100, "fast path read {fast} of 2000");
    }

    /// The fast path says yes only where the full reader reads the record
    /// without a warning, and then gives the same text and id.
    fn agrees(line: &str) -> Result<bool, TestCaseError> {
        let mut notes = Vec::new();
        let full = parse_record_noting(line.as_bytes(), "f", Path::new("f.jsonl"), 3, &mut notes);
        let Some(fast) = scan_record(line.as_bytes()) else {
            return Ok(false);
        };
        prop_assert!(
            notes.is_empty(),
            "fast path took a record with warnings: {:?}",
            notes
        );
        let doc = match full {
            Ok(doc) => doc,
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "fast path took a bad record: {e}"
                )))
            }
        };
        let mut buf = String::new();
        let (text, cr) = fast.text.unescape(&mut buf);
        prop_assert_eq!(cr, text.contains('\r'));
        prop_assert_eq!(normalize_newlines(text), doc.text.as_str());
        let id = fast
            .id
            .map_or_else(|| default_id("f", 3), |c| c.into_owned());
        prop_assert_eq!(id, doc.id);
        Ok(true)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        #[test]
        fn generated_records(line in record()) {
            agrees(&line)?;
        }

        /// Records as serde_json writes them (every character, escaped as
        /// serde_json escapes) take the fast path.
        #[test]
        fn well_formed_records_take_the_fast_path(
            text in any::<String>(),
            outlet in "[a-zA-Z ]{0,5}[a-z][a-zA-Z é]{0,5}",
            id in prop::option::of(prop_oneof![
                any::<String>().prop_map(serde_json::Value::from),
                any::<u32>().prop_map(serde_json::Value::from),
            ]),
            title in any::<String>(),
            ascii in any::<bool>(),
        ) {
            let mut v = serde_json::json!({
                "outlet": outlet, "text": text, "title": title,
                "labels": {"bias": [1, 2.5, null], "x": {"y": true}}, "event_id": null,
            });
            if let Some(id) = id {
                v["id"] = id;
            }
            let mut line = serde_json::to_string(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
            if ascii {
                // Python's json.dumps default: everything beyond ASCII as \u escapes.
                line = line
                    .chars()
                    .map(|c| {
                        if c.is_ascii() {
                            c.to_string()
                        } else {
                            c.encode_utf16(&mut [0; 2])
                                .iter()
                                .map(|u| format!("\\u{u:04x}"))
                                .collect()
                        }
                    })
                    .collect();
            }
            prop_assert!(agrees(&line)?, "{}", line);
        }
    }
}
