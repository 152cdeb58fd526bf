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

/// What values a parameter allows: stated once next to the parameter
/// (a `const` the check and the command-line help both use) and carried
/// by [`Error::OutOfRange`] so that a caller can say it its own way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Allowed {
    /// `min ..= max`, both included, in `unit` (empty for none).
    Between {
        min: f64,
        max: f64,
        unit: &'static str,
    },
    /// `0 < value <= max`: zero itself is not allowed.
    AboveZeroUpTo { max: f64 },
    /// `value >= min`.
    AtLeast { min: f64 },
    /// `value > 0`, and finite.
    Positive,
    /// `min < value < max`: neither end is allowed.
    Inside { min: f64, max: f64 },
    /// A whole count from `min` up; `otherwise` says how to ask for less.
    CountFrom { min: usize, otherwise: &'static str },
    /// A proportion, `0 <= value <= 1`.
    Fraction,
}

impl std::fmt::Display for Allowed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Allowed::Between { min, max, unit: "" } => write!(f, "{min}..={max}"),
            Allowed::Between { min, max, unit } => write!(f, "{min}..={max} {unit}"),
            Allowed::AboveZeroUpTo { max } => write!(f, "(0, {max}]"),
            Allowed::AtLeast { min } => write!(f, "at least {min}"),
            Allowed::Positive => write!(f, "positive"),
            Allowed::Inside { min, max } => write!(f, "({min}, {max})"),
            Allowed::CountFrom { min, .. } => write!(f, "an integer of at least {min}"),
            Allowed::Fraction => write!(f, "a fraction in [0, 1]"),
        }
    }
}

impl Allowed {
    /// The counts from `min` up.
    pub const fn at_least(min: usize) -> Allowed {
        Allowed::AtLeast { min: min as f64 }
    }

    /// Whether `value` is allowed (NaN never is).
    pub fn contains(&self, value: f64) -> bool {
        match *self {
            Allowed::Between { min, max, .. } => (min..=max).contains(&value),
            Allowed::AboveZeroUpTo { max } => value > 0.0 && value <= max,
            Allowed::AtLeast { min } => value >= min,
            Allowed::Positive => value > 0.0 && value.is_finite(),
            Allowed::Inside { min, max } => value > min && value < max,
            Allowed::CountFrom { min, .. } => value >= min as f64 && value.fract() == 0.0,
            Allowed::Fraction => (0.0..=1.0).contains(&value),
        }
    }

    /// `Ok(())` when `value` is allowed, else [`Error::OutOfRange`] naming
    /// the parameter `name`.
    pub fn check(&self, name: &'static str, value: impl Into<f64> + Copy) -> Result<()> {
        let v: f64 = value.into();
        if self.contains(v) {
            Ok(())
        } else {
            Err(Error::OutOfRange {
                name,
                value: v,
                allowed: *self,
            })
        }
    }

    /// [`check`](Self::check) for a count (`usize` has no lossless `f64`
    /// conversion; counts past 2^53 are far out of every range here).
    pub fn check_count(&self, name: &'static str, value: usize) -> Result<()> {
        self.check(name, value as f64)
    }
}

/// A side of a keyness comparison (see [`Error::NoTokens`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The outlet (or group) whose words are examined.
    Target,
    /// What it is set against.
    Reference,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Side::Target => "target",
            Side::Reference => "reference",
        })
    }
}

/// What an [`Error::TooFewOutlets`] lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooFew {
    /// The input holds one outlet only (`outlet`), or none.
    Input { outlet: Option<String> },
    /// No event of the input has documents from two outlets.
    Events,
    /// A measure over outlets was given none.
    NoOutlets,
}

impl std::fmt::Display for TooFew {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TooFew::Input { outlet } => write!(
                f,
                "only one outlet ({}): framelens compares outlets, give it documents from at least two",
                outlet.as_deref().unwrap_or("none")
            ),
            TooFew::Events => f.write_str("no event has documents from two or more outlets"),
            TooFew::NoOutlets => f.write_str("no outlets"),
        }
    }
}

