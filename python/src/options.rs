//! The command line's run options as the Python entry points take them:
//! one place sets `--resamples`, `--permutations` and `--seed` where
//! `framelens compare` sets them, so the Spark jobs and the count tables
//! measure under the same options as the command line.

use framelens::compare::corpus::CorpusOptions;
use framelens::compare::event::EventOptions;

/// `--resamples`, `--permutations` and `--seed`; `None` keeps the
/// command line's default.
#[derive(Clone, Copy, Default)]
pub(crate) struct Sampling {
    pub resamples: Option<usize>,
    pub permutations: Option<usize>,
    pub seed: Option<u64>,
}

impl Sampling {
    /// Set the options the command line sets: the resamples of both the
    /// event and the corpus bootstrap, the corpus permutations, and one
    /// seed for all of them.
    pub(crate) fn apply(self, event: &mut EventOptions, corpus: &mut CorpusOptions) {
        if let Some(r) = self.resamples {
            event.resamples = r;
            corpus.resamples = r;
        }
        if let Some(p) = self.permutations {
            corpus.permutations = p;
        }
        if let Some(s) = self.seed {
            event.seed = s;
            corpus.seed = s;
        }
    }
}
