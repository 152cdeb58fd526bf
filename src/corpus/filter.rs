//! Document filters: `--where FIELD=VALUE`, `--since` / `--until` on the
//! date, `--events`.
//!
//! One [`Filter`] is built once (from the command line or Python) and
//! carried by [`ReadOptions::filter`](super::ReadOptions::filter); the
//! readers apply it as they stream ([`FilteredStream`]), so every command
//! and every read path (whole corpus, chunks, the parallel text reader)
//! sees the same documents. A filter that names a field no document has,
//! or that keeps no document, is an error at the end of the read, before
//! any output; how many documents it kept is part of the read's warnings
//! and of [`FilterReport`].
//!
//! Rules (see docs/input-formats.md):
//! - conditions on the same field are OR-ed (`outlet=fox` twice with two
//!   values keeps either), conditions on different fields AND-ed; a `!=`
//!   condition drops the documents with that value and keeps those
//!   without the field;
//! - fields are the document fields under any name the readers accept
//!   (`outlet`/`source`/`outlet_code` match the outlet id or its display
//!   name, `event`/`event_id`, `id`, `title`, `date`, `language`/`lang`,
//!   `url`) or a label (any other field of the input); a label matches as
//!   written (numbers as in the input, `true`/`false`), a list when one of
//!   its items does; values are compared exactly, case included;
//! - dates are the `date` field (the only date field of the readers),
//!   read as ISO `YYYY-MM-DD`, optionally followed by a time (`T...` or a
//!   space); `since` and `until` are inclusive. With either given, a
//!   document without a date, or with a date in another form
//!   (`11/10/16`), is left out and counted in a warning.

use super::{DocSource, DocStream, Document, SkipLog};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Field names that are document fields (not labels), for the check of
/// unknown fields and its message.
const CORE_FIELDS: &[&str] = &[
    "id",
    "outlet",
    "source",
    "outlet_code",
    "outlet_name",
    "event",
    "event_id",
    "title",
    "date",
    "language",
    "lang",
    "url",
];

/// Distinct values kept per field for the message of a filter that keeps
/// nothing.
const MAX_VALUES_SHOWN: usize = 12;

/// `=` or `!=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Eq,
    Ne,
}

/// One `FIELD=VALUE` or `FIELD!=VALUE` condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    pub field: String,
    pub op: Op,
    pub value: String,
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let op = match self.op {
            Op::Eq => "=",
            Op::Ne => "!=",
        };
        write!(f, "{}{op}{}", self.field, self.value)
    }
}

impl std::str::FromStr for Condition {
    type Err = Error;

    /// `FIELD=VALUE` or `FIELD!=VALUE`: the field is what stands before
    /// the first `=` (less a trailing `!`), the value everything after it.
    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::param(
                "where",
                format!("{s:?}: expected FIELD=VALUE or FIELD!=VALUE"),
            )
        };
        let (left, value) = s.split_once('=').ok_or_else(bad)?;
        let (field, op) = match left.strip_suffix('!') {
            Some(f) => (f, Op::Ne),
            None => (left, Op::Eq),
        };
        let field = field.trim();
        if field.is_empty() {
            return Err(bad());
        }
        Ok(Condition {
            field: field.to_string(),
            op,
            value: value.to_string(),
        })
    }
}

/// A calendar day `YYYY-MM-DD`, as `since` / `until` take it: checked
/// against the calendar when parsed, so a filter holds only real days.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(String);

impl Day {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Day {
    type Err = Error;

