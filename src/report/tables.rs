//! CSV tables, written atomically, and [`CsvOut`], the one CSV writer every
//! table and subcommand uses, so no cell reaches a spreadsheet as a formula.

use crate::escape::csv_cell;
use crate::output::write_atomic;
use crate::{Error, Result};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// A `csv::Writer` that passes every cell through [`csv_cell`]: text that
/// a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`) gets a
/// leading `'`, numbers are written unchanged. Errors stay `csv::Error`, so
/// callers can still tell a closed pipe from a failed write.
pub struct CsvOut<W: Write> {
    out: csv::Writer<W>,
    /// Whether [`CsvOut::serialize`] has written the header row yet.
    header_done: bool,
}

impl<W: Write> CsvOut<W> {
    pub fn new(w: W) -> Self {
        CsvOut {
            out: csv::Writer::from_writer(w),
            header_done: false,
        }
    }

    /// Write one row of cells.
    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for cell in record {
            self.out.write_field(csv_cell(cell.as_ref()).as_bytes())?;
        }
        self.out.write_record(None::<&[u8]>)
    }

    /// Write `row` as `csv::Writer::serialize` does (a header row from the
    /// field names before the first row), each cell made safe. The row is
    /// serialised by the csv crate itself and read back, so numbers keep
    /// exactly the csv crate's formatting.
    pub fn serialize<S: Serialize>(&mut self, row: S) -> csv::Result<()> {
        let mut scratch = csv::WriterBuilder::new()
            .has_headers(!self.header_done)
            .buffer_capacity(1024)
            .from_writer(Vec::new());
        scratch.serialize(row)?;
        let bytes = scratch.into_inner().map_err(|e| e.into_error())?;
        self.header_done = true;
        let mut back = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1024)
            .from_reader(bytes.as_slice());
        for record in back.records() {
            self.write_record(record?.iter())?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// Flush and return the underlying writer.
    pub fn into_inner(self) -> csv::Result<W> {
        self.out
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// Write a CSV table with a header row.
pub fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut w = CsvOut::new(Vec::new());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        outlet: String,
        score: f64,
        n: i64,
    }

    #[test]
    fn serialized_rows_are_neutralised_but_numbers_kept() {
        let mut w = CsvOut::new(Vec::new());
        for (outlet, score, n) in [
            ("=HYPERLINK(\"http://x\",\"y\")", -1.25, -3),
            ("A", -3e-5, 4),
        ] {
            w.serialize(Row {
                outlet: outlet.into(),
                score,
                n,
            })
            .unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(
            text,
            "outlet,score,n\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-1.25,-3\nA,-0.00003,4\n"
        );
    }

    #[test]
    fn plain_records_are_neutralised() {
        let mut w = CsvOut::new(Vec::new());
        w.write_record(["@cmd", "-0.5", "multi\nline"]).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text, "'@cmd,-0.5,\"multi\nline\"\n");
    }
}
