//! `framelens tfidf`: TF-IDF weights with scikit-learn's semantics.

use super::names::named;
use super::Global;
use anyhow::Context;
use framelens::corpus::{par_texts, Document, ReadOptions};
use framelens::pipeline::{prepare, read_cleaned, NoProgress, PrepareOptions};
use framelens::stats::{
    count_docs, summarize, AnalyzedDocs, CountedBlock, DfLimit, MatrixSummary, Norm, SklearnDocs,
    SparseMatrix, SummaryCounter, TermCounts, TermRows, TfidfModel, TfidfParams,
};
use framelens::text::{AnalyzedDoc, Voice};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Document,
    /// One row per outlet: the counts of the outlet's documents are added
    /// (n-grams never span two documents), and df counts outlets.
    Outlet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Tokens {
    /// scikit-learn's default: Python str.lower() then (?u)\b\w\w+\b.
    Sklearn,
    /// framelens' own tokens (normalised forms from text analysis).
    Framelens,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `doc,term,weight`, one row per non-zero cell.
    Csv,
    Json,
    /// JSON with n_docs, n_terms, nnz, sum and sumsq only.
    Summary,
}

/// Arguments of `framelens tfidf`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example (parity with scikit-learn's TfidfVectorizer defaults):
  framelens tfidf --no-clean --tokens sklearn corpus.jsonl > weights.csv
  framelens tfidf seeds --by outlet --sublinear-tf --min-df 2 --ngram-range 1,2 --format json"
)]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: std::path::PathBuf,
    /// Rows: documents, or outlets (counts of an outlet's documents added).
    #[arg(long, value_enum, default_value = "document")]
    pub by: By,
    /// tf = 1 + ln(count).
    #[arg(long)]
    pub sublinear_tf: bool,
    /// idf = ln(n/df) + 1 instead of ln((1+n)/(1+df)) + 1.
    #[arg(long)]
    pub no_smooth_idf: bool,
    #[arg(long, value_parser = named::<Norm>(Norm::NAMES), default_value = "l2")]
    pub norm: Norm,
    /// Drop terms in fewer documents: an integer count or a fraction (0.01).
    #[arg(long, default_value = "1")]
    pub min_df: DfLimit,
    /// Drop terms in more documents: an integer count or a fraction (0.95).
    #[arg(long, default_value = "1.0")]
    pub max_df: DfLimit,
    /// N-gram lengths MIN,MAX (inclusive).
    #[arg(long, default_value = "1,1", value_parser = parse_range)]
    pub ngram_range: (usize, usize),
    #[arg(long, value_enum, default_value = "sklearn")]
    pub tokens: Tokens,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
}

fn parse_range(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = s
        .split_once(',')
        .ok_or_else(|| format!("expected MIN,MAX, got {s:?}"))?;
    let a = a.trim().parse().map_err(|e| format!("{a:?}: {e}"))?;
    let b = b.trim().parse().map_err(|e| format!("{b:?}: {e}"))?;
    Ok((a, b))
}

