//! Reading a corpus in chunks on a reader thread: parsing the next chunk
//! overlaps with the caller's (parallel) work on the current one, so the
//! single-threaded JSON or CSV parse no longer holds the other cores idle.

use super::{DocStream, Document, Format, ReadOptions, SkipLog};
use crate::error::{Error, Result};
use std::path::Path;
use std::sync::mpsc::sync_channel;

/// Calls `f` on consecutive chunks of at most `size` documents, in input
/// order. At most two chunks are in memory besides the one `f` holds. The
/// first error (a bad record, or one `f` returns) stops the run and is
/// returned. On success returns what the read has to tell: its warnings,
/// lenient-mode skips and what its filter kept ([`SkipLog`]).
pub fn for_each_chunk<F>(path: &Path, opts: &ReadOptions, size: usize, mut f: F) -> Result<SkipLog>
where
    F: FnMut(Vec<Document>) -> Result<()>,
{
    Format::of(path)?
        .reader()
        .for_each_chunk(path, opts, size, &mut f)
}

/// [`for_each_chunk`] on an opened stream (of `path`, for messages).
pub(super) fn drive(
    mut stream: DocStream,
    path: &Path,
    size: usize,
    f: &mut dyn FnMut(Vec<Document>) -> Result<()>,
) -> Result<SkipLog> {
    let size = size.max(1);
    let (tx, rx) = sync_channel::<Vec<Document>>(1);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<SkipLog> {
            let mut chunk = Vec::with_capacity(size);
            for doc in stream.by_ref() {
                chunk.push(doc?);
                if chunk.len() == size {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(size));
                    if tx.send(full).is_err() {
                        // The caller stopped; its error is the one to report.
                        return Ok(SkipLog::default());
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = tx.send(chunk);
            }
            Ok(stream.skips().clone())
        });
        let mut failed = None;
        for chunk in &rx {
            if let Err(e) = f(chunk) {
                failed = Some(e);
                break;
            }
        }
        // Dropping the receiver ends the reader at its next send.
        drop(rx);
        let read = reader
            .join()
            .map_err(|_| Error::input(path.display().to_string(), "the reader thread failed"))?;
        match failed {
            Some(e) => Err(e),
            None => read,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn jsonl(lines: &[&str]) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new()
            .suffix(".jsonl")
            .tempfile()
            .unwrap();
        for l in lines {
            writeln!(f, "{l}").unwrap();
        }
        f
    }

    #[test]
    fn chunks_keep_input_order_and_sizes() {
        let lines: Vec<String> = (0..7)
            .map(|i| {
                format!(
                    r#"{{"id": "d{i}", "outlet": "o{}", "text": "word {i}"}}"#,
                    i % 2
                )
            })
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let f = jsonl(&refs);
        let mut seen = Vec::new();
        let mut sizes = Vec::new();
        for_each_chunk(f.path(), &ReadOptions::default(), 3, |c| {
            sizes.push(c.len());
            seen.extend(c.into_iter().map(|d| d.id));
            Ok(())
        })
        .unwrap();
        assert_eq!(sizes, [3, 3, 1]);
        assert_eq!(seen, ["d0", "d1", "d2", "d3", "d4", "d5", "d6"]);
    }

    #[test]
    fn a_bad_record_is_the_error_after_the_good_chunks() {
        let f = jsonl(&[
            r#"{"id": "a", "outlet": "o", "text": "x"}"#,
            r#"{"id": "b", "outlet": "o", "text": "#,
        ]);
        let mut n = 0;
        let err = for_each_chunk(f.path(), &ReadOptions::default(), 1, |c| {
            n += c.len();
            Ok(())
        })
        .unwrap_err();
        assert_eq!(n, 1);
        assert!(err.to_string().contains(":2"), "{err}");
    }

    #[test]
    fn the_callers_error_stops_the_reader() {
        let lines: Vec<String> = (0..50)
            .map(|i| format!(r#"{{"id": "d{i}", "outlet": "o", "text": "w"}}"#))
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let f = jsonl(&refs);
        let err = for_each_chunk(f.path(), &ReadOptions::default(), 2, |_| {
            Err(Error::input("test", "stop"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("stop"));
    }
}
