//! Reading documents: a folder of `.txt` files with a manifest, JSONL, CSV.
//!
//! The format is chosen by the path (see [`Format::of`]); every reader
//! yields [`Document`]s one at a time ([`stream_corpus`]), so big inputs
//! are never held twice, and [`read_corpus`] collects them into a
//! [`Corpus`]. Field names, defaults and error behaviour are documented in
//! `docs/input-formats.md`.

mod chunks;
mod csv_reader;
pub mod decode;
mod fast_json;
pub mod filter;
mod jsonl;
pub mod manifest;
mod par_texts;
mod record;

pub use chunks::for_each_chunk;
pub use csv_reader::CsvStream;
pub use filter::{Condition, Filter, FilterReport, FilteredStream};
pub use jsonl::JsonlStream;
pub use manifest::FolderStream;
pub use par_texts::{par_texts, ParTexts, TextBlock};

use crate::error::{Error, Location, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Event id of documents whose input names no event. All such documents
/// form one group: an outlet comparison over the whole input.
pub const NO_EVENT: &str = "";

/// How many skipped records are kept with their message; the rest are only counted.
pub const MAX_SKIPPED_DETAILS: usize = 100;

/// One article as read from the input, before cleaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    /// Unique id within the corpus (file stem, `id` field, or line number).
    pub id: String,
    /// Short outlet id used in tables and charts (for example `rt`).
    pub outlet: String,
    /// Human-readable outlet name, when the input gives one.
    pub outlet_name: Option<String>,
    /// Event (story) id; documents of one event are compared together.
    pub event: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub language: Option<String>,
    /// Body text, exactly as read (after BOM removal and line-end normalisation).
    pub text: String,
    pub url: Option<String>,
    /// Every other field of the input record, kept as given.
    pub labels: BTreeMap<String, serde_json::Value>,
    /// Where the document came from (file, and line for JSONL/CSV), for messages.
    pub source: String,
}

impl Document {
    /// The outlet's display name, falling back to its id.
    pub fn outlet_label(&self) -> &str {
        self.outlet_name.as_deref().unwrap_or(&self.outlet)
    }
}

/// Options for the readers.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Skip bad JSONL/CSV records (and unreadable `.txt` files of a folder)
    /// instead of stopping at the first; they are listed in
    /// [`Corpus::skipped`]. Manifest errors always stop.
    pub lenient: bool,
    /// Let a manifest name files outside its own folder (absolute paths,
    /// `..`, symbolic links that point out). Off by default: a manifest
    /// handed over with a corpus must not be able to pull in any file the
    /// user can read (`/etc/passwd`, `~/.ssh/...`) and show its words in
    /// the reports.
    pub allow_outside_files: bool,
    /// Which documents to keep ([`Filter::NONE`]: all). Every reader
    /// applies it as it streams (see [`filter`]).
    pub filter: Filter,
}

/// A record and what there is to say about it: why it was left out
/// (lenient mode), or a warning about a record that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub location: Location,
    pub message: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// What a read has to tell besides its documents: skipped records (the
/// first [`MAX_SKIPPED_DETAILS`] with messages, and a count of all) and
/// warnings about records that were read but not quite as written (a
/// repeated JSON key, ...), kept the same way. Readers return it as a
/// value so that the caller decides where to print it, after its output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkipLog {
    pub first: Vec<Skipped>,
    pub count: usize,
    /// The first [`MAX_SKIPPED_DETAILS`] warnings, in input order.
    pub warnings: Vec<Skipped>,
    /// How many warnings there were in all.
    pub warning_count: usize,
    /// What the read's filter kept, when it had one.
    pub filter: Option<FilterReport>,
}

impl SkipLog {
    /// Record a skipped record from its parse error.
    pub fn push(&mut self, err: Error) {
        self.count += 1;
        if self.first.len() < MAX_SKIPPED_DETAILS {
            let (location, message) = match err {
                Error::Parse { location, message } => (location, message),
                other => (
                    Location {
                        path: PathBuf::new(),
                        line: None,
                    },
                    other.to_string(),
                ),
            };
            self.first.push(Skipped { location, message });
        }
    }

