//! CSV tables, written atomically.

use crate::output::write_atomic;
use crate::{Error, Result};
use std::path::Path;

/// Write a CSV table with a header row.
pub fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let to_err = |e: csv::Error| Error::input(path.display().to_string(), e.to_string());
    w.write_record(header).map_err(to_err)?;
    for row in rows {
        w.write_record(row).map_err(to_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::input(path.display().to_string(), e.to_string()))?;
    write_atomic(path, &bytes)
}
