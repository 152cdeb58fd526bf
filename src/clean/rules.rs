//! Boilerplate rules as data: the TOML format of `data/clean_rules.toml`
//! (documented in `docs/cleaning.md`), parsed and compiled to regexes.

use crate::corpus::decode::line_of;
use crate::error::{Error, Result};
use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// Rule id of the built-in step that drops later copies of the title.
pub const REPEATED_TITLE: &str = "repeated-title";
/// Rule id of lines learned as an outlet's boilerplate.
pub const OUTLET_BOILERPLATE: &str = "outlet-boilerplate";

/// How a rule's pattern is applied to a line (trimmed of surrounding whitespace).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// The whole line equals the pattern.
    LineExact,
    /// The line starts with the pattern.
    LinePrefix,
    /// The regex matches the line (anchor it with `^`/`$` as needed).
    LineRegex,
    /// Every match of the regex is cut out of the line; a line left empty is dropped.
    Inline,
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub kind: RuleKind,
    pub pattern: String,
    pub reason: String,
    pub(crate) regex: Regex,
}

/// Thresholds for learning an outlet's boilerplate from a corpus.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnOptions {
    /// Minimum number of the outlet's documents holding the line.
    pub min_docs: usize,
    /// Minimum share (0..=1) of the outlet's documents holding the line.
    pub min_share: f64,
    /// Minimum number of events the line occurs in, when the outlet's
    /// documents cover at least this many events.
    pub min_events: usize,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions {
            min_docs: 3,
            min_share: 0.3,
            min_events: 2,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    learn: Option<LearnOptions>,
    #[serde(default)]
    rule: Vec<toml::Spanned<RuleToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleToml {
    id: String,
    kind: RuleKind,
    pattern: String,
    reason: String,
    #[serde(default)]
    case_insensitive: bool,
}

/// Parse a rules file; `origin` names it in error messages.
pub fn parse_rules(text: &str, origin: &Path) -> Result<(Vec<Rule>, LearnOptions)> {
    let file: RulesFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text.as_bytes(), s.start));
        Error::parse(origin, line, e.message().trim().replace('\n', " "))
    })?;
    let learn = file.learn.unwrap_or_default();
    if !(0.0..=1.0).contains(&learn.min_share) || learn.min_docs == 0 {
        return Err(Error::parse(
            origin,
            None,
            "[learn] needs min_docs >= 1 and 0 <= min_share <= 1",
        ));
    }
    let mut ids = HashSet::new();
    let mut rules = Vec::with_capacity(file.rule.len());
    for spanned in file.rule {
        let line = line_of(text.as_bytes(), spanned.span().start);
        let r = spanned.into_inner();
        let at = |msg: String| Error::parse(origin, Some(line), msg);
        if r.id == REPEATED_TITLE || r.id == OUTLET_BOILERPLATE {
            return Err(at(format!(
                "rule id `{}` is reserved for a built-in step",
                r.id
            )));
        }
        if !ids.insert(r.id.clone()) {
            return Err(at(format!("duplicate rule id `{}`", r.id)));
        }
        if r.pattern.trim().is_empty() {
            return Err(at(format!("rule `{}` has an empty pattern", r.id)));
        }
        let source = match r.kind {
            RuleKind::LineExact => format!("^{}$", regex::escape(r.pattern.trim())),
            RuleKind::LinePrefix => format!("^{}", regex::escape(r.pattern.trim())),
            RuleKind::LineRegex | RuleKind::Inline => r.pattern.clone(),
        };
        let regex = RegexBuilder::new(&source)
            .case_insensitive(r.case_insensitive)
            .build()
            .map_err(|e| at(format!("rule `{}`: bad regex: {e}", r.id).replace('\n', " ")))?;
        rules.push(Rule {
            id: r.id,
            kind: r.kind,
            pattern: r.pattern,
            reason: r.reason,
            regex,
        });
    }
    Ok((rules, learn))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_rules(text, Path::new("r.toml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn builtin_rules_parse() {
        let (rules, learn) =
            parse_rules(include_str!("../../data/clean_rules.toml"), Path::new("b")).unwrap();
        assert!(rules.len() >= 8);
        assert_eq!(learn, LearnOptions::default());
    }

    #[test]
    fn bad_rule_files_name_the_line() {
        assert!(err(
            "[[rule]]\nid = \"a\"\nkind = \"line-regex\"\npattern = \"(\"\nreason = \"r\"\n"
        )
        .starts_with("r.toml:1: rule `a`: bad regex"));
        assert!(
            err("[[rule]]\nid = \"a\"\nkind = \"regexp\"\npattern = \"x\"\nreason = \"r\"\n")
                .starts_with("r.toml:3: unknown variant `regexp`")
        );
        assert!(
            err("[[rule]]\nid = \"a\"\nkind = \"inline\"\npattern = \"x\"\n")
                .contains("missing field `reason`")
        );
        let dup = "[[rule]]\nid = \"a\"\nkind = \"inline\"\npattern = \"x\"\nreason = \"r\"\n";
        assert!(err(&format!("{dup}{dup}")).ends_with("duplicate rule id `a`"));
        assert!(
            err("[learn]\nmin_docs = 3\nmin_share = 2.0\nmin_events = 1\n").contains("min_share")
        );
    }
}
