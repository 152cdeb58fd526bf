//! Parameters checked once into a validated type, the way linfa does it
//! (`params.check()` gives valid parameters): a stage's limits are stated
//! once, as constants next to its parameter struct, and the struct's
//! [`Check::check`] turns it into a [`Valid`] one that the stage takes
//! without checking again.
//!
//! A stage accepts anything [`Checked`]: a [`Valid`] value is used as it
//! is, and a plain struct (tests, library callers who build one by hand)
//! is checked on entry, so no stage ever runs on unchecked parameters.

use crate::error::Result;
use std::borrow::Cow;

/// Parameters that passed their [`Check`]. Only a check makes one, so
/// holding a `Valid<P>` is proof that every limit of `P` holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Valid<P>(P);

impl<P> Valid<P> {
    /// The checked parameters, to hand back to code that builds new ones.
    pub fn into_inner(self) -> P {
        self.0
    }

    /// For a parent's check: a part it has just checked as part of itself.
    pub(crate) fn assume(p: P) -> Self {
        Valid(p)
    }
}

impl<P> std::ops::Deref for Valid<P> {
    type Target = P;
    fn deref(&self) -> &P {
        &self.0
    }
}

/// Parameters with limits: [`check_ref`](Check::check_ref) states them,
/// returning [`crate::Error::OutOfRange`] (or another parameter error)
/// naming the first parameter that breaks one.
pub trait Check: Sized {
    /// Every limit of `self`, without consuming it.
    fn check_ref(&self) -> Result<()>;

    /// `self` as [`Valid`] parameters, or the first limit it breaks.
    fn check(self) -> Result<Valid<Self>> {
        self.check_ref()?;
        Ok(Valid(self))
    }
}

/// What a stage takes: parameters already [`Valid`], borrowed as they
/// are, or plain ones, checked now.
pub trait Checked<P: Clone> {
    fn checked(&self) -> Result<Cow<'_, Valid<P>>>;
}

impl<P: Clone> Checked<P> for Valid<P> {
    fn checked(&self) -> Result<Cow<'_, Valid<P>>> {
        Ok(Cow::Borrowed(self))
    }
}

/// `impl Checked<T> for T`: a plain struct is checked when a stage gets it.
macro_rules! checked_on_entry {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::params::Checked<$t> for $t {
            fn checked(&self) -> $crate::Result<std::borrow::Cow<'_, $crate::params::Valid<$t>>> {
                $crate::params::Check::check(self.clone()).map(std::borrow::Cow::Owned)
            }
        }
    )*};
}
pub(crate) use checked_on_entry;
