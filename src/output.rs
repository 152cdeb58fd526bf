//! Safe output: every file is written under a temporary name in its target
//! folder and renamed into place only when complete, so an interrupted or
//! failed run never leaves a half-written report behind.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".framelens-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(&dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.flush().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Refuse output locations that would overwrite or nest inside the input.
///
/// `input` may be a file or a folder; `out` is the output file or folder.
pub fn check_output_location(input: &Path, out: &Path) -> Result<()> {
    let canon = |p: &Path| -> PathBuf {
        // The output may not exist yet: canonicalise its nearest existing ancestor.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|s| s.to_owned()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut base = std::fs::canonicalize(&existing).unwrap_or(existing);
        for part in rest.into_iter().rev() {
            base.push(part);
        }
        base
    };
    // A path under a regular file can never be created: say so plainly
    // rather than with the OS's "File exists" / "Not a directory".
    for ancestor in out.ancestors().skip(1) {
        if ancestor.as_os_str().is_empty() {
            break;
        }
        if ancestor.exists() && !ancestor.is_dir() {
            return Err(Error::input(
                out.display().to_string(),
                format!("{} is a file, not a folder", ancestor.display()),
            ));
        }
    }
    let input_c = canon(input);
    let out_c = canon(out);
    if out_c == input_c {
        return Err(Error::input(
            out.display().to_string(),
            "output would overwrite the input",
        ));
    }
    if input.is_dir() && out_c.starts_with(&input_c) {
        return Err(Error::input(
            out.display().to_string(),
            format!(
                "output folder is inside the input folder {}; choose another --out",
                input.display()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn refuses_output_inside_input_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("plots");
        assert!(check_output_location(dir.path(), &out).is_err());
        let other = tempfile::tempdir().unwrap();
        assert!(check_output_location(dir.path(), other.path()).is_ok());
    }

    #[test]
    fn refuses_output_under_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        let file = dir.path().join("afile");
        std::fs::write(&file, "x").unwrap();
        let err = check_output_location(&input, &file.join("sub")).unwrap_err();
        assert!(err.to_string().contains("is a file, not a folder"), "{err}");
    }
}