    /// Record a warning about a record that was read.
    pub fn warn(&mut self, location: Location, message: impl Into<String>) {
        self.warning_count += 1;
        if self.warnings.len() < MAX_SKIPPED_DETAILS {
            self.warnings.push(Skipped {
                location,
                message: message.into(),
            });
        }
    }

    /// Everything to tell the user, one line each without the `warning: `
    /// prefix: the warnings (`FILE:LINE: message`), how many more there
    /// were, then the [`summary`](Self::summary) of skipped records.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.warnings.iter().map(|w| w.to_string()).collect();
        if self.warning_count > self.warnings.len() {
            out.push(format!(
                "{} more warning(s) not shown",
                self.warning_count - self.warnings.len()
            ));
        }
        out.extend(self.summary());
        if let Some(f) = &self.filter {
            out.extend(f.lines());
        }
        out
    }

    /// One line for the end of a lenient run: how many and where the first were;
    /// `None` when nothing was skipped.
    pub fn summary(&self) -> Option<String> {
        if self.count == 0 {
            return None;
        }
        let shown: Vec<String> = self.first.iter().take(3).map(|s| s.to_string()).collect();
        let more = if self.count > shown.len() {
            "; ..."
        } else {
            ""
        };
        Some(format!(
            "skipped {} bad record{}: {}{more}",
            self.count,
            if self.count == 1 { "" } else { "s" },
            shown.join("; ")
        ))
    }
}

/// Input formats, chosen by the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A folder with `manifest.toml`/`manifest.csv`, or the manifest file itself.
    Folder,
    /// `.jsonl` or `.ndjson`: one JSON object a line.
    Jsonl,
    /// `.csv` with a header row (except a file named `manifest.csv`).
    Csv,
}

