//! The texts of a big input, handed to several workers at once, for
//! consumers that need nothing else of a document (TF-IDF checksums).
//!
//! A JSONL file is read in blocks of whole lines (a few megabytes each);
//! each worker parses the lines of a block itself, most of them with
//! [`scan_record`](super::fast_json::scan_record) and the rest with the
//! full reader, so parsing is parallel too. What must follow line order
//! (the first error stops a strict read, ids must be unique, lenient mode
//! lists skipped records) is settled on the calling thread, block by block
//! in file order as blocks come back, so the outcome is exactly that of
//! [`super::JsonlStream`]. Other
//! inputs (CSV, folders, UTF-16 or CR-only JSONL) are read by their usual
//! stream and their texts handed to the workers in batches, and so is any
//! input read with a [`super::Filter`] (the filter needs every field).
//!
//! Memory holds a few blocks of raw input, never the file.

use super::decode::{detect_bom, normalize_newlines, Bom};
use super::fast_json::scan_record;
use super::jsonl::{default_id, file_stem, parse_record_noting, IdRegistry};
use super::{stream_corpus, Format, ReadOptions, SkipLog};
use crate::error::{Error, Location, Result};
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};

/// Bytes of JSONL per block (more when one line is longer).
const BLOCK_BYTES: usize = 4 << 20;
/// Documents per batch from the other readers.
const BATCH_DOCS: usize = 1024;
/// How much of the file [`super::JsonlStream`] looks at to choose its line
/// end (its buffer size).
const HEAD_BYTES: usize = 1 << 16;

/// What one worker made of one block of documents.
#[derive(Debug)]
pub struct TextBlock<B> {
    /// Index of the worker (its state in [`ParTexts::workers`]).
    pub worker: usize,
    /// What the worker's `visit` calls wrote.
    pub out: B,
    /// Documents of the block that were visited but then dropped, as
    /// indices in visiting order, ascending: duplicate ids, found once the
    /// blocks are put in order (lenient mode only; strict mode stops).
    pub dropped: Vec<usize>,
}

/// The result of [`par_texts`].
#[derive(Debug)]
pub struct ParTexts<S, B> {
    /// Each worker's state at the end.
    pub workers: Vec<S>,
    /// Blocks in input order.
    pub blocks: Vec<TextBlock<B>>,
    /// Records skipped (lenient mode).
    pub skips: SkipLog,
}

