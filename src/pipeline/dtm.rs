//! The document-term matrix of a corpus (`framelens dtm`, Python's
//! `framelens.dtm`): documents cleaned (or analysed) as every command does,
//! counted by [`crate::stats::dtm`], rows by document or summed by outlet,
//! event or any label.

use super::measures::field_value;
use super::prepare::{clean, prepare, PrepareOptions};
use super::progress::NoProgress;
use crate::corpus::Document;
use crate::stats::dtm::{count_matrix, Dtm, DtmParams, WithoutStopWords};
use crate::stats::{AnalyzedDocs, SklearnDocs, TokenSource};
use crate::text::{shared_analyzer, AnalyzedDoc, Voice};
use crate::{Error, Result};
use std::collections::{BTreeSet, HashSet};

/// Where the tokens come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DtmTokens {
    /// scikit-learn's `(?u)\b\w\w+\b`, after Python's `str.lower()` when
    /// `lowercase` (`CountVectorizer`'s defaults).
    Sklearn { lowercase: bool },
    /// framelens' normalised tokens in one voice (own words, quotes, all).
    Framelens { voice: Voice },
}

/// Stop words to leave out before n-grams are formed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum StopWords {
    #[default]
    None,
    /// The built-in list of a language: `english`/`en`, `german`/`de`,
    /// `french`/`fr` (the Snowball lists in `data/`).
    Builtin(String),
    /// Words given by the user (compared with the tokens as they are, so
    /// lowercase them for lowercased tokens).
    Words(HashSet<String>),
}

/// Languages with a built-in stop word list, and the code of each.
const STOP_LANGUAGES: &[(&str, &str)] = &[
    ("english", "en"),
    ("en", "en"),
    ("german", "de"),
    ("de", "de"),
    ("french", "fr"),
    ("fr", "fr"),
];

impl StopWords {
    /// `english`, `german`, `french` (or their codes), or a list of words.
    pub fn builtin(name: &str) -> Result<StopWords> {
        let lower = name.to_lowercase();
        STOP_LANGUAGES
            .iter()
            .find(|(n, _)| *n == lower)
            .map(|(_, code)| StopWords::Builtin(code.to_string()))
            .ok_or_else(|| {
                Error::param(
                    "stop_words",
                    format!(
                        "{name:?} has no built-in stop word list; choose english, german or french, or give the words"
                    ),
                )
            })
    }

    /// A predicate for [`WithoutStopWords`], `None` for no stop words.
    fn predicate(&self) -> Option<StopPredicate<'_>> {
        match self {
            StopWords::None => None,
            StopWords::Builtin(code) => {
                let a = shared_analyzer(Some(code));
                Some(Box::new(move |t: &str| a.is_stop(t)))
            }
            StopWords::Words(set) => Some(Box::new(move |t: &str| set.contains(t))),
        }
    }
}

/// Whether a token is a stop word.
type StopPredicate<'a> = Box<dyn Fn(&str) -> bool + Sync + 'a>;

/// Everything a document-term matrix is made with.
#[derive(Debug, Clone)]
pub struct DtmOptions {
    pub params: DtmParams,
    pub tokens: DtmTokens,
    pub stop_words: StopWords,
    /// Rows: `None` one per document, else one per value of this field
    /// (`outlet`, `event`, `language`, `date` or a label; see
    /// [`field_value`]), the documents' counts added.
    pub by: Option<String>,
    pub prepare: PrepareOptions,
}

impl Default for DtmOptions {
    fn default() -> Self {
        DtmOptions {
            params: DtmParams::default(),
            tokens: DtmTokens::Sklearn { lowercase: true },
            stop_words: StopWords::None,
            by: None,
            prepare: PrepareOptions::default(),
        }
    }
}

/// One document row: what `rows.tsv` says of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocRow {
    pub id: String,
    pub outlet: String,
    pub event: String,
    pub date: String,
}

/// One group row: its value and how many documents it sums.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupRow {
    pub group: String,
    pub documents: usize,
}

/// The rows of a matrix, in row order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DtmRows {
    /// One per document, in input order.
    Documents(Vec<DocRow>),
    /// One per value of `field`, sorted.
    Groups { field: String, rows: Vec<GroupRow> },
}

impl DtmRows {
    /// The name of each row: document id or group value.
    pub fn names(&self) -> Vec<&str> {
        match self {
            DtmRows::Documents(d) => d.iter().map(|r| r.id.as_str()).collect(),
            DtmRows::Groups { rows, .. } => rows.iter().map(|r| r.group.as_str()).collect(),
        }
    }
}

/// A document-term matrix with its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct DtmRun {
    pub dtm: Dtm,
    pub rows: DtmRows,
}

