//! `framelens score`: lexicon rates per document (or sentence) and outlet,
//! own voice against quoted speech, with bootstrap intervals; and VADER
//! sentiment when given VADER's lexicon.

use super::Global;
use anyhow::Context;
use framelens::lexicon::score::{score, ScoreInput, ScoreOptions, Unit};
use framelens::lexicon::vader::{Polarity, VaderLexicon, VaderScorer};
use framelens::lexicon::{LexiconSpec, Matcher};
use framelens::report::tables::{write_table, Format};
use framelens::text::{analyze, Voice};
use rayon::prelude::*;
use std::io::Write;

/// Output formats of `framelens score`: every table format.
const FORMATS: &[(Format, &str)] = &[(Format::Csv, ""), (Format::Json, ""), (Format::Jsonl, "")];

/// Score documents with lexicons: matches per 1,000 tokens by category,
/// with 95% bootstrap intervals, for own voice and quoted speech apart.
///
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  framelens score seeds --lexicon attribution --voice own --format csv
  framelens score seeds --matches --lexicon loaded
  framelens score corpus.jsonl --lexicon vader --unit sentence
  framelens score corpus.jsonl --lexicon vader=/path/vader_lexicon.txt")]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: std::path::PathBuf,
    /// A built-in lexicon name (see `framelens lexicons`), `vader` for VADER
    /// scores with vaderSentiment 3.3.2's own lexicon (compiled in), or
    /// FORMAT=PATH with FORMAT one of toml, dic, vader, words. Repeatable;
    /// default: every built-in.
    #[arg(long = "lexicon", short = 'l')]
    pub lexicons: Vec<String>,
    /// Score whole documents or each sentence.
    #[arg(long, value_enum, default_value = "document")]
    pub unit: UnitArg,
    /// Only this voice (default: rows for own, quoted and all).
    #[arg(long, value_enum)]
    pub voice: Option<VoiceArg>,
    #[arg(long, default_value = "csv", value_parser = super::format_arg(FORMATS))]
    pub format: Format,
    /// List every match (document, sentence, words, offsets, category,
    /// negation, voice, speaker) instead of rates.
    #[arg(long)]
    pub matches: bool,
    /// Bootstrap resamples for the 95% intervals (0: no intervals).
    #[arg(long, default_value_t = 1000)]
    pub resamples: usize,
    /// Seed of the bootstrap: the same seed gives the same intervals.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum UnitArg {
    Document,
    Sentence,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum VoiceArg {
    Own,
    Quoted,
    All,
}

framelens::table_row! {
    /// VADER scores of one unit. For documents, `mean_sentence_compound` and the
    /// shares of positive / negative sentences (compound >= 0.05 / <= -0.05)
    /// are what to read for long news text (see docs/vader.md).
    #[derive(Debug)]
    struct VaderRow {
        doc: String,
        outlet: String,
        sentence: Option<usize>,
        neg: f64,
        neu: f64,
        pos: f64,
        compound: f64,
        sentences: Option<usize>,
        mean_sentence_compound: Option<f64>,
        share_positive: Option<f64>,
        share_negative: Option<f64>,
    }
}

