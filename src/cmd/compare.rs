//! `framelens compare` (work in progress).

use super::Global;

/// Arguments of `framelens compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: std::path::PathBuf,
}

pub fn run(_args: Args, _global: &Global) -> anyhow::Result<()> {
    anyhow::bail!("framelens compare is not implemented yet")
}
