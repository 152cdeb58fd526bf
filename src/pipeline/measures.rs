//! Measures over a whole prepared corpus that every front end (the
//! command line, the Python package) asks for the same way, with the same
//! checks and messages: keyness of one outlet against others.

use super::prepare::Prepared;
use crate::stats::{count_docs, keyness, KeynessParams, KeynessRow, Sides, TokenSource};
use crate::text::Voice;
use crate::{Error, Result};
use std::collections::BTreeSet;

/// Keyness of the `target` outlet's words against the `reference` outlets
/// (every other outlet when empty), counted over `voice`. `input` names the
/// corpus in messages. An unknown outlet, or no outlet left to compare
/// with, is an error that lists the outlets there are.
pub fn outlet_keyness(
    docs: &[Prepared],
    input: &str,
    sides: Sides<'_>,
    params: &KeynessParams,
    voice: Voice,
) -> Result<Vec<KeynessRow>> {
    let outlets: BTreeSet<&str> = docs.iter().map(|p| p.doc.outlet.as_str()).collect();
    let listed = || outlets.iter().copied().collect::<Vec<_>>().join(", ");
    if !outlets.contains(sides.target) {
        return Err(Error::input(
            input,
            format!(
                "unknown target outlet {:?} (outlets: {})",
                sides.target,
                listed()
            ),
        ));
    }
    if let Some(r) = sides
        .reference
        .iter()
        .find(|r| !outlets.contains(r.as_str()))
    {
        return Err(Error::input(
            input,
            format!("unknown reference outlet {r:?} (outlets: {})", listed()),
        ));
    }
    let only_target =
        !sides.reference.is_empty() && sides.reference.iter().all(|r| r == sides.target);
    if outlets.len() < 2 || only_target {
        return Err(Error::input(
            input,
            format!(
                "keyness needs a reference: the input has no outlet other than {:?}",
                sides.target
            ),
        ));
    }
    let counts = count_docs(&PreparedTokens { docs, voice }, (1, 1));
    let (target, reference) = sides.split(&counts, docs.iter().map(|p| p.doc.outlet.as_str()));
    keyness(&counts.terms, &target, &reference, params)
}

/// The normalised tokens of prepared documents in one voice (as
/// [`crate::stats::AnalyzedDocs`], without copying the analyses out).
struct PreparedTokens<'a> {
    docs: &'a [Prepared],
    voice: Voice,
}

impl TokenSource for PreparedTokens<'_> {
    fn n_docs(&self) -> usize {
        self.docs.len()
    }

    fn tokens<'s>(&'s self, i: usize, _buf: &'s mut String, out: &mut Vec<&'s str>) {
        if let Some(p) = self.docs.get(i) {
            out.extend(p.analyzed.tokens_in(self.voice).map(|t| t.norm.as_str()));
        }
    }
}
