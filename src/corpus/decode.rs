//! Turning the bytes of an input file into text.
//!
//! Scraped files arrive with every kind of encoding accident. Rather than
//! guess, the readers accept exactly three encodings (UTF-8, UTF-8 with a
//! byte-order mark, UTF-16 with a byte-order mark), normalise line ends to
//! `\n`, and stop with the file and line of anything else, so that a user
//! never analyses mojibake without knowing it.

use crate::error::{Error, Result};
use std::borrow::Cow;
use std::path::Path;

/// The UTF-8 byte-order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Which byte-order mark, if any, starts `bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    None,
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// Detect the byte-order mark at the start of `bytes`.
pub fn detect_bom(bytes: &[u8]) -> Bom {
    if bytes.starts_with(UTF8_BOM) {
        Bom::Utf8
    } else if bytes.starts_with(b"\xFF\xFE") {
        Bom::Utf16Le
    } else if bytes.starts_with(b"\xFE\xFF") {
        Bom::Utf16Be
    } else {
        Bom::None
    }
}

/// 1-based line number of byte offset `at` in `bytes`.
pub fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Decode a whole file: BOM removed, UTF-16 decoded, line ends normalised.
///
/// Errors name `path` and the line of the first NUL byte (binary data) or
/// invalid byte sequence.
pub fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let text = match detect_bom(&bytes) {
        Bom::Utf16Le | Bom::Utf16Be => decode_utf16(path, &bytes)?,
        Bom::Utf8 => utf8(path, bytes[UTF8_BOM.len()..].to_vec())?,
        Bom::None => utf8(path, bytes)?,
    };
    Ok(match normalize_newlines(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(s) => s,
    })
}

/// Bytes that must be UTF-8 text without NUL bytes.
fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(binary_error(path, line_of(&bytes, at)));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = line_of(e.as_bytes(), at);
        Error::parse(path, Some(line), invalid_utf8_message(e.as_bytes(), at))
    })
}

/// The error for a file that holds binary data.
pub fn binary_error(path: &Path, line: usize) -> Error {
    Error::parse(path, Some(line), BINARY_MESSAGE)
}

/// What is wrong with a file or line that holds NUL bytes.
pub const BINARY_MESSAGE: &str = "binary data (NUL byte): not a text file";

/// Message for invalid UTF-8 at byte `at` of `bytes`.
pub fn invalid_utf8_message(bytes: &[u8], at: usize) -> String {
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    format!(
        "invalid UTF-8 (byte 0x{:02X} at column {}); convert the file to UTF-8",
        bytes.get(at).copied().unwrap_or(0),
        at - line_start + 1
    )
}

/// Decode UTF-16 with a byte-order mark (the mark is dropped).
fn decode_utf16(path: &Path, bytes: &[u8]) -> Result<String> {
    let le = detect_bom(bytes) == Bom::Utf16Le;
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return Err(Error::parse(
            path,
            None,
            "UTF-16 text with an odd number of bytes (truncated file?)",
        ));
    }
    let units = body.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    let mut line = 1;
    for ch in char::decode_utf16(units) {
        match ch {
            Ok('\0') => return Err(binary_error(path, line)),
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                }
                out.push(c);
            }
            Err(e) => {
                return Err(Error::parse(
                    path,
                    Some(line),
                    format!(
                        "invalid UTF-16 (unpaired surrogate 0x{:04X})",
                        e.unpaired_surrogate()
                    ),
                ))
            }
        }
    }
    Ok(out)
}

/// `\r\n` and lone `\r` become `\n`; borrowed when there is nothing to do.
pub fn normalize_newlines(s: &str) -> Cow<'_, str> {
    if !s.contains('\r') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Result<String> {
        decode_text(Path::new("t.txt"), bytes.to_vec())
    }

    #[test]
    fn strips_utf8_bom_and_normalises_line_ends() {
        assert_eq!(dec(b"\xEF\xBB\xBFa\r\nb\rc\n").unwrap(), "a\nb\nc\n");
    }

    #[test]
    fn decodes_utf16_both_orders() {
        let le: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain("h\u{e9}\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(dec(&le).unwrap(), "h\u{e9}\n");
        let be: Vec<u8> = b"\xFE\xFF"
            .iter()
            .copied()
            .chain("x".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(dec(&be).unwrap(), "x");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = dec(b"ok\nstill ok\nbad \xC3\x28 here").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.txt:3: invalid UTF-8 (byte 0xC3 at column 5); convert the file to UTF-8"
        );
    }

    #[test]
    fn nul_bytes_are_binary() {
        let err = dec(b"a\nb\x00c").unwrap_err().to_string();
        assert!(err.starts_with("t.txt:2: binary data"), "{err}");
    }

    #[test]
    fn odd_utf16_is_an_error() {
        assert!(dec(b"\xFF\xFEa").is_err());
    }
}
