//! Rows of term counts packed as varints (delta-coded ids, then counts), so
//! a corpus can be counted once and weighted later in a fraction of its
//! size: about 2–3 bytes per non-zero cell instead of 8.

/// Packed sparse rows of `(id, count)` with ids strictly increasing.
#[derive(Debug, Clone, Default)]
pub struct PackedRows {
    bytes: Vec<u8>,
    /// Start of each row in `bytes`, plus the end.
    offsets: Vec<usize>,
}

#[inline]
fn put(bytes: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        bytes.push((v as u8) | 0x80);
        v >>= 7;
    }
    bytes.push(v as u8);
}

#[inline]
fn get(bytes: &[u8], pos: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*pos) {
        *pos += 1;
        v |= u32::from(b & 0x7F) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    v
}

impl PackedRows {
    pub fn new() -> Self {
        PackedRows {
            bytes: Vec::new(),
            offsets: vec![0],
        }
    }

    /// Appends a row; `pairs` must be sorted by id.
    pub fn push(&mut self, pairs: &[(u32, u32)]) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let mut prev = 0u32;
        for &(id, c) in pairs {
            put(&mut self.bytes, id - prev);
            put(&mut self.bytes, c);
            prev = id;
        }
        self.offsets.push(self.bytes.len());
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes used by the packed cells.
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    /// Decodes row `i` into `out` (cleared first).
    pub fn row(&self, i: usize, out: &mut Vec<(u32, u32)>) {
        out.clear();
        if i + 1 >= self.offsets.len() {
            return;
        }
        let end = self.offsets[i + 1];
        let mut pos = self.offsets[i];
        let mut id = 0u32;
        while pos < end {
            id += get(&self.bytes, &mut pos);
            let c = get(&self.bytes, &mut pos);
            out.push((id, c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut p = PackedRows::new();
        p.push(&[(0, 1), (5, 300), (100_000, 2)]);
        p.push(&[]);
        p.push(&[(7, 70_000)]);
        let mut r = Vec::new();
        p.row(0, &mut r);
        assert_eq!(r, vec![(0, 1), (5, 300), (100_000, 2)]);
        p.row(1, &mut r);
        assert!(r.is_empty());
        p.row(2, &mut r);
        assert_eq!(r, vec![(7, 70_000)]);
        assert_eq!(p.len(), 3);
    }
}
