//! Lexicons: categories of words and phrases, matched on analysed text.
//!
//! Flow: a file (TOML, `.dic`, VADER, word list) or a built-in is read into
//! a [`Lexicon`]; [`Matcher::new`] compiles lexicons into hash maps keyed by
//! token form and stem; [`Matcher::find`] returns every [`Match`] in an
//! [`crate::text::AnalyzedDoc`] with its voice (own or quoted), speaker,
//! negation and intensifier; [`score`] turns matches into rates per 1,000
//! tokens with bootstrap intervals. [`vader`] is a separate, exact port of
//! vaderSentiment.

pub mod affect;
pub mod builtin;
pub mod dic;
pub mod kwic;
pub mod matcher;
pub mod model;
pub mod score;
pub mod toml_format;
pub mod vader;
pub mod vader_doc;
pub mod wordlist;

pub use builtin::{builtin, builtins};
pub use matcher::{Match, Matcher};
pub use model::{Category, ConceptGroup, Entry, Lexicon, Loaded, Term, Variant};

use crate::{Error, Result};
use std::path::Path;
use std::sync::OnceLock;

/// Normalise a lexicon word exactly as the text module normalises tokens
/// ([`crate::text::normalize`]: NFKC, lowercase, typographic apostrophes
/// and hyphens made plain). One implementation, so an entry written with
/// U+02BC or U+2011 matches the token it spells.
pub fn normalize_word(w: &str) -> String {
    crate::text::normalize(w)
}

/// English Snowball stem of a lowercase word, as the text module stems tokens.
pub fn stem_word(w: &str) -> String {
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
        .stem(w)
        .into_owned()
}

/// File formats a lexicon can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Dic,
    Vader,
    Words,
}

impl Format {
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "toml" => Some(Format::Toml),
            "dic" | "liwc" => Some(Format::Dic),
            "vader" => Some(Format::Vader),
            "words" | "txt" | "wordlist" => Some(Format::Words),
            _ => None,
        }
    }
}

/// Parse lexicon text in `format`; `origin` names the file in errors.
pub fn parse(text: &str, format: Format, origin: &Path) -> Result<Lexicon> {
    match format {
        Format::Toml => toml_format::parse_toml(text, origin),
        Format::Dic => dic::parse_dic(text, origin),
        Format::Vader => wordlist::parse_vader(text, origin),
        Format::Words => wordlist::parse_wordlist(text, origin),
    }
}

/// Largest lexicon file read, in bytes (64 MiB). The largest published
/// lexicons are a few MiB (VADER's is 0.4 MiB); a bigger file is a wrong
/// path, and without a bound `/dev/zero` or a growing log would be read
/// until memory runs out.
pub const MAX_LEXICON_BYTES: u64 = 64 * 1024 * 1024;

/// Read the text of a lexicon file (every format, and VADER's own files):
/// only a regular file (after following symlinks), at most
/// [`MAX_LEXICON_BYTES`], UTF-8 without NUL bytes. Errors are one line that
/// names the file.
pub fn read_lexicon_file(path: &Path) -> Result<String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device, FIFO or socket)"
        };
        return Err(Error::parse(
            path,
            None,
            format!("{what}; a lexicon must be a regular file"),
        ));
    }
    let too_big = || {
        Error::parse(
            path,
            None,
            format!(
                "lexicon file is larger than {} MiB, the most framelens reads",
                MAX_LEXICON_BYTES / (1024 * 1024)
            ),
        )
    };
    if meta.len() > MAX_LEXICON_BYTES {
        return Err(too_big());
    }
    // The size can change after the check (or be reported as 0, as in
    // /proc): read one byte past the cap and refuse if it is there.
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_LEXICON_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_LEXICON_BYTES {
        return Err(too_big());
    }
    if bytes.contains(&0) {
        return Err(Error::parse(
            path,
            None,
            "binary data (NUL bytes), not a text lexicon",
        ));
    }
    String::from_utf8(bytes).map_err(|_| Error::parse(path, None, "lexicon file is not UTF-8"))
}