/// Calls `visit(state, out, text)` for the text of every document of the
/// input at `path`, on `rayon::current_num_threads()` workers, each with
/// its own `state` (made by `init`) and one `out` per block. Texts are
/// exactly [`super::Document::text`]; errors and skipped records are
/// those of [`super::stream_corpus`].
pub fn par_texts<S, B, I, V>(
    path: &Path,
    opts: &ReadOptions,
    init: I,
    visit: V,
) -> Result<ParTexts<S, B>>
where
    S: Send,
    B: Default + Send,
    I: Fn() -> S,
    V: Fn(&mut S, &mut B, &str) + Sync,
{
    let n = rayon::current_num_threads().max(1);
    // The fast line reader sees only texts: with a filter, which needs the
    // other fields, the input is read by its full stream (filtered there).
    let lines = match Format::of(path)? {
        Format::Jsonl if opts.filter.is_empty() => LineSource::open(path)?,
        _ => None,
    };
    let ctx = LineCtx {
        path,
        stem: file_stem(path),
        lenient: opts.lenient,
    };
    let (job_tx, job_rx) = sync_channel::<(usize, Job)>(n);
    // Shared by the workers only: should they all stop, the reader's next
    // send fails instead of waiting for ever.
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (free_tx, free_rx) = channel::<Vec<u8>>();
    let (done_tx, done_rx) = channel::<Done<B>>();
    let stop_at = AtomicUsize::new(usize::MAX);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|w| {
                let worker = Worker {
                    index: w,
                    jobs: Arc::clone(&job_rx),
                    free: free_tx.clone(),
                    done: done_tx.clone(),
                    ctx: &ctx,
                    stop_at: &stop_at,
                };
                let state = init();
                let visit = &visit;
                scope.spawn(move || worker.run(state, visit))
            })
            .collect();
        drop((done_tx, job_rx));
        let (read, stream_skips) = match lines {
            Some(lines) => (lines.feed(path, &job_tx, &free_rx, &stop_at), None),
            None => match stream_corpus(path, opts) {
                Ok(mut stream) => {
                    let r = feed_docs(&mut stream, &job_tx);
                    (r, Some(stream.skips().clone()))
                }
                Err(e) => (Err(e), None),
            },
        };
        drop(job_tx);
        // Blocks are settled in order as they come, while later ones are
        // still being read; an error on an earlier line comes first, then
        // a read error.
        let mut settle = Settle::new(&ctx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut blocks = Vec::new();
        let mut failed = None;
        for d in done_rx {
            if failed.is_some() {
                continue;
            }
            waiting.insert(d.index, d);
            while let Some(d) = waiting.remove(&blocks.len()) {
                match settle.block(d) {
                    Ok(b) => blocks.push(b),
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
        }
        let mut workers = Vec::with_capacity(n);
        for h in handles {
            match h.join() {
                Ok(state) => workers.push(state),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
        read?;
        Ok(ParTexts {
            workers,
            blocks,
            skips: stream_skips.unwrap_or(settle.skips),
        })
    })
}

/// A unit of work.
enum Job {
    /// Whole JSONL lines, the first being line `first_line` (1-based).
    Lines { bytes: Vec<u8>, first_line: usize },
    /// Texts of documents already read and checked.
    Texts(Vec<String>),
}

/// What happened to one non-blank line.
enum Outcome {
    /// A document, visited; its own id (`None`: the default id).
    Doc { line: usize, id: Option<Box<str>> },
    /// A bad record, not visited.
    Bad { line: usize, message: String },
    /// A warning about the record of the `Doc` that follows.
    Note { line: usize, message: String },
}

/// A block done by a worker, before the blocks are put in order.
struct Done<B> {
    index: usize,
    worker: usize,
    out: B,
    outcomes: Vec<Outcome>,
}

/// What every worker needs to know about the file.
struct LineCtx<'p> {
    path: &'p Path,
    stem: String,
    lenient: bool,
}

struct Worker<'a, 'p, B> {
    index: usize,
    jobs: Arc<Mutex<Receiver<(usize, Job)>>>,
    free: Sender<Vec<u8>>,
    done: Sender<Done<B>>,
    ctx: &'a LineCtx<'p>,
    stop_at: &'a AtomicUsize,
}

impl<B: Default> Worker<'_, '_, B> {
    /// Takes jobs until there are no more, sending each block's result.
    fn run<S>(self, mut state: S, visit: &impl Fn(&mut S, &mut B, &str)) -> S {
        let mut buf = String::new();
        loop {
            let job = match self.jobs.lock() {
                Ok(rx) => rx.recv(),
                Err(poisoned) => poisoned.into_inner().recv(),
            };
            let Ok((index, job)) = job else { break };
            let mut out = B::default();
            let mut outcomes = Vec::new();
            match job {
                Job::Texts(texts) => {
                    for t in &texts {
                        visit(&mut state, &mut out, t);
                    }
                }
                Job::Lines { bytes, first_line } => {
                    let mut v = |text: &str| visit(&mut state, &mut out, text);
                    read_lines(
                        &bytes,
                        first_line,
                        self.ctx,
                        &mut v,
                        &mut outcomes,
                        &mut buf,
                    );
                    let bad = outcomes.iter().any(|o| matches!(o, Outcome::Bad { .. }));
                    if bad && !self.ctx.lenient {
                        // Blocks after this one cannot matter: stop reading.
                        self.stop_at.fetch_min(index, Ordering::Relaxed);
                    }
                    // The buffer goes back to the reader for another block.
                    let _ = self.free.send(bytes);
                }
            }
            let done = Done {
                index,
                worker: self.index,
                out,
                outcomes,
            };
            if self.done.send(done).is_err() {
                break;
            }
        }
        state
    }
}

/// Parses the lines of a block, visiting each document's text, with the
/// line rules of [`super::JsonlStream`]: line ends (CR too) removed,
/// blank lines skipped but counted.
fn read_lines(
    bytes: &[u8],
    first_line: usize,
    ctx: &LineCtx<'_>,
    visit: &mut impl FnMut(&str),
    outcomes: &mut Vec<Outcome>,
    buf: &mut String,
) {
    let mut line = first_line;
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        let mut record = &bytes[start..end];
        start = end + 1;
        while let [rest @ .., b'\r' | b'\n'] = record {
            record = rest;
        }
        if !record.iter().all(u8::is_ascii_whitespace) {
            read_record(record, line, ctx, visit, outcomes, buf);
        }
        line += 1;
    }
}

