//! Learning an outlet's own boilerplate: lines that recur across many of
//! its documents ("Sign up for our newsletter", a fixed credit line) are
//! page furniture, whatever their wording, so no rule has to name them.
//!
//! Lines are compared after [`line_key`] normalisation and stored as
//! 64-bit hashes, so memory grows with the number of distinct lines, not
//! with their length.

use super::rules::LearnOptions;
use crate::corpus::Document;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hasher;

/// The comparison form of a line: lowercase, whitespace collapsed, curly
/// quotes made straight.
pub fn line_key(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2018}' | '\u{2019}' => out.push('\''),
                '\u{201C}' | '\u{201D}' => out.push('"'),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// Hash of a line's comparison form (fixed keys: the same in every run).
/// Equal to hashing [`line_key`]'s string, but fed to the hasher as it is
/// formed: every line of every document passes here twice in a streaming
/// run, and building the key first was the cleaner's largest cost.
pub fn line_hash(line: &str) -> u64 {
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    let mut buf = [0u8; 4];
    let mut first = true;
    for word in line.split_whitespace() {
        if !first {
            h.write(b" ");
        }
        first = false;
        for c in word.chars() {
            match c {
                '\u{2018}' | '\u{2019}' => h.write(b"'"),
                '\u{201C}' | '\u{201D}' => h.write(b"\""),
                c => {
                    for l in c.to_lowercase() {
                        h.write(l.encode_utf8(&mut buf).as_bytes());
                    }
                }
            }
        }
    }
    // What `str`'s Hash adds after the bytes.
    h.write_u8(0xff);
    h.finish()
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct LineStat {
    docs: usize,
    /// Distinct events seen (indices), kept only up to `min_events`.
    events: Vec<usize>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct OutletStat {
    docs: usize,
    events: HashMap<String, usize>,
    lines: HashMap<u64, LineStat>,
}

/// Collects line counts per outlet, one document at a time. Serialisable,
/// so the learners of a corpus' parts can travel to where they are merged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Learner {
    opts: LearnOptions,
    outlets: BTreeMap<String, OutletStat>,
}

/// Lines learned as boilerplate, per outlet: hash -> reason.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Learned {
    lines: HashMap<String, HashMap<u64, String>>,
}

impl Learned {
    /// The reason a line of `outlet`'s document is boilerplate, if it is.
    pub fn reason(&self, outlet: &str, line: &str) -> Option<&str> {
        let by_outlet = self.lines.get(outlet)?;
        by_outlet.get(&line_hash(line)).map(String::as_str)
    }

    /// Number of learned lines over all outlets.
    pub fn len(&self) -> usize {
        self.lines.values().map(HashMap::len).sum()
    }

    /// Whether nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Add the lines of `other`, learned from another bucket of the same
    /// learner ([`Learner::split`]): the buckets hold disjoint lines, so
    /// their union is what the unsplit learner learns.
    pub fn merge(&mut self, other: Learned) {
        for (outlet, lines) in other.lines {
            self.lines.entry(outlet).or_default().extend(lines);
        }
    }
}

impl Learner {
    pub fn new(opts: LearnOptions) -> Self {
        Learner {
            opts,
            outlets: BTreeMap::new(),
        }
    }

