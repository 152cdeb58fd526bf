//! `framelens keyness` (work in progress).

use super::Global;

/// Arguments of `framelens keyness`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  framelens keyness seeds --target rt --measure logodds --top 20
  framelens keyness seeds --target dach --reference tva --reference ani --measure chi2 --format json
  framelens keyness corpus.jsonl --target fox --measure lr --correction williams")]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: std::path::PathBuf,
}

pub fn run(_args: Args, _global: &Global) -> anyhow::Result<()> {
    anyhow::bail!("framelens keyness is not implemented yet")
}