    /// `2015-01-31`; anything else (`2015-13-01`, `2015-1-31`, `01/31/15`)
    /// is an error naming the value.
    fn from_str(s: &str) -> Result<Day> {
        let t = s.trim();
        if t.len() == 10 && iso_date(t.as_bytes()) {
            Ok(Day(t.to_string()))
        } else {
            Err(Error::param("date", format!("{s:?}: {DAY_FORM}")))
        }
    }
}

/// How a day must be written, for messages.
pub const DAY_FORM: &str = "not a date; write it as YYYY-MM-DD (for example 2015-01-31)";

/// Whether `b` starts with a real calendar date `YYYY-MM-DD`.
fn iso_date(b: &[u8]) -> bool {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// The calendar day of a document's date: `YYYY-MM-DD`, alone or followed
/// by a time (`T10:00:00Z`, ` 10:00`); `None` for any other form.
fn document_day(date: &str) -> Option<&str> {
    let b = date.trim().as_bytes();
    if !iso_date(b) {
        return None;
    }
    match b.get(10) {
        None | Some(b'T') | Some(b' ') => date.trim().get(..10),
        Some(_) => None,
    }
}

/// The event ids of an `events` argument: ids separated by commas, or
/// `@FILE`, a file of ids (one a line, or comma-separated; blank lines
/// and `#` comments ignored).
pub fn parse_events(arg: &str) -> Result<Vec<String>> {
    let text;
    let list = match arg.strip_prefix('@') {
        Some(path) => {
            text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            text.lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .flat_map(|l| l.split(','))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        }
        None => arg
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
    };
    if list.is_empty() {
        return Err(Error::param("events", format!("{arg:?} names no event id")));
    }
    Ok(list)
}

/// Which documents a read keeps. The empty filter ([`Filter::NONE`],
/// the default) keeps all and costs nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    conditions: Vec<Condition>,
    since: Option<Day>,
    until: Option<Day>,
    events: Option<BTreeSet<String>>,
}

/// Why a document was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Keep,
    Where,
    Event,
    NoDate,
    BadDate,
    OutOfRange,
}

impl Filter {
    /// The filter that keeps every document.
    pub const NONE: Filter = Filter {
        conditions: Vec::new(),
        since: None,
        until: None,
        events: None,
    };

    /// A filter from its parts: `where` conditions, the first and last
    /// day kept (inclusive), the event ids kept (as [`parse_events`] gives
    /// them). A `since` after `until` keeps nothing, which the read then
    /// reports as an error.
    pub fn new(
        conditions: Vec<Condition>,
        since: Option<Day>,
        until: Option<Day>,
        events: Option<Vec<String>>,
    ) -> Filter {
        Filter {
            conditions,
            since,
            until,
            events: events.map(|v| v.into_iter().collect()),
        }
    }

    /// Whether the filter keeps every document.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
            && self.since.is_none()
            && self.until.is_none()
            && self.events.is_none()
    }

    /// The filter as one phrase, for messages and reports:
    /// `where outlet=fox, since 2015-01-01`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .conditions
            .iter()
            .map(|c| format!("where {c}"))
            .collect();
        if let Some(s) = &self.since {
            parts.push(format!("since {s}"));
        }
        if let Some(u) = &self.until {
            parts.push(format!("until {u}"));
        }
        if let Some(ev) = &self.events {
            let shown: Vec<&str> = ev.iter().take(3).map(String::as_str).collect();
            let more = if ev.len() > shown.len() { ", ..." } else { "" };
            parts.push(format!(
                "events {}{more} ({} id{})",
                shown.join(","),
                ev.len(),
                if ev.len() == 1 { "" } else { "s" }
            ));
        }
        parts.join(", ")
    }

    fn verdict(&self, doc: &Document) -> Verdict {
        // Fields in order of first condition; same field: OR of `=`,
        // and none of the `!=`.
        let mut fields: Vec<&str> = Vec::new();
        for c in &self.conditions {
            if !fields.contains(&c.field.as_str()) {
                fields.push(&c.field);
            }
        }
        for field in fields {
            let of_field = || self.conditions.iter().filter(|c| c.field == field);
            let mut any_eq = false;
            let mut eq_hit = false;
            for c in of_field() {
                let hit = matches(doc, field, &c.value);
                match c.op {
                    Op::Eq => {
                        any_eq = true;
                        eq_hit |= hit;
                    }
                    Op::Ne if hit => return Verdict::Where,
                    Op::Ne => {}
                }
            }
            if any_eq && !eq_hit {
                return Verdict::Where;
            }
        }
        if let Some(ev) = &self.events {
            if !ev.contains(&doc.event) {
                return Verdict::Event;
            }
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = doc.date.as_deref() else {
                return Verdict::NoDate;
            };
            let Some(day) = document_day(date) else {
                return Verdict::BadDate;
            };
            if self.since.as_ref().is_some_and(|s| day < s.as_str())
                || self.until.as_ref().is_some_and(|u| day > u.as_str())
            {
                return Verdict::OutOfRange;
            }
        }
        Verdict::Keep
    }

    /// The documents of `docs` the filter keeps (in order), with what it
    /// did; `origin` names the documents in errors. The same checks as a
    /// filtered read: an unknown field or nothing kept is an error.
    pub fn apply(
        &self,
        docs: Vec<Document>,
        origin: &Path,
    ) -> Result<(Vec<Document>, FilterReport)> {
        let mut tally = Tally::new(self);
        let kept: Vec<Document> = docs.into_iter().filter(|d| tally.admit(self, d)).collect();
        let report = tally.finish(self, origin)?;
        Ok((kept, report))
    }
}

