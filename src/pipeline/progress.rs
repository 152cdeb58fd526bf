//! How a run reports progress: the library counts, the binary draws.
//!
//! The pipeline calls a [`Progress`] as it goes; the `framelens` binary
//! turns those calls into a terminal progress bar, a test or a library
//! user passes [`NoProgress`]. The library never writes to the terminal.

/// A stage of a run that advances one step per item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Cleaning and analysing documents (one step per document).
    Documents,
    /// Comparing events (one step per event).
    Events,
    /// Writing event folders (one step per event).
    Writing,
}

impl Stage {
    /// A short label for a progress display.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Documents => "documents",
            Stage::Events => "events",
            Stage::Writing => "writing",
        }
    }
}

/// Receives a run's progress. Called from worker threads, hence `Sync`.
pub trait Progress: Sync {
    /// A stage begins with `total` steps to go.
    fn start(&self, stage: Stage, total: u64);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: u64);
    /// The current stage is over.
    fn finish(&self);
}

/// Progress that goes nowhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: Stage, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}
