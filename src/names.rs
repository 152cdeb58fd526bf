//! The names of the library's choice enums (keyness measure, correction,
//! voice, scoring unit, TF-IDF norm), as a command line or a config file
//! spells them: each enum gets `NAMES` (in the order help texts list
//! them), `name()`, [`FromStr`] and [`Display`](fmt::Display). The binary
//! builds its argument parsers from these, so there is one list of names
//! and no copy of an enum in the command line; the library needs no clap.

use crate::lexicon::score::Unit;
use crate::stats::{Correction, Measure, Norm};
use crate::text::Voice;
use crate::Error;
use std::fmt;
use std::str::FromStr;

macro_rules! named {
    ($ty:ty, $what:literal, [$($variant:path => $name:literal),+ $(,)?]) => {
        impl $ty {
            /// Every name, in the order help texts list them.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The name of this value.
            pub fn name(self) -> &'static str {
                match self {
                    $($variant => $name),+
                }
            }
        }

        impl FromStr for $ty {
            type Err = Error;

            fn from_str(s: &str) -> Result<Self, Error> {
                match s {
                    $($name => Ok($variant),)+
                    _ => Err(Error::NotOneOf {
                        name: $what,
                        value: s.to_string(),
                        choices: Self::NAMES,
                    }),
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

named!(Measure, "measure", [
    Measure::Chi2 => "chi2",
    Measure::Lr => "lr",
    Measure::Pmi => "pmi",
    Measure::LogRatio => "logratio",
    Measure::LogOdds => "logodds",
]);

named!(Correction, "correction", [
    Correction::Default => "default",
    Correction::Yates => "yates",
    Correction::Williams => "williams",
    Correction::None => "none",
]);

named!(Voice, "voice", [
    Voice::Own => "own",
    Voice::Quoted => "quoted",
    Voice::All => "all",
]);

named!(Unit, "unit", [
    Unit::Document => "document",
    Unit::Sentence => "sentence",
]);

named!(Norm, "norm", [
    Norm::L2 => "l2",
    Norm::L1 => "l1",
    Norm::None => "none",
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for n in Measure::NAMES {
            let m: Measure = n.parse().unwrap();
            assert_eq!(m.to_string(), *n);
            assert_eq!(serde_json::to_value(m).unwrap(), *n);
        }
        for n in Voice::NAMES {
            let v: Voice = n.parse().unwrap();
            assert_eq!(serde_json::to_value(v).unwrap(), *n);
        }
        for n in Norm::NAMES {
            let v: Norm = n.parse().unwrap();
            assert_eq!(serde_json::to_value(v).unwrap(), *n);
        }
        assert!("LogOdds".parse::<Measure>().is_err());
    }
}
