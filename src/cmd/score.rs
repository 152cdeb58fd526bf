//! `framelens score`: lexicon rates per document (or sentence) and outlet,
//! own voice against quoted speech, with bootstrap intervals; and VADER
//! sentiment when given VADER's lexicon.

use super::names::named;
use super::Global;
use anyhow::Context;
use framelens::lexicon::score::{ScoreInput, ScoreOptions, ScoreRow, ScoreStream, Unit};
use framelens::lexicon::vader::{VaderLexicon, VaderScorer};
use framelens::lexicon::vader_doc::{vader_rows, VaderRow};
use framelens::lexicon::{LexiconSpec, Matcher};
use framelens::pipeline::{for_each_prepared, PrepareOptions, Warning};
use framelens::report::table_stream::TableStream;
use framelens::report::tables::Format;
use framelens::text::Voice;
use rayon::prelude::*;

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
    // Boilerplate is removed (learned per outlet over the whole input,
    // in a first pass) unless --no-clean asks for the text exactly as
    // read. Documents are then analysed and scored chunk by chunk and
    // their rows written in input order; only the outlets' sentence
    // tallies stay until the outlet rows at the end.
    let cleaner = PrepareOptions {
        no_clean: global.no_clean,
    }
    .cleaner();
    let bar = super::progress::Bar::new(global.quiet);
    let read = global.read_options();
    // The table is opened with the first chunk, once the first pass has
    // checked every record: a bad record leaves standard output empty.
    let format = args.format;
    let open = || {
        let w = std::io::BufWriter::new(std::io::stdout().lock());
        if vader.is_some() {
            TableStream::table::<VaderRow>(w, format)
        } else if args.matches {
            TableStream::table::<MatchRow>(w, format)
        } else {
            TableStream::table::<ScoreRow>(w, format)
        }
    };
    let mut table = None;
    let written = |e: std::io::Error| framelens::Error::io("standard output", e);
    if let Some(scorer) = &vader {
        let warnings = for_each_prepared(&args.input, &read, &cleaner, &bar, |prepared| {
            let rows: Vec<VaderRow> = prepared
                .par_iter()
                .flat_map_iter(|p| vader_rows(scorer, &p.doc.id, &p.doc.outlet, &p.analyzed, unit))
                .collect();
            let out = opened(&mut table, open).map_err(written)?;
            rows.iter().try_for_each(|r| out.push(r)).map_err(written)
        })?;
        finish(table, open)?;
        warn(&warnings);
        return Ok(());
    }
    let matcher = Matcher::new(&lexicons);
    let opts = ScoreOptions {
        unit,
        voices: voices.clone(),
        resamples: args.resamples,
        seed: args.seed,
        level: 0.95,
    };
    let mut scorer = ScoreStream::new(&matcher, &opts)?;
    let mut first = 0;
    let warnings = for_each_prepared(&args.input, &read, &cleaner, &bar, |prepared| {
        let inputs: Vec<ScoreInput> = prepared
            .iter()
            .map(|p| ScoreInput {
                id: &p.doc.id,
                outlet: &p.doc.outlet,
                doc: &p.analyzed,
            })
            .collect();
        let scores = scorer.add(&inputs);
        let offset = first;
        first += prepared.len();
        let out = opened(&mut table, open).map_err(written)?;
        if !args.matches {
            return scores
                .rows
                .iter()
                .try_for_each(|r| out.push(r))
                .map_err(written);
        }
        scores
            .matches
            .iter()
            .filter(|m| voices.iter().any(|v| v.includes(m.voice == Voice::Quoted)))
            .try_for_each(|m| {
                let p = &prepared[m.doc - offset];
                out.push(&MatchRow {
                    doc: &p.doc.id,
                    outlet: &p.doc.outlet,
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
            })
            .map_err(written)
    })?;
    if !args.matches {
        let out = opened(&mut table, open).context("writing output")?;
        for r in scorer.finish() {
            out.push(&r).context("writing output")?;
        }
    }
    finish(table, open)?;
    warn(&warnings);
    Ok(())
}

type Out = TableStream<std::io::BufWriter<std::io::StdoutLock<'static>>>;

/// The output table, opened on first use.
fn opened(
    table: &mut Option<Out>,
    open: impl Fn() -> std::io::Result<Out>,
) -> std::io::Result<&mut Out> {
    if table.is_none() {
        *table = Some(open()?);
    }
    // Set just above.
    table
        .as_mut()
        .ok_or_else(|| std::io::Error::other("no output table"))
}

/// Close the table (opened now when no row came: a header alone).
fn finish(table: Option<Out>, open: impl Fn() -> std::io::Result<Out>) -> anyhow::Result<()> {
    let table = match table {
        Some(t) => t,
        None => open().context("writing output")?,
    };
    table.finish().context("writing output")
}

framelens::table_row! {
    /// One match (`--matches`).
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

/// Say at the end what the read warned about and, in lenient mode, how
/// many records were skipped and where.
fn warn(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}
