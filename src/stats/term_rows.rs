//! Rows of `(term id, count)` pairs kept compactly until idf is known, so
//! the counts of a whole corpus fit in memory: one `u32` per pair in
//! nearly every case (id in the high 24 bits, count in the low 8) instead
//! of two. Varints would be smaller still, but encoding and decoding them
//! cost a sixth of a `tfidf --format summary` run; these cells cost little,
//! and a row is decoded as it is read.

/// Packed rows, one per document, pairs kept in the order given.
#[derive(Debug, Clone, Default)]
pub struct TermRows {
    /// Per row: the number of cells that follow, then each pair as one
    /// cell `id << 8 | count`, or, when the id needs more than 24 bits or
    /// the count more than 8, a `0` cell followed by the id and the count.
    cells: Vec<u32>,
    n_rows: usize,
}

const ID_LIMIT: u32 = 1 << 24;
const COUNT_LIMIT: u32 = 1 << 8;

impl TermRows {
    /// Appends a row.
    pub fn push(&mut self, pairs: impl ExactSizeIterator<Item = (u32, u32)>) {
        let head = self.cells.len();
        self.cells.reserve(pairs.len() + 1);
        self.cells.push(0);
        for (id, c) in pairs {
            if id < ID_LIMIT && c > 0 && c < COUNT_LIMIT {
                self.cells.push(id << 8 | c);
            } else {
                self.cells.extend([0, id, c]);
            }
        }
        self.cells[head] = (self.cells.len() - head - 1) as u32;
        self.n_rows += 1;
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.n_rows
    }

    pub fn is_empty(&self) -> bool {
        self.n_rows == 0
    }

    /// The rows in order, each an iterator of its pairs.
    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        let mut rest = self.cells.as_slice();
        (0..self.n_rows).map(move |_| {
            let n = rest.first().map_or(0, |&n| n as usize);
            let end = (n + 1).min(rest.len());
            let row = rest.get(1..end).unwrap_or(&[]);
            rest = &rest[end..];
            Row { cells: row.iter() }
        })
    }
}

/// The `(id, count)` pairs of one row, decoded as they are read.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    cells: std::slice::Iter<'a, u32>,
}

impl Iterator for Row<'_> {
    type Item = (u32, u32);

    #[inline]
    fn next(&mut self) -> Option<(u32, u32)> {
        match *self.cells.next()? {
            0 => {
                let id = *self.cells.next()?;
                Some((id, *self.cells.next()?))
            }
            v => Some((v >> 8, v & 0xFF)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let rows = [
            vec![(5, 1), (0, 300), (100_000, 2), (0, 0), (1, 1), (0, 255)],
            vec![],
            vec![
                (7, 70_000),
                (u32::MAX, u32::MAX),
                (ID_LIMIT - 1, 255),
                (ID_LIMIT, 1),
            ],
        ];
        let mut p = TermRows::default();
        for r in &rows {
            p.push(r.iter().copied());
        }
        assert_eq!(p.len(), 3);
        let back: Vec<Vec<(u32, u32)>> = p.iter().map(|r| r.collect()).collect();
        assert_eq!(back, rows);
    }
}