/// Whether the document's `field` has `value`.
fn matches(doc: &Document, field: &str, value: &str) -> bool {
    let core = |v: Option<&str>| v == Some(value);
    match field {
        "outlet" | "source" | "outlet_code" => {
            doc.outlet == value || doc.outlet_name.as_deref() == Some(value)
        }
        "outlet_name" => core(doc.outlet_name.as_deref()),
        "event" | "event_id" => doc.event == value,
        "id" => doc.id == value,
        "title" => core(doc.title.as_deref()),
        "date" => core(doc.date.as_deref()),
        "language" | "lang" => core(doc.language.as_deref()),
        "url" => core(doc.url.as_deref()),
        label => doc
            .labels
            .get(label)
            .is_some_and(|v| label_matches(v, value)),
    }
}

/// A label's value against the text of a condition.
fn label_matches(v: &Value, value: &str) -> bool {
    match v {
        Value::String(s) => s == value,
        Value::Number(n) => n.to_string() == value,
        Value::Bool(b) => (if *b { "true" } else { "false" }) == value,
        Value::Array(items) => items.iter().any(|i| label_matches(i, value)),
        Value::Null | Value::Object(_) => false,
    }
}

/// The value of a field as the message of an empty result lists it.
fn shown_value(doc: &Document, field: &str) -> Option<String> {
    match field {
        "outlet" | "source" | "outlet_code" => Some(doc.outlet.clone()),
        "outlet_name" => doc.outlet_name.clone(),
        "event" | "event_id" => Some(doc.event.clone()),
        "id" => Some(doc.id.clone()),
        "title" => doc.title.clone(),
        "date" => doc.date.clone(),
        "language" | "lang" => doc.language.clone(),
        "url" => doc.url.clone(),
        label => match doc.labels.get(label)? {
            Value::String(s) => Some(s.clone()),
            Value::Null | Value::Object(_) | Value::Array(_) => None,
            other => Some(other.to_string()),
        },
    }
}

/// What a filter did to a read: written into `summary/report.json` and
/// each event's `report.json` as `filter`, and told on standard error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterReport {
    /// The filter as one phrase ([`Filter::describe`]).
    pub filter: String,
    /// Documents read (before the filter).
    pub documents_read: usize,
    /// Documents kept.
    pub documents_kept: usize,
    /// Left out by the `where` conditions.
    pub left_out_where: usize,
    /// Left out by `events`.
    pub left_out_events: usize,
    /// Left out for a date before `since` or after `until`.
    pub left_out_dates: usize,
    /// Left out by `since`/`until` for having no date.
    pub left_out_no_date: usize,
    /// Left out by `since`/`until` for a date not written `YYYY-MM-DD`.
    pub left_out_unreadable_date: usize,
    /// The first such date, as written.
    #[serde(skip)]
    pub first_unreadable_date: Option<String>,
}