/// Read a lexicon file.
pub fn load(path: &Path, format: Format) -> Result<Lexicon> {
    let text = read_lexicon_file(path)?;
    let lex = parse(&text, format, path)?;
    // An empty lexicon scores zero everywhere, which reads as a finding;
    // a file with no entries is a mistake (wrong path or wrong format).
    if lex.n_entries() == 0 {
        return Err(Error::parse(
            path,
            None,
            "lexicon has no entries (empty file, or not in the format given)",
        ));
    }
    Ok(lex)
}

/// A `--lexicon` argument: a built-in name, or `FORMAT=PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexiconSpec {
    Builtin(String),
    /// `vader`: vaderSentiment 3.3.2's own lexicons, compiled in.
    Vader,
    File(Format, std::path::PathBuf),
}

impl std::str::FromStr for LexiconSpec {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.split_once('=') {
            Some((fmt, path)) => {
                let format = Format::from_name(fmt).ok_or_else(|| {
                    Error::param(
                        "lexicon",
                        format!("unknown format {fmt:?} (toml, dic, vader, words)"),
                    )
                })?;
                Ok(LexiconSpec::File(format, path.into()))
            }
            None if s == "vader" => Ok(LexiconSpec::Vader),
            None => {
                if builtin(s).is_none() {
                    let names: Vec<String> = builtins().iter().map(|l| l.name.clone()).collect();
                    return Err(Error::param(
                        "lexicon",
                        format!(
                            "no built-in lexicon {s:?} (built-ins: {}, vader; or FORMAT=PATH)",
                            names.join(", ")
                        ),
                    ));
                }
                Ok(LexiconSpec::Builtin(s.to_string()))
            }
        }
    }
}

impl LexiconSpec {
    /// Load the lexicon this names.
    pub fn load(&self) -> Result<Lexicon> {
        match self {
            LexiconSpec::Builtin(name) => builtin(name)
                .ok_or_else(|| Error::param("lexicon", format!("no built-in lexicon {name:?}"))),
            LexiconSpec::Vader => {
                let origin = Path::new("data/lexicons/vader_lexicon.txt");
                let mut lex = wordlist::parse_vader(vader::BUILTIN_WORDS, origin)?;
                lex.origin = "builtin".into();
                Ok(lex)
            }
            LexiconSpec::File(format, path) => load(path, *format),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry written with a modifier-letter apostrophe (U+02BC) or a
    /// non-breaking hyphen (U+2011) matches the token the text module
    /// makes of the same word: lexicon and tokens share one normalisation.
    #[test]
    fn entries_with_typographic_marks_match_tokens() {
        let lex = toml_format::parse_toml(
            "name = \"t\"\n[[categories]]\nname = \"c\"\nprovenance = \"test\"\n\
             entries = [\"o\u{02BC}neill\", \"ex\u{2011}convict\", \"soviet\u{2010}era\"]\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let m = Matcher::new(&[lex]);
        let doc = crate::text::analyze(
            "O\u{02BC}Neill met an ex\u{2011}convict. Soviet-era flats.",
            None,
        );
        let found: Vec<String> = m.find(0, &doc).into_iter().map(|x| x.entry).collect();
        assert_eq!(
            found,
            ["o\u{02BC}neill", "ex\u{2011}convict", "soviet\u{2010}era"],
            "tokens: {:?}",
            doc.tokens.iter().map(|t| &t.norm).collect::<Vec<_>>()
        );
        assert_eq!(normalize_word("O\u{02BC}Neill"), "o'neill");
        assert_eq!(normalize_word("ex\u{2011}convict"), "ex-convict");
    }

    #[test]
    fn lexicon_files_must_be_regular_and_bounded() {
        let err = read_lexicon_file(Path::new("/dev/zero"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("/dev/zero: ") && err.contains("regular file"),
            "{err}"
        );
        let dir = tempfile::tempdir().unwrap();
        let err = read_lexicon_file(dir.path()).unwrap_err().to_string();
        assert!(err.contains("a folder"), "{err}");
        let big = dir.path().join("big.txt");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_LEXICON_BYTES + 1).unwrap();
        let err = read_lexicon_file(&big).unwrap_err().to_string();
        assert!(err.contains("larger than 64 MiB"), "{err}");
        let ok = dir.path().join("ok.txt");
        std::fs::write(&ok, "thug\n").unwrap();
        assert_eq!(read_lexicon_file(&ok).unwrap(), "thug\n");
    }
}
