//! `framelens tfidf`: TF-IDF weights with scikit-learn's semantics.

use super::names::named;
use super::Global;
use anyhow::Context;
use framelens::clean::Cleaned;
use framelens::corpus::{par_texts, Document, ReadOptions};
use framelens::params::Check;
use framelens::params::Valid;
use framelens::pipeline::{
    cleaned_chunks, learn_stream, prepare, read_cleaned, NoProgress, PrepareOptions,
};
use framelens::report::tables::{csv_io, write_document, CsvOut, Format};
use framelens::stats::{
    count_docs, summarize, AnalyzedDocs, CountedBlock, DfAccumulator, DfLimit, MatrixSummary, Norm,
    SklearnDocs, SparseMatrix, SummaryCounter, TermCounts, TermRows, TfidfModel, TfidfParams,
};
use framelens::text::{AnalyzedDoc, Voice};

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

/// Output formats of `framelens tfidf`: the matrix as a table (`csv`) or
/// one JSON document, or only its totals.
const FORMATS: &[(Format, &str)] = &[
    (Format::Csv, "`doc,term,weight`, one row per non-zero cell"),
    (Format::Json, ""),
    (
        Format::Summary,
        "JSON with n_docs, n_terms, nnz, sum and sumsq only",
    ),
];

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
    #[arg(long, default_value = "csv", value_parser = super::format_arg(FORMATS))]
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
    let params = args.params().check()?;
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
    if args.by == By::Document
        && args.tokens == Tokens::Sklearn
        && matches!(args.format, Format::Csv | Format::Json)
    {
        let warnings = streamed_matrix(&args, &params, &opts, prep, global.quiet)?;
        for w in warnings {
            eprintln!("warning: {w}");
        }
        return Ok(());
    }
    if args.by == By::Outlet && args.tokens == Tokens::Sklearn {
        let (labels, counts, warnings) =
            streamed_outlet_counts(&args.input, params.ngram_range, &opts, prep, global.quiet)?;
        write_model(args.format, &params, &labels, &counts)?;
        for w in warnings {
            eprintln!("warning: {w}");
        }
        return Ok(());
    }
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
    write_model(args.format, &params, &labels, &counts)?;
    // Lenient mode: how many records were skipped and where, after the output.
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

/// Fits the model on counts held in memory (one row per label) and
/// writes it in `format`: the tail shared by the in-memory paths.
fn write_model(
    format: Format,
    params: &Valid<TfidfParams>,
    labels: &[String],
    counts: &TermCounts,
) -> anyhow::Result<()> {
    let (model, x) = params.fit_transform_counts(counts)?;
    match format {
        Format::Summary => print_json(&x.summary()),
        Format::Json => write_json(labels, &model, &x),
        Format::Csv => write_csv(labels, &model, &x),
        other => anyhow::bail!("tfidf cannot write {other}: choose csv, json or summary"),
    }
}

/// The matrix by document, streamed: after the pass that learns
/// boilerplate, one pass gathers document frequencies (memory: the
/// vocabulary), then a second one re-counts each chunk, weighs its rows
/// with the fitted model and writes them in input order. Rows are weighed
/// one by one, so the output is that of the matrix in memory. Returns the
/// read's warnings.
fn streamed_matrix(
    args: &Args,
    params: &Valid<TfidfParams>,
    opts: &ReadOptions,
    prep: PrepareOptions,
    quiet: bool,
) -> anyhow::Result<Vec<framelens::pipeline::Warning>> {
    let cleaner = prep.cleaner();
    let bar = super::progress::Bar::new(quiet);
    let learning = learn_stream(&args.input, opts, &cleaner)?;
    let counted = |cleaned: &[Cleaned]| {
        let texts: Vec<&str> = cleaned.iter().map(|c| c.text.as_str()).collect();
        count_docs(&SklearnDocs::new(&texts, true), params.ngram_range)
    };
    let mut acc = DfAccumulator::default();
    cleaned_chunks(
        &args.input,
        opts,
        &cleaner,
        &learning,
        &bar,
        |_, cleaned| {
            acc.add(&counted(&cleaned));
            Ok(())
        },
    )?;
    let model = acc.finish(params)?;
    let vocab = model.vocabulary();
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = |e: std::io::Error| framelens::Error::io("standard output", e);
    let mut out = MatrixOut::new(out, args.format, &model).context("writing output")?;
    let warnings = cleaned_chunks(
        &args.input,
        opts,
        &cleaner,
        &learning,
        &bar,
        |docs, cleaned| {
            let x = model.transform_counts(&counted(&cleaned));
            for (i, d) in docs.iter().enumerate() {
                let (idx, val) = x.row(i);
                out.row(&d.id, idx, val, vocab).map_err(written)?;
            }
            Ok(())
        },
    )?;
    out.finish().context("writing output")?;
    Ok(warnings)
}