/// Reads one record, adding what happened to `outcomes`.
fn read_record(
    record: &[u8],
    line: usize,
    ctx: &LineCtx<'_>,
    visit: &mut impl FnMut(&str),
    outcomes: &mut Vec<Outcome>,
    buf: &mut String,
) {
    if let Some(r) = scan_record(record) {
        match r.text.unescape(buf) {
            (text, false) => visit(text),
            (text, true) => visit(&normalize_newlines(text)),
        }
        outcomes.push(Outcome::Doc {
            line,
            id: r.id.map(|id| id.into()),
        });
        return;
    }
    let mut notes = Vec::new();
    match parse_record_noting(record, &ctx.stem, ctx.path, line, &mut notes) {
        Ok(doc) => {
            visit(&doc.text);
            outcomes.extend(
                notes
                    .into_iter()
                    .map(|message| Outcome::Note { line, message }),
            );
            outcomes.push(Outcome::Doc {
                line,
                id: Some(doc.id.into_boxed_str()),
            });
        }
        Err(message) => outcomes.push(Outcome::Bad { line, message }),
    }
}

/// Settles, block by block in input order, what the sequential reader
/// would have: the first error (strict), skipped records (lenient) and
/// duplicate ids.
struct Settle<'c, 'p> {
    ctx: &'c LineCtx<'p>,
    ids: IdRegistry,
    skips: SkipLog,
}

impl<'c, 'p> Settle<'c, 'p> {
    fn new(ctx: &'c LineCtx<'p>) -> Self {
        Settle {
            ctx,
            ids: IdRegistry::default(),
            skips: SkipLog::default(),
        }
    }

    /// The next block in input order.
    fn block<B>(&mut self, d: Done<B>) -> Result<TextBlock<B>> {
        let mut dropped = Vec::new();
        let mut visited = 0;
        for o in d.outcomes {
            match o {
                Outcome::Bad { line, message } => self.reject(line, message)?,
                Outcome::Note { line, message } => self.skips.warn(
                    Location {
                        path: self.ctx.path.to_path_buf(),
                        line: Some(line),
                    },
                    message,
                ),
                Outcome::Doc { line, id } => {
                    let id = match id {
                        Some(id) => id.into(),
                        None => default_id(&self.ctx.stem, line),
                    };
                    if let Err(message) = self.ids.insert(&id, line) {
                        self.reject(line, message)?;
                        dropped.push(visited);
                    }
                    visited += 1;
                }
            }
        }
        Ok(TextBlock {
            worker: d.worker,
            out: d.out,
            dropped,
        })
    }

    /// A bad record: skipped (lenient) or the error.
    fn reject(&mut self, line: usize, message: String) -> Result<()> {
        let err = Error::parse(self.ctx.path, Some(line), message);
        if self.ctx.lenient {
            self.skips.push(err);
            Ok(())
        } else {
            Err(err)
        }
    }
}

