//! The whole `compare` run: read, prepare, compare every event in
//! parallel, and write the output folder whole or not at all.

use super::event::{event_dir_name, write_event, WriteOptions};
use super::page::{Block, Page, Table};
use crate::compare::event::{compare_event, EventOptions, EventReport};
use crate::corpus::{read_corpus, ReadOptions};
use crate::lexicon::builtin::builtins;
use crate::lexicon::matcher::Matcher;
use crate::output::{check_output_location, write_atomic};
use crate::pipeline::{prepare, PrepareOptions, Prepared};
use crate::text::Analyzer;
use crate::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Options of a compare run.
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    pub no_clean: bool,
    pub lenient: bool,
    pub quiet: bool,
    pub event: EventOptions,
    pub write: WriteOptions,
}

/// A progress bar on a terminal, nothing otherwise.
fn progress(len: u64, what: &str, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template(
        "{msg:>10} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// Compare every event of `input` and write the reports to `out`.
/// Returns a one-paragraph summary for the terminal.
pub fn compare_corpus(input: &Path, out: &Path, opts: &CompareOptions) -> Result<String> {
    check_output_location(input, out)?;
    let corpus = read_corpus(
        input,
        &ReadOptions {
            lenient: opts.lenient,
        },
    )?;
    let skipped = corpus.skipped_summary();
    let outlets = corpus.outlets();
    if outlets.len() < 2 {
        return Err(Error::input(
            input.display().to_string(),
            format!(
                "only one outlet ({}): framelens compares outlets, give it documents from at least two",
                outlets.first().map(String::as_str).unwrap_or("none")
            ),
        ));
    }
    let prepared = prepare(
        corpus,
        PrepareOptions {
            no_clean: opts.no_clean,
        },
    );
    let mut warnings = Vec::new();
    for p in &prepared {
        if p.analyzed.tokens.is_empty() {
            warnings.push(format!(
                "warning: {}: document {} has no words after cleaning; it is left out",
                p.doc.source, p.doc.id
            ));
        }
    }
    let mut by_event: BTreeMap<&str, Vec<&Prepared>> = BTreeMap::new();
    for p in prepared.iter().filter(|p| !p.analyzed.tokens.is_empty()) {
        by_event.entry(p.doc.event.as_str()).or_default().push(p);
    }
    let mut events: Vec<(&str, Vec<&Prepared>)> = Vec::new();
    for (event, docs) in by_event {
        let mut outs: Vec<&str> = docs.iter().map(|d| d.doc.outlet.as_str()).collect();
        outs.sort();
        outs.dedup();
        if outs.len() < 2 {
            warnings.push(format!(
                "warning: event {event:?} has only one outlet ({}); it is left out of the per-event comparison",
                outs.first().copied().unwrap_or("none")
            ));
        } else {
            events.push((event, docs));
        }
    }
    if events.is_empty() {
        return Err(Error::input(
            input.display().to_string(),
            "no event has documents from two or more outlets",
        ));
    }

    let lexicons = builtins().to_vec();
    let matcher = Matcher::new(&lexicons);
    let analyzer = Analyzer::english();
    let bar = progress(events.len() as u64, "events", opts.quiet);
    let reports: Vec<EventReport> = events
        .par_iter()
        .map(|(event, docs)| {
            let r = compare_event(event, docs, &lexicons, &matcher, &analyzer, &opts.event);
            bar.inc(1);
            r
        })
        .collect::<Result<Vec<_>>>()?;
    bar.finish_and_clear();

    // Write everything into a fresh folder beside `out`, then swap it in.
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if out.exists() && !out.is_dir() {
        return Err(Error::input(
            out.display().to_string(),
            "output path exists and is not a folder",
        ));
    }
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".framelens-out-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    let mut dirs = BTreeMap::new();
    for r in &reports {
        let mut name = event_dir_name(&r.event);
        while dirs.values().any(|n: &String| *n == name) {
            name.push('_');
        }
        dirs.insert(r.event.clone(), name);
    }
    let bar = progress(reports.len() as u64, "writing", opts.quiet);
    reports
        .par_iter()
        .map(|r| {
            let dir = staging.path().join(&dirs[&r.event]);
            let res = write_event(r, &dir, &opts.write).map(|_| ());
            bar.inc(1);
            res
        })
        .collect::<Result<Vec<()>>>()?;
    bar.finish_and_clear();
    write_index(staging.path(), &reports, &dirs, &warnings)?;
    swap_into_place(staging, out)?;

    let mut summary = format!(
        "framelens: compared {} event(s), {} document(s), {} outlet(s); reports in {}",
        reports.len(),
        prepared.len(),
        outlets.len(),
        out.display()
    );
    for w in &warnings {
        summary.push('\n');
        summary.push_str(w);
    }
    if let Some(s) = skipped {
        summary.push_str("\nwarning: ");
        summary.push_str(&s);
    }
    Ok(summary)
}

/// Replace `out` by the finished staging folder.
fn swap_into_place(staging: tempfile::TempDir, out: &Path) -> Result<()> {
    let staged = staging.keep();
    if out.exists() {
        let old = out.with_file_name(format!(
            ".{}.old-{}",
            out.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
            std::process::id()
        ));
        std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
        if let Err(e) = std::fs::rename(&staged, out) {
            let _ = std::fs::rename(&old, out);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::io(out, e));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else if let Err(e) = std::fs::rename(&staged, out) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io(out, e));
    }
    Ok(())
}

fn write_index(
    dir: &Path,
    reports: &[EventReport],
    dirs: &BTreeMap<String, String>,
    warnings: &[String],
) -> Result<()> {
    let mut page = Page::new("framelens: how the outlets worded each event");
    page.paragraph(format!(
        "{} event(s) compared. Each link opens the event's report: findings first, then the evidence.",
        reports.len()
    ));
    let mut t = Table::new(["event", "outlets", "first finding"]);
    let mut links = Vec::new();
    for r in reports {
        let href = format!("{}/report.html", dirs[&r.event]);
        links.push((r.event.clone(), href));
        t.row([
            r.event.clone(),
            r.outlets
                .iter()
                .map(|o| o.id.clone())
                .collect::<Vec<_>>()
                .join(", "),
            r.findings.first().cloned().unwrap_or_default(),
        ]);
    }
    page.heading(2, "Events");
    page.push(Block::Links(links));
    page.push(Block::Table(t));
    if !warnings.is_empty() {
        page.heading(2, "Warnings");
        page.push(Block::Bullets(warnings.to_vec()));
    }
    write_atomic(&dir.join("index.html"), page.to_html().as_bytes())?;
    write_atomic(&dir.join("index.md"), page.to_markdown().as_bytes())
}
