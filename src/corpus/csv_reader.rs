//! CSV reader: a header row naming the fields (the same names as JSONL),
//! then one document a row. Quoted cells may span lines; rows must have as
//! many cells as the header.

use super::decode::{detect_bom, invalid_utf8_message, Bom, BINARY_MESSAGE, UTF8_BOM};
use super::jsonl::file_stem;
use super::record::to_document;
use super::{open_input, Document, ReadOptions, SkipLog};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Documents of a CSV file, one row at a time (see [`JsonlStream`](super::JsonlStream)
/// for the error and lenient behaviour, which is the same).
pub struct CsvStream {
    path: PathBuf,
    stem: String,
    reader: Rows,
    /// Byte of the input where `reader` started (not 0 once reading has
    /// resumed after an unterminated quote); the csv crate's positions
    /// are relative to it.
    base: u64,
    headers: Vec<String>,
    lines: Arc<Mutex<LineIndex>>,
    record: csv::ByteRecord,
    lenient: bool,
    seen: HashMap<String, usize>,
    skips: SkipLog,
    done: bool,
}

/// The csv crate's reader over the (line-counted) input.
type Rows = csv::Reader<Box<dyn Read + Send>>;

/// Decode one cell or header as UTF-8 text.
fn cell(bytes: &[u8]) -> std::result::Result<&str, String> {
    if bytes.contains(&0) {
        return Err(BINARY_MESSAGE.to_string());
    }
    std::str::from_utf8(bytes).map_err(|e| invalid_utf8_message(bytes, e.valid_up_to()))
}

/// Byte offset of a csv error, when it has one.
fn error_byte(e: &csv::Error) -> Option<u64> {
    e.position().map(|p| p.byte())
}

/// Line starts seen by [`LineCounting`] and not yet passed by the reader.
///
/// The csv crate's own line numbers skip line breaks inside quoted cells
/// and CR-only line ends, so lines are counted here from byte offsets,
/// which it reports exactly. Queries come in increasing order, so only the
/// line starts between the current record and the read-ahead are kept.
///
/// It also follows the quoting of the bytes as the csv crate reads them
/// (a `"` opens a quoted cell only at the start of a cell; `""` inside is
/// a quote) to catch an unterminated quote, which the csv crate accepts
/// without a word: the cell then takes every following row as its text.
/// Two signs give it away (see [`Suspect`]).
#[derive(Debug, Default)]
struct LineIndex {
    starts: VecDeque<u64>,
    passed: usize,
    pos: u64,
    pending_cr: Option<u64>,
    /// Line starts found so far (the line being scanned is this + 1).
    scanned_lines: usize,
    /// Where the line being scanned starts.
    line_start: u64,
    quote: QuoteState,
    /// The quoted cell being scanned: where it opened, and whether it
    /// has crossed a line end.
    open: Option<OpenQuote>,
    /// Cells that look like an unterminated quote, by opening byte.
    suspects: VecDeque<Suspect>,
    /// The end of the input was reached.
    eof: bool,
    /// The last byte scanned.
    last: Option<u8>,
}

/// Where the scan is in the csv grammar.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    #[default]
    CellStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted cell: the end of the cell, or the first half of `""`.
    QuoteInQuoted,
}

#[derive(Debug, Clone, Copy)]
struct OpenQuote {
    byte: u64,
    line: usize,
    multiline: bool,
    /// Just after the first line break inside the cell: where the next
    /// line starts, and reading resumes if the quote is unterminated.
    resume: Option<u64>,
}

/// A quoted cell that most likely lacks its closing quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Suspect {
    /// Byte and line of the opening quote.
    byte: u64,
    line: usize,
    /// Where reading resumes once the row is skipped (lenient mode): the
    /// byte where a line starts, and how many lines come before it.
    /// For a cell "closed" by a later row's quote, the line of that quote,
    /// whose row is a real one; for a cell that runs to the end, the line
    /// after the opening quote's. `None`: nothing after it.
    resume: Option<(u64, usize)>,
    /// Line where the cell (as the csv crate reads it) ends.
    end_line: usize,
    /// `true`: the cell runs to the end of the file. `false`: it spans
    /// lines and its "closing" quote is followed by more text, as when
    /// the quote that closes it is really the opening quote of a cell of
    /// a later row (well-formed CSV never has text after a closing quote).
    to_end: bool,
}

impl Suspect {
    /// What is wrong, for the line of the opening quote.
    fn message(&self) -> String {
        let how = if self.to_end {
            format!(
                "runs to the end of the file (line {}), taking every row after it as its text",
                self.end_line
            )
        } else {
            format!(
                "ends on line {} with text after its closing quote: the rows in between were \
                 read as its text",
                self.end_line
            )
        };
        format!(
            "unterminated quote: the quoted cell that opens on this line {how}; close the quote, \
             or write a quote inside a cell as \"\""
        )
    }
}

