//! Rows of `(term id, count)` pairs kept compactly until idf is known, so
//! the counts of a whole corpus fit in memory: one `u32` per pair in
//! nearly every case (id in the high 24 bits, count in the low 8) instead
//! of two. Varints would be smaller still, but encoding and decoding them
//! cost a sixth of a `tfidf --format summary` run; these cells cost little.

/// Packed rows, one per document, pairs kept in the order given.
#[derive(Debug, Clone, Default)]
pub struct TermRows {
    /// Per row: the number of pairs, then each pair as one cell
    /// `id << 8 | count`, or, when the id needs more than 24 bits or the
    /// count more than 8, a `0` cell followed by the id and the count.
    cells: Vec<u32>,
    n_rows: usize,
}

const ID_LIMIT: u32 = 1 << 24;
const COUNT_LIMIT: u32 = 1 << 8;

impl TermRows {
    /// Appends a row.
    pub fn push(&mut self, pairs: impl ExactSizeIterator<Item = (u32, u32)>) {
        self.cells.reserve(pairs.len() + 1);
        self.cells.push(pairs.len() as u32);
        for (id, c) in pairs {
            if id < ID_LIMIT && c > 0 && c < COUNT_LIMIT {
                self.cells.push(id << 8 | c);
            } else {
                self.cells.extend([0, id, c]);
            }
        }
        self.n_rows += 1;
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.n_rows
    }

    pub fn is_empty(&self) -> bool {
        self.n_rows == 0
    }

    /// Calls `f` with each row, in order, decoded into a scratch vector.
    pub fn for_each(&self, mut f: impl FnMut(usize, &[(u32, u32)])) {
        let mut cells = self.cells.iter().copied();
        let mut row = Vec::new();
        for i in 0..self.n_rows {
            let n = cells.next().unwrap_or(0);
            row.clear();
            for _ in 0..n {
                match cells.next() {
                    Some(0) => {
                        let id = cells.next().unwrap_or(0);
                        row.push((id, cells.next().unwrap_or(0)));
                    }
                    Some(v) => row.push((v >> 8, v & 0xFF)),
                    None => break,
                }
            }
            f(i, &row);
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
        let mut back = Vec::new();
        p.for_each(|i, r| back.push((i, r.to_vec())));
        let want: Vec<_> = rows.iter().cloned().enumerate().collect();
        assert_eq!(back, want);
    }
}
