//! Removing scraped boilerplate, and saying what was removed and why.
//!
//! Cleaning works line by line, in three steps:
//! 1. **rules** from a data file (`data/clean_rules.toml` built in; format
//!    in `docs/cleaning.md`) drop whole lines or cut inline markers;
//! 2. **repeated title**: the first line of content is the headline and
//!    stays (it is the outlet's own wording); later copies of it, or of the
//!    document's `title` field, are dropped;
//! 3. **outlet boilerplate** (corpus only, [`Cleaner::clean_corpus`]):
//!    lines recurring in many documents of one outlet are dropped.
//!
//! Every removal is reported ([`Removal`]) with its 1-based line, its text,
//! the rule id and a reason, so the result can be audited. Blank lines are
//! kept as paragraph breaks (runs of them collapse to one).

mod learn;
mod rules;

pub use learn::{line_hash, line_key, Learned, Learner};
pub use rules::{LearnOptions, Rule, RuleKind, OUTLET_BOILERPLATE, REPEATED_TITLE};

use crate::corpus::Document;
use crate::error::{Error, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// The built-in rules file.
const BUILTIN_RULES: &str = include_str!("../../data/clean_rules.toml");

/// One removed line (or inline marker).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// 1-based line in the document's text as read.
    pub line: usize,
    /// What was removed, as written.
    pub text: String,
    /// Id of the rule that removed it.
    pub rule: String,
    /// Why it is not article text.
    pub reason: String,
}

/// A document's cleaned text and the audit of what was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Cleaned {
    pub text: String,
    /// Removals in line order.
    pub removed: Vec<Removal>,
}

/// The state of one line after the per-document steps.
#[derive(Debug, Clone)]
enum Line {
    Blank,
    Kept(String),
    Removed,
}

/// Result of the per-document steps, before corpus learning.
#[derive(Debug, Clone)]
struct Pass {
    lines: Vec<Line>,
    removed: Vec<Removal>,
}

impl Pass {
    fn kept(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().filter_map(|l| match l {
            Line::Kept(s) => Some(s.as_str()),
            _ => None,
        })
    }
}

/// Boilerplate remover: rules plus corpus learning thresholds.
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: Vec<Rule>,
    learn: LearnOptions,
    /// Leave text exactly as given (`--no-clean`).
    passthrough: bool,
}

impl Cleaner {
    /// The built-in rules of `data/clean_rules.toml`.
    pub fn builtin() -> Self {
        // The built-in file is tested (rules::tests::builtin_rules_parse);
        // should it ever fail, cleaning falls back to the structural steps.
        let (rules, learn) = rules::parse_rules(BUILTIN_RULES, Path::new("data/clean_rules.toml"))
            .unwrap_or_default();
        Cleaner {
            rules,
            learn,
            passthrough: false,
        }
    }

    /// Rules from a user's TOML file (same format as the built-in one).
    pub fn from_toml(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = crate::corpus::decode::decode_text(path, bytes)?;
        Self::from_toml_str(&text, path)
    }

    /// Rules from TOML text; `origin` names it in error messages.
    pub fn from_toml_str(text: &str, origin: &Path) -> Result<Self> {
        let (rules, learn) = rules::parse_rules(text, origin)?;
        Ok(Cleaner {
            rules,
            learn,
            passthrough: false,
        })
    }

    /// A cleaner that changes nothing: text stays byte for byte as read
    /// (for `--no-clean` and parity checks against other tools).
    pub fn passthrough() -> Self {
        Cleaner {
            rules: Vec::new(),
            learn: LearnOptions::default(),
            passthrough: true,
        }
    }

    /// Whether this cleaner leaves text unchanged.
    pub fn is_passthrough(&self) -> bool {
        self.passthrough
    }

    /// The rules, in the order they are tried.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The thresholds for corpus learning.
    pub fn learn_options(&self) -> LearnOptions {
        self.learn
    }

    /// Replace the thresholds for corpus learning.
    pub fn with_learn_options(mut self, learn: LearnOptions) -> Self {
        self.learn = learn;
        self
    }

    /// Clean one document with the rules and the repeated-title step
    /// (no corpus learning).
    pub fn clean(&self, doc: &Document) -> Cleaned {
        self.clean_with(doc, &Learned::default())
    }

    /// Clean one document, also dropping lines `learned` as its outlet's
    /// boilerplate (see [`Cleaner::learner`] for streaming use).
    pub fn clean_with(&self, doc: &Document, learned: &Learned) -> Cleaned {
        if self.passthrough {
            return Cleaned {
                text: doc.text.clone(),
                removed: Vec::new(),
            };
        }
        finish(self.first_pass(doc), doc, learned)
    }

