//! Cleaning the five seed articles: every kind of junk goes, every
//! sentence of the articles stays.

mod common;

use framelens::clean::{Cleaned, Cleaner, REPEATED_TITLE};
use framelens::corpus::{read_corpus, Document, ReadOptions};

fn cleaned_seeds() -> (Vec<Document>, Vec<Cleaned>) {
    let corpus = read_corpus(&common::seeds(), &ReadOptions::default()).unwrap();
    let cleaned = Cleaner::builtin().clean_corpus(&corpus.documents);
    (corpus.documents, cleaned)
}

#[test]
fn no_junk_survives_in_any_seed() {
    let (docs, cleaned) = cleaned_seeds();
    let junk = [
        "icon bookmark-bicon",
        "bookmarkicon",
        "[ad_1]",
        "Oops!Something went wrong",
        "Something went wrong",
        "Read also",
        "Also on rt.com",
        "TO SEE |",
        "Photo of author",
        "By admin",
        "18 Mar, 2021 10:28",
    ];
    for (d, c) in docs.iter().zip(&cleaned) {
        for j in junk {
            assert!(!c.text.contains(j), "{} still has {j:?}", d.id);
        }
    }
}

#[test]
fn rt_title_kept_once_and_its_copy_audited() {
    let (docs, cleaned) = cleaned_seeds();
    let rt = &cleaned[3];
    let title = docs[3].title.as_deref().unwrap();
    assert_eq!(rt.text.matches(title).count(), 1);
    assert!(
        rt.text.starts_with(title),
        "the headline is content and stays"
    );
    let copy: Vec<_> = rt
        .removed
        .iter()
        .filter(|r| r.rule == REPEATED_TITLE)
        .collect();
    assert_eq!(copy.len(), 1);
    assert_eq!(copy[0].line, 6);
    assert_eq!(copy[0].text, title);
}

#[test]
fn every_removal_names_its_rule_and_reason() {
    let (_, cleaned) = cleaned_seeds();
    let by_doc: Vec<Vec<&str>> = cleaned
        .iter()
        .map(|c| c.removed.iter().map(|r| r.rule.as_str()).collect())
        .collect();
    assert_eq!(
        by_doc[0],
        vec!["photo-of-author", "by-admin", "read-also", "to-see"]
    );
    assert_eq!(by_doc[1], vec!["scraper-marker"]);
    assert_eq!(by_doc[2], vec!["date-only"]);
    assert_eq!(
        by_doc[3],
        vec![
            "icon-font",
            "date-only",
            REPEATED_TITLE,
            "also-on-site",
            "also-on-site"
        ]
    );
    assert_eq!(by_doc[4], vec!["ui-error", "ui-error"]);
    assert!(cleaned
        .iter()
        .flat_map(|c| &c.removed)
        .all(|r| !r.reason.is_empty() && r.line > 0));
}

#[test]
fn key_sentences_survive() {
    let (_, cleaned) = cleaned_seeds();
    let keep: [(usize, &str); 12] = [
        (
            0,
            "“Killer”: Putin mocks Biden, promises to defend Russian interests",
        ),
        (0, "We always see our own characteristics in the other"),
        (0, "Russian Ambassador to Washington to leave for Moscow"),
        (1, "The head of the Kremlin responds to the attack"),
        (1, "“There has never been anything like it”"),
        (1, "Hiroshima"),
        (2, "Moscow [Russia], March 19 : Russia has reacted angrily"),
        (
            2,
            "\"These are very bad statements by the President of the United States.",
        ),
        (
            3,
            "Kremlin spokesman Dmitry Peskov said there was no precedent",
        ),
        (
            3,
            "“These are very bad statements by the US president,” he added.",
        ),
        (4, "\"It takes one to know one,\" he added."),
        (4, "\"And they will have to deal with it.”"),
    ];
    for (i, s) in keep {
        assert!(cleaned[i].text.contains(s), "seed {i} lost {s:?}");
    }
}

/// Every non-blank line of a seed is either in the cleaned text or in the audit.
#[test]
fn every_line_is_kept_or_accounted_for() {
    let (docs, cleaned) = cleaned_seeds();
    for (d, c) in docs.iter().zip(&cleaned) {
        let kept: Vec<&str> = c.text.lines().collect();
        for (i, line) in d.text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let audited = c.removed.iter().any(|r| r.line == i + 1);
            assert!(
                audited || kept.contains(&line),
                "{} line {} neither kept nor audited: {line:?}",
                d.id,
                i + 1
            );
        }
        // Nothing is removed that the audit does not list.
        let removed_lines: std::collections::BTreeSet<usize> =
            c.removed.iter().map(|r| r.line).collect();
        let total = d.text.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(
            kept.iter().filter(|l| !l.is_empty()).count(),
            total - removed_lines.len()
        );
    }
}

#[test]
fn paragraph_structure_is_kept() {
    let (_, cleaned) = cleaned_seeds();
    // 000 uses blank lines between paragraphs, 004 does not.
    assert!(cleaned[0]
        .text
        .contains(".\n\n“It is the one who says it who is,”"));
    assert!(!cleaned[4].text.contains("\n\n"));
    assert!(cleaned.iter().all(|c| !c.text.contains("\n\n\n")));
    assert!(cleaned
        .iter()
        .all(|c| !c.text.starts_with('\n') && !c.text.ends_with('\n')));
}

#[test]
fn passthrough_keeps_the_seeds_byte_for_byte() {
    let corpus = read_corpus(&common::seeds(), &ReadOptions::default()).unwrap();
    let cleaned = Cleaner::passthrough().clean_corpus(&corpus.documents);
    for (d, c) in corpus.documents.iter().zip(cleaned) {
        assert_eq!(c.text, d.text);
    }
}

#[test]
fn basil_learning_finds_little_and_keeps_text() {
    let Some(path) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    let corpus = read_corpus(&path, &ReadOptions::default()).unwrap();
    let cleaned = Cleaner::builtin().clean_corpus(&corpus.documents);
    let removed: usize = cleaned.iter().map(|c| c.removed.len()).sum();
    let chars_before: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
    let chars_after: usize = cleaned.iter().map(|c| c.text.len()).sum();
    eprintln!("BASIL: {removed} removals, {chars_before} -> {chars_after} bytes");
    // BASIL texts are already clean article bodies: cleaning must not eat them.
    assert!(chars_after as f64 > 0.97 * chars_before as f64);
    // Deterministic.
    assert_eq!(cleaned, Cleaner::builtin().clean_corpus(&corpus.documents));
}
