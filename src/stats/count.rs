//! Document-term counting, in parallel and deterministic.
//!
//! Documents are cut into fixed-size chunks (independent of the number of
//! threads); each chunk interns its terms in a local map, then chunks are
//! merged in order into one vocabulary. Term ids therefore depend only on
//! the input, never on scheduling.

use super::hash::FxHashMap;
use super::tokens::TokenSource;
use rayon::prelude::*;

/// Documents per parallel work unit. Fixed so results never depend on the
/// thread count.
pub const CHUNK_DOCS: usize = 128;

/// Sparse term counts: row `d` holds `ids[indptr[d]..indptr[d+1]]`
/// (term ids into `terms`, each at most once per row, in no particular
/// order) with their `counts`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermCounts {
    /// Term strings by id, in order of first appearance.
    pub terms: Vec<Box<str>>,
    pub indptr: Vec<usize>,
    pub ids: Vec<u32>,
    pub counts: Vec<u32>,
}

impl TermCounts {
    /// Number of rows (documents or groups).
    pub fn n_docs(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    /// Ids and counts of row `d`.
    pub fn row(&self, d: usize) -> (&[u32], &[u32]) {
        if d + 1 >= self.indptr.len() {
            return (&[], &[]);
        }
        let (a, b) = (self.indptr[d], self.indptr[d + 1]);
        (&self.ids[a..b], &self.counts[a..b])
    }

    /// Total count of every term over all rows, indexed by term id.
    pub fn totals(&self) -> Vec<u64> {
        let mut t = vec![0u64; self.terms.len()];
        for (&id, &c) in self.ids.iter().zip(&self.counts) {
            t[id as usize] += u64::from(c);
        }
        t
    }

    /// Rows summed by group: row `g` of the result is the sum of the rows
    /// `d` with `groups[d] == g` (`g < n_groups`). Counts are added, so
    /// n-grams never span two documents of a group (unlike concatenating
    /// their texts).
    pub fn grouped(&self, groups: &[usize], n_groups: usize) -> TermCounts {
        let mut acc: Vec<FxHashMap<u32, u32>> = vec![FxHashMap::default(); n_groups];
        for (d, &g) in groups.iter().enumerate().take(self.n_docs()) {
            if g >= n_groups {
                continue;
            }
            let (ids, counts) = self.row(d);
            for (&id, &c) in ids.iter().zip(counts) {
                *acc[g].entry(id).or_insert(0) += c;
            }
        }
        TermCounts::from_row_maps(self.terms.clone(), acc)
    }

    /// Counts from one map per row (term id to count), each row's ids
    /// sorted ascending: the CSR form that grouping builds, whether the
    /// rows were summed in memory or while streaming.
    pub fn from_row_maps(
        terms: Vec<Box<str>>,
        rows: impl IntoIterator<Item = FxHashMap<u32, u32>>,
    ) -> TermCounts {
        let mut out = TermCounts {
            terms,
            indptr: vec![0],
            ids: Vec::new(),
            counts: Vec::new(),
        };
        for m in rows {
            let mut row: Vec<(u32, u32)> = m.into_iter().collect();
            row.sort_unstable();
            for (id, c) in row {
                out.ids.push(id);
                out.counts.push(c);
            }
            out.indptr.push(out.ids.len());
        }
        out
    }
}

/// Calls `f` with every n-gram (n in `ngram_range`, inclusive) of
/// `tokens`, joined by single spaces, in scikit-learn's order.
#[inline]
pub fn for_each_ngram(
    tokens: &[&str],
    ngram_range: (usize, usize),
    join_buf: &mut String,
    mut f: impl FnMut(&str),
) {
    let (min_n, max_n) = ngram_range;
    if min_n <= 1 && max_n >= 1 {
        for t in tokens {
            f(t);
        }
    }
    for n in min_n.max(2)..=max_n.min(tokens.len()) {
        for w in tokens.windows(n) {
            join_buf.clear();
            for (k, t) in w.iter().enumerate() {
                if k > 0 {
                    join_buf.push(' ');
                }
                join_buf.push_str(t);
            }
            f(join_buf);
        }
    }
}

struct Chunk {
    terms: Vec<Box<str>>,
    doc_lens: Vec<usize>,
    ids: Vec<u32>,
    counts: Vec<u32>,
}

/// Reuses a vector's allocation for a vector of a shorter-lived borrow.
fn recycle<'b>(mut v: Vec<&str>) -> Vec<&'b str> {
    v.clear();
    // An empty Vec<&str> holds no borrow; collecting from an empty
    // iterator reuses the allocation in place (same size and alignment).
    v.into_iter().map(|_| "").collect()
}

fn count_chunk<T: TokenSource>(
    src: &T,
    range: std::ops::Range<usize>,
    ngram: (usize, usize),
) -> Chunk {
    let mut map: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut buf = String::new();
    let mut join = String::new();
    // For each local id: the last document (+1) it was seen in and where
    // its count sits, so a document's counts need no sort and no map.
    let mut last_doc: Vec<u32> = Vec::new();
    let mut slot: Vec<u32> = Vec::new();
    let mut chunk = Chunk {
        terms: Vec::new(),
        doc_lens: Vec::with_capacity(range.len()),
        ids: Vec::new(),
        counts: Vec::new(),
    };
    let mut toks = Vec::new();
    for (k, i) in range.enumerate() {
        let doc_mark = k as u32 + 1;
        let before = chunk.ids.len();
        toks.clear();
        let mut toks_i = std::mem::take(&mut toks);
        src.tokens(i, &mut buf, &mut toks_i);
        for_each_ngram(&toks_i, ngram, &mut join, |t| {
            let id = match map.get(t) {
                Some(&id) => id,
                None => {
                    let id = map.len() as u32;
                    map.insert(Box::from(t), id);
                    last_doc.push(0);
                    slot.push(0);
                    id
                }
            };
            let u = id as usize;
            if last_doc[u] == doc_mark {
                chunk.counts[slot[u] as usize] += 1;
            } else {
                last_doc[u] = doc_mark;
                slot[u] = chunk.ids.len() as u32;
                chunk.ids.push(id);
                chunk.counts.push(1);
            }
        });
        // Keep the token vector's capacity for the next document.
        toks_i.clear();
        toks = recycle(toks_i);
        chunk.doc_lens.push(chunk.ids.len() - before);
    }
    let mut terms: Vec<Box<str>> = vec![Box::from(""); map.len()];
    for (t, id) in map {
        terms[id as usize] = t;
    }
    chunk.terms = terms;
    chunk
}

/// Counts the n-grams of every document of `src`.
pub fn count_docs<T: TokenSource>(src: &T, ngram_range: (usize, usize)) -> TermCounts {
    let n = src.n_docs();
    let n_chunks = n.div_ceil(CHUNK_DOCS);
    let chunks: Vec<Chunk> = (0..n_chunks)
        .into_par_iter()
        .map(|c| {
            count_chunk(
                src,
                c * CHUNK_DOCS..((c + 1) * CHUNK_DOCS).min(n),
                ngram_range,
            )
        })
        .collect();
    merge_chunks(chunks)
}

fn merge_chunks(chunks: Vec<Chunk>) -> TermCounts {
    let mut map: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut terms: Vec<Box<str>> = Vec::new();
    // Sequential, in chunk order: global ids depend only on the input.
    let mut remaps: Vec<Vec<u32>> = Vec::with_capacity(chunks.len());
    let mut rest = Vec::with_capacity(chunks.len());
    for ch in chunks {
        let mut remap = Vec::with_capacity(ch.terms.len());
        for t in ch.terms {
            let id = match map.get(&t) {
                Some(&id) => id,
                None => {
                    let id = terms.len() as u32;
                    terms.push(t.clone());
                    map.insert(t, id);
                    id
                }
            };
            remap.push(id);
        }
        remaps.push(remap);
        rest.push((ch.doc_lens, ch.ids, ch.counts));
    }
    drop(map);
    // Remap and re-sort each document's ids in parallel.
    let rows: Vec<(Vec<usize>, Vec<u32>, Vec<u32>)> = rest
        .into_par_iter()
        .zip(remaps.par_iter())
        .map(|((lens, ids, counts), remap)| {
            let mut out_ids = Vec::with_capacity(ids.len());
            let mut out_counts = Vec::with_capacity(ids.len());
            let mut pos = 0;
            let mut pairs: Vec<(u32, u32)> = Vec::new();
            for &len in &lens {
                pairs.clear();
                pairs.extend(
                    ids[pos..pos + len]
                        .iter()
                        .zip(&counts[pos..pos + len])
                        .map(|(&i, &c)| (remap[i as usize], c)),
                );
                for &(i, c) in &pairs {
                    out_ids.push(i);
                    out_counts.push(c);
                }
                pos += len;
            }
            (lens, out_ids, out_counts)
        })
        .collect();
    let mut out = TermCounts {
        terms,
        indptr: vec![0],
        ids: Vec::new(),
        counts: Vec::new(),
    };
    for (lens, ids, counts) in rows {
        for len in lens {
            let last = *out.indptr.last().unwrap_or(&0);
            out.indptr.push(last + len);
        }
        out.ids.extend(ids);
        out.counts.extend(counts);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::tokens::PreTokenized;

    #[test]
    fn counts_and_bigrams() {
        let docs = vec![vec!["a", "b", "a"], vec![], vec!["b"]];
        let c = count_docs(&PreTokenized { docs: &docs }, (1, 2));
        assert_eq!(c.n_docs(), 3);
        let name = |d: usize| -> Vec<(String, u32)> {
            let (ids, cs) = c.row(d);
            let mut v: Vec<_> = ids
                .iter()
                .zip(cs)
                .map(|(&i, &n)| (c.terms[i as usize].to_string(), n))
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            name(0),
            vec![
                ("a".into(), 2),
                ("a b".into(), 1),
                ("b".into(), 1),
                ("b a".into(), 1)
            ]
        );
        assert!(name(1).is_empty());
        assert_eq!(name(2), vec![("b".into(), 1)]);
        let g = c.grouped(&[0, 1, 0], 2);
        assert_eq!(g.n_docs(), 2);
        assert_eq!(g.row(0).1.iter().sum::<u32>(), 6);
    }
}