    /// A learner for this cleaner's thresholds: feed it every document
    /// with [`Cleaner::learn_from`], then [`Learner::finish`] and
    /// [`Cleaner::clean_with`]. For inputs streamed twice.
    pub fn learner(&self) -> Learner {
        Learner::new(self.learn)
    }

    /// Count `doc`'s lines (after the per-document steps) in `learner`.
    pub fn learn_from(&self, learner: &mut Learner, doc: &Document) {
        if !self.passthrough {
            let pass = self.first_pass(doc);
            learner.add(doc, pass.kept());
        }
    }

    /// What [`Cleaner::learn_from`] counts of `doc`, hashed: its lines after
    /// the per-document steps (nothing for the passthrough cleaner). Pure,
    /// so callers can run it in parallel and fold with
    /// [`Learner::add_hashes`] in input order.
    pub fn learn_hashes(&self, doc: &Document) -> Vec<u64> {
        if self.passthrough {
            return Vec::new();
        }
        self.first_pass(doc).kept().map(line_hash).collect()
    }

    /// Learn outlet boilerplate from `docs` without cleaning them.
    pub fn learn(&self, docs: &[Document]) -> Learned {
        let mut learner = self.learner();
        for doc in docs {
            self.learn_from(&mut learner, doc);
        }
        learner.finish()
    }

    /// Clean every document, learning each outlet's boilerplate from the
    /// corpus first. Parallel over documents; the result does not depend
    /// on the number of threads. Output order follows `docs`.
    pub fn clean_corpus(&self, docs: &[Document]) -> Vec<Cleaned> {
        if self.passthrough {
            return docs.iter().map(|d| self.clean(d)).collect();
        }
        let passes: Vec<Pass> = docs.par_iter().map(|d| self.first_pass(d)).collect();
        let mut learner = self.learner();
        for (doc, pass) in docs.iter().zip(&passes) {
            learner.add(doc, pass.kept());
        }
        let learned = learner.finish();
        passes
            .into_par_iter()
            .zip(docs.par_iter())
            .map(|(pass, doc)| finish(pass, doc, &learned))
            .collect()
    }

    /// Clean documents in place (text replaced by the cleaned text) and
    /// return the removals of each.
    pub fn clean_in_place(&self, docs: &mut [Document]) -> Vec<Vec<Removal>> {
        let cleaned = self.clean_corpus(docs);
        docs.iter_mut()
            .zip(cleaned)
            .map(|(doc, c)| {
                doc.text = c.text;
                c.removed
            })
            .collect()
    }

    /// Rules and the repeated-title step.
    fn first_pass(&self, doc: &Document) -> Pass {
        let mut lines = Vec::new();
        let mut removed = Vec::new();
        // Keys of the title: the `title` field and the first line kept,
        // hashed like the learner's lines (no key string per line).
        let mut title_keys: HashSet<u64> = doc.title.iter().map(|t| line_hash(t)).collect();
        let mut seen_titles: HashSet<u64> = HashSet::new();
        let mut first_kept = true;
        for (i, raw) in doc.text.split('\n').enumerate() {
            let line_no = i + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                lines.push(Line::Blank);
                continue;
            }
            if let Some(rule) = self.line_rule(trimmed) {
                removed.push(removal(line_no, trimmed, &rule.id, &rule.reason));
                lines.push(Line::Removed);
                continue;
            }
            let mut text = trimmed.to_string();
            for rule in self.rules.iter().filter(|r| r.kind == RuleKind::Inline) {
                if rule.regex.is_match(&text) {
                    for m in rule.regex.find_iter(&text) {
                        removed.push(removal(line_no, m.as_str(), &rule.id, &rule.reason));
                    }
                    // Join the words around the cut with one space.
                    let cut = rule.regex.replace_all(&text, " ");
                    text = cut.split_whitespace().collect::<Vec<_>>().join(" ");
                }
            }
            if text.is_empty() {
                lines.push(Line::Removed);
                continue;
            }
            let key = line_hash(&text);
            if first_kept {
                first_kept = false;
                title_keys.insert(key);
            }
            if title_keys.contains(&key) && !seen_titles.insert(key) {
                removed.push(removal(
                    line_no,
                    &text,
                    REPEATED_TITLE,
                    "another copy of the headline, already kept once",
                ));
                lines.push(Line::Removed);
                continue;
            }
            lines.push(Line::Kept(text));
        }
        Pass { lines, removed }
    }

    /// The first whole-line rule matching `line`.
    fn line_rule(&self, line: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.kind != RuleKind::Inline && r.regex.is_match(line))
    }
}

impl Default for Cleaner {
    fn default() -> Self {
        Cleaner::builtin()
    }
}

fn removal(line: usize, text: &str, rule: &str, reason: &str) -> Removal {
    Removal {
        line,
        text: text.to_string(),
        rule: rule.to_string(),
        reason: reason.to_string(),
    }
}

