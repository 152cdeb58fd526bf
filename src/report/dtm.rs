//! Writing a document-term matrix: Matrix Market with name files, or a
//! long table.
//!
//! - `dtm.mtx`: `%%MatrixMarket matrix coordinate integer general`, one
//!   line per non-zero cell (1-based row and column), rows in order and
//!   columns ascending within a row; read by `scipy.io.mmread` and R's
//!   `Matrix::readMM`. The size line keeps empty rows and columns.
//! - `rows.tsv`: a header, then one line per matrix row: `id`, `outlet`,
//!   `event`, `date` by document; the group and its `documents` by group.
//! - `terms.tsv`: a header, then one line per column: `term`, `df`
//!   (documents it occurs in), `count` (its total).
//!
//! Name files are tab-separated; a field holding a tab, quote or line end
//! is quoted as in CSV (`"`, doubled inside), which R's `read.delim` and
//! pandas' `read_csv(sep="\t")` read back.

use crate::output::write_atomic;
use crate::pipeline::dtm::{DtmRows, DtmRun};
use crate::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// File names inside the output folder.
pub const MTX_FILE: &str = "dtm.mtx";
pub const ROWS_FILE: &str = "rows.tsv";
pub const TERMS_FILE: &str = "terms.tsv";

crate::table_row! {
    /// One non-zero cell of the long format: the row's name (document id
    /// or group), the term and its count.
    pub struct LongCell<'a> {
        pub row: &'a str,
        pub term: &'a str,
        pub count: u32,
    }
}

/// The non-zero cells of `run` in row order, columns ascending.
pub fn long_cells(run: &DtmRun) -> impl Iterator<Item = LongCell<'_>> {
    let names = run.rows.names();
    let dtm = &run.dtm;
    (0..dtm.n_rows()).flat_map(move |r| {
        let (cols, counts) = dtm.row(r);
        let row = names.get(r).copied().unwrap_or("");
        cols.iter().zip(counts).map(move |(&j, &count)| LongCell {
            row,
            term: &dtm.terms[j as usize],
            count,
        })
    })
}

/// The Matrix Market text of the counts.
pub fn mtx_bytes(run: &DtmRun) -> Vec<u8> {
    let dtm = &run.dtm;
    let mut out = Vec::with_capacity(16 * dtm.nnz() + 256);
    // Writing to a Vec cannot fail.
    let _ = writeln!(out, "%%MatrixMarket matrix coordinate integer general");
    let _ = writeln!(
        out,
        "% written by framelens {}: rows in {ROWS_FILE}, columns in {TERMS_FILE}",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(out, "{} {} {}", dtm.n_rows(), dtm.terms.len(), dtm.nnz());
    for r in 0..dtm.n_rows() {
        let (cols, counts) = dtm.row(r);
        for (&j, &c) in cols.iter().zip(counts) {
            let _ = writeln!(out, "{} {} {c}", r + 1, j + 1);
        }
    }
    out
}

/// Tab-separated lines with a header.
fn tsv<I, R>(path: &Path, header: &[&str], rows: I) -> Result<Vec<u8>>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let io = |e: csv::Error| Error::io(path, std::io::Error::other(e));
    w.write_record(header).map_err(io)?;
    for r in rows {
        w.write_record(r).map_err(io)?;
    }
    w.into_inner()
        .map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))
}

/// The three files written into `dir` (created when missing): the paths,
/// in the order `dtm.mtx`, `rows.tsv`, `terms.tsv`. Each file is written
/// whole or not at all.
pub fn write_mtx(run: &DtmRun, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mtx = dir.join(MTX_FILE);
    let rows_path = dir.join(ROWS_FILE);
    let terms_path = dir.join(TERMS_FILE);
    let rows = match &run.rows {
        DtmRows::Documents(d) => tsv(
            &rows_path,
            &["id", "outlet", "event", "date"],
            d.iter().map(|r| {
                [
                    r.id.as_str(),
                    r.outlet.as_str(),
                    r.event.as_str(),
                    r.date.as_str(),
                ]
            }),
        )?,
        DtmRows::Groups { field, rows } => tsv(
            &rows_path,
            &[field.as_str(), "documents"],
            rows.iter()
                .map(|r| [r.group.clone(), r.documents.to_string()]),
        )?,
    };
    let totals = run.dtm.totals();
    let terms = tsv(
        &terms_path,
        &["term", "df", "count"],
        run.dtm
            .terms
            .iter()
            .zip(&run.dtm.df)
            .zip(&totals)
            .map(|((t, df), n)| [t.to_string(), df.to_string(), n.to_string()]),
    )?;
    // Names first, the matrix last: a reader that finds dtm.mtx finds
    // the names of this run beside it.
    write_atomic(&rows_path, &rows)?;
    write_atomic(&terms_path, &terms)?;
    write_atomic(&mtx, &mtx_bytes(run))?;
    Ok(vec![mtx, rows_path, terms_path])
}
