//! `framelens keyness`: words that set one outlet apart from others.

use super::names::named;
use super::Global;
use framelens::params::Check;
use framelens::pipeline::{outlet_keyness, read_prepared, NoProgress, PrepareOptions, Prepared};
use framelens::report::tables::{write_table, Format};
use framelens::stats::{background_counts, Correction, KeynessParams, Measure, Prior, Sides};
use framelens::text::Voice;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Output formats of `framelens keyness`.
const FORMATS: &[(Format, &str)] = &[(Format::Csv, ""), (Format::Json, "")];

/// Arguments of `framelens keyness`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  framelens keyness seeds --target rt --measure logodds --top 20
  framelens keyness corpus.jsonl --target fox --reference nyt --measure chi2 --format json")]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: PathBuf,
    /// The outlet whose words are examined.
    #[arg(long)]
    pub target: String,
    /// Reference outlets (default: every other outlet).
    #[arg(long)]
    pub reference: Vec<String>,
    #[arg(long, value_parser = named::<Measure>(Measure::NAMES), default_value = "chi2")]
    pub measure: Measure,
    #[arg(long, value_parser = named::<Correction>(Correction::NAMES), default_value = "default")]
    pub correction: Correction,
    /// logodds prior: `pooled` counts, or a background corpus (any input format).
    #[arg(long, default_value = "pooled")]
    pub prior: String,
    /// Total prior count for logodds (default: the pooled token total).
    #[arg(long)]
    pub alpha0: Option<f64>,
    /// Rows to print, from the top of the ranking (all when absent).
    #[arg(long)]
    pub top: Option<usize>,
    /// Which words count: own voice, quoted speech, or all.
    #[arg(long, value_parser = named::<Voice>(Voice::NAMES), default_value = "all")]
    pub voice: Voice,
    #[arg(long, default_value = "csv", value_parser = super::format_arg(FORMATS))]
    pub format: Format,
}

/// Read and prepare `path`; its read warnings are printed at once, before
/// any error about the outlets given.
fn analyzed(path: &Path, global: &Global) -> anyhow::Result<Vec<Prepared>> {
    let corpus = read_prepared(
        path,
        &global.read_options(),
        PrepareOptions {
            no_clean: global.no_clean,
        },
        &NoProgress,
    )?;
    for w in &corpus.warnings {
        eprintln!("warning: {w}");
    }
    Ok(corpus.documents)
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<()> {
    let voice = args.voice;
    let docs = analyzed(&args.input, global)?;
    let prior = if args.prior == "pooled" {
        Prior::Pooled
    } else {
        let bg = analyzed_counts(Path::new(&args.prior), global, voice)?;
        Prior::Background(bg)
    };
    let params = KeynessParams {
        measure: args.measure,
        correction: args.correction,
        prior,
        alpha0: args.alpha0,
    }
    .check()?;
    let sides = Sides {
        target: &args.target,
        reference: &args.reference,
    };
    let input = args.input.display().to_string();
    let mut rows = outlet_keyness(&docs, &input, sides, &params, voice)?;
    if let Some(n) = args.top {
        rows.truncate(n);
    }
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    write_table(out, args.format, &rows)?;
    Ok(())
}

fn analyzed_counts(
    path: &Path,
    global: &Global,
    voice: Voice,
) -> anyhow::Result<HashMap<String, u64>> {
    let docs = analyzed(path, global)?;
    Ok(background_counts(docs.iter().map(|p| &p.analyzed), voice))
}