/// Drop learned lines and assemble the text, keeping paragraph breaks.
fn finish(pass: Pass, doc: &Document, learned: &Learned) -> Cleaned {
    let Pass { lines, mut removed } = pass;
    let mut out = String::new();
    let mut pending_blank = false;
    for (i, line) in lines.into_iter().enumerate() {
        match line {
            Line::Removed => {}
            Line::Blank => pending_blank = !out.is_empty(),
            Line::Kept(text) => {
                if let Some(reason) = learned.reason(&doc.outlet, &text) {
                    removed.push(removal(i + 1, &text, OUTLET_BOILERPLATE, reason));
                    continue;
                }
                if !out.is_empty() {
                    out.push_str(if pending_blank { "\n\n" } else { "\n" });
                }
                pending_blank = false;
                out.push_str(&text);
            }
        }
    }
    removed.sort_by_key(|r| r.line);
    Cleaned { text: out, removed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document {
            id: "d".into(),
            outlet: "o".into(),
            text: text.into(),
            ..Document::default()
        }
    }

    #[test]
    fn rules_remove_lines_and_keep_paragraphs() {
        let c = Cleaner::builtin().clean(&doc(
            "Headline\n\nPhoto of author\n\nBy admin\n\nFirst para.\nSecond line.\n\n\n• Read also: other\n\nLast.\n",
        ));
        assert_eq!(c.text, "Headline\n\nFirst para.\nSecond line.\n\nLast.");
        let rules: Vec<&str> = c.removed.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(rules, vec!["photo-of-author", "by-admin", "read-also"]);
        assert_eq!(c.removed[2].line, 11);
    }

    #[test]
    fn inline_markers_are_cut_and_empty_lines_dropped() {
        let c = Cleaner::builtin().clean(&doc("[ad_1]\nText [ad_2] here."));
        assert_eq!(c.text, "Text here.");
        assert_eq!(c.removed.len(), 2);
        assert_eq!(c.removed[0].text, "[ad_1]");
        assert_eq!(
            (c.removed[1].line, c.removed[1].rule.as_str()),
            (2, "scraper-marker")
        );
    }

    #[test]
    fn title_kept_once() {
        let mut d = doc("Big news\n\nBig  NEWS\n\nBody mentions Big news.\nThe Title\n");
        d.title = Some("The title".into());
        let c = Cleaner::builtin().clean(&d);
        assert_eq!(c.text, "Big news\n\nBody mentions Big news.\nThe Title");
        assert_eq!(c.removed.len(), 1);
        assert_eq!(c.removed[0].rule, REPEATED_TITLE);
        assert_eq!(c.removed[0].line, 3);
    }

    #[test]
    fn date_only_lines_go_but_datelines_in_sentences_stay() {
        let c = Cleaner::builtin().clean(&doc(
            "T\n18 Mar, 2021 10:28\nMar 19, 2021\n2021-03-18\nMoscow [Russia], March 19 : Russia said.\nOn Mar 19, 2021 it rained.",
        ));
        assert_eq!(
            c.text,
            "T\nMoscow [Russia], March 19 : Russia said.\nOn Mar 19, 2021 it rained."
        );
        assert!(c.removed.iter().all(|r| r.rule == "date-only"));
    }

    #[test]
    fn passthrough_changes_nothing() {
        let d = doc("[ad_1]\r\n  x  \n\n\n");
        let c = Cleaner::passthrough().clean_corpus(std::slice::from_ref(&d));
        assert_eq!(c[0].text, d.text);
        assert!(c[0].removed.is_empty());
    }

    #[test]
    fn corpus_learning_removes_outlet_boilerplate_only() {
        let mut docs = Vec::new();
        for i in 0..5 {
            let mut d = doc(&format!(
                "Title {i}\nStory {i}.\nSign up for our newsletter"
            ));
            d.id = format!("a{i}");
            d.event = format!("e{i}");
            docs.push(d);
        }
        let mut other = doc("Other title\nSign up for our newsletter");
        other.outlet = "p".into();
        docs.push(other);
        let cleaned = Cleaner::builtin().clean_corpus(&docs);
        assert_eq!(cleaned[0].text, "Title 0\nStory 0.");
        let r = &cleaned[0].removed[0];
        assert_eq!((r.line, r.rule.as_str()), (3, OUTLET_BOILERPLATE));
        assert_eq!(r.reason, "recurs in 5 of 5 documents of outlet `o`");
        assert_eq!(cleaned[5].text, "Other title\nSign up for our newsletter");
        // Same result whether learned up front or streamed.
        let learned = Cleaner::builtin().learn(&docs);
        assert_eq!(
            Cleaner::builtin().clean_with(&docs[0], &learned),
            cleaned[0]
        );
    }
}
