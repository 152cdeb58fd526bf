//! A folder of `.txt` files described by `manifest.toml` or `manifest.csv`
//! (format in `docs/input-formats.md`).
//!
//! The manifest is checked as a whole before any text is read (unknown or
//! missing fields, missing files, duplicate ids), so a typo is reported at
//! once with its line rather than after a long run.

use super::decode::{decode_text, line_of};
use super::jsonl::file_stem;
use super::{Document, ReadOptions, SkipLog, NO_EVENT};
use crate::error::{Error, Location, OutsidePaths, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// File names looked for in an input folder.
pub const MANIFEST_TOML: &str = "manifest.toml";
pub const MANIFEST_CSV: &str = "manifest.csv";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestToml {
    #[serde(default)]
    document: Vec<toml::Spanned<EntryToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryToml {
    file: String,
    id: Option<String>,
    outlet: String,
    outlet_name: Option<String>,
    event: Option<String>,
    title: Option<String>,
    /// A string, or a bare TOML date (`date = 2021-03-18`).
    date: Option<toml::Value>,
    language: Option<String>,
    url: Option<String>,
    #[serde(default)]
    labels: BTreeMap<String, serde_json::Value>,
}

/// One manifest entry, checked and resolved.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The text file, resolved against the manifest's folder.
    pub file: PathBuf,
    /// Line of the entry in the manifest.
    pub line: usize,
    /// The document without its text.
    pub meta: Document,
}

/// Find the manifest of a folder.
pub fn manifest_in(dir: &Path) -> Result<PathBuf> {
    let toml = dir.join(MANIFEST_TOML);
    let csv = dir.join(MANIFEST_CSV);
    match (toml.is_file(), csv.is_file()) {
        (true, true) => Err(Error::parse(
            dir,
            None,
            "folder has both manifest.toml and manifest.csv; keep one",
        )),
        (true, false) => Ok(toml),
        (false, true) => Ok(csv),
        (false, false) => Err(Error::parse(
            dir,
            None,
            "folder has no manifest.toml or manifest.csv naming its .txt files \
             (see docs/input-formats.md)",
        )),
    }
}

/// Read and check a manifest (TOML or CSV by extension). Files outside
/// the manifest's folder are refused unless
/// [`ReadOptions::allow_outside_files`] says otherwise.
pub fn read_manifest(path: &Path, opts: &ReadOptions) -> Result<Vec<Entry>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = decode_text(path, bytes)?;
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let raw = if is_csv {
        parse_csv(path, &text)?
    } else {
        parse_toml(path, &text)?
    };
    if raw.is_empty() {
        return Err(Error::parse(path, None, "manifest names no documents"));
    }
    // Resolved once: every entry is checked against it.
    let root = if opts.allow_outside_files {
        None
    } else {
        Some(canonical_dir(path, &dir)?)
    };
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut entries = Vec::with_capacity(raw.len());
    for (line, mut e) in raw {
        let at = |msg: String| Error::parse(path, Some(line), msg);
        let file_name = e.source.clone();
        if file_name.trim().is_empty() {
            return Err(at("`file` is empty".into()));
        }
        let file = dir.join(&file_name);
        check_text_file(&file, &file_name).map_err(at)?;
        check_inside(&file, &file_name, root.as_deref(), path, line)?;
        if e.outlet.trim().is_empty() {
            return Err(at("`outlet` is empty".into()));
        }
        if e.id.is_empty() {
            e.id = file_stem(&file);
        }
        if let Some(first) = ids.get(&e.id) {
            return Err(at(format!(
                "duplicate id `{}` (first on line {first})",
                e.id
            )));
        }
        ids.insert(e.id.clone(), line);
        e.source = file.display().to_string();
        entries.push(Entry {
            file,
            line,
            meta: e,
        });
    }
    Ok(entries)
}

/// The manifest's folder with every symbolic link and `..` resolved, the
/// reference for [`check_text_file`].
fn canonical_dir(manifest: &Path, dir: &Path) -> Result<PathBuf> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::canonicalize(dir).map_err(|e| Error::io(manifest, e))
}

/// Why the file a manifest entry names (`file`, written `name` in the
/// manifest) cannot be read as a document, if it cannot: missing or not a
/// regular file ([`check_inside`] then looks at where it resolves to).
///
/// The file type is looked at before the file is ever opened: opening a
/// FIFO would wait for a writer for ever, and a folder or a device is
/// not "not found" but something else, which the message says.
fn check_text_file(file: &Path, name: &str) -> std::result::Result<(), String> {
    let meta = match std::fs::metadata(file) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dangling = std::fs::symlink_metadata(file).is_ok();
            return Err(if dangling {
                format!(
                    "file `{name}` is a symbolic link to a file that does not exist ({})",
                    file.display()
                )
            } else {
                format!("file `{name}` not found (looked for {})", file.display())
            });
        }
        Err(e) => {
            return Err(format!(
                "file `{name}` cannot be read ({}): {e}",
                file.display()
            ))
        }
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(format!(
            "`{name}` is a folder, not a file ({}); name the .txt files inside it",
            file.display()
        ));
    }
    if !kind.is_file() {
        return Err(format!(
            "`{name}` is not a regular file (a FIFO, socket or device: {}); only text files are read",
            file.display()
        ));
    }
    Ok(())
}