/// The document-term matrix of `docs` (as read; cleaned here unless
/// `opts.prepare.no_clean`). `input` names the corpus in errors.
pub fn document_term_matrix(docs: Vec<Document>, opts: &DtmOptions, input: &str) -> Result<DtmRun> {
    use crate::params::Check;
    opts.params.check_ref()?;
    // Check the grouping field before the (long) counting.
    let groups = match &opts.by {
        None => None,
        Some(field) => Some(groups_of(&docs, field, input)?),
    };
    let stop = opts.stop_words.predicate();
    let dtm = match opts.tokens {
        DtmTokens::Sklearn { lowercase } => {
            let cleaned = clean(docs.clone(), opts.prepare);
            let texts: Vec<&str> = cleaned.iter().map(|d| d.text.as_str()).collect();
            count_with(&SklearnDocs::new(&texts, lowercase), stop.as_deref(), opts)?
        }
        DtmTokens::Framelens { voice } => {
            let analyzed: Vec<AnalyzedDoc> = prepare(docs.clone(), opts.prepare, &NoProgress)
                .into_iter()
                .map(|p| p.analyzed)
                .collect();
            let src = AnalyzedDocs {
                docs: &analyzed,
                voice,
            };
            count_with(&src, stop.as_deref(), opts)?
        }
    };
    Ok(match groups {
        None => DtmRun {
            dtm,
            rows: DtmRows::Documents(
                docs.iter()
                    .map(|d| DocRow {
                        id: d.id.clone(),
                        outlet: d.outlet.clone(),
                        event: d.event.clone(),
                        date: d.date.clone().unwrap_or_default(),
                    })
                    .collect(),
            ),
        },
        Some((field, names, of_doc)) => {
            let mut sizes = vec![0usize; names.len()];
            for g in of_doc.iter().flatten() {
                sizes[*g] += 1;
            }
            DtmRun {
                dtm: dtm.grouped(&of_doc, names.len()),
                rows: DtmRows::Groups {
                    field,
                    rows: names
                        .into_iter()
                        .zip(sizes)
                        .map(|(group, documents)| GroupRow { group, documents })
                        .collect(),
                },
            }
        }
    })
}

fn count_with<T: TokenSource>(
    src: &T,
    stop: Option<&(dyn Fn(&str) -> bool + Sync)>,
    opts: &DtmOptions,
) -> Result<Dtm> {
    match stop {
        None => count_matrix(src, &opts.params),
        Some(is_stop) => count_matrix(
            &WithoutStopWords {
                inner: src,
                is_stop,
            },
            &opts.params,
        ),
    }
}

/// The groups of `field` (sorted values) and each document's group
/// (`None` when it has no value); an error when no document has one.
type Groups = (String, Vec<String>, Vec<Option<usize>>);

fn groups_of(docs: &[Document], field: &str, input: &str) -> Result<Groups> {
    let values: Vec<Option<String>> = docs.iter().map(|d| field_value(d, field)).collect();
    let names: Vec<String> = values
        .iter()
        .flatten()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if names.is_empty() {
        let mut fields: BTreeSet<&str> = ["outlet", "event", "language", "date"].into();
        for d in docs {
            fields.extend(d.labels.keys().map(String::as_str));
        }
        return Err(Error::input(
            input,
            format!(
                "no document has a field {field:?} to group by (fields: {})",
                fields.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let of_doc = values
        .iter()
        .map(|v| v.as_ref().and_then(|v| names.binary_search(v).ok()))
        .collect();
    Ok((field.to_string(), names, of_doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, outlet: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            outlet: outlet.into(),
            text: text.into(),
            ..Document::default()
        }
    }

    #[test]
    fn rows_by_document_and_by_outlet() {
        let docs = vec![
            doc("a", "fox", "The wall and the border"),
            doc("b", "nyt", "border wall wall"),
            doc("c", "fox", "The border"),
        ];
        let opts = DtmOptions {
            stop_words: StopWords::builtin("english").unwrap(),
            ..DtmOptions::default()
        };
        let run = document_term_matrix(docs.clone(), &opts, "x").unwrap();
        assert_eq!(run.rows.names(), ["a", "b", "c"]);
        assert_eq!(
            run.dtm.terms.iter().map(|t| &**t).collect::<Vec<_>>(),
            ["border", "wall"]
        );
        let by = DtmOptions {
            by: Some("outlet".into()),
            ..opts
        };
        let run = document_term_matrix(docs.clone(), &by, "x").unwrap();
        assert_eq!(run.rows.names(), ["fox", "nyt"]);
        assert_eq!(run.dtm.row(0), (&[0u32, 1][..], &[2u32, 1][..]));
        let bad = DtmOptions {
            by: Some("lean".into()),
            ..DtmOptions::default()
        };
        let e = document_term_matrix(docs, &bad, "x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"lean\"") && e.contains("outlet"), "{e}");
        assert!(StopWords::builtin("klingon").is_err());
    }
}
