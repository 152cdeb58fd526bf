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
    reader: csv::Reader<Box<dyn Read + Send>>,
    headers: Vec<String>,
    lines: Arc<Mutex<LineIndex>>,
    record: csv::ByteRecord,
    lenient: bool,
    seen: HashMap<String, usize>,
    skips: SkipLog,
    done: bool,
}

/// Decode one cell or header as UTF-8 text.
fn cell(bytes: &[u8]) -> std::result::Result<&str, String> {
    if bytes.contains(&0) {
        return Err(BINARY_MESSAGE.to_string());
    }
    std::str::from_utf8(bytes).map_err(|e| invalid_utf8_message(bytes, e.valid_up_to()))
}

/// Byte offset of a csv error, when it has one.
fn error_byte(e: &csv::Error) -> Option<u64> {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { pos, .. } => pos.as_ref().map(|p| p.byte()),
        _ => e.position().map(|p| p.byte()),
    }
}

/// Line starts seen by [`LineCounting`] and not yet passed by the reader.
///
/// The csv crate's own line numbers skip line breaks inside quoted cells
/// and CR-only line ends, so lines are counted here from byte offsets,
/// which it reports exactly. Queries come in increasing order, so only the
/// line starts between the current record and the read-ahead are kept.
#[derive(Debug, Default)]
struct LineIndex {
    starts: VecDeque<u64>,
    passed: usize,
    pos: u64,
    pending_cr: Option<u64>,
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
                }
            }
            match b {
                b'\n' => self.starts.push_back(at + 1),
                b'\r' => self.pending_cr = Some(at + 1),
                _ => {}
            }
        }
        self.pos += bytes.len() as u64;
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
        }
        Ok(n)
    }
}

impl CsvStream {
    /// Open `path` and read its header.
    pub fn open(path: &Path, opts: &ReadOptions) -> Result<Self> {
        let mut input = open_input(path)?;
        let head = input.fill_buf().map_err(|e| Error::io(path, e))?;
        if detect_bom(head) == Bom::Utf8 {
            input.consume(UTF8_BOM.len());
        }
        let lines = Arc::new(Mutex::new(LineIndex::default()));
        let boxed: Box<dyn Read + Send> = Box::new(LineCounting {
            inner: input,
            index: Arc::clone(&lines),
        });
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(boxed);
        let raw = reader.byte_headers().map_err(|e| {
            if let csv::ErrorKind::Io(_) = e.kind() {
                Error::parse(path, None, e.to_string())
            } else {
                Error::parse(path, Some(1), e.to_string())
            }
        })?;
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
                    let line = error_byte(&e).map(|b| self.line_at(b));
                    let msg = match e.kind() {
                        csv::ErrorKind::Io(_) => {
                            self.done = true;
                            return Some(Err(Error::parse(&self.path, line, e.to_string())));
                        }
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => format!("row has {len} cells, the header has {expected_len}"),
                        _ => e.to_string(),
                    };
                    if let Some(err) = self.fail(line, msg) {
                        return Some(err);
                    }
                }
                Ok(true) => {
                    let byte = self.record.position().map_or(0, |p| p.byte());
                    let line = self.line_at(byte);
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
}
