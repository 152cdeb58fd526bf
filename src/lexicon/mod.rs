//! Lexicons: categories of words and phrases, matched on analysed text.
pub mod vader;