impl LineIndex {
    /// 1-based line of byte `at` (at must not decrease between calls).
    ///
    /// A line starting at `at + 1` counts as reached: after a CRLF the csv
    /// crate reports a record as starting at the `\n`, and no record
    /// really starts with a line break (blank lines are skipped).
    fn line_at(&mut self, at: u64) -> usize {
        while self.starts.front().is_some_and(|&s| s <= at + 1) {
            self.starts.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }

    fn scan(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            let at = self.pos + i as u64;
            if let Some(cr) = self.pending_cr.take() {
                if b != b'\n' {
                    self.starts.push_back(cr);
                    self.scanned_lines += 1;
                    self.line_start = cr;
                }
            }
            match b {
                b'\n' => {
                    self.starts.push_back(at + 1);
                    self.scanned_lines += 1;
                    self.line_start = at + 1;
                }
                b'\r' => self.pending_cr = Some(at + 1),
                _ => {}
            }
            self.quote_step(b, at);
        }
        if let Some(&b) = bytes.last() {
            self.last = Some(b);
        }
        self.pos += bytes.len() as u64;
    }

    /// One byte of the quoting grammar (delimiter `,`, quote `"`, the
    /// csv crate's defaults).
    fn quote_step(&mut self, b: u8, at: u64) {
        use QuoteState::*;
        let line_end = b == b'\n' || b == b'\r';
        self.quote = match (self.quote, b) {
            (CellStart, b'"') => {
                self.open = Some(OpenQuote {
                    byte: at,
                    line: self.scanned_lines + 1,
                    multiline: false,
                    resume: None,
                });
                Quoted
            }
            (CellStart | Unquoted, b',') => CellStart,
            (CellStart | Unquoted, _) if line_end => CellStart,
            (CellStart | Unquoted, _) => Unquoted,
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => {
                if let (true, Some(open)) = (line_end, &mut self.open) {
                    open.multiline = true;
                    // After a CR, the LF of a CRLF still belongs to the break.
                    if open.resume.is_none() || (b == b'\n' && open.resume == Some(at)) {
                        open.resume = Some(at + 1);
                    }
                }
                Quoted
            }
            (QuoteInQuoted, b'"') => Quoted,
            (QuoteInQuoted, _) => {
                let open = self.open.take();
                if b == b',' || line_end {
                    CellStart
                } else {
                    if let Some(open) = open.filter(|o| o.multiline) {
                        self.suspects.push_back(Suspect {
                            byte: open.byte,
                            line: open.line,
                            resume: Some((self.line_start, self.scanned_lines)),
                            end_line: self.scanned_lines + 1,
                            to_end: false,
                        });
                    }
                    Unquoted
                }
            }
        };
    }

    /// The end of the input: a quoted cell still open never closes.
    fn finish(&mut self) {
        if self.eof {
            return;
        }
        self.eof = true;
        if self.quote == QuoteState::Quoted {
            if let Some(open) = self.open.take() {
                // A final `\n` ends the last line rather than starting one.
                let end_line = self.scanned_lines + usize::from(self.last != Some(b'\n'));
                self.suspects.push_back(Suspect {
                    byte: open.byte,
                    line: open.line,
                    resume: open.resume.map(|at| (at, open.line)),
                    end_line: end_line.max(open.line),
                    to_end: true,
                });
            }
        }
    }

    /// An index for input read from byte `pos`, the start of line `line + 1`.
    fn starting_at(pos: u64, line: usize) -> Self {
        LineIndex {
            pos,
            passed: line,
            scanned_lines: line,
            line_start: pos,
            ..LineIndex::default()
        }
    }

    /// The suspect cell that opens in bytes `start..end` (one record), if
    /// any; suspects before `end` are dropped.
    fn suspect_in(&mut self, start: u64, end: u64) -> Option<Suspect> {
        let mut found = None;
        while let Some(s) = self.suspects.front().copied() {
            if s.byte >= end {
                break;
            }
            self.suspects.pop_front();
            if s.byte >= start && found.is_none() {
                found = Some(s);
            }
        }
        found
    }
}

/// A reader that feeds a shared [`LineIndex`] as bytes pass through.
struct LineCounting<R> {
    inner: R,
    index: Arc<Mutex<LineIndex>>,
}

impl<R: Read> Read for LineCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut index) = self.index.lock() {
            index.scan(&buf[..n]);
            if n == 0 && !buf.is_empty() {
                index.finish();
            }
        }
        Ok(n)
    }
}

