//! The one table writer: every CSV and JSON table, in a report folder or on
//! a subcommand's standard output, is written from its serde row type by
//! [`write_table`] (or [`write_table_file`]), in one of the [`Format`]s.
//! CSV goes through [`CsvOut`], so no cell reaches a spreadsheet as a
//! formula; lists inside a cell are joined by [`join_list`]. The columns of
//! every table are documented in `docs/report-schema.md`, and a test checks
//! that the documentation and the row types agree.

use crate::escape::csv_cell;
use crate::output::write_atomic;
use crate::{Error, Result};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// Output formats of framelens' subcommands: one enum for all of them.
/// Each subcommand accepts the subset that makes sense for its output (a
/// subcommand lists its own, see [`Format::check`]): tables are written as
/// `csv`, `json` or `jsonl` by [`write_table`]; `text` (cleaned text) and
/// `summary` (one JSON object of matrix totals) are not tables and are
/// written by the subcommand that has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One pretty-printed JSON array of row objects.
    Json,
    /// JSON Lines: one compact JSON object a line.
    Jsonl,
    /// Plain text (not a table).
    Text,
    /// A JSON summary object (not a table).
    Summary,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::Json,
        Format::Jsonl,
        Format::Text,
        Format::Summary,
    ];

    /// The name users type (`--format NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Text => "text",
            Format::Summary => "summary",
        }
    }

    /// Whether [`write_table`] can write a table in this format.
    pub fn is_table(self) -> bool {
        matches!(self, Format::Csv | Format::Json | Format::Jsonl)
    }

    /// `self` if it is one of `allowed` (the formats of one subcommand),
    /// else a parameter error that names the formats allowed.
    pub fn check(self, allowed: &[Format]) -> Result<Format> {
        if allowed.contains(&self) {
            Ok(self)
        } else {
            Err(Error::param(
                "format",
                format!(
                    "{} is not available here; choose one of {}",
                    self.name(),
                    allowed
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                Error::param(
                    "format",
                    format!(
                        "unknown format {s:?}; formats are {}",
                        Format::ALL.map(Format::name).join(", ")
                    ),
                )
            })
    }
}

/// A row of a table: a serde type whose fields are the columns. The
/// column names are also needed when a table has no rows (a CSV file still
/// gets its header row), so they are stated once here; [`write_table`]
/// checks them against the first row's fields, and the tests check them
/// against `docs/report-schema.md`.
pub trait TableRow: Serialize {
    /// The column names, in order: the field names as serde writes them.
    const COLUMNS: &'static [&'static str];
}

impl<T: TableRow> TableRow for &T {
    const COLUMNS: &'static [&'static str] = T::COLUMNS;
}

/// `framelens score` rows (and an event's `profiles`, in report.json).
impl TableRow for crate::lexicon::score::ScoreRow {
    const COLUMNS: &'static [&'static str] = &[
        "level", "doc", "sentence", "outlet", "lexicon", "category", "voice", "matches",
        "weighted", "negated", "tokens", "rate", "ci_low", "ci_high",
    ];
}

/// `framelens score --lexicon vader` rows.
impl TableRow for crate::lexicon::vader_doc::VaderRow {
    const COLUMNS: &'static [&'static str] = &[
        "doc",
        "outlet",
        "sentence",
        "neg",
        "neu",
        "pos",
        "compound",
        "sentences",
        "mean_sentence_compound",
        "share_positive",
        "share_negative",
    ];
}

/// `framelens keyness` rows.
impl TableRow for crate::stats::KeynessRow {
    const COLUMNS: &'static [&'static str] = &[
        "term",
        "n_target",
        "n_reference",
        "rate_target",
        "rate_reference",
        "stat",
        "p",
        "q",
    ];
}

/// `framelens kwic` rows.
impl TableRow for crate::lexicon::kwic::KwicRow {
    const COLUMNS: &'static [&'static str] = &[
        "doc",
        "outlet",
        "event",
        "sentence",
        "start",
        "end",
        "pre",
        "keyword",
        "post",
        "pattern",
        "voice",
        "quote_kind",
        "speaker",
    ];
}

/// `framelens freq` rows.
impl TableRow for crate::pipeline::FreqRow {
    const COLUMNS: &'static [&'static str] =
        &["group", "term", "frequency", "rank", "docfreq", "rate"];
}

