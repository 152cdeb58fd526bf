//! clean (work in progress).