/// A csv reader over `path` from byte `start` on (after any byte-order
/// mark), its bytes counted in `index`. Only the first reader reads the
/// header; row lengths are checked by [`CsvStream`] itself, since a
/// reader that resumes has no header to compare with.
fn csv_from(
    path: &Path,
    start: u64,
    index: LineIndex,
    has_headers: bool,
) -> Result<(Rows, Arc<Mutex<LineIndex>>)> {
    let mut input = open_input(path)?;
    let head = input.fill_buf().map_err(|e| Error::io(path, e))?;
    if detect_bom(head) == Bom::Utf8 {
        input.consume(UTF8_BOM.len());
    }
    if start > 0 {
        std::io::copy(&mut (&mut input).take(start), &mut std::io::sink())
            .map_err(|e| Error::io(path, e))?;
    }
    let lines = Arc::new(Mutex::new(index));
    let boxed: Box<dyn Read + Send> = Box::new(LineCounting {
        inner: input,
        index: Arc::clone(&lines),
    });
    let reader = csv::ReaderBuilder::new()
        .has_headers(has_headers)
        .flexible(true)
        .from_reader(boxed);
    Ok((reader, lines))
}

impl CsvStream {
    /// Open `path` and read its header.
    pub fn open(path: &Path, opts: &ReadOptions) -> Result<Self> {
        let (mut reader, lines) = csv_from(path, 0, LineIndex::default(), true)?;
        let raw = reader
            .byte_headers()
            .map_err(|e| {
                if let csv::ErrorKind::Io(_) = e.kind() {
                    Error::parse(path, None, e.to_string())
                } else {
                    Error::parse(path, Some(1), e.to_string())
                }
            })?
            .clone();
        let header_end = reader.position().byte();
        let suspect = lines
            .lock()
            .ok()
            .and_then(|mut l| l.suspect_in(0, header_end));
        if let Some(s) = suspect {
            return Err(Error::parse(path, Some(s.line), s.message()));
        }
        let mut headers = Vec::with_capacity(raw.len());
        for h in raw.iter() {
            let name = cell(h).map_err(|m| Error::parse(path, Some(1), m))?;
            let name = name.trim().to_string();
            if headers.contains(&name) {
                return Err(Error::parse(
                    path,
                    Some(1),
                    format!("duplicate column `{name}` in the header"),
                ));
            }
            headers.push(name);
        }
        let is_empty = headers.len() == 1 && headers[0].is_empty() || headers.is_empty();
        if !is_empty && !headers.iter().any(|h| h == "text" || h == "content") {
            return Err(Error::parse(
                path,
                Some(1),
                "the header has no `text` (or `content`) column",
            ));
        }
        Ok(CsvStream {
            path: path.to_path_buf(),
            stem: file_stem(path),
            reader,
            base: 0,
            headers,
            lines,
            record: csv::ByteRecord::new(),
            lenient: opts.lenient,
            seen: HashMap::new(),
            skips: SkipLog::default(),
            done: is_empty,
        })
    }

    /// Records skipped so far (lenient mode).
    pub fn skips(&self) -> &SkipLog {
        &self.skips
    }

    fn parse_record(&mut self, line: usize) -> std::result::Result<Document, String> {
        let mut map = Map::new();
        for (name, bytes) in self.headers.iter().zip(self.record.iter()) {
            let value = cell(bytes).map_err(|m| format!("column `{name}`: {m}"))?;
            map.insert(name.clone(), Value::String(value.to_string()));
        }
        let doc = to_document(
            map,
            format!("{}:{line}", self.stem),
            format!("{}:{line}", self.path.display()),
        )?;
        if let Some(first) = self.seen.get(&doc.id) {
            return Err(format!("duplicate id `{}` (first on line {first})", doc.id));
        }
        self.seen.insert(doc.id.clone(), line);
        Ok(doc)
    }

    /// 1-based line of byte offset `at`.
    fn line_at(&self, at: u64) -> usize {
        self.lines.lock().map_or(0, |mut l| l.line_at(at))
    }

    /// An unterminated quote in the record that starts at byte `start`
    /// and was just read.
    fn suspect_from(&self, start: u64) -> Option<Suspect> {
        let end = self.base + self.reader.position().byte();
        self.lines.lock().ok()?.suspect_in(start, end)
    }