    /// Count the (non-blank) `lines` of `doc`, each once per document.
    pub fn add<'a>(&mut self, doc: &Document, lines: impl Iterator<Item = &'a str>) {
        self.add_hashes(doc, lines.map(line_hash));
    }

    /// [`Learner::add`] with the lines already hashed by [`line_hash`]
    /// (hashing is the costly part, and can run in parallel).
    pub fn add_hashes(&mut self, doc: &Document, hashes: impl Iterator<Item = u64>) {
        let o = self.outlets.entry(doc.outlet.clone()).or_default();
        o.docs += 1;
        let next = o.events.len();
        let event = *o.events.entry(doc.event.clone()).or_insert(next);
        let mut seen = HashSet::new();
        for h in hashes {
            if !seen.insert(h) {
                continue;
            }
            let stat = o.lines.entry(h).or_default();
            stat.docs += 1;
            if stat.events.len() < self.opts.min_events.max(1) && !stat.events.contains(&event) {
                stat.events.push(event);
            }
        }
    }

    /// Fold in the counts of another learner over other documents of the
    /// same corpus (a shard): the lines learned are then those one learner
    /// over both inputs learns, whichever is merged into which.
    pub fn merge(&mut self, other: Learner) {
        let cap = self.opts.min_events.max(1);
        for (outlet, o) in other.outlets {
            let mine = self.outlets.entry(outlet).or_default();
            mine.docs += o.docs;
            let mut remap = vec![0usize; o.events.len()];
            for (name, i) in o.events {
                let next = mine.events.len();
                let j = *mine.events.entry(name).or_insert(next);
                if let Some(r) = remap.get_mut(i) {
                    *r = j;
                }
            }
            for (h, s) in o.lines {
                let stat = mine.lines.entry(h).or_default();
                stat.docs += s.docs;
                for e in s.events {
                    let e = remap.get(e).copied().unwrap_or(e);
                    if stat.events.len() < cap && !stat.events.contains(&e) {
                        stat.events.push(e);
                    }
                }
            }
        }
    }

    /// The thresholds this learner applies.
    pub fn options(&self) -> LearnOptions {
        self.opts
    }

    /// Cut the learner into `buckets` learners by line hash, so that a
    /// corpus' learners can be merged bucket by bucket on several machines
    /// (memory then grows with a bucket's share of the distinct lines, not
    /// with all of them). Every bucket keeps each outlet's document and
    /// event counts, which the thresholds need, and only its own lines;
    /// merging bucket `k` over all parts and finishing it learns exactly
    /// the lines of bucket `k` that one learner over the whole corpus
    /// learns. Bucket `k` holds the lines whose hash is `k` modulo
    /// `buckets` (at least 1).
    pub fn split(self, buckets: u64) -> Vec<Learner> {
        let n = buckets.max(1);
        let mut out: Vec<Learner> = (0..n)
            .map(|_| Learner {
                opts: self.opts,
                outlets: BTreeMap::new(),
            })
            .collect();
        for (outlet, o) in self.outlets {
            let mut parts: Vec<OutletStat> = (0..n)
                .map(|_| OutletStat {
                    docs: o.docs,
                    events: o.events.clone(),
                    lines: HashMap::new(),
                })
                .collect();
            for (h, s) in o.lines {
                if let Some(p) = parts.get_mut((h % n) as usize) {
                    p.lines.insert(h, s);
                }
            }
            for (learner, p) in out.iter_mut().zip(parts) {
                learner.outlets.insert(outlet.clone(), p);
            }
        }
        out
    }

    /// Apply the thresholds.
    pub fn finish(self) -> Learned {
        let mut lines = HashMap::new();
        for (outlet, o) in self.outlets {
            let need_events = if o.events.len() >= self.opts.min_events {
                self.opts.min_events
            } else {
                1
            };
            let min_docs = (self.opts.min_docs as f64).max(self.opts.min_share * o.docs as f64);
            let learned: HashMap<u64, String> = o
                .lines
                .into_iter()
                .filter(|(_, s)| s.docs as f64 >= min_docs && s.events.len() >= need_events)
                .map(|(h, s)| {
                    let reason = format!(
                        "recurs in {} of {} documents of outlet `{outlet}`",
                        s.docs, o.docs
                    );
                    (h, reason)
                })
                .collect();
            if !learned.is_empty() {
                lines.insert(outlet, learned);
            }
        }
        Learned { lines }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(outlet: &str, event: &str) -> Document {
        Document {
            outlet: outlet.into(),
            event: event.into(),
            ..Document::default()
        }
    }

    #[test]
    fn keys_ignore_case_spacing_and_quote_style() {
        assert_eq!(
            line_key("  Sign UP \t for “news”  "),
            "sign up for \"news\""
        );
        assert_eq!(line_hash("A  b"), line_hash("a b"));
        // The streamed hash is the hash of the key string.
        for line in ["", "  Sign UP \t for “news”  ", "İstanbul ‘QUOTE’ ΣΑΣ", "a"] {
            #[allow(deprecated)]
            let mut h = std::hash::SipHasher::new();
            std::hash::Hash::hash(&line_key(line), &mut h);
            assert_eq!(line_hash(line), h.finish(), "{line:?}");
        }
    }

    #[test]
    fn thresholds_count_documents_share_and_events() {
        let mut l = Learner::new(LearnOptions::default());
        for i in 0..10 {
            let ev = format!("e{i}");
            let unique = format!("unique line {i}");
            let mut lines = vec!["Subscribe now", unique.as_str(), "subscribe NOW"];
            if i < 2 {
                lines.push("only twice");
            }
            l.add(&doc("a", &ev), lines.into_iter());
            // Same line in 4 docs of outlet b, but all of one event.
            if i < 4 {
                l.add(&doc("b", "same"), ["repeated update"].into_iter());
            }
        }
        l.add(&doc("b", "other"), ["x"].into_iter());
        let learned = l.finish();
        let reason = learned.reason("a", "subscribe  NOW").unwrap();
        assert_eq!(reason, "recurs in 10 of 10 documents of outlet `a`");
        assert!(learned.reason("a", "only twice").is_none());
        assert!(learned.reason("a", "unique line 3").is_none());
        assert!(learned.reason("b", "repeated update").is_none());
        assert!(learned.reason("b", "Subscribe now").is_none());
    }

    /// Learners of parts, split into buckets, merged bucket by bucket (in
    /// another order) and finished, learn what one learner over the whole
    /// input learns; a serialised learner reads back whole.
    #[test]
    fn split_buckets_merge_to_the_whole_learner() {
        let opts = LearnOptions::default();
        let mut whole = Learner::new(opts);
        let mut parts = vec![Learner::new(opts), Learner::new(opts), Learner::new(opts)];
        for i in 0..30 {
            let ev = format!("e{}", i % 4);
            let outlet = if i % 3 == 0 { "b" } else { "a" };
            let unique = format!("unique {i}");
            let lines = ["Subscribe now", "Follow us", unique.as_str(), "x"];
            let lines = &lines[..if i % 5 == 0 { 4 } else { 3 }];
            whole.add(&doc(outlet, &ev), lines.iter().copied());
            parts[i % 3].add(&doc(outlet, &ev), lines.iter().copied());
        }
        let expected = whole.finish();
        let parts: Vec<Learner> = parts
            .into_iter()
            .map(|p| serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap())
            .collect();
        let mut buckets: Vec<Option<Learner>> = vec![None, None, None, None];
        for p in parts.into_iter().rev() {
            for (k, b) in p.split(4).into_iter().enumerate() {
                match &mut buckets[k] {
                    Some(m) => m.merge(b),
                    slot => *slot = Some(b),
                }
            }
        }
        let mut learned = Learned::default();
        for b in buckets.into_iter().flatten() {
            learned.merge(b.finish());
        }
        assert!(!expected.is_empty());
        assert_eq!(learned.len(), expected.len());
        for (outlet, lines) in &expected.lines {
            assert_eq!(learned.lines.get(outlet), Some(lines), "outlet {outlet}");
        }
    }
}
