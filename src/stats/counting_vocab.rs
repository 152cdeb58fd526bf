//! A vocabulary that counts: term strings to dense `u32` ids, with each
//! term's count in the current document and its document frequency, for
//! counting tens of millions of tokens.
//!
//! A lookup runs once per token, and with tens of thousands of terms its
//! cost is memory latency, not arithmetic. A `HashMap<Box<str>, u32>`
//! reads the table, then the box, then the bytes, and the counts live in
//! yet another array: up to four cache misses for a rare word. Here a
//! 32-byte slot (half a cache line, never straddling two) holds sixteen
//! bytes of the term, its length, id, count and document frequency, so a
//! token of up to sixteen bytes (nearly every token of running text) is
//! found and counted with one read. Longer terms also read their bytes,
//! which sit end to end in one string.
//!
//! Even one read is a cache miss for a rare term once the table outgrows
//! the cache (135,000 terms of a real news corpus take 8 MB), and a miss
//! costs more than tokenising the word. [`Lookahead`] hides it: each
//! token's slot is hashed and prefetched as the token is found, and the
//! token is counted [`LOOKAHEAD`] tokens later, so several misses are in
//! flight at once instead of one after the other. Counting order, hence
//! ids and every result, is unchanged.

/// Multiplier of the Fx hash (rustc's), whose high bits index the table.
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
/// The table grows past this share of full slots (linear probing stays
/// short, and most probes stay in the slot's cache line).
const MAX_LOAD: (usize, usize) = (3, 4);
const TAG_MASK: u64 = !0 << 40;
const ID_MASK: u64 = 0xFFFF_FFFF;

/// One table slot: empty when `meta == 0`.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    /// [`prefix`] of the term.
    word: [u64; 2],
    /// Hash tag (high 24 bits), length (capped at 255) and `id + 1`.
    meta: u64,
    /// Occurrences in the current document.
    count: u32,
    /// Documents the term occurred in.
    df: u32,
}

/// Tokens between a token's prefetch and its count: enough for the slot
/// to arrive from memory meanwhile, few enough that it is still cached.
pub const LOOKAHEAD: usize = 16;
/// Tokens a [`Lookahead`] holds before it counts them all (bounds its
/// memory on a huge document).
const LOOKAHEAD_BATCH: usize = 4096;

/// The table position and tag of a term, computed before its lookup.
#[derive(Debug, Clone, Copy)]
pub struct Hashed {
    word: [u64; 2],
    h: u64,
}

