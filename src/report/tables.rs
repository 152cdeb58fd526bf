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
    /// Whether a row (and so the header row, if any) has been written.
    header_done: bool,
    /// Reused buffer for [`CsvOut::serialize`]'s check.
    scratch: Vec<u8>,
}

impl<W: Write> CsvOut<W> {
    pub fn new(w: W) -> Self {
        CsvOut {
            out: csv::WriterBuilder::new().has_headers(false).from_writer(w),
            header_done: false,
            scratch: Vec::new(),
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
        self.header_done = true;
        self.out.write_record(None::<&[u8]>)
    }

    /// Write `row` as `csv::Writer::serialize` does (a header row from the
    /// field names before the first row), each cell made safe. The row is
    /// first serialised into a scratch buffer; when no cell can start a
    /// formula (the usual case, checked on the bytes) it is serialised
    /// again straight to the output, else it is read back and written cell
    /// by cell. Either way numbers keep exactly the csv crate's formatting.
    pub fn serialize<S: Serialize>(&mut self, row: S) -> csv::Result<()> {
        let mut scratch = csv::WriterBuilder::new()
            .has_headers(false)
            .buffer_capacity(1024)
            .from_writer(std::mem::take(&mut self.scratch));
        scratch.serialize(&row)?;
        let mut bytes = scratch.into_inner().map_err(|e| e.into_error())?;
        let risky = may_start_formula(&bytes);
        bytes.clear();
        self.scratch = bytes;
        // The first row goes the slow way, which writes the header row:
        // `out` itself never writes one (its `serialize` would not know
        // that `write_record` wrote it already).
        if !risky && self.header_done {
            return self.out.serialize(&row);
        }
        let mut scratch = csv::WriterBuilder::new()
            .has_headers(!self.header_done)
            .from_writer(Vec::new());
        scratch.serialize(&row)?;
        let bytes = scratch.into_inner().map_err(|e| e.into_error())?;
        self.header_done = true;
        let mut back = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
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

/// Whether a CSV row as the csv crate writes it may hold a cell that
/// [`csv_cell`] would change. Conservative: a cell is taken to start at the
/// row's start and after every comma (also commas inside quotes), and only
/// an unquoted signed number is known to be safe.
fn may_start_formula(row: &[u8]) -> bool {
    let mut at_start = true;
    for (i, &b) in row.iter().enumerate() {
        if at_start {
            let quoted = b == b'"';
            let first = if quoted {
                row.get(i + 1).copied()
            } else {
                Some(b)
            };
            if let Some(f @ (b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')) = first {
                if quoted || !matches!(f, b'+' | b'-') {
                    return true;
                }
                let end = row[i..]
                    .iter()
                    .position(|&c| matches!(c, b',' | b'\n' | b'\r'))
                    .map_or(row.len(), |p| i + p);
                match std::str::from_utf8(&row[i..end]) {
                    Ok(cell) if crate::escape::is_number(cell) => {}
                    _ => return true,
                }
            }
        }
        at_start = b == b',';
    }
    false
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
            ("A", 0.5, 1),
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
            "outlet,score,n\nA,0.5,1\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-1.25,-3\nA,-0.00003,4\n"
        );
    }

    #[test]
    fn formula_check_is_conservative() {
        for safe in [&b"a,1.5,-2,-3e-5,+4\n"[..], b"x,\"a, b\",\n", b""] {
            assert!(!may_start_formula(safe), "{safe:?}");
        }
        for risky in [
            &b"=1+2,x\n"[..],
            b"a,@b\n",
            b"a,\"=b,c\"\n",
            b"a,-x\n",
            b"a,\"-1\"\n",
            b"\"\ra\"\n",
        ] {
            assert!(may_start_formula(risky), "{risky:?}");
        }
    }

    #[test]
    fn plain_records_are_neutralised() {
        let mut w = CsvOut::new(Vec::new());
        w.write_record(["@cmd", "-0.5", "multi\nline"]).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text, "'@cmd,-0.5,\"multi\nline\"\n");
    }
}