/// Which step of making a chart failed (see [`Error::Chart`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartStep {
    /// Drawing it (plotters).
    Draw,
    /// Reading the drawn SVG back (resvg), to rasterise it.
    ParseSvg,
    /// Allocating the PNG's pixels: the size times the scale is too large.
    Allocate,
    /// Encoding the PNG.
    EncodePng,
}

/// The paths of an [`Error::OutsideFile`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsidePaths {
    /// The file as joined to the manifest's folder.
    pub file: PathBuf,
    /// The file once links and `..` are resolved.
    pub resolved: PathBuf,
    /// The manifest's folder, resolved: what `resolved` should lie in.
    pub root: PathBuf,
}

/// The phrase of an out-of-range parameter: what it must be, and what it was.
fn out_of_range(value: &f64, allowed: &Allowed) -> String {
    match allowed {
        Allowed::Between { min, max, unit: _ } if *min == 0.0 && *max == 1.0 => {
            format!("must be in [0, 1], got {value}")
        }
        Allowed::Between { .. } => format!("{value} is outside {allowed}"),
        Allowed::AboveZeroUpTo { max } => format!("must be in (0, {max}], got {value}"),
        // Said without the value, as it always was (the value is a field).
        Allowed::AtLeast { min } => format!("must be at least {min}"),
        Allowed::Positive => format!("must be positive, got {value}"),
        // Said without the value, as it always was.
        Allowed::Inside { min, max } => format!("must be between {min} and {max}"),
        Allowed::CountFrom { min, otherwise } => {
            format!("an integer must be at least {min} ({otherwise})")
        }
        Allowed::Fraction => format!("a fraction must be in [0, 1], got {value}"),
    }
}

/// The message of an [`Error::Chart`], worded as before it had a variant.
fn chart_failure(step: ChartStep, message: &str) -> String {
    match step {
        ChartStep::Draw => format!("drawing chart: {message}"),
        ChartStep::ParseSvg => format!("chart SVG: cannot parse: {message}"),
        ChartStep::Allocate => format!("invalid parameter chart size: {message}"),
        ChartStep::EncodePng => format!("chart PNG: cannot encode: {message}"),
    }
}

/// Why an output folder may not be written (see
/// [`crate::output::check_out_folder`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutRefusal {
    /// Never replaced, forced or not: `why` says what it is or holds
    /// ("is the root folder /", "holds the input ...").
    Never { why: String },
    /// It lies inside the input folder `input`.
    InsideInput { input: PathBuf },
    /// It is a file.
    NotAFolder,
    /// It exists and `what` (holds files no earlier run wrote, is a
    /// symbolic link ...): replaced only when forced.
    Foreign { what: String },
    /// Its path ends without a folder name (`..`).
    NoName,
}

impl OutRefusal {
    /// The message, calling the output folder `out` as a subject, `other`
    /// after "choose another", and the way to force a replacement `force`:
    /// the library says "the output folder", "output folder" and `force`
    /// (the option's name), the command line its flags.
    pub fn message(&self, out: &str, other: &str, force: &str) -> String {
        match self {
            OutRefusal::Never { why } => format!(
                "{out} {why}; replacing it would delete it, {force} or not: choose another {other}"
            ),
            OutRefusal::InsideInput { input } => format!(
                "{out} is inside the input folder {}: choose another {other}",
                input.display()
            ),
            OutRefusal::NotAFolder => {
                format!("{out} is a file, not a folder: choose another {other}")
            }
            OutRefusal::Foreign { what } => format!(
                "{out} exists and {what}; pass {force} to replace it, or choose another {other}"
            ),
            OutRefusal::NoName => format!("{out} has no folder name"),
        }
    }
}

