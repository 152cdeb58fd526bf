//! `framelens compare`: the main job.

use super::Global;
use framelens::compare::align::{
    AlignParams, DEFAULT_MAX_SENTENCES, DEFAULT_MAX_TOKENS, MIN_SENTENCE_LIMIT,
};
use framelens::compare::corpus::CorpusOptions;
use framelens::compare::event::EventOptions;
use framelens::compare::substitutions::SubstitutionParams;
use framelens::lexicon::LexiconSpec;
use framelens::params::Check;
use framelens::plot::{ChartOptions, Formats, MAX_SIDE, MIN_HEIGHT, MIN_WIDTH};
use framelens::report::event::WriteOptions;
use framelens::report::run::{run_compare, CompareOptions, OutputOptions, DEFAULT_EVENT_LIMIT};
use std::path::PathBuf;

/// Arguments of `framelens compare`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  framelens compare seeds --out plots\n  framelens compare basil.jsonl --out reports --format svg --top 15\n\n\
Writes DIR/<event>/report.{json,md,html}, CSV tables and charts for every event, \
and DIR/index.html linking them. With several events, DIR/summary/ holds the corpus summary \
(outlet and label aggregates across events, permutation tests, distinctive words, similarity \
over events, recurring substitutions). --summary-only streams the input and writes only the summary.\n\n\
The output folder is written whole or not at all: into a staging folder beside it, swapped in at the end \
(removed on failure, Ctrl-C or SIGTERM). An existing DIR is replaced only when it is empty or holds \
nothing but an earlier framelens output (recognised by DIR/.framelens-output.json); anything else needs \
--force. A DIR that holds the input, the current folder or the home folder, or is /, is never replaced."
)]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: PathBuf,
    /// Output folder (replaced as a whole when the run succeeds; see --force).
    #[arg(long, short = 'o', default_value = "framelens-out")]
    pub out: PathBuf,
    /// Replace --out even when it holds files an earlier framelens run did not
    /// write (they are deleted). Never replaces a folder holding the input,
    /// the current folder or the home folder.
    #[arg(long)]
    pub force: bool,
    /// Chart files to write: png (the default), svg or both. report.html
    /// embeds every chart as SVG whichever is chosen.
    #[arg(long, value_enum, default_value_t = FormatArg::Png)]
    pub format: FormatArg,
    /// Chart width in pixels.
    #[arg(long, default_value_t = framelens::plot::DEFAULT_WIDTH)]
    pub width: u32,
    /// Chart height in pixels.
    #[arg(long, default_value_t = framelens::plot::DEFAULT_HEIGHT)]
    pub height: u32,
    /// Terms per outlet in keyness tables and charts.
    #[arg(long, default_value_t = framelens::compare::event::DEFAULT_TOP)]
    pub top: usize,
    /// Bootstrap resamples for lexicon intervals.
    #[arg(long, default_value_t = 1000)]
    pub resamples: usize,
    /// Seed for bootstrap, permutations and k-means.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Permutations of outlet (or label) assignments within events for the corpus tests.
    #[arg(long, default_value_t = 1000)]
    pub permutations: usize,
    /// Write only the corpus summary, streaming the input (memory grows with the
    /// vocabulary and the number of events, not with the text).
    #[arg(long)]
    pub summary_only: bool,
    /// Bound on event size, in documents, for the parts whose cost grows with the
    /// square of an event. A larger event gets a bounded report: sentence alignment,
    /// substitutions and quote groups on this many of its documents (in turn from
    /// each outlet), similarity and the outlet map on this many outlets, and a note
    /// saying so; everything else covers every document. With --summary-only a
    /// larger event gets no similarity or substitutions.
    #[arg(long, default_value_t = DEFAULT_EVENT_LIMIT)]
    pub event_limit: usize,
    /// Bound on document size for sentence alignment, substitutions and
    /// quote grouping: the first this many sentences of each outlet in an
    /// event are taken (the cost grows with the square of the sentences). A
    /// report whose texts are longer says so in a note.
    #[arg(long, default_value_t = DEFAULT_MAX_SENTENCES)]
    pub sentence_limit: usize,
    /// Longest sentence, in tokens, compared word by word (verbatim runs and
    /// substitutions, whose cost grows with the square of sentence length);
    /// a longer one is aligned by its shared words only. Said in a note.
    #[arg(long, default_value_t = DEFAULT_MAX_TOKENS)]
    pub sentence_tokens: usize,
    /// A lexicon matched beside the built-in ones, as in `score`: a
    /// built-in name or FORMAT=PATH (toml, dic, vader, words). Its concept
    /// groups join the concept table and findings (for example
    /// toml=summary/learned_concepts.toml from an earlier run). Repeatable.
    #[arg(long = "lexicon", short = 'l')]
    pub lexicons: Vec<String>,
}

