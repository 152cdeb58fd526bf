//! Argument parsers built from the library's enum names
//! ([`framelens::names`]): clap lists, checks and completes the names the
//! library gives, and the value is the library's own enum.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use std::marker::PhantomData;
use std::str::FromStr;

/// A clap parser for a library enum with `NAMES` and `FromStr`.
#[derive(Clone)]
pub struct Named<T> {
    names: &'static [&'static str],
    kind: PhantomData<fn() -> T>,
}

/// The parser for `T`, whose names are `names` (`T::NAMES`).
pub fn named<T>(names: &'static [&'static str]) -> Named<T> {
    Named {
        names,
        kind: PhantomData,
    }
}

impl<T> TypedValueParser for Named<T>
where
    T: FromStr + Clone + Send + Sync + 'static,
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        // clap's own check first: its message lists the possible values.
        let name =
            PossibleValuesParser::new(self.names.iter().copied()).parse_ref(cmd, arg, value)?;
        name.parse()
            .map_err(|_| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names.iter().map(|n| PossibleValue::new(*n))))
    }
}
