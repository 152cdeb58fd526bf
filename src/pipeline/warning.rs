//! What a run warns about, as values the caller prints (or counts, or
//! tests), instead of lines of terminal text to be filtered.

use std::fmt;

/// Something a run worked around: a skipped record, a document or event
/// left out. Displayed as one line without a `warning:` prefix (the binary
/// adds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// What the corpus reader reported (skipped records in lenient mode
    /// and their count, fields it could not use), one line each.
    Read(String),
    /// A document with no words once cleaned; it is left out.
    EmptyDocument { source: String, id: String },
    /// An event whose documents all come from one outlet; it is left out of
    /// the per-event comparison.
    SingleOutletEvent { event: String, outlet: String },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Read(line) => f.write_str(line),
            Warning::EmptyDocument { source, id } => write!(
                f,
                "{source}: document {id} has no words after cleaning; it is left out"
            ),
            Warning::SingleOutletEvent { event, outlet } => write!(
                f,
                "event {event:?} has only one outlet ({outlet}); it is left out of the per-event comparison"
            ),
        }
    }
}
