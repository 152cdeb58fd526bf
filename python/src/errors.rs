//! Library errors as Python exceptions.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::PyErr;

create_exception!(
    _native,
    FramelensError,
    PyValueError,
    "A framelens error: bad input (naming the file and line), a parameter out of range, no documents."
);

/// The library error as a `FramelensError` with the CLI's one-line message.
pub fn to_py(err: framelens::Error) -> PyErr {
    FramelensError::new_err(err.to_string())
}

/// A message of this layer (an argument the library cannot take).
pub fn message(msg: impl Into<String>) -> PyErr {
    FramelensError::new_err(msg.into())
}

/// Serialising the library's rows cannot fail for these types; should it,
/// the message says what failed rather than panicking.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, PyErr> {
    serde_json::to_string(value).map_err(|e| message(format!("cannot convert the result: {e}")))
}
