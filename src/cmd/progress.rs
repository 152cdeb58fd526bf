//! The terminal progress bar: the binary's view of the pipeline's
//! [`Progress`] calls.

use framelens::pipeline::{Progress, Stage};
use std::io::IsTerminal;
use std::sync::RwLock;

/// A progress bar on stderr when both stdout and stderr are a terminal and
/// `--quiet` is not given, nothing otherwise: output piped or redirected to
/// a file, or a run under a scheduler, gets no control characters.
pub struct Bar {
    shown: bool,
    bar: RwLock<indicatif::ProgressBar>,
}

impl Bar {
    pub fn new(quiet: bool) -> Self {
        Bar {
            shown: !quiet && std::io::stdout().is_terminal() && std::io::stderr().is_terminal(),
            bar: RwLock::new(indicatif::ProgressBar::hidden()),
        }
    }
}

fn styled(len: u64, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template(
        "{msg:>10} [{bar:40}] {human_pos}/{human_len} ({rate}, {eta} left)",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .with_key(
        "rate",
        |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0}/s", s.per_sec());
        },
    )
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

impl Progress for Bar {
    fn start(&self, stage: Stage, total: u64) {
        if self.shown {
            let mut bar = self.bar.write().unwrap_or_else(|e| e.into_inner());
            *bar = styled(total, stage.label());
        }
    }

    fn advance(&self, n: u64) {
        self.bar.read().unwrap_or_else(|e| e.into_inner()).inc(n);
    }

    fn finish(&self) {
        let mut bar = self.bar.write().unwrap_or_else(|e| e.into_inner());
        bar.finish_and_clear();
        *bar = indicatif::ProgressBar::hidden();
    }
}