/// The matrix written row by row: CSV cells, or the JSON document of
/// [`write_json`] with its rows streamed (same bytes).
enum MatrixOut<W: std::io::Write> {
    Csv(Box<CsvCells<W>>),
    Json { out: W, rows: usize },
}

impl<W: std::io::Write> MatrixOut<W> {
    fn new(mut out: W, format: Format, model: &TfidfModel) -> std::io::Result<Self> {
        if format == Format::Csv {
            return Ok(MatrixOut::Csv(Box::new(CsvCells::new(out)?)));
        }
        #[derive(serde::Serialize)]
        struct Head<'a> {
            schema_version: u32,
            params: &'a TfidfParams,
            vocabulary: Vec<&'a str>,
            idf: &'a [f64],
        }
        let head = serde_json::to_vec(&Head {
            schema_version: 1,
            params: model.params(),
            vocabulary: model.vocabulary().iter().map(|s| &**s).collect(),
            idf: model.idf(),
        })?;
        // `{...}` without its closing brace, then the rows member last,
        // as `JsonOut` serialises it.
        out.write_all(&head[..head.len().saturating_sub(1)])?;
        out.write_all(b",\"rows\":[")?;
        Ok(MatrixOut::Json { out, rows: 0 })
    }

    fn row(
        &mut self,
        doc: &str,
        idx: &[u32],
        val: &[f64],
        vocab: &[Box<str>],
    ) -> std::io::Result<()> {
        match self {
            MatrixOut::Csv(t) => t.row(doc, idx, val, vocab)?,
            MatrixOut::Json { out, rows } => {
                if *rows > 0 {
                    out.write_all(b",")?;
                }
                *rows += 1;
                let row = JsonRow {
                    doc,
                    weights: idx
                        .iter()
                        .zip(val)
                        .map(|(&j, &v)| (&*vocab[j as usize], v))
                        .collect(),
                };
                serde_json::to_writer(&mut *out, &row)?;
            }
        }
        Ok(())
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            MatrixOut::Csv(t) => t.finish(),
            MatrixOut::Json { mut out, .. } => {
                out.write_all(b"]}\n")?;
                out.flush()
            }
        }
    }
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

/// The counts by outlet, streamed: after the pass that learns boilerplate,
/// each chunk's documents are counted and added to their outlet's row, so
/// memory holds the outlets' rows (the vocabulary per outlet), never the
/// corpus. Terms are numbered in order of first appearance over the
/// input and each row's ids are ascending, as [`group_by_outlet`] numbers
/// and sorts them on the counts of the whole corpus: the same matrix.
/// Returns the outlets (sorted), their counts and the read's warnings.
fn streamed_outlet_counts(
    input: &std::path::Path,
    ngram_range: (usize, usize),
    opts: &ReadOptions,
    prep: PrepareOptions,
    quiet: bool,
) -> anyhow::Result<(Vec<String>, TermCounts, Vec<framelens::pipeline::Warning>)> {
    use framelens::hash::FxHashMap;
    let cleaner = prep.cleaner();
    let bar = super::progress::Bar::new(quiet);
    let learning = learn_stream(input, opts, &cleaner)?;
    let mut terms: Vec<Box<str>> = Vec::new();
    let mut index: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut rows: std::collections::BTreeMap<String, FxHashMap<u32, u32>> = Default::default();
    let warnings = cleaned_chunks(input, opts, &cleaner, &learning, &bar, |docs, cleaned| {
        let texts: Vec<&str> = cleaned.iter().map(|c| c.text.as_str()).collect();
        let counts = count_docs(&SklearnDocs::new(&texts, true), ngram_range);
        // The chunk's ids, in the corpus' numbering.
        let global: Vec<u32> = counts
            .terms
            .iter()
            .map(|t| {
                if let Some(&id) = index.get(t) {
                    return id;
                }
                let id = u32::try_from(terms.len()).unwrap_or(u32::MAX);
                terms.push(t.clone());
                index.insert(t.clone(), id);
                id
            })
            .collect();
        for (d, doc) in docs.iter().enumerate() {
            if !rows.contains_key(&doc.outlet) {
                rows.insert(doc.outlet.clone(), FxHashMap::default());
            }
            let Some(row) = rows.get_mut(&doc.outlet) else {
                continue;
            };
            let (ids, counts) = counts.row(d);
            for (&id, &c) in ids.iter().zip(counts) {
                if let Some(&g) = global.get(id as usize) {
                    *row.entry(g).or_insert(0) += c;
                }
            }
        }
        Ok(())
    })?;
    let (labels, rows): (Vec<String>, Vec<FxHashMap<u32, u32>>) = rows.into_iter().unzip();
    let out = TermCounts::from_row_maps(terms, rows);
    Ok((labels, out, warnings))
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

/// One JSON document on standard output.
fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    write_document(out, value).context("writing JSON")?;
    Ok(())
}