impl Args {
    fn params(&self) -> TfidfParams {
        TfidfParams {
            smooth_idf: !self.no_smooth_idf,
            sublinear_tf: self.sublinear_tf,
            norm: self.norm,
            min_df: self.min_df,
            max_df: self.max_df,
            ngram_range: self.ngram_range,
            lowercase: true,
        }
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<()> {
    let params = args.params();
    params.validate()?;
    let opts = global.read_options();
    if args.format == Format::Summary
        && args.by == By::Document
        && args.tokens == Tokens::Sklearn
        && global.no_clean
    {
        let (s, warnings) = streamed_summary(&args, &params, &opts)?;
        print_json(&s)?;
        for w in warnings {
            eprintln!("warning: {w}");
        }
        return Ok(());
    }
    let prep = PrepareOptions {
        no_clean: global.no_clean,
    };
    let (docs, warnings) = read_cleaned(&args.input, &opts, prep)?;
    let counts = match args.tokens {
        Tokens::Sklearn => {
            let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
            count_docs(&SklearnDocs::new(&texts, true), params.ngram_range)
        }
        Tokens::Framelens => {
            // Already cleaned: prepare analyses each text in its language.
            let analyzed: Vec<AnalyzedDoc> =
                prepare(docs.clone(), PrepareOptions { no_clean: true }, &NoProgress)
                    .into_iter()
                    .map(|p| p.analyzed)
                    .collect();
            count_docs(
                &AnalyzedDocs {
                    docs: &analyzed,
                    voice: Voice::All,
                },
                params.ngram_range,
            )
        }
    };
    let docs = &docs;
    let (labels, counts) = match args.by {
        By::Document => (docs.iter().map(|d| d.id.clone()).collect(), counts),
        By::Outlet => group_by_outlet(docs, &counts),
    };
    let (model, x) = params.fit_transform_counts(&counts)?;
    match args.format {
        Format::Summary => print_json(&x.summary()),
        Format::Csv => write_csv(&labels, &model, &x),
        Format::Json => write_json(&labels, &model, &x),
    }?;
    // Lenient mode: how many records were skipped and where, after the output.
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

fn group_by_outlet(docs: &[Document], counts: &TermCounts) -> (Vec<String>, TermCounts) {
    let outlets: std::collections::BTreeSet<&str> =
        docs.iter().map(|d| d.outlet.as_str()).collect();
    let outlets: Vec<&str> = outlets.into_iter().collect();
    let groups: Vec<usize> = docs
        .iter()
        .map(|d| outlets.binary_search(&d.outlet.as_str()).unwrap_or(0))
        .collect();
    let grouped = counts.grouped(&groups, outlets.len());
    (outlets.into_iter().map(String::from).collect(), grouped)
}

/// One parallel pass over the input ([`par_texts`]): each worker counts
/// the documents it reads into its own vocabulary and keeps their counts
/// packed; weights are summed once idf is known. Memory holds a few blocks
/// of input, the vocabularies and the packed counts, never the corpus.
/// Also returns the warnings and the lenient-mode skip summary.
fn streamed_summary(
    args: &Args,
    params: &TfidfParams,
    opts: &ReadOptions,
) -> anyhow::Result<(MatrixSummary, Vec<String>)> {
    let read = par_texts(
        &args.input,
        opts,
        || SummaryCounter::new(params),
        |counter, rows: &mut TermRows, text| counter.add_doc(text, rows),
    )?;
    let blocks: Vec<CountedBlock> = read
        .blocks
        .iter()
        .map(|b| CountedBlock {
            worker: b.worker,
            rows: &b.out,
            dropped: &b.dropped,
        })
        .collect();
    if blocks.iter().all(|b| b.n_docs() == 0) {
        anyhow::bail!("{}: no documents", args.input.display());
    }
    let summary = summarize(params, read.workers, &blocks)?;
    Ok((summary, read.skips.lines()))
}

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn write_csv(labels: &[String], model: &TfidfModel, x: &SparseMatrix) -> anyhow::Result<()> {
    let stdout = std::io::stdout().lock();
    let mut w = framelens::report::tables::CsvOut::new(std::io::BufWriter::new(stdout));
    w.write_record(["doc", "term", "weight"])?;
    let vocab = model.vocabulary();
    for (i, label) in labels.iter().enumerate() {
        let (idx, val) = x.row(i);
        for (&j, &v) in idx.iter().zip(val) {
            w.write_record([label.as_str(), &vocab[j as usize], &v.to_string()])?;
        }
    }
    w.flush().context("writing CSV")?;
    Ok(())
}

#[derive(serde::Serialize)]
struct JsonOut<'a> {
    schema_version: u32,
    params: &'a TfidfParams,
    vocabulary: Vec<&'a str>,
    idf: &'a [f64],
    rows: Vec<JsonRow<'a>>,
}

#[derive(serde::Serialize)]
struct JsonRow<'a> {
    doc: &'a str,
    weights: Vec<(&'a str, f64)>,
}

fn write_json(labels: &[String], model: &TfidfModel, x: &SparseMatrix) -> anyhow::Result<()> {
    let vocab = model.vocabulary();
    let rows = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let (idx, val) = x.row(i);
            JsonRow {
                doc: label,
                weights: idx
                    .iter()
                    .zip(val)
                    .map(|(&j, &v)| (&*vocab[j as usize], v))
                    .collect(),
            }
        })
        .collect();
    let out = JsonOut {
        schema_version: 1,
        params: model.params(),
        vocabulary: vocab.iter().map(|s| &**s).collect(),
        idf: model.idf(),
        rows,
    };
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer(&mut w, &out)?;
    writeln!(w)?;
    Ok(())
}
