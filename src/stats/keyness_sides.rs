//! Which documents a keyness comparison sets against which: the target
//! outlet against reference outlets (every other outlet by default), and
//! the background prior of log-odds from a second corpus.
//!
//! Kept beside [`super::keyness`] so that every caller (the `keyness`
//! command, a library user) splits and counts the same way.

use super::count::TermCounts;
use crate::text::{AnalyzedDoc, Voice};
use std::collections::HashMap;

/// The two sides of a keyness comparison, by outlet id.
#[derive(Debug, Clone, Copy)]
pub struct Sides<'a> {
    /// The outlet whose words are examined.
    pub target: &'a str,
    /// Reference outlets; empty means every outlet but the target.
    pub reference: &'a [String],
}

impl Sides<'_> {
    /// `Some(true)` for the target, `Some(false)` for a reference outlet,
    /// `None` for an outlet on neither side.
    pub fn side(&self, outlet: &str) -> Option<bool> {
        if outlet == self.target {
            Some(true)
        } else if self.reference.is_empty() || self.reference.iter().any(|r| r == outlet) {
            Some(false)
        } else {
            None
        }
    }

    /// Term totals of the target and of the reference side. `counts` has
    /// one row per document, `outlets` the outlet of each row in order.
    pub fn split<'o>(
        &self,
        counts: &TermCounts,
        outlets: impl IntoIterator<Item = &'o str>,
    ) -> (Vec<u64>, Vec<u64>) {
        let mut target = vec![0u64; counts.terms.len()];
        let mut reference = vec![0u64; counts.terms.len()];
        for (d, outlet) in outlets.into_iter().enumerate() {
            let Some(is_target) = self.side(outlet) else {
                continue;
            };
            let acc = if is_target {
                &mut target
            } else {
                &mut reference
            };
            let (ids, cs) = counts.row(d);
            for (&i, &c) in ids.iter().zip(cs) {
                acc[i as usize] += u64::from(c);
            }
        }
        (target, reference)
    }
}

/// Counts of each normalised word of `voice` over a background corpus: the
/// prior of log-odds with a background (`Prior::Background`).
pub fn background_counts<'a>(
    docs: impl IntoIterator<Item = &'a AnalyzedDoc>,
    voice: Voice,
) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    for a in docs {
        for t in a.tokens_in(voice) {
            *out.entry(t.norm.clone()).or_insert(0) += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_default_to_every_other_outlet() {
        let none: Vec<String> = Vec::new();
        let s = Sides {
            target: "a",
            reference: &none,
        };
        assert_eq!(s.side("a"), Some(true));
        assert_eq!(s.side("b"), Some(false));
        let only_b = vec!["b".to_string()];
        let s = Sides {
            target: "a",
            reference: &only_b,
        };
        assert_eq!(s.side("c"), None);
    }
}
