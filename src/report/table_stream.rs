//! A table written row by row as rows are made, for commands that stream
//! their input (`score`, `clean`): the bytes are exactly those
//! [`write_table`](super::tables::write_table) and
//! [`write_json_rows`](super::tables::write_json_rows) write for the same
//! rows at once, so streaming changes nothing a user sees.

use super::tables::{csv_io, serialized_header, CsvOut, Format, TableRow};
use serde::Serialize;
use std::io::Write;

enum Sink<W: Write> {
    Csv(Box<CsvOut<W>>),
    Json(W),
    Jsonl(W),
}

/// Rows written one at a time in `csv`, `json` or `jsonl`.
pub struct TableStream<W: Write> {
    sink: Sink<W>,
    /// Rows written so far.
    rows: usize,
    /// The CSV header row (the columns), checked against the first row.
    columns: &'static [&'static str],
    scratch: Vec<u8>,
}

impl<W: Write> TableStream<W> {
    /// A table of `T` rows in any table format; the CSV header row is
    /// written at once (also when no row follows), as
    /// [`write_table`](super::tables::write_table) does.
    pub fn table<T: TableRow>(out: W, format: Format) -> std::io::Result<Self> {
        Self::open(out, format, T::COLUMNS)
    }

    /// A JSON-only table (`json` or `jsonl`): rows that nest lists or
    /// objects, as [`write_json_rows`](super::tables::write_json_rows).
    pub fn json_rows(out: W, format: Format) -> std::io::Result<Self> {
        if format == Format::Csv {
            return Err(not_a_table(format));
        }
        Self::open(out, format, &[])
    }

    fn open(out: W, format: Format, columns: &'static [&'static str]) -> std::io::Result<Self> {
        let sink = match format {
            Format::Csv => {
                let mut w = CsvOut::new(out);
                w.write_record(columns).map_err(csv_io)?;
                Sink::Csv(Box::new(w))
            }
            Format::Json => Sink::Json(out),
            Format::Jsonl => Sink::Jsonl(out),
            Format::Text | Format::Summary => return Err(not_a_table(format)),
        };
        Ok(TableStream {
            sink,
            rows: 0,
            columns,
            scratch: Vec::new(),
        })
    }

    /// Write one row.
    pub fn push<T: Serialize>(&mut self, row: &T) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::Csv(w) => {
                if self.rows == 0 {
                    let header = serialized_header(row)?;
                    if header != self.columns {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            format!(
                                "table columns {:?} differ from the row's fields {header:?}",
                                self.columns
                            ),
                        ));
                    }
                }
                w.serialize(row).map_err(csv_io)?;
            }
            Sink::Json(out) => {
                // An element of serde_json's pretty array: the row pretty
                // on its own, every line indented one level (JSON strings
                // hold no raw newline, so each newline is the printer's).
                self.scratch.clear();
                serde_json::to_writer_pretty(&mut self.scratch, row)?;
                out.write_all(if self.rows == 0 { b"[\n  " } else { b",\n  " })?;
                let mut start = 0;
                for (i, &b) in self.scratch.iter().enumerate() {
                    if b == b'\n' {
                        out.write_all(&self.scratch[start..=i])?;
                        out.write_all(b"  ")?;
                        start = i + 1;
                    }
                }
                out.write_all(&self.scratch[start..])?;
            }
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Close the table (the JSON array's end) and flush.
    pub fn finish(self) -> std::io::Result<()> {
        match self.sink {
            Sink::Csv(mut w) => w.flush(),
            Sink::Json(mut out) => {
                out.write_all(if self.rows == 0 { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
            Sink::Jsonl(mut out) => out.flush(),
        }
    }
}

fn not_a_table(format: Format) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{format} is not a table format here"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tables::write_json_rows;

    crate::table_row! {
        struct Row {
            name: String,
            list: Vec<u32>,
            x: Option<f64>,
        }
    }

    fn rows() -> Vec<Row> {
        vec![
            Row {
                name: "a \"quoted\"\nline".into(),
                list: vec![1, 2],
                x: Some(0.1),
            },
            Row {
                name: "=SUM(A1)".into(),
                list: vec![],
                x: None,
            },
        ]
    }

    #[test]
    fn streamed_bytes_equal_the_whole_table() {
        let all = rows();
        for n in [0, 1, 2] {
            let rows = &all[..n];
            for format in [Format::Json, Format::Jsonl] {
                let mut whole = Vec::new();
                write_json_rows(&mut whole, format, rows).unwrap();
                let mut streamed = Vec::new();
                let mut t = TableStream::json_rows(&mut streamed, format).unwrap();
                for r in rows {
                    t.push(r).unwrap();
                }
                t.finish().unwrap();
                assert_eq!(
                    String::from_utf8(streamed).unwrap(),
                    String::from_utf8(whole).unwrap(),
                    "{format} with {n} rows"
                );
            }
        }
    }
}
