//! JSONL reader: one JSON object a line, read line by line so that a corpus
//! of any size is never held in memory as raw bytes and as documents at once.

use super::decode::{detect_bom, invalid_utf8_message, Bom, BINARY_MESSAGE, UTF8_BOM};
use super::record::{kind, to_document};
use super::{open_input, Document, ReadOptions, SkipLog};
use crate::error::{Error, Result};
use serde_json::Value;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Documents of a JSONL file, one at a time.
///
/// Bad records yield `Err` with file and line; with
/// [`ReadOptions::lenient`] they are skipped instead and listed in
/// [`JsonlStream::skips`]. Blank lines are ignored. Ids must be unique.
pub struct JsonlStream {
    path: PathBuf,
    stem: String,
    reader: Box<dyn BufRead + Send>,
    buf: Vec<u8>,
    line: usize,
    /// `\n`, or `\r` for files saved with old Mac (CR-only) line ends.
    line_end: u8,
    lenient: bool,
    ids: IdRegistry,
    skips: SkipLog,
    done: bool,
}

impl JsonlStream {
    /// Open `path` for streaming.
    pub fn open(path: &Path, opts: &ReadOptions) -> Result<Self> {
        let mut reader = open_input(path)?;
        // Skip a UTF-8 byte-order mark; UTF-16 was decoded by open_input.
        let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        if detect_bom(head) == Bom::Utf8 {
            reader.consume(UTF8_BOM.len());
        }
        // A raw CR is never inside a JSON string, so a head with CRs and no
        // LF can only be a file whose lines end in CR alone.
        let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        let line_end = if head.contains(&b'\r') && !head.contains(&b'\n') {
            b'\r'
        } else {
            b'\n'
        };
        Ok(JsonlStream {
            path: path.to_path_buf(),
            stem: file_stem(path),
            reader,
            buf: Vec::new(),
            line: 0,
            line_end,
            lenient: opts.lenient,
            ids: IdRegistry::default(),
            skips: SkipLog::default(),
            done: false,
        })
    }

    /// Records skipped so far (lenient mode).
    pub fn skips(&self) -> &SkipLog {
        &self.skips
    }

    /// Parse the current line (in `self.buf`, line end removed).
    fn parse_line(&mut self) -> std::result::Result<Document, String> {
        let doc = parse_record(&self.buf, &self.stem, &self.path, self.line)?;
        self.ids.insert(&doc.id, self.line)?;
        Ok(doc)
    }
}

/// One JSONL record (line `line` of `path`, line end removed) as a
/// document, or what is wrong with it; `stem` is [`file_stem`] of `path`,
/// for the default id. Ids are not checked for uniqueness here
/// ([`IdRegistry`] does that, in line order).
pub(crate) fn parse_record(
    bytes: &[u8],
    stem: &str,
    path: &Path,
    line: usize,
) -> std::result::Result<Document, String> {
    if bytes.contains(&0) {
        return Err(BINARY_MESSAGE.to_string());
    }
    let text =
        std::str::from_utf8(bytes).map_err(|e| invalid_utf8_message(bytes, e.valid_up_to()))?;
    let value: Value = serde_json::from_str(text).map_err(json_message)?;
    let map = match value {
        Value::Object(map) => map,
        other => return Err(format!("expected a JSON object, found {}", kind(&other))),
    };
    to_document(
        map,
        default_id(stem, line),
        format!("{}:{}", path.display(), line),
    )
}

/// The id of a record that gives none: `stem:line`.
pub(crate) fn default_id(stem: &str, line: usize) -> String {
    format!("{stem}:{line}")
}

/// The ids seen so far in a file and the line of each, so that a repeated
/// id is reported with the line where it first appeared.
#[derive(Debug, Default)]
pub(crate) struct IdRegistry {
    seen: HashMap<String, usize>,
}

impl IdRegistry {
    /// Records `id` at `line`; an error message if it was seen before.
    pub(crate) fn insert(&mut self, id: &str, line: usize) -> std::result::Result<(), String> {
        if let Some(first) = self.seen.get(id) {
            return Err(format!("duplicate id `{id}` (first on line {first})"));
        }
        self.seen.insert(id.to_string(), line);
        Ok(())
    }
}

/// serde_json's message without its own "at line 1 column N" suffix (the
/// reader knows the real line), with the column in front.
fn json_message(e: serde_json::Error) -> String {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(at) => &full[..at],
        None => &full,
    };
    format!("invalid JSON at column {}: {msg}", e.column())
}

/// The file name without extension, used to build default ids.
pub fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl Iterator for JsonlStream {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(self.line_end, &mut self.buf) {
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::io(&self.path, e)));
                }
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
                        self.buf.pop();
                    }
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    match self.parse_line() {
                        Ok(doc) => return Some(Ok(doc)),
                        Err(msg) => {
                            let err = Error::parse(&self.path, Some(self.line), msg);
                            if self.lenient {
                                self.skips.push(err);
                            } else {
                                return Some(Err(err));
                            }
                        }
                    }
                }
            }
        }
        None
    }
}