/// Define a table row struct (deriving `Serialize`) and its [`TableRow`]
/// columns from the field names, so the two cannot drift apart. Fields
/// take no serde attributes (a rename would make the names differ).
#[macro_export]
macro_rules! table_row {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(<$lt:lifetime>)? {
            $($(#[doc = $doc:literal])* $fvis:vis $field:ident : $ty:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize)]
        $vis struct $name $(<$lt>)? {
            $($(#[doc = $doc])* $fvis $field: $ty),*
        }
        impl $(<$lt>)? $crate::report::tables::TableRow for $name $(<$lt>)? {
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),*];
        }
    };
}

/// The separator of list items inside one CSV cell (outlet ids, document
/// ids, variant words, event ids): `|`. Inside an item, `\` is written
/// `\\` and `|` is written `\|`, so splitting on an unescaped `|` gives
/// the items back whatever they hold ("Fox News", "a|b"). An empty list
/// is an empty cell.
pub const LIST_SEPARATOR: char = '|';

/// Join `items` into one cell with [`LIST_SEPARATOR`], escaping `\` and
/// `|` inside items. The one function that puts a list into a cell.
pub fn join_list<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(LIST_SEPARATOR);
        }
        for c in item.as_ref().chars() {
            if c == '\\' || c == LIST_SEPARATOR {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Split a cell written by [`join_list`] back into its items.
pub fn split_list(cell: &str) -> Vec<String> {
    if cell.is_empty() {
        return Vec::new();
    }
    let mut items = vec![String::new()];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(last)) = (chars.next(), items.last_mut()) {
                    last.push(next);
                }
            }
            LIST_SEPARATOR => items.push(String::new()),
            _ => {
                if let Some(last) = items.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    items
}

/// A CSV or JSON writer error as an I/O error, keeping the kind of an
/// underlying I/O error (a closed pipe stays `BrokenPipe`).
pub fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{other:?}")),
    }
}

/// The header row the csv crate writes for `row`: its serde field names.
pub(crate) fn serialized_header<T: Serialize>(row: &T) -> std::io::Result<Vec<String>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(Vec::new());
    w.serialize(row).map_err(csv_io)?;
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    match r.records().next() {
        Some(rec) => Ok(rec.map_err(csv_io)?.iter().map(String::from).collect()),
        None => Ok(Vec::new()),
    }
}

/// Write `rows` to `out` as one table in `format`:
///
/// - `csv`: a header row of [`TableRow::COLUMNS`] (also when there are no
///   rows), then one line per row, every cell made safe by [`CsvOut`];
///   numbers as the csv crate prints them (shortest form that reads back
///   to the same value), `None` as an empty cell.
/// - `json`: one pretty-printed array of row objects, then a newline.
/// - `jsonl`: one compact object a line.
///
/// Rows are written as they come, so a long table is never held twice.
/// `text` and `summary` are not table formats: an `InvalidInput` error.
pub fn write_table<W, T, I>(mut out: W, format: Format, rows: I) -> std::io::Result<()>
where
    W: Write,
    T: TableRow,
    I: IntoIterator<Item = T>,
{
    match format {
        Format::Csv => {
            let mut w = CsvOut::new(&mut out);
            w.write_record(T::COLUMNS).map_err(csv_io)?;
            for (i, row) in rows.into_iter().enumerate() {
                if i == 0 {
                    let header = serialized_header(&row)?;
                    if header != T::COLUMNS {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            format!(
                                "table columns {:?} differ from the row's fields {header:?}",
                                T::COLUMNS
                            ),
                        ));
                    }
                }
                w.serialize(row).map_err(csv_io)?;
            }
            w.flush()?;
        }
        _ => return write_json_rows(out, format, rows),
    }
    out.flush()
}

/// Write `rows` as a JSON table only (`json` or `jsonl`, as in
/// [`write_table`]): for rows that nest lists or objects and so have no
/// CSV form (`framelens lexicons`, the `clean` audit). Other formats: an
/// `InvalidInput` error.
pub fn write_json_rows<W, T, I>(mut out: W, format: Format, rows: I) -> std::io::Result<()>
where
    W: Write,
    T: Serialize,
    I: IntoIterator<Item = T>,
{
    match format {
        Format::Json => {
            let mut ser = serde_json::Serializer::pretty(&mut out);
            serde::Serializer::collect_seq(&mut ser, rows)?;
            out.write_all(b"\n")?;
        }
        Format::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut out, &row)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv | Format::Text | Format::Summary => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{format} is not a JSON table format"),
            ))
        }
    }
    out.flush()
}

/// Write one JSON document (not a table: `tfidf`'s matrix or summary) as
/// one compact line.
pub fn write_document<W: Write, T: Serialize>(mut out: W, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut out, value)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Write a table as a file (atomically, see [`write_atomic`]) with
/// [`write_table`].
pub fn write_table_file<T, I>(path: &Path, format: Format, rows: I) -> Result<()>
where
    T: TableRow,
    I: IntoIterator<Item = T>,
{
    let mut bytes = Vec::new();
    write_table(&mut bytes, format, rows).map_err(|e| Error::io(path, e))?;
    write_atomic(path, &bytes)
}