    /// After the record of the unterminated quote `s` was skipped
    /// (lenient mode), read on from [`Suspect::resume`], so that the rows
    /// it swallowed are read as rows again. Only a regular file can be
    /// read a second time; anything else ends here.
    fn resume_after(&mut self, s: Suspect) -> Result<()> {
        let regular = std::fs::metadata(&self.path).is_ok_and(|m| m.is_file());
        let Some((resume, lines_before)) = s.resume.filter(|_| regular) else {
            self.done = true;
            return Ok(());
        };
        let index = LineIndex::starting_at(resume, lines_before);
        let (reader, lines) = csv_from(&self.path, resume, index, false)?;
        self.reader = reader;
        self.lines = lines;
        self.base = resume;
        Ok(())
    }

    /// A bad unterminated quote: the error (strict), or skip and resume.
    fn unterminated(&mut self, s: Suspect) -> Option<Result<Document>> {
        if let Some(err) = self.fail(Some(s.line), s.message()) {
            return Some(err);
        }
        match self.resume_after(s) {
            Ok(()) => None,
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }

    /// Skip (lenient) or return a record error.
    fn fail(&mut self, line: Option<usize>, msg: String) -> Option<Result<Document>> {
        let err = Error::parse(&self.path, line, msg);
        if self.lenient {
            self.skips.push(err);
            None
        } else {
            Some(Err(err))
        }
    }
}

impl Iterator for CsvStream {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => self.done = true,
                Err(e) => {
                    let at = error_byte(&e).map(|b| self.base + b);
                    let line = at.map(|b| self.line_at(b));
                    let msg = match e.kind() {
                        csv::ErrorKind::Io(_) => {
                            self.done = true;
                            return Some(Err(Error::parse(&self.path, line, e.to_string())));
                        }
                        _ => e.to_string(),
                    };
                    if let Some(err) = self.fail(line, msg) {
                        return Some(err);
                    }
                }
                Ok(true) => {
                    let byte = self.base + self.record.position().map_or(0, |p| p.byte());
                    let line = self.line_at(byte);
                    // An unterminated quote first: it is also the likelier
                    // cause of a row of the wrong length.
                    if let Some(s) = self.suspect_from(byte) {
                        if let Some(err) = self.unterminated(s) {
                            return Some(err);
                        }
                        continue;
                    }
                    if self.record.len() != self.headers.len() {
                        let msg = format!(
                            "row has {} cells, the header has {}",
                            self.record.len(),
                            self.headers.len()
                        );
                        if let Some(err) = self.fail(Some(line), msg) {
                            return Some(err);
                        }
                        continue;
                    }
                    match self.parse_record(line) {
                        Ok(doc) => return Some(Ok(doc)),
                        Err(msg) => {
                            if let Some(err) = self.fail(Some(line), msg) {
                                return Some(err);
                            }
                        }
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_every_kind_of_line_break() {
        let mut ix = LineIndex::default();
        ix.scan(b"a\r\nb\rc\n");
        ix.scan(b"\rd");
        assert_eq!(ix.line_at(0), 1);
        assert_eq!(ix.line_at(3), 2); // b
        assert_eq!(ix.line_at(5), 3); // c
        assert_eq!(ix.line_at(8), 5); // d after "\n\r"
    }

    fn suspects(text: &[u8]) -> Vec<Suspect> {
        let mut ix = LineIndex::default();
        for part in text.chunks(3) {
            ix.scan(part);
        }
        ix.finish();
        ix.suspects.into_iter().collect()
    }

    #[test]
    fn well_formed_quoting_is_not_suspect() {
        assert!(suspects(b"a,text\n1,\"x, \"\"y\"\"\nz\"\n2,\"w\"\r\n3,q\"r\n").is_empty());
        // Text after a closing quote on one line is the csv crate's leniency, left alone.
        assert!(suspects(b"a,text\n1,\"x\"y\n").is_empty());
    }

    #[test]
    fn an_open_quote_is_suspect() {
        let s = suspects(b"a,text\n1,\"open\n2,x\n3,y\n");
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].byte, s[0].line, s[0].end_line, s[0].to_end),
            (9, 2, 4, true)
        );
        assert_eq!(s[0].resume, Some((15, 2)));
        // Resumes at the line of the quote that "closed" it.
        let s = suspects(b"a,text\r1,\"open\rmore\r2,\"x\"\r3,y");
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].line, s[0].end_line, s[0].to_end), (2, 4, false));
        assert_eq!(s[0].resume, Some((20, 3)));
        // Reading resumes after the whole CRLF.
        let s = suspects(b"a,t\r\n1,\"o\r\n2,x\r\n");
        assert_eq!((s[0].line, s[0].resume), (2, Some((11, 2))));
        // A quote opened on the last line has nothing after it.
        assert_eq!(suspects(b"a,t\n1,\"o")[0].resume, None);
    }
}