/// Asks the processor to bring `slot` into the cache. A hint only: it
/// changes no value the program sees.
#[inline(always)]
fn prefetch(slot: &Slot) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` only needs SSE, part of every x86_64
    // processor; a prefetch reads nothing into the program and cannot
    // fault, and the address is that of a live slot.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((slot as *const Slot).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = slot;
}

/// Terms with ids in order of first appearance, counted per document.
#[derive(Debug, Clone)]
pub struct CountingVocab {
    slots: Vec<Slot>,
    /// log2 of `slots.len()`.
    bits: u32,
    /// All terms, end to end.
    arena: String,
    /// Start of each term in `arena`, then the end of the last.
    starts: Vec<usize>,
    /// Slots of the current document's terms, in order of first appearance.
    touched: Vec<u32>,
}

impl Default for CountingVocab {
    fn default() -> Self {
        CountingVocab::new()
    }
}

#[inline]
fn load4(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u64::from(u32::from_le_bytes(a))
}

#[inline]
fn load8(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

/// Sixteen bytes standing for the start of `b`, without a byte-by-byte
/// copy: for terms of up to sixteen bytes, two terms of the same length
/// have the same prefix only if they are equal (the loads overlap but
/// together cover every byte).
#[inline]
fn prefix(b: &[u8]) -> [u64; 2] {
    match b.len() {
        0 => [0, 0],
        n @ 1..=3 => [
            u64::from(b[0]) | (u64::from(b[n / 2]) << 8) | (u64::from(b[n - 1]) << 16),
            0,
        ],
        n @ 4..=8 => [load4(b, 0) | (load4(b, n - 4) << 32), 0],
        n @ 9..=16 => [load8(b, 0), load8(b, n - 8)],
        _ => [load8(b, 0), load8(b, 8)],
    }
}

/// Hash of the prefix, the rest of the bytes and the length: one multiply
/// for a term of up to sixteen bytes (its prefix is the whole term), Fx
/// steps over the rest of a longer one.
#[inline]
fn hash(b: &[u8], word: [u64; 2]) -> u64 {
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(SEED);
    let short = word[0] ^ word[1].rotate_left(29) ^ ((b.len() as u64) << 58);
    if b.len() <= 16 {
        return short.wrapping_mul(SEED);
    }
    let mut h = mix(0, short);
    let mut at = 16;
    while at + 8 <= b.len() {
        h = mix(h, load8(b, at));
        at += 8;
    }
    if at < b.len() {
        h = mix(h, load8(b, b.len() - 8));
    }
    mix(h, b.len() as u64)
}

/// The slot's `meta` without the id: hash tag and length.
#[inline]
fn key(h: u64, len: usize) -> u64 {
    (h & TAG_MASK) | ((len.min(255) as u64) << 32)
}

impl CountingVocab {
    pub fn new() -> Self {
        let bits = 10;
        CountingVocab {
            slots: vec![Slot::default(); 1 << bits],
            bits,
            arena: String::new(),
            starts: vec![0],
            touched: Vec::new(),
        }
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Term `id` (empty when out of range).
    pub fn term(&self, id: u32) -> &str {
        let id = id as usize;
        match (self.starts.get(id), self.starts.get(id + 1)) {
            (Some(&a), Some(&b)) => &self.arena[a..b],
            _ => "",
        }
    }

    /// Every term with its document frequency, in id order.
    pub fn terms_with_df(&self) -> Vec<(&str, u32)> {
        let mut df = vec![0; self.len()];
        for s in self.slots.iter().filter(|s| s.meta != 0) {
            if let Some(d) = df.get_mut((s.meta & ID_MASK) as usize - 1) {
                *d = s.df;
            }
        }
        self.starts
            .windows(2)
            .map(|w| &self.arena[w[0]..w[1]])
            .zip(df)
            .collect()
    }

    /// Counts one occurrence of `term` in the current document (a new term
    /// takes the next id).
    #[inline]
    pub fn count(&mut self, term: &str) {
        let word = prefix(term.as_bytes());
        let h = hash(term.as_bytes(), word);
        self.count_hashed(term, Hashed { word, h });
    }

    /// The hash of `term`, its home slot prefetched: [`Self::count_hashed`]
    /// a little later finds it in the cache.
    #[inline]
    pub fn hashed(&self, term: &str) -> Hashed {
        let word = prefix(term.as_bytes());
        let h = hash(term.as_bytes(), word);
        if let Some(s) = self.slots.get(self.home(h)) {
            prefetch(s);
        }
        Hashed { word, h }
    }

    /// [`Self::count`] with the hash of `term` from [`Self::hashed`] (the
    /// table may have grown since: the hash does not depend on its size).
    #[inline]
    pub fn count_hashed(&mut self, term: &str, k: Hashed) {
        let at = self.slot_of(term, k);
        let s = &mut self.slots[at];
        if s.count == 0 {
            self.touched.push(at as u32);
        }
        s.count += 1;
    }

    /// Ends the current document: its `(id, count)` pairs in order of first
    /// appearance (each term's document frequency goes up by one).
    pub fn end_doc(&mut self) -> impl ExactSizeIterator<Item = (u32, u32)> + '_ {
        let slots = &mut self.slots;
        self.touched.drain(..).map(move |at| {
            let s = &mut slots[at as usize];
            s.df += 1;
            let count = std::mem::take(&mut s.count);
            ((s.meta & ID_MASK) as u32 - 1, count)
        })
    }

    /// Takes one document back out of the document frequency of term `id`
    /// (a document dropped after it was counted).
    pub fn forget_doc(&mut self, id: u32) {
        let term = self.term(id);
        let word = prefix(term.as_bytes());
        let h = hash(term.as_bytes(), word);
        if let Some(at) = self.find(term, word, h) {
            let s = &mut self.slots[at];
            s.df = s.df.saturating_sub(1);
        }
    }

    /// The first slot to probe for hash `h`: the high bits of an Fx hash
    /// are the well-mixed ones.
    #[inline]
    fn home(&self, h: u64) -> usize {
        (h >> (64 - self.bits)) as usize
    }

    /// The slot of `term`, or of the empty slot where it would go. Always
    /// inlined: it runs once per token, and a call costs as much again.
    #[inline(always)]
    fn probe(&self, term: &str, word: [u64; 2], h: u64) -> (usize, bool) {
        let b = term.as_bytes();
        let key = key(h, b.len());
        let mask = self.slots.len() - 1;
        let mut at = self.home(h);
        loop {
            let s = &self.slots[at];
            if s.meta == 0 {
                return (at, false);
            }
            if s.word == word && s.meta & !ID_MASK == key {
                let id = (s.meta & ID_MASK) as usize - 1;
                if b.len() <= 16 || self.arena.as_bytes().get(self.span(id)) == Some(b) {
                    return (at, true);
                }
            }
            at = (at + 1) & mask;
        }
    }

    fn find(&self, term: &str, word: [u64; 2], h: u64) -> Option<usize> {
        match self.probe(term, word, h) {
            (at, true) => Some(at),
            _ => None,
        }
    }

    /// The slot of `term`, added when new.
    #[inline(always)]
    fn slot_of(&mut self, term: &str, Hashed { word, h }: Hashed) -> usize {
        let (at, found) = self.probe(term, word, h);
        if found {
            return at;
        }
        let id = self.len() as u64;
        self.arena.push_str(term);
        self.starts.push(self.arena.len());
        self.slots[at] = Slot {
            word,
            meta: key(h, term.len()) | (id + 1),
            count: 0,
            df: 0,
        };
        if self.len() * MAX_LOAD.1 > self.slots.len() * MAX_LOAD.0 {
            self.grow();
            return self.find(term, word, h).unwrap_or(0);
        }
        at
    }

    fn span(&self, id: usize) -> std::ops::Range<usize> {
        self.starts[id]..self.starts[id + 1]
    }

    /// Doubles the table and puts every term back, with its counts (and the
    /// current document's list of slots moves along).
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.bits += 1;
        self.slots = vec![Slot::default(); 1 << self.bits];
        let mask = self.slots.len() - 1;
        let mut moved = vec![0u32; old.len()];
        for (i, s) in old.iter().enumerate().filter(|(_, s)| s.meta != 0) {
            let id = (s.meta & ID_MASK) as usize - 1;
            let (a, b) = (self.starts[id], self.starts[id + 1]);
            let h = hash(&self.arena.as_bytes()[a..b], s.word);
            let mut at = self.home(h);
            while self.slots[at].meta != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = *s;
            moved[i] = at as u32;
        }
        for t in &mut self.touched {
            *t = moved[*t as usize];
        }
    }
}

/// Counts tokens into a [`CountingVocab`] [`LOOKAHEAD`] tokens after they
/// are found, their slots prefetched meanwhile (see the module comment).
/// Tokens that are slices of the document's text are remembered by
/// position; others (lowercased copies, joined n-grams) are copied.
#[derive(Debug, Clone, Default)]
pub struct Lookahead {
    queue: Vec<Queued>,
    /// Next entry of `queue` to count.
    next: usize,
    /// Bytes of the queued tokens that are not in the text.
    copied: String,
}

#[derive(Debug, Clone, Copy)]
struct Queued {
    k: Hashed,
    start: usize,
    end: usize,
    /// In `copied` rather than in the text.
    copied: bool,
}

impl Lookahead {
    /// Queues `token`, found in `text` (or built from it), and counts the
    /// token queued [`LOOKAHEAD`] tokens earlier.
    #[inline]
    pub fn push(&mut self, vocab: &mut CountingVocab, text: &str, token: &str) {
        let base = text.as_ptr() as usize;
        let at = token.as_ptr() as usize;
        let q = if at >= base && at + token.len() <= base + text.len() {
            Queued {
                k: vocab.hashed(token),
                start: at - base,
                end: at - base + token.len(),
                copied: false,
            }
        } else {
            let start = self.copied.len();
            self.copied.push_str(token);
            Queued {
                k: vocab.hashed(token),
                start,
                end: self.copied.len(),
                copied: true,
            }
        };
        self.queue.push(q);
        if self.queue.len() >= LOOKAHEAD_BATCH {
            self.finish(vocab, text);
        } else if self.queue.len() - self.next > LOOKAHEAD {
            self.count_next(vocab, text);
        }
    }

    /// Counts every queued token (at the end of `text`'s tokens).
    pub fn finish(&mut self, vocab: &mut CountingVocab, text: &str) {
        while self.next < self.queue.len() {
            self.count_next(vocab, text);
        }
        self.queue.clear();
        self.copied.clear();
        self.next = 0;
    }

    #[inline]
    fn count_next(&mut self, vocab: &mut CountingVocab, text: &str) {
        let Some(&q) = self.queue.get(self.next) else {
            return;
        };
        self.next += 1;
        let src = if q.copied { self.copied.as_str() } else { text };
        if let Some(t) = src.get(q.start..q.end) {
            vocab.count_hashed(t, q.k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &mut CountingVocab, doc: &[&str]) -> Vec<(u32, u32)> {
        for t in doc {
            v.count(t);
        }
        v.end_doc().collect()
    }

    #[test]
    fn ids_counts_and_df_through_growth() {
        let mut v = CountingVocab::new();
        let words: Vec<String> = (0..5000)
            .map(|i| "x".repeat(i % 40) + &format!("w{i}"))
            .collect();
        let all: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
        // One document: every word, then the first ten again, so the table
        // grows in the middle of it.
        let doc: Vec<&str> = all.iter().chain(&all[..10]).copied().collect();
        let pairs = ids(&mut v, &doc);
        let want: Vec<(u32, u32)> = (0..5000).map(|i| (i, if i < 10 { 2 } else { 1 })).collect();
        assert_eq!(pairs, want);
        let w3 = words[3].as_str();
        assert_eq!(
            ids(&mut v, &[w3, "", "é", w3]),
            vec![(3, 2), (5000, 1), (5001, 1)]
        );
        assert_eq!(v.len(), 5002);
        assert_eq!(v.term(3), w3);
        assert_eq!(v.term(9999), "");
        let df = v.terms_with_df();
        assert_eq!(df[3], (w3, 2));
        assert_eq!(df[4], (words[4].as_str(), 1));
        v.forget_doc(3);
        assert_eq!(v.terms_with_df()[3], (w3, 1));
    }

    /// Counting through a [`Lookahead`] gives the ids and counts of
    /// counting each token at once: tokens from the text and copies, short
    /// and long documents (past a batch), through the table's growth.
    #[test]
    fn lookahead_counts_as_counting_at_once() {
        let words: Vec<String> = (0..6000)
            .map(|i| format!("w{}{}", i % 1500, "y".repeat(i % 23)))
            .collect();
        let text = words.join(" ");
        let docs = [text.as_str(), "", "aa bb aa", &text[..500]];
        let mut direct = CountingVocab::new();
        let mut late = CountingVocab::new();
        let mut look = Lookahead::default();
        let mut upper = String::new();
        for doc in docs {
            for (k, t) in doc.split(' ').filter(|t| !t.is_empty()).enumerate() {
                direct.count(t);
                if k % 3 == 0 {
                    // A token not inside the text, as a lowercased copy is.
                    upper.clear();
                    upper.push_str(t);
                    look.push(&mut late, doc, &upper);
                } else {
                    look.push(&mut late, doc, t);
                }
            }
            look.finish(&mut late, doc);
            let want: Vec<(u32, u32)> = direct.end_doc().collect();
            let got: Vec<(u32, u32)> = late.end_doc().collect();
            assert_eq!(got, want);
        }
        assert_eq!(late.terms_with_df(), direct.terms_with_df());
    }

    #[test]
    fn prefixes_of_short_terms_differ() {
        // Same length, same overlapping loads only when equal.
        let terms = [
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "abce",
            "abcdefgh",
            "abcdefgi",
            "bcdefgh",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "bbcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
        ];
        let mut v = CountingVocab::new();
        let first = ids(&mut v, &terms);
        let again = ids(&mut v, &terms);
        let want: Vec<(u32, u32)> = (0..terms.len() as u32).map(|i| (i, 1)).collect();
        assert_eq!(first, want);
        assert_eq!(again, want);
    }
}
