//! `framelens clean`: cleaned text, or an audit of removed boilerplate.

use super::Global;
use anyhow::Context;
use framelens::clean::{Cleaned, Cleaner, Removal};
use framelens::corpus::Document;
use framelens::pipeline::for_each_cleaned;
use framelens::report::table_stream::TableStream;
use framelens::report::tables::Format;
use std::io::Write;

/// Output formats of `framelens clean`: cleaned text, or the audit as a
/// table of documents in JSON.
const FORMATS: &[(Format, &str)] = &[
    (
        Format::Text,
        "Each document's cleaned text under a header line",
    ),
    (
        Format::Json,
        "One JSON array: per document its id, outlet, removed lines (rule, reason) and text",
    ),
    (Format::Jsonl, "The same objects as `json`, one a line"),
];

/// Arguments of `framelens clean`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Remove scraped boilerplate (icon-font junk, ad markers, widget errors, \
cross-links, byline placeholders, repeated headlines, and lines that recur across many \
documents of one outlet) and print each document's cleaned text, or with --format json \
an audit of every removed line with the rule that removed it and why.\n\n\
Rules come from a data file (built in: data/clean_rules.toml; format in docs/cleaning.md).",
    after_help = "Examples:\n  \
framelens clean seeds                      # cleaned text of the five seed articles\n  \
framelens clean seeds --format json        # what was removed, by which rule, and why\n  \
framelens clean corpus.jsonl --lenient     # skip bad records, report them at the end\n  \
framelens clean seeds --rules my_rules.toml"
)]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: std::path::PathBuf,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = super::format_arg(FORMATS))]
    pub format: Format,
    /// Rules file to use instead of the built-in rules (format in docs/cleaning.md).
    #[arg(long, value_name = "TOML")]
    pub rules: Option<std::path::PathBuf>,
}

/// One document in the JSON audit (a JSON-only table: `removed` is a list
/// of objects).
#[derive(serde::Serialize)]
struct AuditDoc<'a> {
    id: &'a str,
    outlet: &'a str,
    outlet_name: Option<&'a str>,
    event: &'a str,
    source: &'a str,
    removed: &'a [Removal],
    text: &'a str,
}

impl<'a> AuditDoc<'a> {
    fn new(d: &'a Document, c: &'a Cleaned) -> Self {
        AuditDoc {
            id: &d.id,
            outlet: &d.outlet,
            outlet_name: d.outlet_name.as_deref(),
            event: &d.event,
            source: &d.source,
            removed: &c.removed,
            text: &c.text,
        }
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<()> {
    let opts = global.read_options();
    let cleaner = if global.no_clean {
        Cleaner::passthrough()
    } else if let Some(path) = &args.rules {
        Cleaner::from_toml(path)?
    } else {
        Cleaner::builtin()
    };
    let bar = super::progress::Bar::new(global.quiet);
    let stdout = std::io::stdout();
    let mut out = Output::new(std::io::BufWriter::new(stdout.lock()), args.format)
        .context("writing to standard output")?;
    // Streamed: boilerplate is learned over the whole input first, then
    // each chunk is cleaned in parallel and written in input order. A
    // closed pipe (`| head`) ends the run quietly in main.
    let warnings = for_each_cleaned(&args.input, &opts, &cleaner, &bar, |docs, cleaned| {
        out.chunk(&docs, &cleaned)
            .map_err(|e| framelens::Error::io("standard output", e))
    })?;
    out.finish().context("writing to standard output")?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

/// Where cleaned documents go as chunks come: the cleaned text, or the
/// audit through the library's streamed table writer.
enum Output<W: Write> {
    Text { out: W, first: bool },
    Audit(TableStream<W>),
}

impl<W: Write> Output<W> {
    fn new(out: W, format: Format) -> std::io::Result<Self> {
        Ok(if format == Format::Text {
            Output::Text { out, first: true }
        } else {
            Output::Audit(TableStream::json_rows(out, format)?)
        })
    }

    fn chunk(&mut self, docs: &[Document], cleaned: &[Cleaned]) -> std::io::Result<()> {
        match self {
            Output::Audit(t) => {
                for (d, c) in docs.iter().zip(cleaned) {
                    t.push(&AuditDoc::new(d, c))?;
                }
            }
            Output::Text { out, first } => {
                for (d, c) in docs.iter().zip(cleaned) {
                    if !*first {
                        writeln!(out)?;
                    }
                    *first = false;
                    writeln!(out, "{}", header(d, c))?;
                    writeln!(out, "{}", c.text)?;
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Output::Audit(t) => t.finish(),
            Output::Text { mut out, .. } => out.flush(),
        }
    }
}

/// `=== 003 | RT (rt) | event biden-... | 5 lines removed`
fn header(d: &Document, c: &Cleaned) -> String {
    let outlet = match &d.outlet_name {
        Some(name) if name != &d.outlet => format!("{name} ({})", d.outlet),
        _ => d.outlet.clone(),
    };
    let event = if d.event.is_empty() {
        String::new()
    } else {
        format!(" | event {}", d.event)
    };
    let n = c.removed.len();
    format!(
        "=== {} | {outlet}{event} | {n} removal{}",
        d.id,
        if n == 1 { "" } else { "s" }
    )
}
