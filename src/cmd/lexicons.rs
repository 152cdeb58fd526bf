//! `framelens lexicons` (work in progress).

use super::Global;

/// Arguments of `framelens lexicons`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: Option<std::path::PathBuf>,
}

pub fn run(_args: Args, _global: &Global) -> anyhow::Result<()> {
    anyhow::bail!("framelens lexicons is not implemented yet")
}