/// Errors the library reports. Messages are one line, without a trailing
/// period, and start with the location when there is one.
///
/// Common failures have their own variant with the facts as fields, so a
/// caller can match on them (and reword them); [`Error::Parse`],
/// [`Error::Input`] and [`Error::Param`] carry the rest as text. Parameters
/// are named as the library knows them (`event_limit`, `width`), never by
/// a command-line flag: the binary adds its flag names when it reports.
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
    /// A numeric parameter outside the values it allows.
    #[error("invalid parameter {name}: {}", out_of_range(value, allowed))]
    OutOfRange {
        /// The parameter's name in the library (a struct field).
        name: &'static str,
        value: f64,
        allowed: Allowed,
    },
    /// A parameter that takes one of a few names got another.
    #[error("invalid parameter {name}: '{value}' is not one of {}", choices.join(", "))]
    NotOneOf {
        name: &'static str,
        value: String,
        choices: &'static [&'static str],
    },
    /// There are not enough outlets to compare: `context` is the input
    /// (or the measure) and `shortage` what it lacks.
    #[error("{context}: {shortage}")]
    TooFewOutlets { context: String, shortage: TooFew },
    /// A chart could not be drawn or written as SVG or PNG; `message` is
    /// the drawing or image library's own.
    #[error("{}", chart_failure(*step, message))]
    Chart { step: ChartStep, message: String },
    /// One side of a keyness comparison has no tokens to count.
    #[error("keyness: the {side} has no tokens")]
    NoTokens { side: Side },
    /// The output folder may not be written, for the reason `refusal` gives.
    #[error("{out}: {}", refusal.message("the output folder", "output folder", "`force`"))]
    OutFolder { out: PathBuf, refusal: OutRefusal },
    /// The input path is none of the formats there is a reader for.
    #[error(
        "{path}: unknown input format: give a folder with manifest.toml, a .jsonl or a .csv file"
    )]
    UnknownFormat { path: PathBuf },
    /// The input holds no document: it is empty, or (lenient mode) every
    /// record was skipped, as `skipped` summarises.
    #[error("{path}: no documents ({})", skipped.as_deref().unwrap_or("empty input"))]
    NoDocuments {
        path: PathBuf,
        skipped: Option<String>,
    },
    /// A manifest names a file outside its own folder, which is refused
    /// unless [`crate::corpus::ReadOptions::allow_outside_files`] is set.
    #[error(
        "{location}: file `{name}` is outside the manifest's folder ({} resolves to {}); move it into {}, or allow files outside it",
        paths.file.display(), paths.resolved.display(), paths.root.display()
    )]
    OutsideFile {
        /// The manifest and the line of the entry.
        location: Location,
        /// The file as the manifest writes it.
        name: String,
        /// Where it is and where it resolves to (boxed: rare, and large).
        paths: Box<OutsidePaths>,
    },
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

    /// Where in the input the problem sits, for errors about one place
    /// of one file.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Parse { location, .. } | Error::OutsideFile { location, .. } => Some(location),
            _ => None,
        }
    }

    /// The library name of the parameter an error is about, if it is
    /// about one.
    pub fn param_name(&self) -> Option<&str> {
        match self {
            Error::Param { name, .. } => Some(name),
            Error::OutOfRange { name, .. } | Error::NotOneOf { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The message with the parameter called `shown` instead of its
    /// library name: how a front end says it with its own flag names
    /// (`--width` for `width`). Other errors read as [`Display`](std::fmt::Display) has them.
    pub fn naming_param(&self, shown: &str) -> String {
        match self {
            Error::Param { message, .. } => format!("invalid parameter {shown}: {message}"),
            Error::OutOfRange { value, allowed, .. } => {
                format!(
                    "invalid parameter {shown}: {}",
                    out_of_range(value, allowed)
                )
            }
            Error::NotOneOf { value, choices, .. } => format!(
                "invalid parameter {shown}: '{value}' is not one of {}",
                choices.join(", ")
            ),
            other => other.to_string(),
        }
    }
}
