//! Library error type. Every error that comes from user input names the
//! file and, where there is one, the line, so the command line can print
//! `error: FILE:LINE: what is wrong`.

use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in the user's input a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// 1-based line number, when the problem is on one line.
    pub line: Option<usize>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path.display(), line),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// Errors the library reports. Messages are one line, without a trailing
/// period, and start with the location when there is one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The content of an input file is malformed at a known place.
    #[error("{location}: {message}")]
    Parse { location: Location, message: String },
    /// The input is well formed but cannot be analysed as asked
    /// (one outlet only, zero tokens, unknown outlet, ...).
    #[error("{context}: {message}")]
    Input { context: String, message: String },
    /// A parameter given by the user is out of range or contradictory.
    #[error("invalid parameter {name}: {message}")]
    Param { name: String, message: String },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A parse error at `path`, optionally at a 1-based `line`.
    pub fn parse(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Error::Parse {
            location: Location {
                path: path.into(),
                line,
            },
            message: message.into(),
        }
    }

    /// An input that cannot be analysed as asked.
    pub fn input(context: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            context: context.into(),
            message: message.into(),
        }
    }

    /// A bad parameter.
    pub fn param(name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Param {
            name: name.into(),
            message: message.into(),
        }
    }
}
