//! LIWC / quanteda `.dic` dictionaries.
//!
//! ```text
//! %
//! 1   negemo
//! 2   anger   1
//! %
//! abandon*    1
//! hit back    1   2
//! ```
//! Between the two `%` lines: category id, name and optionally a parent id
//! (nested categories, as in LIWC2015). After: an entry (one or more words;
//! `*` globs) followed by its category ids. Fields are separated by tabs, or
//! by spaces when the line has no tab (then the trailing numeric fields are
//! the ids and the words before them the entry). Line ends may be LF, CRLF
//! or CR alone (old Mac exports).

use super::model::{parse_entry, Category, Lexicon, Loaded};
use crate::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// Split on every line-end convention.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|l| l.split('\r'))
}

/// Fields of a line: tab-separated when there is a tab, else whitespace.
fn fields(line: &str) -> Vec<&str> {
    if line.contains('\t') {
        line.split('\t')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect()
    } else {
        line.split_whitespace().collect()
    }
}

/// Parse a `.dic` file. The lexicon is named after the file stem.
pub fn parse_dic(text: &str, origin: &Path) -> Result<Lexicon> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Line numbers count CRLF as one line end.
    let normalized = text.replace("\r\n", "\n");
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut categories: Vec<Category> = Vec::new();
    let mut section = 0; // 0 before header, 1 in header, 2 entries
    for (n, raw) in lines(&normalized).enumerate() {
        let line_no = n + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line == "%" {
            section = match section {
                0 => 1,
                1 => 2,
                _ => return Err(Error::parse(origin, Some(line_no), "a third '%' line")),
            };
            continue;
        }
        match section {
            0 => {
                return Err(Error::parse(
                    origin,
                    Some(line_no),
                    "expected '%' to open the category header",
                ))
            }
            1 => {
                let f = fields(line);
                if f.len() < 2 {
                    return Err(Error::parse(
                        origin,
                        Some(line_no),
                        "expected ID<TAB>NAME in the header",
                    ));
                }
                let parent = match f.get(2) {
                    Some(pid) => Some(
                        ids.get(*pid)
                            .map(|&i| categories[i].name.clone())
                            .ok_or_else(|| {
                                Error::parse(
                                    origin,
                                    Some(line_no),
                                    format!("parent category id {pid} is not defined above"),
                                )
                            })?,
                    ),
                    None => None,
                };
                if ids.contains_key(f[0]) {
                    return Err(Error::parse(
                        origin,
                        Some(line_no),
                        format!("category id {} defined twice", f[0]),
                    ));
                }
                // Scores are reported by category name: two ids of one
                // name would be two rows nobody can tell apart.
                if categories.iter().any(|c| c.name == f[1]) {
                    return Err(Error::parse(
                        origin,
                        Some(line_no),
                        format!("category name {:?} defined twice", f[1]),
                    ));
                }
                ids.insert(f[0].to_string(), categories.len());
                categories.push(Category {
                    name: f[1].to_string(),
                    parent,
                    provenance: format!("from {}", origin.display()),
                    entries: Vec::new(),
                    loaded: Loaded::No,
                });
            }
            _ => {
                let f = fields(line);
                // Trailing fields that are category ids; the rest is the entry.
                let n_ids = f.iter().rev().take_while(|x| ids.contains_key(**x)).count();
                if n_ids == 0 {
                    let last = f.last().copied().unwrap_or("");
                    let msg = if last.chars().all(|c| c.is_ascii_digit()) {
                        format!("category id {last} is not in the header")
                    } else {
                        "entry has no category id".to_string()
                    };
                    return Err(Error::parse(origin, Some(line_no), msg));
                }
                let words = f[..f.len() - n_ids].join(" ");
                if words.is_empty() {
                    return Err(Error::parse(
                        origin,
                        Some(line_no),
                        "category ids without an entry",
                    ));
                }
                let entry = parse_entry(&words, false, 1.0)
                    .ok_or_else(|| Error::parse(origin, Some(line_no), "empty entry"))?;
                for id in &f[f.len() - n_ids..] {
                    if let Some(&i) = ids.get(*id) {
                        categories[i].entries.push(entry.clone());
                    }
                }
            }
        }
    }
    if section < 2 {
        return Err(Error::parse(origin, None, "missing '%' header lines"));
    }
    let name = origin
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dic".into());
    Ok(Lexicon {
        name,
        description: format!("LIWC-style dictionary {}", origin.display()),
        origin: origin.display().to_string(),
        categories,
        concepts: Vec::new(),
        loaded_from_grade: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::model::Term;

    #[test]
    fn tabs_spaces_cr_nested_phrases_globs() {
        let text = "%\r1\tnegemo\r2 anger 1\r%\rabandon*\t1\rhit back 2\rhate\t1\t2\r";
        let lex = parse_dic(text, Path::new("x.dic")).unwrap();
        assert_eq!(lex.categories.len(), 2);
        assert_eq!(lex.categories[1].parent.as_deref(), Some("negemo"));
        assert_eq!(
            lex.categories[0].entries[0].terms,
            vec![Term::Prefix("abandon".into())]
        );
        assert_eq!(lex.categories[1].entries[0].terms.len(), 2);
        assert_eq!(lex.categories[0].entries.len(), 2);
        assert_eq!(lex.categories[1].entries.len(), 2);
    }

    #[test]
    fn crlf_and_errors_name_line() {
        let text = "%\r\n1\tneg\r\n%\r\nbad\t1\r\nworse\t7\r\n";
        let err = parse_dic(text, Path::new("y.dic")).unwrap_err().to_string();
        assert_eq!(err, "y.dic:5: category id 7 is not in the header");
        let err = parse_dic("%\n1\tneg\n%\nbad\n", Path::new("z.dic"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "z.dic:4: entry has no category id");
    }

    #[test]
    fn a_category_name_twice_is_refused() {
        let err = parse_dic("%\n1\tneg\n2\tneg\n%\nbad\t1\n", Path::new("d.dic"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "d.dic:3: category name \"neg\" defined twice");
    }
}