/// A JSONL file read in blocks of whole lines.
struct LineSource {
    file: File,
    /// Bytes read to choose the reader, byte-order mark removed.
    head: Vec<u8>,
}

impl LineSource {
    /// The file, when its lines can be cut at `\n` in the raw bytes: not
    /// UTF-16, and not with CR-only line ends (as [`super::JsonlStream`]
    /// decides it, on its first buffer).
    fn open(path: &Path) -> Result<Option<LineSource>> {
        let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut head = Vec::with_capacity(BLOCK_BYTES);
        read_more(&mut file, &mut head, HEAD_BYTES).map_err(|e| Error::io(path, e))?;
        match detect_bom(&head) {
            Bom::Utf16Le | Bom::Utf16Be => return Ok(None),
            Bom::Utf8 => {
                head.drain(..super::decode::UTF8_BOM.len());
            }
            Bom::None => {}
        }
        if head.contains(&b'\r') && !head.contains(&b'\n') {
            return Ok(None);
        }
        Ok(Some(LineSource { file, head }))
    }

    /// Sends blocks of whole lines to the workers, reusing the buffers
    /// they send back, until the end of the file or block `stop_at`.
    fn feed(
        self,
        path: &Path,
        jobs: &SyncSender<(usize, Job)>,
        free: &Receiver<Vec<u8>>,
        stop_at: &AtomicUsize,
    ) -> Result<()> {
        let LineSource { mut file, head } = self;
        let io = |e| Error::io(path, e);
        let mut pending = head;
        let mut eof = false;
        let mut first_line = 1;
        for index in 0.. {
            if index > stop_at.load(Ordering::Relaxed) {
                break;
            }
            while !eof && pending.len() < BLOCK_BYTES {
                let want = BLOCK_BYTES - pending.len();
                eof = read_more(&mut file, &mut pending, want).map_err(io)? < want;
            }
            // Cut after the last line end; a line longer than a block
            // makes the block longer.
            let mut cut = memchr::memrchr(b'\n', &pending).map(|p| p + 1);
            while cut.is_none() && !eof {
                let before = pending.len();
                eof = read_more(&mut file, &mut pending, BLOCK_BYTES).map_err(io)? < BLOCK_BYTES;
                cut = memchr::memrchr(b'\n', &pending[before..]).map(|p| before + p + 1);
            }
            let cut = if eof {
                pending.len()
            } else {
                cut.unwrap_or(pending.len())
            };
            if cut == 0 {
                break;
            }
            let mut next = free.try_recv().unwrap_or_default();
            next.clear();
            next.extend_from_slice(&pending[cut..]);
            pending.truncate(cut);
            let block = std::mem::replace(&mut pending, next);
            let lines = memchr::memchr_iter(b'\n', &block).count();
            let job = Job::Lines {
                bytes: block,
                first_line,
            };
            if jobs.send((index, job)).is_err() {
                break;
            }
            first_line += lines;
        }
        Ok(())
    }
}

/// Appends up to `n` more bytes of `file` to `buf`; fewer only at the end.
fn read_more(file: &mut File, buf: &mut Vec<u8>, n: usize) -> std::io::Result<usize> {
    (&mut *file).take(n as u64).read_to_end(buf)
}

/// Sends the texts of `stream`'s documents in batches.
fn feed_docs(stream: &mut super::DocStream, jobs: &SyncSender<(usize, Job)>) -> Result<()> {
    let mut batch = Vec::with_capacity(BATCH_DOCS);
    let mut index = 0;
    for doc in stream.by_ref() {
        batch.push(doc?.text);
        if batch.len() == BATCH_DOCS {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_DOCS));
            if jobs.send((index, Job::Texts(full))).is_err() {
                return Ok(());
            }
            index += 1;
        }
    }
    if !batch.is_empty() {
        let _ = jobs.send((index, Job::Texts(batch)));
    }
    Ok(())
}