impl Format {
    /// The format of `path`: a folder, a manifest file, `.jsonl`/`.ndjson`, `.csv`.
    pub fn of(path: &Path) -> Result<Format> {
        if path.is_dir() {
            return Ok(Format::Folder);
        }
        if !path.exists() {
            return Err(Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            ));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            _ if name == manifest::MANIFEST_CSV => Ok(Format::Folder),
            "toml" => Ok(Format::Folder),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            _ => Err(Error::UnknownFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

impl Format {
    /// The reader of this format.
    pub fn reader(self) -> &'static dyn CorpusReader {
        match self {
            Format::Folder => &FolderReader,
            Format::Jsonl => &JsonlReader,
            Format::Csv => &CsvReader,
        }
    }
}

/// Documents of one input, one at a time, with the records skipped so
/// far: what every reader's stream is.
pub trait DocSource: Iterator<Item = Result<Document>> + Send {
    /// Records skipped so far (lenient mode), and warnings; complete once
    /// the stream is exhausted.
    fn skips(&self) -> &SkipLog;
}

impl DocSource for FolderStream {
    fn skips(&self) -> &SkipLog {
        FolderStream::skips(self)
    }
}

impl DocSource for JsonlStream {
    fn skips(&self) -> &SkipLog {
        JsonlStream::skips(self)
    }
}

impl DocSource for CsvStream {
    fn skips(&self) -> &SkipLog {
        CsvStream::skips(self)
    }
}

/// One input format. Every format implements it ([`FolderReader`],
/// [`JsonlReader`], [`CsvReader`]) and [`Format::reader`] picks the one a
/// path needs, so the whole read, the stream and the chunked read are the
/// same three things for every format, and a new format is one more
/// implementation. Only [`open`](Self::open) is format-specific.
pub trait CorpusReader: Sync {
    /// The format this reader reads.
    fn format(&self) -> Format;

    /// Open `path` for streaming: documents are parsed as they are asked for.
    fn open(&self, path: &Path, opts: &ReadOptions) -> Result<DocStream>;

    /// Read the whole input into a [`Corpus`]: documents are parsed one at
    /// a time and held once. An input with no documents is
    /// [`Error::NoDocuments`]; in lenient mode bad records are skipped and
    /// listed in [`Corpus::skipped`].
    fn read(&self, path: &Path, opts: &ReadOptions) -> Result<Corpus> {
        collect(path, open_filtered(self, path, opts)?)
    }

    /// Hand the documents to `f` in chunks of at most `size`, parsed on a
    /// reader thread while `f` works (see [`for_each_chunk`]).
    fn for_each_chunk(
        &self,
        path: &Path,
        opts: &ReadOptions,
        size: usize,
        f: &mut dyn FnMut(Vec<Document>) -> Result<()>,
    ) -> Result<SkipLog> {
        chunks::drive(open_filtered(self, path, opts)?, path, size, f)
    }
}

/// A folder of `.txt` files named by a manifest (or the manifest itself).
#[derive(Debug, Clone, Copy, Default)]
pub struct FolderReader;

/// A `.jsonl` / `.ndjson` file.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonlReader;

/// A `.csv` file with a header row.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvReader;

impl CorpusReader for FolderReader {
    fn format(&self) -> Format {
        Format::Folder
    }
    fn open(&self, path: &Path, opts: &ReadOptions) -> Result<DocStream> {
        Ok(DocStream::new(FolderStream::open(path, opts)?))
    }
}

impl CorpusReader for JsonlReader {
    fn format(&self) -> Format {
        Format::Jsonl
    }
    fn open(&self, path: &Path, opts: &ReadOptions) -> Result<DocStream> {
        Ok(DocStream::new(JsonlStream::open(path, opts)?))
    }
}

impl CorpusReader for CsvReader {
    fn format(&self) -> Format {
        Format::Csv
    }
    fn open(&self, path: &Path, opts: &ReadOptions) -> Result<DocStream> {
        Ok(DocStream::new(CsvStream::open(path, opts)?))
    }
}

/// Documents of any input, one at a time, with the records skipped so far.
pub struct DocStream(Box<dyn DocSource>);

impl DocStream {
    /// A stream over any reader's source.
    pub fn new(source: impl DocSource + 'static) -> Self {
        DocStream(Box::new(source))
    }

    /// Records skipped so far (lenient mode); complete once the stream is exhausted.
    pub fn skips(&self) -> &SkipLog {
        self.0.skips()
    }
}

impl Iterator for DocStream {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

/// Open any input for streaming (format chosen by [`Format::of`]), with
/// the options' filter applied.
pub fn stream_corpus(path: &Path, opts: &ReadOptions) -> Result<DocStream> {
    open_filtered(Format::of(path)?.reader(), path, opts)
}

/// `reader`'s stream of `path`, through the options' filter when there is
/// one: the one place where filters are applied to a read.
fn open_filtered<R: CorpusReader + ?Sized>(
    reader: &R,
    path: &Path,
    opts: &ReadOptions,
) -> Result<DocStream> {
    let stream = reader.open(path, opts)?;
    if opts.filter.is_empty() {
        return Ok(stream);
    }
    Ok(DocStream::new(FilteredStream::new(
        stream,
        opts.filter.clone(),
        path,
    )))
}

/// Stream a JSONL file line by line: memory holds one line and the
/// documents the caller keeps, never the whole file.
pub fn stream_jsonl(path: &Path, opts: &ReadOptions) -> Result<JsonlStream> {
    JsonlStream::open(path, opts)
}

/// Open a file as a buffered reader. Files with a UTF-16 byte-order mark
/// are decoded to UTF-8 in memory first (rare, and only small files are
/// saved that way); everything else is read as it streams.
pub(crate) fn open_input(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
    if matches!(
        decode::detect_bom(head),
        decode::Bom::Utf16Le | decode::Bom::Utf16Be
    ) {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = decode::decode_text(path, bytes)?;
        return Ok(Box::new(std::io::Cursor::new(text.into_bytes())));
    }
    Ok(Box::new(reader))
}

/// Documents read from one input.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The input path as given.
    pub path: PathBuf,
    /// Documents in input order.
    pub documents: Vec<Document>,
    /// The first skipped records (lenient mode), with messages.
    pub skipped: Vec<Skipped>,
    /// How many records were skipped in all.
    pub skipped_count: usize,
    /// The first warnings about records that were read (see [`SkipLog`]).
    pub warnings: Vec<Skipped>,
    /// How many warnings there were in all.
    pub warning_count: usize,
    /// What the read's filter kept, when it had one.
    pub filter: Option<FilterReport>,
}

impl Corpus {
    /// Outlet ids, sorted and unique.
    pub fn outlets(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self.documents.iter().map(|d| d.outlet.as_str()).collect();
        set.into_iter().map(String::from).collect()
    }

    /// Event ids, sorted and unique ([`NO_EVENT`] included when present).
    pub fn events(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self.documents.iter().map(|d| d.event.as_str()).collect();
        set.into_iter().map(String::from).collect()
    }

    /// Documents grouped by event (sorted by event id, input order within).
    pub fn by_event(&self) -> BTreeMap<&str, Vec<&Document>> {
        let mut map: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
        for d in &self.documents {
            map.entry(d.event.as_str()).or_default().push(d);
        }
        map
    }

    /// Display name of each outlet id (the first one given, else the id).
    pub fn outlet_names(&self) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        for d in &self.documents {
            let entry = map
                .entry(d.outlet.clone())
                .or_insert_with(|| d.outlet.clone());
            if entry == &d.outlet {
                if let Some(name) = &d.outlet_name {
                    *entry = name.clone();
                }
            }
        }
        map
    }

    /// The lenient-mode summary line, if anything was skipped.
    pub fn skipped_summary(&self) -> Option<String> {
        self.log().summary()
    }

    /// The lines every command prints after its output, each to be
    /// prefixed with `warning: `: warnings about records read, then the
    /// skipped records (see [`SkipLog::lines`]). Empty when all was well.
    pub fn warning_lines(&self) -> Vec<String> {
        self.log().lines()
    }

    fn log(&self) -> SkipLog {
        SkipLog {
            first: self.skipped.clone(),
            count: self.skipped_count,
            warnings: self.warnings.clone(),
            warning_count: self.warning_count,
            filter: self.filter.clone(),
        }
    }
}

/// Read a whole input: a folder with a manifest, a `.jsonl` or a `.csv`
/// (format chosen by [`Format::of`], read by its [`CorpusReader`]).
///
/// Documents are parsed one at a time and held once. An input with no
/// documents is an error naming the file; in lenient mode bad records are
/// skipped and listed in [`Corpus::skipped`].
pub fn read_corpus(path: &Path, opts: &ReadOptions) -> Result<Corpus> {
    Format::of(path)?.reader().read(path, opts)
}

/// Every document of `stream` into a [`Corpus`] of `path`.
fn collect(path: &Path, mut stream: DocStream) -> Result<Corpus> {
    let mut documents = Vec::new();
    for doc in stream.by_ref() {
        documents.push(doc?);
    }
    let skips = stream.skips().clone();
    if documents.is_empty() {
        return Err(Error::NoDocuments {
            path: path.to_path_buf(),
            skipped: skips.summary(),
        });
    }
    Ok(Corpus {
        path: path.to_path_buf(),
        documents,
        skipped: skips.first,
        skipped_count: skips.count,
        warnings: skips.warnings,
        warning_count: skips.warning_count,
        filter: skips.filter,
    })
}

/// Documents from records already in memory (a DataFrame's rows, a list of
/// dicts): each record is read with the JSONL reader's field names, types
/// and defaults, and ids must be unique, so an in-memory corpus is the
/// corpus the same rows would give as a `.jsonl` file. `origin` names the
/// records in messages ("DataFrame" gives `DataFrame:3` for the third row).
pub fn documents_from_records(
    origin: &str,
    records: Vec<serde_json::Map<String, serde_json::Value>>,
) -> Result<Vec<Document>> {
    let mut ids = jsonl::IdRegistry::default();
    let mut documents = Vec::with_capacity(records.len());
    for (i, map) in records.into_iter().enumerate() {
        let row = i + 1;
        let source = format!("{origin}:{row}");
        let doc = record::to_document(map, row.to_string(), source)
            .and_then(|doc| ids.insert(&doc.id, row).map(|()| doc))
            .map_err(|m| Error::parse(origin, Some(row), m))?;
        documents.push(doc);
    }
    if documents.is_empty() {
        return Err(Error::NoDocuments {
            path: PathBuf::from(origin),
            skipped: None,
        });
    }
    Ok(documents)
}