fn vader_rows(
    scorer: &VaderScorer,
    id: &str,
    outlet: &str,
    doc: &framelens::text::AnalyzedDoc,
    unit: Unit,
) -> Vec<VaderRow> {
    let sent: Vec<Polarity> = (0..doc.sentences.len())
        .map(|i| scorer.polarity_scores(doc.sentence_text(i)))
        .collect();
    let row = |p: Polarity, sentence| VaderRow {
        doc: id.to_string(),
        outlet: outlet.to_string(),
        sentence,
        neg: p.neg,
        neu: p.neu,
        pos: p.pos,
        compound: p.compound,
        sentences: None,
        mean_sentence_compound: None,
        share_positive: None,
        share_negative: None,
    };
    match unit {
        Unit::Sentence => sent
            .iter()
            .enumerate()
            .map(|(i, p)| row(*p, Some(i)))
            .collect(),
        Unit::Document => {
            let mut r = row(scorer.polarity_scores(&doc.text), None);
            let n = sent.len();
            if n > 0 {
                let nf = n as f64;
                r.sentences = Some(n);
                r.mean_sentence_compound = Some(sent.iter().map(|p| p.compound).sum::<f64>() / nf);
                r.share_positive =
                    Some(sent.iter().filter(|p| p.compound >= 0.05).count() as f64 / nf);
                r.share_negative =
                    Some(sent.iter().filter(|p| p.compound <= -0.05).count() as f64 / nf);
            } else {
                r.sentences = Some(0);
            }
            vec![r]
        }
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<()> {
    let specs: Vec<LexiconSpec> = if args.lexicons.is_empty() {
        framelens::lexicon::builtins()
            .iter()
            .map(|l| LexiconSpec::Builtin(l.name.clone()))
            .collect()
    } else {
        args.lexicons
            .iter()
            .map(|s| s.parse())
            .collect::<Result<_, _>>()?
    };
    let mut vader: Option<VaderScorer> = None;
    let mut lexicons = Vec::new();
    for spec in &specs {
        match spec {
            LexiconSpec::File(framelens::lexicon::Format::Vader, path) => {
                vader = Some(VaderScorer::from_path(path)?)
            }
            LexiconSpec::Vader => vader = Some(VaderScorer::new(VaderLexicon::builtin())),
            other => lexicons.push(other.load()?),
        }
    }
    if vader.is_some() && !lexicons.is_empty() {
        anyhow::bail!("--lexicon vader gives VADER scores; score other lexicons in a separate run");
    }
    let unit = match args.unit {
        UnitArg::Document => Unit::Document,
        UnitArg::Sentence => Unit::Sentence,
    };
    let voices = match args.voice {
        None => vec![Voice::Own, Voice::Quoted, Voice::All],
        Some(VoiceArg::Own) => vec![Voice::Own],
        Some(VoiceArg::Quoted) => vec![Voice::Quoted],
        Some(VoiceArg::All) => vec![Voice::All],
    };
    let mut corpus = framelens::corpus::read_corpus(&args.input, &global.read_options())?;
    // Boilerplate is removed (learned per outlet over the whole input)
    // unless --no-clean asks for the text exactly as read.
    if !global.no_clean {
        framelens::clean::Cleaner::builtin().clean_in_place(&mut corpus.documents);
    }
    let docs: Vec<_> = corpus
        .documents
        .par_iter()
        .map(|d| analyze(&d.text, d.language.as_deref()))
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(scorer) = &vader {
        let rows: Vec<VaderRow> = corpus
            .documents
            .par_iter()
            .zip(&docs)
            .flat_map_iter(|(d, a)| vader_rows(scorer, &d.id, &d.outlet, a, unit))
            .collect();
        write_table(&mut out, args.format, &rows).context("writing output")?;
        out.flush().context("writing output")?;
        warn_skipped(&corpus);
        return Ok(());
    }
    let matcher = Matcher::new(&lexicons);
    let inputs: Vec<ScoreInput> = corpus
        .documents
        .iter()
        .zip(&docs)
        .map(|(d, a)| ScoreInput {
            id: &d.id,
            outlet: &d.outlet,
            doc: a,
        })
        .collect();
    let opts = ScoreOptions {
        unit,
        voices: voices.clone(),
        resamples: args.resamples,
        seed: args.seed,
        level: 0.95,
    };
    let scores = score(&inputs, &matcher, &opts)?;
    if args.matches {
        framelens::table_row! {
            struct MatchRow<'a> {
                doc: &'a str,
                outlet: &'a str,
                sentence: usize,
                text: &'a str,
                start: usize,
                end: usize,
                lexicon: &'a str,
                category: &'a str,
                weight: f64,
                negated: bool,
                intensifier: Option<&'a str>,
                voice: Voice,
                quote_kind: Option<framelens::text::QuoteKind>,
                speaker: Option<&'a str>,
            }
        }
        let rows: Vec<MatchRow> = scores
            .matches
            .iter()
            .filter(|m| voices.iter().any(|v| v.includes(m.voice == Voice::Quoted)))
            .map(|m| MatchRow {
                doc: &corpus.documents[m.doc].id,
                outlet: &corpus.documents[m.doc].outlet,
                sentence: m.sentence,
                text: &m.text,
                start: m.start,
                end: m.end,
                lexicon: &m.lexicon,
                category: &m.category,
                weight: m.weight,
                negated: m.negated,
                intensifier: m.intensifier.as_deref(),
                voice: m.voice,
                quote_kind: m.quote_kind,
                speaker: m.speaker.as_deref(),
            })
            .collect();
        write_table(&mut out, args.format, &rows).context("writing output")?;
    } else {
        write_table(&mut out, args.format, &scores.rows).context("writing output")?;
    }
    out.flush().context("writing output")?;
    warn_skipped(&corpus);
    Ok(())
}

/// Say at the end what the read warned about and, in lenient mode, how
/// many records were skipped and where.
fn warn_skipped(corpus: &framelens::corpus::Corpus) {
    for w in corpus.warning_lines() {
        eprintln!("warning: {w}");
    }
}
