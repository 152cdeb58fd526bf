//! `framelens score`: lexicon rates per document (or sentence) and outlet,
//! own voice against quoted speech, with bootstrap intervals; and VADER
//! sentiment when given VADER's lexicon.

use super::names::named;
use super::Global;
use anyhow::Context;
use framelens::lexicon::score::{score, ScoreInput, ScoreOptions, Unit};
use framelens::lexicon::vader::{VaderLexicon, VaderScorer};
use framelens::lexicon::vader_doc::{vader_rows, VaderRow};
use framelens::lexicon::{LexiconSpec, Matcher};
use framelens::pipeline::{read_prepared, NoProgress, PrepareOptions, Warning};
use framelens::report::tables::{write_table, Format};
use framelens::text::Voice;
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
    #[arg(long, value_parser = named::<Unit>(Unit::NAMES), default_value = "document")]
    pub unit: Unit,
    /// Only this voice (default: rows for own, quoted and all).
    #[arg(long, value_parser = named::<Voice>(Voice::NAMES))]
    pub voice: Option<Voice>,
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
    let unit = args.unit;
    let voices = match args.voice {
        None => vec![Voice::Own, Voice::Quoted, Voice::All],
        Some(v) => vec![v],
    };
    // Boilerplate is removed (learned per outlet over the whole input)
    // unless --no-clean asks for the text exactly as read.
    let corpus = read_prepared(
        &args.input,
        &global.read_options(),
        PrepareOptions {
            no_clean: global.no_clean,
        },
        &NoProgress,
    )?;
    let prepared = &corpus.documents;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(scorer) = &vader {
        let rows: Vec<VaderRow> = prepared
            .par_iter()
            .flat_map_iter(|p| vader_rows(scorer, &p.doc.id, &p.doc.outlet, &p.analyzed, unit))
            .collect();
        write_table(&mut out, args.format, &rows).context("writing output")?;
        out.flush().context("writing output")?;
        warn(&corpus.warnings);
        return Ok(());
    }
    let matcher = Matcher::new(&lexicons);
    let inputs: Vec<ScoreInput> = prepared
        .iter()
        .map(|p| ScoreInput {
            id: &p.doc.id,
            outlet: &p.doc.outlet,
            doc: &p.analyzed,
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
                doc: &prepared[m.doc].doc.id,
                outlet: &prepared[m.doc].doc.outlet,
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
    warn(&corpus.warnings);
    Ok(())
}

/// Say at the end what the read warned about and, in lenient mode, how
/// many records were skipped and where.
fn warn(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}
