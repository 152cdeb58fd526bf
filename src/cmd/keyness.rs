//! `framelens keyness`: words that set one outlet apart from others.

use super::Global;
use framelens::corpus::{read_corpus, Document};
use framelens::report::tables::{write_table, Format};
use framelens::stats::{
    count_docs, keyness, AnalyzedDocs, Correction, KeynessParams, Measure, Prior,
};
use framelens::text::{analyze, AnalyzedDoc, Voice};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MeasureArg {
    Chi2,
    Lr,
    Pmi,
    Logratio,
    Logodds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CorrectionArg {
    Default,
    Yates,
    Williams,
    None,
}

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
    #[arg(long, value_enum, default_value = "chi2")]
    pub measure: MeasureArg,
    #[arg(long, value_enum, default_value = "default")]
    pub correction: CorrectionArg,
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
    #[arg(long, value_enum, default_value = "all")]
    pub voice: VoiceArg,
    #[arg(long, default_value = "csv", value_parser = super::format_arg(FORMATS))]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VoiceArg {
    Own,
    Quoted,
    All,
}

fn analyzed(path: &Path, global: &Global) -> anyhow::Result<Vec<(Document, AnalyzedDoc)>> {
    let mut corpus = read_corpus(path, &global.read_options())?;
    for w in corpus.warning_lines() {
        eprintln!("warning: {w}");
    }
    if !global.no_clean {
        framelens::clean::Cleaner::builtin().clean_in_place(&mut corpus.documents);
    }
    Ok(corpus
        .documents
        .into_par_iter()
        .map(|d| {
            let a = analyze(&d.text, d.language.as_deref());
            (d, a)
        })
        .collect())
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<()> {
    let voice = match args.voice {
        VoiceArg::Own => Voice::Own,
        VoiceArg::Quoted => Voice::Quoted,
        VoiceArg::All => Voice::All,
    };
    let docs = analyzed(&args.input, global)?;
    let outlets: std::collections::BTreeSet<&str> =
        docs.iter().map(|(d, _)| d.outlet.as_str()).collect();
    if !outlets.contains(args.target.as_str()) {
        anyhow::bail!(
            "{}: unknown target outlet {:?} (outlets: {})",
            args.input.display(),
            args.target,
            outlets.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    for r in &args.reference {
        if !outlets.contains(r.as_str()) {
            anyhow::bail!("{}: unknown reference outlet {r:?}", args.input.display());
        }
    }
    if outlets.len() < 2
        || args.reference.iter().all(|r| *r == args.target) && !args.reference.is_empty()
    {
        anyhow::bail!(
            "{}: keyness needs a reference: the input has no outlet other than {:?}",
            args.input.display(),
            args.target
        );
    }
    let side = |o: &str| -> Option<bool> {
        if o == args.target {
            Some(true)
        } else if args.reference.is_empty() || args.reference.iter().any(|r| r == o) {
            Some(false)
        } else {
            None
        }
    };
    let analyzed: Vec<AnalyzedDoc> = docs.iter().map(|(_, a)| a.clone()).collect();
    let counts = count_docs(
        &AnalyzedDocs {
            docs: &analyzed,
            voice,
        },
        (1, 1),
    );
    let mut target = vec![0u64; counts.terms.len()];
    let mut reference = vec![0u64; counts.terms.len()];
    for (d, (doc, _)) in docs.iter().enumerate() {
        let Some(is_target) = side(&doc.outlet) else {
            continue;
        };
        let acc = if is_target {
            &mut target
        } else {
            &mut reference
        };
        let (ids, cs) = counts.row(d);
        for (&i, &c) in ids.iter().zip(cs) {
            acc[i as usize] += u64::from(c);
        }
    }
    let prior = if args.prior == "pooled" {
        Prior::Pooled
    } else {
        let bg = analyzed_counts(Path::new(&args.prior), global, voice)?;
        Prior::Background(bg)
    };
    let params = KeynessParams {
        measure: match args.measure {
            MeasureArg::Chi2 => Measure::Chi2,
            MeasureArg::Lr => Measure::Lr,
            MeasureArg::Pmi => Measure::Pmi,
            MeasureArg::Logratio => Measure::LogRatio,
            MeasureArg::Logodds => Measure::LogOdds,
        },
        correction: match args.correction {
            CorrectionArg::Default => Correction::Default,
            CorrectionArg::Yates => Correction::Yates,
            CorrectionArg::Williams => Correction::Williams,
            CorrectionArg::None => Correction::None,
        },
        prior,
        alpha0: args.alpha0,
    };
    let mut rows = keyness(&counts.terms, &target, &reference, &params)?;
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
    let mut out = HashMap::new();
    for (_, a) in &docs {
        for t in a.tokens_in(voice) {
            *out.entry(t.norm.clone()).or_insert(0) += 1;
        }
    }
    Ok(out)
}
