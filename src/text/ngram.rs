//! N-grams and content tokens.

use super::{AnalyzedDoc, Voice};

/// Contiguous `n`-grams of `tokens`, joined by one space. Yields nothing
/// when `n` is 0 or larger than the number of tokens.
pub fn ngrams<'a>(tokens: &'a [&'a str], n: usize) -> impl Iterator<Item = String> + 'a {
    let count = if n == 0 {
        0
    } else {
        (tokens.len() + 1).saturating_sub(n)
    };
    (0..count).map(move |i| tokens[i..i + n].join(" "))
}

/// Norms of the content words (not stop words, with at least one letter)
/// counted for `voice`, in text order.
pub fn content_norms(doc: &AnalyzedDoc, voice: Voice) -> Vec<&str> {
    doc.tokens_in(voice)
        .filter(|t| !t.is_stop && t.is_alpha)
        .map(|t| t.norm.as_str())
        .collect()
}

/// Stems of the content words counted for `voice`, in text order.
pub fn content_stems(doc: &AnalyzedDoc, voice: Voice) -> Vec<&str> {
    doc.tokens_in(voice)
        .filter(|t| !t.is_stop && t.is_alpha)
        .map(|t| t.stem.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_and_edges() {
        let t = ["a", "b", "c"];
        assert_eq!(ngrams(&t, 2).collect::<Vec<_>>(), ["a b", "b c"]);
        assert_eq!(ngrams(&t, 3).collect::<Vec<_>>(), ["a b c"]);
        assert_eq!(ngrams(&t, 4).count(), 0);
        assert_eq!(ngrams(&t, 0).count(), 0);
        assert_eq!(ngrams(&t, 1).collect::<Vec<_>>(), ["a", "b", "c"]);
    }

    #[test]
    fn content_words_per_voice() {
        let doc = crate::text::analyze("Putin mocked the “killer” remark.", None);
        assert_eq!(
            content_norms(&doc, Voice::Own),
            ["putin", "mocked", "remark"]
        );
        assert_eq!(content_norms(&doc, Voice::Quoted), ["killer"]);
        assert_eq!(
            content_stems(&doc, Voice::All),
            ["putin", "mock", "killer", "remark"]
        );
    }
}