impl FilterReport {
    /// Lines for the read's warnings (without the `warning: ` prefix):
    /// how many documents the filter kept, and the documents it left out
    /// for a missing or unreadable date.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "the filter ({}) kept {} of {} documents",
            self.filter, self.documents_kept, self.documents_read
        )];
        if self.left_out_no_date + self.left_out_unreadable_date > 0 {
            let mut parts = Vec::new();
            if self.left_out_no_date > 0 {
                parts.push(format!("{} without a date", self.left_out_no_date));
            }
            if self.left_out_unreadable_date > 0 {
                let first = self
                    .first_unreadable_date
                    .as_deref()
                    .map(|d| format!(", such as {d:?}"))
                    .unwrap_or_default();
                parts.push(format!(
                    "{} with a date not written YYYY-MM-DD{first}",
                    self.left_out_unreadable_date
                ));
            }
            out.push(format!(
                "since/until left out {} document(s) {}",
                self.left_out_no_date + self.left_out_unreadable_date,
                parts.join(" and ")
            ));
        }
        out
    }
}

/// The counts of a filter over a read, and the fields seen (for the check
/// of unknown fields).
struct Tally {
    report: FilterReport,
    /// Label names seen in any document.
    labels: BTreeSet<String>,
    /// Per condition field: some distinct values seen, for the message of
    /// a filter that keeps nothing.
    values: BTreeMap<String, BTreeSet<String>>,
}

impl Tally {
    fn new(filter: &Filter) -> Tally {
        Tally {
            report: FilterReport {
                filter: filter.describe(),
                ..FilterReport::default()
            },
            labels: BTreeSet::new(),
            values: filter
                .conditions
                .iter()
                .map(|c| (c.field.clone(), BTreeSet::new()))
                .collect(),
        }
    }

    /// Count `doc` and say whether the filter keeps it.
    fn admit(&mut self, filter: &Filter, doc: &Document) -> bool {
        let r = &mut self.report;
        r.documents_read += 1;
        for k in doc.labels.keys() {
            if !self.labels.contains(k) {
                self.labels.insert(k.clone());
            }
        }
        for (field, seen) in self.values.iter_mut() {
            if seen.len() < MAX_VALUES_SHOWN {
                if let Some(v) = shown_value(doc, field) {
                    seen.insert(v);
                }
            }
        }
        match filter.verdict(doc) {
            Verdict::Keep => {
                r.documents_kept += 1;
                return true;
            }
            Verdict::Where => r.left_out_where += 1,
            Verdict::Event => r.left_out_events += 1,
            Verdict::OutOfRange => r.left_out_dates += 1,
            Verdict::NoDate => r.left_out_no_date += 1,
            Verdict::BadDate => {
                r.left_out_unreadable_date += 1;
                if r.first_unreadable_date.is_none() {
                    r.first_unreadable_date = doc.date.clone();
                }
            }
        }
        false
    }

