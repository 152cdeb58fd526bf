//! `framelens keyness`: words that set one outlet apart from others.

use super::names::named;
use super::Global;
use framelens::params::Check;
use framelens::pipeline::{for_each_prepared, KeynessCounter, PrepareOptions, Prepared};
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

/// Stream `path` chunk by chunk ([`for_each_prepared`]) into `f`; the
/// read warnings are printed at the end of the read, before any error
/// about the outlets given.
fn stream(
    path: &Path,
    global: &Global,
    f: impl FnMut(Vec<Prepared>) -> framelens::Result<()>,
) -> anyhow::Result<()> {
    let cleaner = PrepareOptions {
        no_clean: global.no_clean,
    }
    .cleaner();
    let bar = super::progress::Bar::new(global.quiet);
    let warnings = for_each_prepared(path, &global.read_options(), &cleaner, &bar, f)?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<()> {
    let voice = args.voice;
    let sides = Sides {
        target: &args.target,
        reference: &args.reference,
    };
    let mut counter = KeynessCounter::new(sides, voice);
    stream(&args.input, global, |docs| {
        counter.add(&docs);
        Ok(())
    })?;
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
    let input = args.input.display().to_string();
    let mut rows = counter.finish(&input, &params)?;
    if let Some(n) = args.top {
        rows.truncate(n);
    }
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    write_table(out, args.format, &rows)?;
    Ok(())
}

/// Word counts of a background corpus, streamed.
fn analyzed_counts(
    path: &Path,
    global: &Global,
    voice: Voice,
) -> anyhow::Result<HashMap<String, u64>> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    stream(path, global, |docs| {
        for (term, n) in background_counts(docs.iter().map(|p| &p.analyzed), voice) {
            *counts.entry(term).or_insert(0) += n;
        }
        Ok(())
    })?;
    Ok(counts)
}
