//! `framelens lexicons`: the built-in lexicons, their categories, entry
//! counts and where each category's idea comes from.

use super::Global;
use framelens::lexicon::{builtins, Lexicon, LexiconSpec};
use framelens::report::tables::{write_json_rows, Format};
use std::io::Write;

/// List built-in lexicons (or the lexicons given) with categories, entry
/// counts and provenance.
///
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  framelens lexicons
  framelens lexicons --entries --lexicon attribution
  framelens lexicons --lexicon dic=mydict.dic --format json")]
pub struct Args {
    /// Describe these lexicons instead of the built-ins (NAME or FORMAT=PATH).
    #[arg(long = "lexicon", short = 'l')]
    pub lexicons: Vec<String>,
    /// Also print every entry.
    #[arg(long)]
    pub entries: bool,
    /// Text for reading, or JSON (the full lexicons).
    #[arg(long, default_value = "text", value_parser = super::format_arg(FORMATS))]
    pub format: Format,
}

/// Output formats of `framelens lexicons`.
const FORMATS: &[(Format, &str)] = &[(Format::Text, ""), (Format::Json, "")];

fn describe(lex: &Lexicon, entries: bool, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} ({}, {} entries): {}",
        lex.name,
        lex.origin,
        lex.n_entries(),
        lex.description
    )?;
    for c in &lex.categories {
        let parent = c
            .parent
            .as_deref()
            .map(|p| format!(" < {p}"))
            .unwrap_or_default();
        writeln!(out, "  {}{parent}: {} entries", c.name, c.entries.len())?;
        writeln!(out, "    provenance: {}", c.provenance)?;
        if entries {
            let list: Vec<&str> = c.entries.iter().map(|e| e.source.as_str()).collect();
            writeln!(out, "    entries: {}", list.join(", "))?;
        }
    }
    for g in &lex.concepts {
        let variants: Vec<String> = g
            .variants
            .iter()
            .map(|v| format!("{}={}", v.entry.source, v.grade))
            .collect();
        writeln!(out, "  concept/{}: {}", g.name, variants.join(" "))?;
        writeln!(out, "    provenance: {}", g.provenance)?;
    }
    Ok(())
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<()> {
    let lexicons: Vec<Lexicon> = if args.lexicons.is_empty() {
        builtins().to_vec()
    } else {
        let specs: Vec<LexiconSpec> = args
            .lexicons
            .iter()
            .map(|s| s.parse())
            .collect::<Result<_, _>>()?;
        specs.iter().map(|s| s.load()).collect::<Result<_, _>>()?
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.format == Format::Text {
        for lex in &lexicons {
            describe(lex, args.entries, &mut out)?;
        }
    } else {
        write_json_rows(&mut out, args.format, &lexicons)?;
    }
    out.flush()?;
    Ok(())
}
