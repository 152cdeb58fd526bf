//! Subcommands of the `framelens` binary: each file parses its own
//! arguments (clap) and calls the library.

pub mod clean;
pub mod compare;
pub mod keyness;
pub mod lexicons;
pub mod score;
pub mod tfidf;

/// Options shared by every subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Analyse the text exactly as given, without boilerplate cleaning
    /// (used to check parity with other tools).
    #[arg(long, global = true)]
    pub no_clean: bool,
    /// Skip bad JSONL/CSV records instead of stopping; report how many at the end.
    #[arg(long, global = true)]
    pub lenient: bool,
    /// Read files a manifest names outside its own folder (absolute paths,
    /// `..`, links that point out); refused by default.
    #[arg(long, global = true)]
    pub allow_outside_files: bool,
    /// Number of worker threads (default: all cores). Output is identical for any value.
    #[arg(long, short = 'j', global = true)]
    pub jobs: Option<usize>,
    /// No progress bar.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

impl Global {
    /// How the corpus readers are to read the input.
    pub fn read_options(&self) -> framelens::corpus::ReadOptions {
        framelens::corpus::ReadOptions {
            lenient: self.lenient,
            allow_outside_files: self.allow_outside_files,
        }
    }
}