/// With a `root` (files outside are refused): that `file`, as resolved,
/// lies inside it. The manifest entry is at `line` of `manifest`.
fn check_inside(
    file: &Path,
    name: &str,
    root: Option<&Path>,
    manifest: &Path,
    line: usize,
) -> Result<()> {
    let Some(root) = root else {
        return Ok(());
    };
    let real = std::fs::canonicalize(file).map_err(|e| {
        Error::parse(
            manifest,
            Some(line),
            format!("file `{name}` cannot be resolved ({}): {e}", file.display()),
        )
    })?;
    if !real.starts_with(root) {
        return Err(Error::OutsideFile {
            location: Location {
                path: manifest.to_path_buf(),
                line: Some(line),
            },
            name: name.to_string(),
            paths: Box::new(OutsidePaths {
                file: file.to_path_buf(),
                resolved: real,
                root: root.to_path_buf(),
            }),
        });
    }
    Ok(())
}

/// Entries of a TOML manifest: (line, document whose `source` is the file name).
fn parse_toml(path: &Path, text: &str) -> Result<Vec<(usize, Document)>> {
    let manifest: ManifestToml = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text.as_bytes(), s.start));
        Error::parse(path, line, e.message().trim().replace('\n', " "))
    })?;
    let mut out = Vec::with_capacity(manifest.document.len());
    for spanned in manifest.document {
        let line = line_of(text.as_bytes(), spanned.span().start);
        let e = spanned.into_inner();
        let date = match e.date {
            None => None,
            Some(toml::Value::String(s)) => Some(s),
            Some(toml::Value::Datetime(d)) => Some(d.to_string()),
            Some(other) => {
                return Err(Error::parse(
                    path,
                    Some(line),
                    format!(
                        "`date` must be a string or a date, found {}",
                        other.type_str()
                    ),
                ))
            }
        };
        out.push((
            line,
            Document {
                id: e.id.unwrap_or_default(),
                outlet: e.outlet,
                outlet_name: e.outlet_name,
                event: e.event.unwrap_or_else(|| NO_EVENT.to_string()),
                title: e.title,
                date,
                language: e.language,
                text: String::new(),
                url: e.url,
                labels: e.labels,
                source: e.file,
            },
        ));
    }
    Ok(out)
}

/// Columns a CSV manifest may have; `label.NAME` columns become labels.
const CSV_COLUMNS: &[&str] = &[
    "file",
    "id",
    "outlet",
    "outlet_name",
    "event",
    "title",
    "date",
    "language",
    "url",
];

/// Entries of a CSV manifest.
fn parse_csv(path: &Path, text: &str) -> Result<Vec<(usize, Document)>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::parse(path, Some(1), e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for h in &headers {
        if !CSV_COLUMNS.contains(&h.as_str()) && !h.starts_with("label.") {
            return Err(Error::parse(
                path,
                Some(1),
                format!(
                    "unknown column `{h}` (expected {} or label.NAME)",
                    CSV_COLUMNS.join(", ")
                ),
            ));
        }
    }
    for required in ["file", "outlet"] {
        if !headers.iter().any(|h| h == required) {
            return Err(Error::parse(
                path,
                Some(1),
                format!("missing column `{required}`"),
            ));
        }
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            Error::parse(path, line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let mut doc = Document {
            event: NO_EVENT.to_string(),
            ..Document::default()
        };
        for (h, v) in headers.iter().zip(record.iter()) {
            let value = v.trim().to_string();
            let opt = || (!value.is_empty()).then(|| value.clone());
            match h.as_str() {
                "file" => doc.source = value.clone(),
                "id" => doc.id = value.clone(),
                "outlet" => doc.outlet = value.clone(),
                "outlet_name" => doc.outlet_name = opt(),
                "event" => doc.event = opt().unwrap_or_else(|| NO_EVENT.to_string()),
                "title" => doc.title = opt(),
                "date" => doc.date = opt(),
                "language" => doc.language = opt(),
                "url" => doc.url = opt(),
                label => {
                    let name = label.trim_start_matches("label.").to_string();
                    doc.labels.insert(name, serde_json::Value::String(value));
                }
            }
        }
        out.push((line, doc));
    }
    Ok(out)
}

/// Documents of a folder, reading each text file when asked for it.
pub struct FolderStream {
    entries: std::vec::IntoIter<Entry>,
    lenient: bool,
    skips: SkipLog,
}

impl FolderStream {
    /// Open the folder (or the manifest file itself) at `path`.
    pub fn open(path: &Path, opts: &ReadOptions) -> Result<Self> {
        let manifest = if path.is_dir() {
            manifest_in(path)?
        } else {
            path.to_path_buf()
        };
        let entries = read_manifest(&manifest, opts)?;
        Ok(FolderStream {
            entries: entries.into_iter(),
            lenient: opts.lenient,
            skips: SkipLog::default(),
        })
    }

    /// Files skipped so far (lenient mode).
    pub fn skips(&self) -> &SkipLog {
        &self.skips
    }
}

impl Iterator for FolderStream {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        for entry in self.entries.by_ref() {
            let read = std::fs::read(&entry.file)
                .map_err(|e| Error::io(&entry.file, e))
                .and_then(|bytes| decode_text(&entry.file, bytes));
            match read {
                Ok(text) => return Some(Ok(Document { text, ..entry.meta })),
                Err(e @ Error::Parse { .. }) if self.lenient => self.skips.push(e),
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }
}
