//! `framelens freq`: term frequencies by any document field.

use super::names::named;
use super::Global;
use framelens::pipeline::{read_prepared, term_frequencies, NoProgress, PrepareOptions};
use framelens::report::tables::{write_table, Format};
use framelens::text::Voice;
use std::path::PathBuf;

const FORMATS: &[(Format, &str)] = &[(Format::Csv, ""), (Format::Json, ""), (Format::Jsonl, "")];

/// Term frequencies by group (quanteda's textstat_frequency): frequency, rank,
/// document frequency and rate per 1,000 tokens, per outlet, event or label.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  framelens freq seeds --by outlet --content --top 20
  framelens freq basil.jsonl --by lean --voice own")]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: PathBuf,
    /// Group documents by this field: outlet, event, language, date or any label.
    #[arg(long, default_value = "outlet")]
    pub by: String,
    /// Leave out stop words and tokens without a letter.
    #[arg(long)]
    pub content: bool,
    /// Terms kept per group (all by default).
    #[arg(long)]
    pub top: Option<usize>,
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
    let rows = term_frequencies(
        &corpus.documents,
        &args.input.display().to_string(),
        &args.by,
        args.voice,
        args.content,
        args.top,
    )?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    write_table(out, args.format, &rows)?;
    for w in &corpus.warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}
