//! `framelens tfidf` (work in progress).

use super::Global;

/// Arguments of `framelens tfidf`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input: a folder with a manifest, a .jsonl or a .csv file.
    pub input: std::path::PathBuf,
}

pub fn run(_args: Args, _global: &Global) -> anyhow::Result<()> {
    anyhow::bail!("framelens tfidf is not implemented yet")
}
