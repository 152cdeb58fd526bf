//! `framelens dtm`: raw document-term counts, as Matrix Market with row and
//! term name files, or as a long CSV table.

use super::names::named;
use super::Global;
use anyhow::Context;
use framelens::corpus::read_corpus;
use framelens::pipeline::dtm::{document_term_matrix, DtmOptions, DtmTokens, StopWords};
use framelens::pipeline::PrepareOptions;
use framelens::report::dtm::{long_cells, write_mtx};
use framelens::report::tables::{write_table, Format};
use framelens::stats::dtm::DtmParams;
use framelens::stats::DfLimit;
use framelens::text::Voice;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    /// DIR/dtm.mtx (Matrix Market, integer counts) with DIR/rows.tsv and DIR/terms.tsv.
    Mtx,
    /// `row,term,count`, one line per non-zero cell, on standard output (or DIR/dtm.csv).
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Tokens {
    /// scikit-learn's CountVectorizer: Python str.lower() then (?u)\b\w\w+\b.
    Sklearn,
    /// framelens' own tokens (normalised forms from text analysis), in --voice.
    Framelens,
}

/// Arguments of `framelens dtm`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Rows are documents in input order (or groups, sorted, with --by); columns
are terms sorted by code point, as scikit-learn's CountVectorizer orders them.
--min-df and --max-df count documents, before any --by grouping.

Examples:
  framelens dtm basil.jsonl --out basil-dtm          # basil-dtm/dtm.mtx, rows.tsv, terms.tsv
  framelens dtm seeds --by outlet --format csv --stop-words english
  framelens dtm corpus.jsonl --ngram-range 1,2 --min-df 5 --where lean=right --out dtm

Read it in Python:  scipy.io.mmread(\"dtm/dtm.mtx\").tocsr()
Read it in R:       Matrix::readMM(\"dtm/dtm.mtx\")"
)]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: PathBuf,
    /// Output folder (mtx: required; csv: writes DIR/dtm.csv instead of standard output).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "mtx")]
    pub format: OutFormat,
    /// Rows: `document`, or one row per value of a field (outlet, event,
    /// language, date or a label), the documents' counts added.
    #[arg(long, default_value = "document")]
    pub by: String,
    /// N-gram lengths MIN,MAX (inclusive).
    #[arg(long, default_value = "1,1", value_parser = parse_range)]
    pub ngram_range: (usize, usize),
    /// Drop terms in fewer documents: an integer count or a fraction (0.01).
    #[arg(long, default_value = "1")]
    pub min_df: DfLimit,
    /// Drop terms in more documents: an integer count or a fraction (0.95).
    #[arg(long, default_value = "1.0")]
    pub max_df: DfLimit,
    /// Keep the case of the text (sklearn tokens; framelens tokens are always normalised).
    #[arg(long)]
    pub no_lowercase: bool,
    /// Leave out stop words before n-grams are formed: `english`, `german`,
    /// `french` (built-in lists) or a file of words (one a line, `#` comments).
    #[arg(long, value_name = "LANGUAGE|FILE")]
    pub stop_words: Option<String>,
    #[arg(long, value_enum, default_value = "sklearn")]
    pub tokens: Tokens,
    /// Which words count (framelens tokens only): own voice, quoted speech, or all.
    #[arg(long, value_parser = named::<Voice>(Voice::NAMES))]
    pub voice: Option<Voice>,
}

fn parse_range(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = s
        .split_once(',')
        .ok_or_else(|| format!("expected MIN,MAX, got {s:?}"))?;
    let a = a.trim().parse().map_err(|e| format!("{a:?}: {e}"))?;
    let b = b.trim().parse().map_err(|e| format!("{b:?}: {e}"))?;
    Ok((a, b))
}

/// `--stop-words`: a built-in list's name, else a file of words.
fn stop_words(arg: &str) -> anyhow::Result<StopWords> {
    if let Ok(builtin) = StopWords::builtin(arg) {
        return Ok(builtin);
    }
    let path = std::path::Path::new(arg);
    if !path.is_file() {
        anyhow::bail!(
            "invalid parameter --stop-words: {arg:?} is neither english, german, french nor a file"
        );
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    Ok(StopWords::Words(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect(),
    ))
}

impl Args {
    fn options(&self, global: &Global) -> anyhow::Result<DtmOptions> {
        let tokens = match (self.tokens, self.voice) {
            (Tokens::Sklearn, Some(_)) => anyhow::bail!(
                "invalid parameter --voice: it needs --tokens framelens (scikit-learn's tokens do not know quotes)"
            ),
            (Tokens::Sklearn, None) => DtmTokens::Sklearn {
                lowercase: !self.no_lowercase,
            },
            (Tokens::Framelens, voice) => DtmTokens::Framelens {
                voice: voice.unwrap_or(Voice::All),
            },
        };
        Ok(DtmOptions {
            params: DtmParams {
                ngram_range: self.ngram_range,
                min_df: self.min_df,
                max_df: self.max_df,
            },
            tokens,
            stop_words: match &self.stop_words {
                Some(s) => stop_words(s)?,
                None => StopWords::None,
            },
            by: (self.by != "document").then(|| self.by.clone()),
            prepare: PrepareOptions {
                no_clean: global.no_clean,
            },
        })
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<()> {
    let opts = args.options(global)?;
    if args.format == OutFormat::Mtx && args.out.is_none() {
        anyhow::bail!(
            "--format mtx writes three files: give a folder with --out DIR (or --format csv for standard output)"
        );
    }
    {
        use framelens::params::Check;
        opts.params.check_ref()?;
    }
    let corpus = read_corpus(&args.input, &global.read_options())?;
    let warnings = corpus.warning_lines();
    let input = args.input.display().to_string();
    let run = document_term_matrix(corpus.documents, &opts, &input)?;
    match (args.format, &args.out) {
        (OutFormat::Mtx, Some(dir)) => {
            let files = write_mtx(&run, dir)?;
            if !global.quiet {
                eprintln!(
                    "framelens: {} rows x {} terms, {} non-zero counts in {}",
                    run.dtm.n_rows(),
                    run.dtm.terms.len(),
                    run.dtm.nnz(),
                    files
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        (OutFormat::Csv, Some(dir)) => {
            std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
            let path = dir.join("dtm.csv");
            framelens::report::tables::write_table_file(&path, Format::Csv, long_cells(&run))?;
        }
        (OutFormat::Csv, None) => {
            let out = std::io::BufWriter::new(std::io::stdout().lock());
            write_table(out, Format::Csv, long_cells(&run)).context("writing CSV")?;
        }
        (OutFormat::Mtx, None) => anyhow::bail!("--format mtx needs --out DIR"),
    }
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}