/// Chart formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Png,
    Svg,
    Both,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<()> {
    let formats = match args.format {
        FormatArg::Png => Formats::Png,
        FormatArg::Svg => Formats::Svg,
        FormatArg::Both => Formats::Both,
    };
    let chart = ChartOptions {
        width: args.width,
        height: args.height,
        formats,
        ..ChartOptions::default()
    }
    .check()
    .map_err(|e| match e {
        framelens::Error::OutOfRange { name, .. } if name == "width" || name == "height" => {
            anyhow::anyhow!(
                "--width/--height must be between {MIN_WIDTH}x{MIN_HEIGHT} and {MAX_SIDE}x{MAX_SIDE} pixels"
            )
        }
        other => other.into(),
    })?;
    let sentence_bounds = |e: framelens::Error| match e {
        framelens::Error::OutOfRange { name, .. }
            if name == "max_sentences" || name == "max_tokens" =>
        {
            anyhow::anyhow!(
                "--sentence-limit and --sentence-tokens must be at least {MIN_SENTENCE_LIMIT}"
            )
        }
        other => other.into(),
    };
    let align = AlignParams {
        max_sentences: args.sentence_limit,
        max_tokens: args.sentence_tokens,
        ..AlignParams::default()
    }
    .check()
    .map_err(sentence_bounds)?;
    let substitutions = SubstitutionParams {
        max_tokens: args.sentence_tokens,
        ..SubstitutionParams::default()
    }
    .check()
    .map_err(sentence_bounds)?;
    if args.summary_only && !args.lexicons.is_empty() {
        anyhow::bail!("--lexicon shapes the event reports, which --summary-only does not write");
    }
    let lexicons = args
        .lexicons
        .iter()
        .map(|s| s.parse::<LexiconSpec>().and_then(|spec| spec.load()))
        .collect::<Result<Vec<_>, _>>()?;
    let opts = CompareOptions {
        no_clean: global.no_clean,
        lenient: global.lenient,
        allow_outside_files: global.allow_outside_files,
        quiet: global.quiet,
        event: EventOptions {
            top: args.top.max(1),
            resamples: args.resamples,
            seed: args.seed,
            align: align.into_inner(),
            substitutions: substitutions.into_inner(),
            ..EventOptions::default()
        },
        write: WriteOptions {
            chart: chart.into_inner(),
            top: args.top.max(1),
            ..WriteOptions::default()
        },
        summary_only: args.summary_only,
        corpus: CorpusOptions {
            resamples: args.resamples,
            permutations: args.permutations,
            seed: args.seed,
            top: args.top.max(1),
            ..CorpusOptions::default()
        },
        event_limit: args.event_limit,
        lexicons,
        output: OutputOptions {
            force: args.force,
            command: command_line(&args, global),
        },
        filter: global.filter.built.clone(),
    };
    // A Ctrl-C or SIGTERM removes the staging folder before exiting.
    framelens::output::remove_staging_on_signals()?;
    let mut warnings = Vec::new();
    let bar = super::progress::Bar::new(global.quiet);
    let result = run_compare(&args.input, &args.out, &opts, &bar, &mut warnings);
    if let Ok(outcome) = &result {
        if !global.quiet {
            eprintln!("{outcome}");
        }
    }
    // Warnings (skipped records, left-out documents) show even with --quiet:
    // after the summary of a run, before the error of a failed one, which
    // they often explain.
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    result?;
    Ok(())
}

/// The command as the output's marker records it: every option that shapes
/// the output, spelled out, but not `--out` (the marker lives in it), not
/// `--force` and not `--jobs` or `--quiet` (no effect on the bytes), so that
/// equal runs write equal folders.
fn command_line(args: &Args, global: &Global) -> String {
    let mut v = vec![
        "framelens".to_string(),
        "compare".to_string(),
        args.input.display().to_string(),
    ];
    let format = match args.format {
        FormatArg::Png => "png",
        FormatArg::Svg => "svg",
        FormatArg::Both => "both",
    };
    v.extend(
        [
            ("--format", format.to_string()),
            ("--width", args.width.to_string()),
            ("--height", args.height.to_string()),
            ("--top", args.top.to_string()),
            ("--resamples", args.resamples.to_string()),
            ("--seed", args.seed.to_string()),
            ("--permutations", args.permutations.to_string()),
            ("--sentence-limit", args.sentence_limit.to_string()),
            ("--sentence-tokens", args.sentence_tokens.to_string()),
        ]
        .into_iter()
        .flat_map(|(k, val)| [k.to_string(), val]),
    );
    if args.summary_only {
        v.push("--summary-only".into());
        v.push("--event-limit".into());
        v.push(args.event_limit.to_string());
    }
    for l in &args.lexicons {
        v.push("--lexicon".into());
        v.push(l.clone());
    }
    if global.no_clean {
        v.push("--no-clean".into());
    }
    if global.lenient {
        v.push("--lenient".into());
    }
    v.extend(global.filter.flags());
    v.join(" ")
}
