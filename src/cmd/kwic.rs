//! `framelens kwic`: every occurrence of some terms with its context, the
//! voice it is in and the quoted speaker.

use super::names::named;
use super::Global;
use framelens::lexicon::kwic::{kwic, KwicDoc};
use framelens::pipeline::{read_prepared, NoProgress, PrepareOptions};
use framelens::report::tables::{write_table, Format};
use framelens::text::Voice;
use std::path::PathBuf;

const FORMATS: &[(Format, &str)] = &[(Format::Csv, ""), (Format::Json, ""), (Format::Jsonl, "")];

/// Keyword in context: each occurrence of the terms with the words around it.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Terms are written as lexicon entries: a word, a phrase, a glob (`migra*`) or
`stem:word` for every form of a word.

Examples:
  framelens kwic seeds killer murderer --window 6
  framelens kwic basil.jsonl \"illegal alien*\" stem:deport --voice own --format json"
)]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: PathBuf,
    /// Terms to find (one or more).
    #[arg(required = true)]
    pub terms: Vec<String>,
    /// Words of context on each side.
    #[arg(long, default_value_t = 8)]
    pub window: usize,
    /// Occurrences in the outlet's own words, in quotes, or all.
    #[arg(long, value_parser = named::<Voice>(Voice::NAMES), default_value = "all")]
    pub voice: Voice,
    #[arg(long, default_value = "csv", value_parser = super::format_arg(FORMATS))]
    pub format: Format,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<()> {
    let corpus = read_prepared(
        &args.input,
        &global.read_options(),
        PrepareOptions {
            no_clean: global.no_clean,
        },
        &NoProgress,
    )?;
    let docs: Vec<KwicDoc> = corpus
        .documents
        .iter()
        .map(|p| KwicDoc {
            id: &p.doc.id,
            outlet: &p.doc.outlet,
            event: &p.doc.event,
            doc: &p.analyzed,
        })
        .collect();
    let rows = kwic(&docs, &args.terms, args.window, args.voice)?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    write_table(out, args.format, &rows)?;
    for w in &corpus.warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}
