//! JSONL reader: one JSON object a line, read line by line so that a corpus
//! of any size is never held in memory as raw bytes and as documents at once.

use super::decode::{detect_bom, invalid_utf8_message, Bom, BINARY_MESSAGE, UTF8_BOM};
use super::record::{kind, to_document};
use super::{open_input, Document, ReadOptions, SkipLog};
use crate::error::{Error, Location, Result};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
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

    /// Parse the current line (in `self.buf`, line end removed); its
    /// warnings go to the log once the record is taken.
    fn parse_line(&mut self) -> std::result::Result<Document, String> {
        let mut notes = Vec::new();
        let doc = parse_record_noting(&self.buf, &self.stem, &self.path, self.line, &mut notes)?;
        self.ids.insert(&doc.id, self.line)?;
        for note in notes {
            self.skips.warn(
                Location {
                    path: self.path.clone(),
                    line: Some(self.line),
                },
                note,
            );
        }
        Ok(doc)
    }
}

/// One JSONL record (line `line` of `path`, line end removed) as a
/// document, or what is wrong with it; `stem` is [`file_stem`] of `path`,
/// for the default id. Ids are not checked for uniqueness here
/// ([`IdRegistry`] does that, in line order).
#[cfg(test)]
pub(crate) fn parse_record(
    bytes: &[u8],
    stem: &str,
    path: &Path,
    line: usize,
) -> std::result::Result<Document, String> {
    parse_record_noting(bytes, stem, path, line, &mut Vec::new())
}

/// [`parse_record`], adding to `notes` what the user should be warned of
/// about a record that is read (without location): keys given twice.
pub(crate) fn parse_record_noting(
    bytes: &[u8],
    stem: &str,
    path: &Path,
    line: usize,
    notes: &mut Vec<String>,
) -> std::result::Result<Document, String> {
    if bytes.contains(&0) {
        return Err(BINARY_MESSAGE.to_string());
    }
    let text =
        std::str::from_utf8(bytes).map_err(|e| invalid_utf8_message(bytes, e.valid_up_to()))?;
    let map = if text.trim_start().starts_with('{') {
        let record: Record = serde_json::from_str(text).map_err(json_message)?;
        for key in record.repeated {
            notes.push(format!(
                "duplicate key {}; the last value is used",
                Value::String(key)
            ));
        }
        record.map
    } else {
        // Not an object: read it whole to say what it is instead.
        let value: Value = serde_json::from_str(text).map_err(json_message)?;
        return Err(format!("expected a JSON object, found {}", kind(&value)));
    };
    to_document(
        map,
        default_id(stem, line),
        format!("{}:{}", path.display(), line),
    )
}

/// A record's top-level object, and the keys it gives more than once.
///
/// serde_json (like most JSON readers) keeps the last of two equal keys
/// without a word; a scraped record with two `text` fields would then
/// lose one text silently. Reading the object key by key finds them.
struct Record {
    map: Map<String, Value>,
    /// Keys seen twice or more, each once, in order of their repetition.
    repeated: Vec<String>,
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> std::result::Result<Record, A::Error> {
        let mut map = Map::new();
        let mut repeated: Vec<String> = Vec::new();
        while let Some(key) = access.next_key::<String>()? {
            let value: Value = access.next_value()?;
            if map.contains_key(&key) && !repeated.contains(&key) {
                repeated.push(key.clone());
            }
            map.insert(key, value);
        }
        Ok(Record { map, repeated })
    }
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