    /// The report, or the error of a filter naming a field no document
    /// has, or keeping no document.
    fn finish(self, filter: &Filter, origin: &Path) -> Result<FilterReport> {
        let context = origin.display().to_string();
        for c in &filter.conditions {
            if !CORE_FIELDS.contains(&c.field.as_str()) && !self.labels.contains(&c.field) {
                let mut fields: BTreeSet<&str> = CORE_FIELDS.iter().copied().collect();
                fields.extend(self.labels.iter().map(String::as_str));
                return Err(Error::input(
                    context,
                    format!(
                        "filter `{c}`: no document has a field {:?} (fields: {})",
                        c.field,
                        fields.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        let r = self.report;
        if r.documents_read > 0 && r.documents_kept == 0 {
            let mut why = Vec::new();
            for (n, what) in [
                (r.left_out_where, "by where"),
                (r.left_out_events, "by events"),
                (r.left_out_dates, "by since/until"),
                (r.left_out_no_date, "without a date"),
                (
                    r.left_out_unreadable_date,
                    "with a date not written YYYY-MM-DD",
                ),
            ] {
                if n > 0 {
                    why.push(format!("{n} {what}"));
                }
            }
            let hints: Vec<String> = self
                .values
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(field, v)| {
                    let more = if v.len() >= MAX_VALUES_SHOWN {
                        ", ..."
                    } else {
                        ""
                    };
                    format!(
                        "values of {field}: {}{more}",
                        v.iter().cloned().collect::<Vec<_>>().join(", ")
                    )
                })
                .collect();
            let hints = if hints.is_empty() {
                String::new()
            } else {
                format!("; {}", hints.join("; "))
            };
            return Err(Error::input(
                context,
                format!(
                    "the filter ({}) keeps none of the {} documents ({}){hints}",
                    r.filter,
                    r.documents_read,
                    why.join(", ")
                ),
            ));
        }
        Ok(r)
    }
}

/// A reader's stream with a filter applied: documents the filter leaves
/// out are counted and dropped; at the end, an unknown field or an empty
/// result is one last `Err`, and the skip log carries the
/// [`FilterReport`].
pub struct FilteredStream {
    inner: DocStream,
    filter: Filter,
    path: PathBuf,
    tally: Option<Tally>,
    /// The inner log with the report, once the stream is exhausted.
    log: SkipLog,
    done: bool,
}

impl FilteredStream {
    /// `inner`, the stream of `path`, filtered by `filter`.
    pub fn new(inner: DocStream, filter: Filter, path: &Path) -> Self {
        let tally = Some(Tally::new(&filter));
        FilteredStream {
            inner,
            filter,
            path: path.to_path_buf(),
            tally,
            log: SkipLog::default(),
            done: false,
        }
    }
}

impl Iterator for FilteredStream {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            match self.inner.next() {
                Some(Ok(doc)) => {
                    let tally = self.tally.as_mut()?;
                    if tally.admit(&self.filter, &doc) {
                        return Some(Ok(doc));
                    }
                }
                Some(Err(e)) => return Some(Err(e)),
                None => {
                    self.done = true;
                    let tally = self.tally.take()?;
                    // An input without documents says so itself.
                    if tally.report.documents_read == 0 {
                        self.log = self.inner.skips().clone();
                        return None;
                    }
                    return match tally.finish(&self.filter, &self.path) {
                        Ok(report) => {
                            let mut log = self.inner.skips().clone();
                            log.filter = Some(report);
                            self.log = log;
                            None
                        }
                        Err(e) => Some(Err(e)),
                    };
                }
            }
        }
    }
}

impl DocSource for FilteredStream {
    fn skips(&self) -> &SkipLog {
        if self.done {
            &self.log
        } else {
            self.inner.skips()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(id: &str, outlet: &str, date: Option<&str>, labels: Value) -> Document {
        Document {
            id: id.into(),
            outlet: outlet.into(),
            event: format!("e{id}"),
            date: date.map(String::from),
            labels: match labels {
                Value::Object(m) => m.into_iter().collect(),
                _ => BTreeMap::new(),
            },
            ..Document::default()
        }
    }

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn cond(s: &str) -> Condition {
        s.parse().unwrap()
    }

    fn docs() -> Vec<Document> {
        vec![
            doc(
                "1",
                "fox",
                Some("2015-03-01"),
                json!({"lean": "right", "n": 1}),
            ),
            doc(
                "2",
                "nyt",
                Some("2014-12-31T23:00:00Z"),
                json!({"lean": "left"}),
            ),
            doc(
                "3",
                "hpo",
                None,
                json!({"lean": "left", "tags": ["a", "b"]}),
            ),
            doc(
                "4",
                "nyt",
                Some("11/10/16"),
                json!({"lean": "left", "n": 2}),
            ),
        ]
    }

    fn kept(f: &Filter) -> Vec<String> {
        f.apply(docs(), Path::new("x.jsonl"))
            .map(|(d, _)| d.into_iter().map(|d| d.id).collect())
            .unwrap_or_default()
    }

    #[test]
    fn where_is_or_within_a_field_and_across_fields() {
        let f = Filter::new(
            vec![cond("outlet=fox"), cond("source=hpo")],
            None,
            None,
            None,
        );
        // `outlet` and `source` are different names: AND of two fields.
        assert_eq!(kept(&f), Vec::<String>::new());
        let f = Filter::new(
            vec![cond("outlet=fox"), cond("outlet=hpo")],
            None,
            None,
            None,
        );
        assert_eq!(kept(&f), ["1", "3"]);
        let f = Filter::new(
            vec![cond("lean=left"), cond("outlet!=nyt")],
            None,
            None,
            None,
        );
        assert_eq!(kept(&f), ["3"]);
        let f = Filter::new(vec![cond("n=2")], None, None, None);
        assert_eq!(kept(&f), ["4"]);
        let f = Filter::new(vec![cond("tags=b")], None, None, None);
        assert_eq!(kept(&f), ["3"]);
        // A document without the field passes `!=`.
        let f = Filter::new(vec![cond("n!=1")], None, None, None);
        assert_eq!(kept(&f), ["2", "3", "4"]);
    }

    #[test]
    fn dates_are_inclusive_and_undated_documents_counted() {
        let f = Filter::new(vec![], Some(day("2015-01-01")), None, None);
        let (d, r) = f.apply(docs(), Path::new("x.jsonl")).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(r.left_out_dates, 1);
        assert_eq!(r.left_out_no_date, 1);
        assert_eq!(r.left_out_unreadable_date, 1);
        let lines = r.lines();
        assert_eq!(
            lines[0],
            "the filter (since 2015-01-01) kept 1 of 4 documents"
        );
        assert!(lines[1].contains("1 without a date"), "{lines:?}");
        assert!(lines[1].contains("\"11/10/16\""), "{lines:?}");
        let f = Filter::new(
            vec![],
            Some(day("2014-12-31")),
            Some(day("2014-12-31")),
            None,
        );
        assert_eq!(kept(&f), ["2"]);
    }

    #[test]
    fn events_filter_and_parse() {
        let ev = parse_events("e1, e3,").unwrap();
        let f = Filter::new(vec![], None, None, Some(ev));
        assert_eq!(kept(&f), ["1", "3"]);
        assert!(parse_events(" , ").is_err());
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ev.txt");
        std::fs::write(&p, "# ids\ne2\n\ne4,e9\n").unwrap();
        let ev = parse_events(&format!("@{}", p.display())).unwrap();
        assert_eq!(ev, ["e2", "e4", "e9"]);
    }

    #[test]
    fn bad_input_is_one_clear_error() {
        assert!("outlet".parse::<Condition>().is_err());
        assert!("=x".parse::<Condition>().is_err());
        assert_eq!(cond("a!=b=c").value, "b=c");
        assert_eq!(cond("a!=b").op, Op::Ne);
        for bad in [
            "2015-13-01",
            "2015-02-29",
            "15-01-01",
            "2015-1-1",
            "yesterday",
        ] {
            let e = bad.parse::<Day>().unwrap_err().to_string();
            assert!(e.contains(bad) && !e.contains('\n'), "{e}");
        }
        assert!("2016-02-29".parse::<Day>().is_ok());
        let f = Filter::new(
            vec![],
            Some(day("2016-01-02")),
            Some(day("2016-01-01")),
            None,
        );
        assert!(f.apply(docs(), Path::new("x.jsonl")).is_err());
        let f = Filter::new(vec![cond("lean_x=left")], None, None, None);
        let e = f
            .apply(docs(), Path::new("x.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("\"lean_x\"") && e.contains("lean, n, outlet"),
            "{e}"
        );
        let f = Filter::new(vec![cond("outlet=cnn")], None, None, None);
        let e = f
            .apply(docs(), Path::new("x.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("keeps none of the 4") && e.contains("fox, hpo, nyt"),
            "{e}"
        );
    }

    #[test]
    fn empty_filter_keeps_all() {
        assert!(Filter::NONE.is_empty());
        assert_eq!(kept(&Filter::default()), ["1", "2", "3", "4"]);
    }
}