/// The `doc,term,weight` CSV of the matrix, one record per non-zero cell.
/// The bytes are those of serialising a `{doc, term, weight}` row with
/// [`CsvOut::serialize`]: the same cell escaping ([`CsvOut::write_record`]
/// is its slow path), the weight formatted by `ryu` as the csv crate
/// formats an `f64`. Writing the three cells directly skips the two
/// serialisations per cell that `serialize` makes to check for formulas,
/// which were half the time of `--format csv`.
struct CsvCells<W: std::io::Write> {
    out: CsvOut<W>,
    weight: ryu::Buffer,
}

impl<W: std::io::Write> CsvCells<W> {
    /// The header row is written at once, also when no cell follows.
    fn new(out: W) -> std::io::Result<Self> {
        let mut out = CsvOut::new(out);
        out.write_record(["doc", "term", "weight"])
            .map_err(csv_io)?;
        Ok(CsvCells {
            out,
            weight: ryu::Buffer::new(),
        })
    }

    /// The cells of one row of the matrix (`idx` into `vocab`).
    fn row(
        &mut self,
        doc: &str,
        idx: &[u32],
        val: &[f64],
        vocab: &[Box<str>],
    ) -> std::io::Result<()> {
        for (&j, &weight) in idx.iter().zip(val) {
            let term = vocab.get(j as usize).map_or("", |t| &**t);
            let weight = self.weight.format(weight);
            self.out.write_record([doc, term, weight]).map_err(csv_io)?;
        }
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

fn write_csv(labels: &[String], model: &TfidfModel, x: &SparseMatrix) -> anyhow::Result<()> {
    let vocab = model.vocabulary();
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut cells = CsvCells::new(out).context("writing CSV")?;
    for (i, label) in labels.iter().enumerate() {
        let (idx, val) = x.row(i);
        cells.row(label, idx, val, vocab).context("writing CSV")?;
    }
    cells.finish().context("writing CSV")?;
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
    print_json(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed counts by outlet are those of the whole corpus in
    /// memory grouped by outlet: same outlets, same term numbering, same
    /// rows, over several chunks, with and without cleaning, for unigrams
    /// and bigrams.
    #[test]
    fn streamed_outlet_counts_equal_the_grouped_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        let outlets = ["Zeta", "Alpha", "Mid"];
        let mut lines = String::new();
        for i in 0..700 {
            let o = outlets[(i * 7 + i / 5) % 3];
            let text = format!(
                "Subscribe to {o} today.\n\nStory {i} says the senator {} the bill, word{} and word{}.",
                ["backed", "blocked", "praised"][i % 3],
                i % 97,
                i % 13
            );
            lines.push_str(
                &serde_json::json!({"id": format!("d{i}"), "outlet": o, "event_id": format!("e{}", i / 4), "text": text})
                    .to_string(),
            );
            lines.push('\n');
        }
        std::fs::write(&path, lines).unwrap();
        let opts = ReadOptions::default();
        for no_clean in [false, true] {
            for range in [(1, 1), (1, 2)] {
                let prep = PrepareOptions { no_clean };
                let (labels, counts, _) =
                    streamed_outlet_counts(&path, range, &opts, prep, true).unwrap();
                let (docs, _) = read_cleaned(&path, &opts, prep).unwrap();
                let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
                let whole = count_docs(&SklearnDocs::new(&texts, true), range);
                let (want_labels, want) = group_by_outlet(&docs, &whole);
                assert_eq!(labels, vec!["Alpha", "Mid", "Zeta"]);
                assert_eq!(labels, want_labels);
                assert_eq!(counts, want, "no_clean {no_clean}, range {range:?}");
            }
        }
    }
}