/// A `csv::Writer` that passes every cell through [`csv_cell`]: text that
/// a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`) gets a
/// leading `'`, numbers are written unchanged. Errors stay `csv::Error`, so
/// callers can still tell a closed pipe from a failed write.
pub struct CsvOut<W: Write> {
    out: csv::Writer<W>,
    /// Whether a row (and so the header row, if any) has been written.
    header_done: bool,
    /// Reused buffer for [`CsvOut::serialize`]'s check.
    scratch: Vec<u8>,
}

impl<W: Write> CsvOut<W> {
    pub fn new(w: W) -> Self {
        CsvOut {
            out: csv::WriterBuilder::new().has_headers(false).from_writer(w),
            header_done: false,
            scratch: Vec::new(),
        }
    }

    /// Write one row of cells.
    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for cell in record {
            self.out.write_field(csv_cell(cell.as_ref()).as_bytes())?;
        }
        self.header_done = true;
        self.out.write_record(None::<&[u8]>)
    }

    /// Write `row` as `csv::Writer::serialize` does (a header row from the
    /// field names before the first row), each cell made safe. The row is
    /// first serialised into a scratch buffer; when no cell can start a
    /// formula (the usual case, checked on the bytes) it is serialised
    /// again straight to the output, else it is read back and written cell
    /// by cell. Either way numbers keep exactly the csv crate's formatting.
    pub fn serialize<S: Serialize>(&mut self, row: S) -> csv::Result<()> {
        let mut scratch = csv::WriterBuilder::new()
            .has_headers(false)
            .buffer_capacity(1024)
            .from_writer(std::mem::take(&mut self.scratch));
        scratch.serialize(&row)?;
        let mut bytes = scratch.into_inner().map_err(|e| e.into_error())?;
        let risky = may_start_formula(&bytes);
        bytes.clear();
        self.scratch = bytes;
        // The first row goes the slow way, which writes the header row:
        // `out` itself never writes one (its `serialize` would not know
        // that `write_record` wrote it already).
        if !risky && self.header_done {
            return self.out.serialize(&row);
        }
        let mut scratch = csv::WriterBuilder::new()
            .has_headers(!self.header_done)
            .from_writer(Vec::new());
        scratch.serialize(&row)?;
        let bytes = scratch.into_inner().map_err(|e| e.into_error())?;
        self.header_done = true;
        let mut back = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes.as_slice());
        for record in back.records() {
            self.write_record(record?.iter())?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// Flush and return the underlying writer.
    pub fn into_inner(self) -> csv::Result<W> {
        self.out
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// Whether a CSV row as the csv crate writes it may hold a cell that
/// [`csv_cell`] would change. Conservative: a cell is taken to start at the
/// row's start and after every comma (also commas inside quotes), and only
/// an unquoted signed number is known to be safe.
fn may_start_formula(row: &[u8]) -> bool {
    let mut at_start = true;
    for (i, &b) in row.iter().enumerate() {
        if at_start {
            let quoted = b == b'"';
            let first = if quoted {
                row.get(i + 1).copied()
            } else {
                Some(b)
            };
            if let Some(f @ (b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')) = first {
                if quoted || !matches!(f, b'+' | b'-') {
                    return true;
                }
                let end = row[i..]
                    .iter()
                    .position(|&c| matches!(c, b',' | b'\n' | b'\r'))
                    .map_or(row.len(), |p| i + p);
                match std::str::from_utf8(&row[i..end]) {
                    Ok(cell) if crate::escape::is_number(cell) => {}
                    _ => return true,
                }
            }
        }
        at_start = b == b',';
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        outlet: String,
        score: f64,
        n: i64,
    }

    #[test]
    fn serialized_rows_are_neutralised_but_numbers_kept() {
        let mut w = CsvOut::new(Vec::new());
        for (outlet, score, n) in [
            ("A", 0.5, 1),
            ("=HYPERLINK(\"http://x\",\"y\")", -1.25, -3),
            ("A", -3e-5, 4),
        ] {
            w.serialize(Row {
                outlet: outlet.into(),
                score,
                n,
            })
            .unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(
            text,
            "outlet,score,n\nA,0.5,1\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-1.25,-3\nA,-0.00003,4\n"
        );
    }

    #[test]
    fn formula_check_is_conservative() {
        for safe in [&b"a,1.5,-2,-3e-5,+4\n"[..], b"x,\"a, b\",\n", b""] {
            assert!(!may_start_formula(safe), "{safe:?}");
        }
        for risky in [
            &b"=1+2,x\n"[..],
            b"a,@b\n",
            b"a,\"=b,c\"\n",
            b"a,-x\n",
            b"a,\"-1\"\n",
            b"\"\ra\"\n",
        ] {
            assert!(may_start_formula(risky), "{risky:?}");
        }
    }

    crate::table_row! {
        struct Listed<'a> {
            event: &'a str,
            outlets: String,
            rate: Option<f64>,
        }
    }

    #[test]
    fn an_empty_table_still_has_its_header() {
        let mut out = Vec::new();
        write_table(&mut out, Format::Csv, Vec::<Listed>::new()).unwrap();
        assert_eq!(out, b"event,outlets,rate\n");
        let mut out = Vec::new();
        write_table(&mut out, Format::Json, Vec::<Listed>::new()).unwrap();
        assert_eq!(out, b"[]\n");
    }

    #[test]
    fn one_table_in_three_formats() {
        let rows = [
            Listed {
                event: "e",
                outlets: join_list(["Fox News", "a|b"]),
                rate: Some(1.5),
            },
            Listed {
                event: "=e",
                outlets: String::new(),
                rate: None,
            },
        ];
        let mut csv_out = Vec::new();
        write_table(&mut csv_out, Format::Csv, &rows).unwrap();
        assert_eq!(
            String::from_utf8(csv_out).unwrap(),
            "event,outlets,rate\ne,Fox News|a\\|b,1.5\n'=e,,\n"
        );
        let mut jsonl = Vec::new();
        write_table(&mut jsonl, Format::Jsonl, &rows).unwrap();
        assert_eq!(
            String::from_utf8(jsonl).unwrap(),
            "{\"event\":\"e\",\"outlets\":\"Fox News|a\\\\|b\",\"rate\":1.5}\n{\"event\":\"=e\",\"outlets\":\"\",\"rate\":null}\n"
        );
        let mut json = Vec::new();
        write_table(&mut json, Format::Json, &rows).unwrap();
        let mut pretty = serde_json::to_vec_pretty(&rows).unwrap();
        pretty.push(b'\n');
        assert_eq!(
            json, pretty,
            "the same bytes as serde_json's pretty printer"
        );
        let err = write_table(&mut Vec::new(), Format::Text, &rows).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    }

    #[test]
    fn list_cells_split_back_whatever_the_items_hold() {
        for items in [
            vec![],
            vec!["Fox News", "New York Times", "USA Today"],
            vec!["a|b", "c\\", "\\|", "x"],
            vec!["only"],
        ] {
            let cell = join_list(&items);
            assert_eq!(split_list(&cell), items, "{cell:?}");
        }
        assert_eq!(join_list(["Fox News", "USA Today"]), "Fox News|USA Today");
    }

    #[test]
    fn library_row_types_state_their_columns() {
        let score = crate::lexicon::score::ScoreRow {
            level: "document".into(),
            doc: "d".into(),
            sentence: None,
            outlet: "o".into(),
            lexicon: "l".into(),
            category: "c".into(),
            voice: crate::text::Voice::Own,
            matches: 1,
            weighted: 1.0,
            negated: 0,
            tokens: 10,
            rate: Some(100.0),
            ci_low: None,
            ci_high: None,
        };
        assert_eq!(
            serialized_header(&score).unwrap(),
            crate::lexicon::score::ScoreRow::COLUMNS
        );
        let key = crate::stats::KeynessRow {
            term: "t".into(),
            n_target: 1,
            n_reference: 2,
            rate_target: 0.1,
            rate_reference: 0.2,
            stat: 1.0,
            p: 0.5,
            q: 0.5,
        };
        assert_eq!(
            serialized_header(&key).unwrap(),
            crate::stats::KeynessRow::COLUMNS
        );
        let vader = crate::lexicon::vader_doc::VaderRow {
            doc: "d".into(),
            outlet: "o".into(),
            sentence: None,
            neg: 0.0,
            neu: 1.0,
            pos: 0.0,
            compound: 0.0,
            sentences: Some(1),
            mean_sentence_compound: Some(0.0),
            share_positive: Some(0.0),
            share_negative: Some(0.0),
        };
        assert_eq!(
            serialized_header(&vader).unwrap(),
            crate::lexicon::vader_doc::VaderRow::COLUMNS
        );
    }

    #[test]
    fn formats_parse_and_check_against_a_subcommand_list() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>().unwrap(), f);
        }
        assert!("xml".parse::<Format>().is_err());
        assert_eq!(Format::Csv.check(&[Format::Csv]).unwrap(), Format::Csv);
        let err = Format::Summary
            .check(&[Format::Csv, Format::Json])
            .unwrap_err()
            .to_string();
        assert!(err.contains("choose one of csv, json"), "{err}");
    }

    #[test]
    fn plain_records_are_neutralised() {
        let mut w = CsvOut::new(Vec::new());
        w.write_record(["@cmd", "-0.5", "multi\nline"]).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text, "'@cmd,-0.5,\"multi\nline\"\n");
    }
}
