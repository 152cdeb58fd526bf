//! plot (work in progress).
