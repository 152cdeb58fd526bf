//! Safe output: the user's files are never lost to an output folder.
//!
//! - Every file is written under a temporary name in its target folder and
//!   renamed into place only when complete ([`write_atomic`]), with the
//!   modes any normal tool gives (`0666 & !umask`, folders `0777 & !umask`).
//! - A folder output is written whole into a staging folder beside `--out`
//!   ([`Staging`]) and swapped in only when complete; a failed run, a panic,
//!   SIGINT, SIGTERM or SIGHUP (with [`remove_staging_on_signals`]) leave no
//!   staging folder behind.
//! - [`check_out_folder`] is the one place that decides whether `--out` may
//!   be replaced: only when it does not exist, is empty, or holds nothing
//!   but what an earlier run wrote (listed in its [`MARKER`] file), unless
//!   `--force`; and never when it holds the input, the current folder, the
//!   home folder or is `/`.
//! - [`unique_folder_names`] is the one function that turns ids into folder
//!   names: safe on every common file system, and unique even where case
//!   is ignored.

use crate::error::{Error, OutRefusal, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use unicode_normalization::UnicodeNormalization;

/// The file by which framelens recognises an output folder it wrote: its
/// version, the command (without `--out`), and every path it wrote, so that
/// a file the user added later makes the folder the user's again.
pub const MARKER: &str = ".framelens-output.json";

/// Prefix of staging folders (beside `--out`) and temporary files.
const STAGING_PREFIX: &str = ".framelens-out-";

/// Set once a terminating signal arrived: writes stop instead of racing the
/// removal of the staging folders.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Staging folders (and replaced outputs being removed) of this process,
/// removed by the signal handler. Held while an output is swapped in, so a
/// signal never lands between the two renames.
static STAGING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn staging_registry() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock leaves a list that is still right.
    STAGING.lock().unwrap_or_else(|e| e.into_inner())
}

fn unregister(path: &Path) {
    staging_registry().retain(|p| p != path);
}

/// Write `bytes` to `path` atomically (temporary file + rename), with mode
/// `0666 & !umask` (a temporary file alone would be 0600, unreadable by
/// collaborators and web servers).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if STOPPING.load(Ordering::SeqCst) {
        return Err(Error::io(path, std::io::ErrorKind::Interrupted.into()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".framelens-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The kernel applies the umask to the mode asked for at creation.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| Error::io(&dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.flush().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// `p` as the file system resolves it: absolute, `.` and `..` applied and
/// symbolic links followed as far as the path exists. The part that does
/// not exist yet is taken as written (it cannot hold a link).
fn physical(p: &Path) -> PathBuf {
    let mut cur = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .unwrap_or_default()
    };
    for comp in p.components() {
        match comp {
            Component::Prefix(_) | Component::RootDir => cur.push(comp.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                cur.pop();
            }
            Component::Normal(name) => {
                cur.push(name);
                if let Ok(c) = std::fs::canonicalize(&cur) {
                    cur = c;
                }
            }
        }
    }
    cur
}

/// The error for an output folder that may never be replaced, forced or not.
fn never(out: &Path, why: impl std::fmt::Display) -> Error {
    refused(
        out,
        OutRefusal::Never {
            why: why.to_string(),
        },
    )
}

/// The error for an output folder that may not be written.
fn refused(out: &Path, refusal: OutRefusal) -> Error {
    Error::OutFolder {
        out: out.to_path_buf(),
        refusal,
    }
}

/// Decide whether the folder `out` may be written (replaced whole) by a run
/// that reads `input`. The one place that decides it, for every command that
/// writes a folder.
///
/// Always refused: `out` under a regular file, `out` a file, `out` holding
/// the input (file or folder, also through symbolic links or `..`), `out`
/// inside the input folder, `out` the current folder, the home folder, `/`
/// or any folder holding one of them. Refused unless `force`: an `out` that
/// exists, is not empty and holds anything an earlier framelens run did not
/// write (see [`MARKER`]), or is a symbolic link.
pub fn check_out_folder(input: &Path, out: &Path, force: bool) -> Result<()> {
    check_out_folder_of(Some(input), out, force)
}

/// [`check_out_folder`] for a run whose input may be in memory (`None`: a
/// corpus built by a library caller): the checks against the input are
/// left out, every other check holds.
pub fn check_out_folder_of(input: Option<&Path>, out: &Path, force: bool) -> Result<()> {
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
    let meta = std::fs::symlink_metadata(out).ok();
    let is_link = meta.as_ref().is_some_and(|m| m.file_type().is_symlink());
    let out_p = physical(out);
    if out_p.parent().is_none() {
        return Err(never(out, "is the root folder /"));
    }
    if let Some(input) = input {
        check_against_input(input, out, &out_p)?;
    }
    if let Ok(cwd) = std::env::current_dir() {
        if physical(&cwd).starts_with(&out_p) {
            return Err(never(out, "is or holds the current folder"));
        }
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        if physical(Path::new(&home)).starts_with(&out_p) {
            return Err(never(out, "is or holds the home folder"));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(refused(out, OutRefusal::NotAFolder));
    }
    if meta.is_none() || force {
        return Ok(());
    }
    let foreign = |what: String| refused(out, OutRefusal::Foreign { what });
    if is_link {
        return Err(foreign(
            "is a symbolic link (framelens makes real folders)".into(),
        ));
    }
    let mut listing = std::fs::read_dir(out).map_err(|e| Error::io(out, e))?;
    if listing.next().is_none() {
        return Ok(());
    }
    // Marker first: a foreign folder (a home, a disk) is refused without
    // walking all of it.
    let Some(written) = read_marker(out) else {
        return Err(foreign(format!(
            "was not written by framelens (it has no valid {MARKER})"
        )));
    };
    let entries = walk(out).map_err(|e| Error::io(out, e))?;
    if let Some(stranger) = entries.iter().find(|e| !written.contains(*e)) {
        return Err(foreign(format!(
            "holds {} that framelens did not write",
            out.join(stranger.trim_end_matches('/')).display()
        )));
    }
    Ok(())
}

/// The checks of [`check_out_folder_of`] against the input: `out` may not
/// hold the input, nor lie inside an input folder.
fn check_against_input(input: &Path, out: &Path, out_p: &Path) -> Result<()> {
    let input_p = physical(input);
    if input_p.starts_with(out_p) {
        return Err(never(
            out,
            format_args!("holds the input {}", input.display()),
        ));
    }
    if input.is_dir() && out_p.starts_with(&input_p) {
        return Err(refused(
            out,
            OutRefusal::InsideInput {
                input: input.to_path_buf(),
            },
        ));
    }
    Ok(())
}

/// `path` inside `root`, `/`-separated whatever the platform: how markers
/// and rendered events name the files of an output folder.
pub(crate) fn slash_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every path under `dir`, relative, `/`-separated, folders with a trailing
/// `/`, sorted; the marker itself left out. Symbolic links are listed, not
/// followed.
fn walk(dir: &Path) -> std::io::Result<Vec<String>> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            let p = e.path();
            let rel = slash_path(root, &p);
            if e.file_type()?.is_dir() {
                out.push(format!("{rel}/"));
                go(root, &p, out)?;
            } else if rel != MARKER {
                out.push(rel);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    go(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// The paths an earlier run recorded in `dir`'s marker, if it is one.
fn read_marker(dir: &Path) -> Option<BTreeSet<String>> {
    let path = dir.join(MARKER);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    // A marker is small; anything else is not ours.
    if !meta.is_file() || meta.len() > 64 << 20 {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    if v.get("written_by")?.as_str()? != "framelens" {
        return None;
    }
    v.get("files")?
        .as_array()?
        .iter()
        .map(|f| f.as_str().map(str::to_string))
        .collect()
}

/// A folder beside `--out` that a run writes into before it is swapped in.
/// Dropped without [`Staging::finish`] (an error, a panic), it is removed.
#[derive(Debug)]
pub struct Staging {
    path: PathBuf,
    done: bool,
}

impl Staging {
    /// Create a fresh staging folder in the folder that will hold `out`
    /// (so the final rename stays on one file system), mode `0777 & !umask`.
    pub fn beside(out: &Path) -> Result<Staging> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        // Registered under the lock, so a signal cannot come between
        // creating the folder and knowing about it.
        let mut reg = staging_registry();
        let mut builder = tempfile::Builder::new();
        builder.prefix(STAGING_PREFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o777));
        }
        let path = builder
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?
            .keep();
        reg.push(path.clone());
        Ok(Staging { path, done: false })
    }

    /// Where to write.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write the marker (recording `command` and every path written) and
    /// put the staging folder in the place of `out`, replacing what was
    /// there. The caller has checked `out` with [`check_out_folder`].
    pub fn finish(mut self, out: &Path, command: &str) -> Result<()> {
        let files = walk(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let marker = serde_json::json!({
            "written_by": "framelens",
            "version": env!("CARGO_PKG_VERSION"),
            "command": command,
            "note": "framelens replaces this folder on a later run only while it holds nothing but these files",
            "files": files,
        });
        let mut bytes = serde_json::to_vec_pretty(&marker)
            .map_err(|e| Error::io(&self.path, std::io::Error::other(e)))?;
        bytes.push(b'\n');
        write_atomic(&self.path.join(MARKER), &bytes)?;

        let mut reg = staging_registry();
        if std::fs::symlink_metadata(out).is_err() {
            std::fs::rename(&self.path, out).map_err(|e| Error::io(out, e))?;
            reg.retain(|p| p != &self.path);
            self.done = true;
            return Ok(());
        }
        let name = out
            .file_name()
            .ok_or_else(|| refused(out, OutRefusal::NoName))?;
        let old = (0u32..)
            .map(|n| {
                out.with_file_name(format!(
                    "{STAGING_PREFIX}old-{}-{}-{n}",
                    name.to_string_lossy(),
                    std::process::id()
                ))
            })
            .find(|p| std::fs::symlink_metadata(p).is_err())
            .unwrap_or_else(|| out.with_file_name(format!("{STAGING_PREFIX}old")));
        std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
        if let Err(e) = std::fs::rename(&self.path, out) {
            let _ = std::fs::rename(&old, out);
            return Err(Error::io(out, e));
        }
        // The staging folder is the output now; the old output is what a
        // signal must remove from here on.
        for p in reg.iter_mut().filter(|p| **p == self.path) {
            *p = old.clone();
        }
        self.done = true;
        drop(reg);
        let removed = std::fs::remove_dir_all(&old);
        unregister(&old);
        removed.map_err(|e| Error::io(&old, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.path);
            unregister(&self.path);
        }
    }
}

/// Remove every registered staging folder, again and again until none has
/// come back for three rounds (at most about two seconds): a worker that
/// was between two writes when the signal came may still create a folder
/// before it sees [`STOPPING`].
#[cfg(unix)]
fn remove_staging(reg: &[PathBuf]) {
    let mut quiet = 0;
    for _ in 0..100 {
        let mut found = false;
        for p in reg {
            if std::fs::symlink_metadata(p).is_ok() {
                let _ = std::fs::remove_dir_all(p);
                found = true;
            }
        }
        quiet = if found { 0 } else { quiet + 1 };
        if quiet >= 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// On SIGINT, SIGTERM or SIGHUP: stop writing, remove every staging folder
/// of this process and exit with 128 + the signal (130, 143, 129), as a
/// shell does. Without this a signal kills the process where it stands and
/// leaves a half-written staging folder. Installed once per process; later
/// calls do nothing. The handler runs on a thread of its own, not in signal
/// context, so it may take locks and remove folders.
#[cfg(unix)]
pub fn remove_staging_on_signals() -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use std::sync::OnceLock;
    static INSTALLED: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    let res = INSTALLED.get_or_init(|| {
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            .map_err(|e| e.to_string())?;
        std::thread::Builder::new()
            .name("framelens-signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    STOPPING.store(true, Ordering::SeqCst);
                    // Keep the lock: no new staging folder, no swap, from here on.
                    let reg = staging_registry();
                    remove_staging(&reg);
                    std::process::exit(128 + sig);
                }
            })
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    res.clone()
        .map_err(|e| Error::io("signal handler", std::io::Error::other(e)))
}

/// Elsewhere only the staging folders of failed runs are removed.
#[cfg(not(unix))]
pub fn remove_staging_on_signals() -> Result<()> {
    Ok(())
}

/// Longest folder name made from an id, in bytes: far below the 255 bytes
/// of common file systems, and short enough for long paths on Windows.
pub const NAME_MAX_BYTES: usize = 100;

/// Device names Windows reserves whatever the extension (`nul.txt` too).
const WINDOWS_RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6",
    "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// `s` cut to at most `max` bytes, on a character boundary.
fn cut(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

/// A folder name for `id` that is valid on Linux, macOS and Windows: letters
/// and digits (NFC) and `-`, `_`, `.` kept, everything else (separators,
/// control characters, spaces, `:` ...) made `_`; never hidden or empty;
/// at most [`NAME_MAX_BYTES`] bytes; no trailing dot; no Windows device
/// name. Not unique: [`unique_folder_names`] is.
fn safe_name(id: &str) -> String {
    let mut s: String = id
        .nfc()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('.') {
        s.insert_str(0, "event");
    }
    // Two bytes kept for the `_` that each rule below may add.
    cut(&mut s, NAME_MAX_BYTES - 2);
    let stem = s.split('.').next().unwrap_or_default().to_uppercase();
    if WINDOWS_RESERVED.contains(&stem.as_str()) {
        let at = s.find('.').unwrap_or(s.len());
        s.insert(at, '_');
    }
    if s.ends_with('.') {
        s.push('_');
    }
    s
}

/// How file systems that ignore case (and, on macOS, normalisation) see a name.
fn fold(name: &str) -> String {
    name.nfc().flat_map(char::to_lowercase).collect()
}

/// Folder names for `ids`: the one function that makes them safe (see
/// [`safe_name`]) and unique, also where case is ignored (`Case` and `case`
/// get two folders), and never equal to one of `reserved` (the files and
/// folders written beside them, such as `index.html` or `summary`), in any
/// case. Ids are taken in sorted order, so the names do not depend on the
/// order they come in (or on threads); a name already taken gets `-2`,
/// `-3`, ... Returns id -> name.
pub fn unique_folder_names<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    reserved: &[&str],
) -> BTreeMap<String, String> {
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    let mut taken: BTreeSet<String> = reserved.iter().map(|r| fold(r)).collect();
    let mut names = BTreeMap::new();
    for id in ids {
        let base = safe_name(id);
        let mut name = base.clone();
        let mut n = 2u64;
        while taken.contains(&fold(&name)) {
            let suffix = format!("-{n}");
            let mut stem = base.clone();
            cut(&mut stem, NAME_MAX_BYTES - suffix.len());
            name = stem + &suffix;
            n += 1;
        }
        taken.insert(fold(&name));
        names.insert(id.to_string(), name);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        assert!(check_out_folder(dir.path(), &out, true).is_err());
        let other = tempfile::tempdir().unwrap();
        assert!(check_out_folder(dir.path(), other.path(), false).is_ok());
    }

    #[test]
    fn refuses_output_under_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        let file = dir.path().join("afile");
        std::fs::write(&file, "x").unwrap();
        let err = check_out_folder(&input, &file.join("sub"), true).unwrap_err();
        assert!(err.to_string().contains("is a file, not a folder"), "{err}");
    }

    #[test]
    fn refuses_output_holding_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a/b/in.csv");
        std::fs::create_dir_all(input.parent().unwrap()).unwrap();
        std::fs::write(&input, "x").unwrap();
        for out in ["a", "a/b", "a/b/in.csv", "a/b/../../a", "zz/../a"] {
            let err = check_out_folder(&input, &dir.path().join(out), true).unwrap_err();
            assert!(err.to_string().contains("holds the input"), "{out}: {err}");
        }
    }

    #[test]
    fn physical_resolves_dots_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(real.join("a")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(real.join("a"), real.join("l")).unwrap();
        assert_eq!(physical(&real.join("a/./x/../y")), real.join("a/y"));
        #[cfg(unix)]
        assert_eq!(physical(&real.join("l/new")), real.join("a/new"));
    }

    #[test]
    fn dropped_staging_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let s = Staging::beside(&out).unwrap();
        write_atomic(&s.path().join("f.txt"), b"x").unwrap();
        let p = s.path().to_path_buf();
        assert!(staging_registry().contains(&p));
        drop(s);
        assert!(!p.exists());
        assert!(!staging_registry().contains(&p));
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    }

    #[test]
    fn finished_staging_replaces_out_and_lists_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        for round in 0..2 {
            let s = Staging::beside(&out).unwrap();
            std::fs::create_dir(s.path().join("ev")).unwrap();
            write_atomic(&s.path().join("ev/r.json"), b"{}").unwrap();
            write_atomic(&s.path().join("index.html"), b"x").unwrap();
            s.finish(&out, "framelens compare x").unwrap();
            assert_eq!(
                read_marker(&out).unwrap(),
                ["ev/", "ev/r.json", "index.html"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<BTreeSet<_>>(),
                "round {round}"
            );
            check_out_folder(Path::new("/nonexistent/in"), &out, false).unwrap();
            let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
            assert_eq!(names.len(), 1, "only out is left");
        }
    }

    #[test]
    fn safe_names_of_awkward_ids() {
        let n = |id: &str| safe_name(id);
        assert_eq!(n("CON"), "CON_");
        assert_eq!(n("nul.txt"), "nul_.txt");
        assert_eq!(n("Com1"), "Com1_");
        assert_eq!(n("trailing."), "trailing._");
        assert_eq!(n("CON."), "CON_._");
        assert_eq!(n("trailing "), "trailing_");
        assert_eq!(n(".."), "event.._");
        assert_eq!(n(""), "event");
        assert_eq!(n("a/b\\c\u{1}d\u{fffe}"), "a_b_c_d_");
        let chinese: String = "新闻报道事件".chars().cycle().take(86).collect();
        let c = n(&chinese);
        assert!(c.len() <= NAME_MAX_BYTES && chinese.starts_with(&c), "{c}");
        assert_eq!(n(&"é".repeat(200)).len(), 98);
        assert!(n(&"x".repeat(300)).len() <= NAME_MAX_BYTES);
        // NFD input gives the NFC name.
        assert_eq!(n("e\u{301}te"), "\u{e9}te");
    }

    #[test]
    fn unique_names_avoid_case_collisions_and_reserved_names() {
        let names = unique_folder_names(
            ["Case", "case", "CASE", "index.html", "Summary", "case-2"],
            &["index.html", "index.md", "summary", MARKER],
        );
        assert_eq!(names["CASE"], "CASE");
        assert_eq!(names["Case"], "Case-2");
        assert_eq!(names["case"], "case-3");
        assert_eq!(names["case-2"], "case-2-2");
        assert_eq!(names["index.html"], "index.html-2");
        assert_eq!(names["Summary"], "Summary-2");
    }

    /// What every folder name must be, on any common file system.
    fn valid(name: &str) -> bool {
        let stem = name.split('.').next().unwrap_or_default().to_uppercase();
        !name.is_empty()
            && name.len() <= NAME_MAX_BYTES
            && !name.starts_with('.')
            && !name.ends_with('.')
            && !name.ends_with(' ')
            && !name.chars().any(|c| {
                c.is_control() || "/\\:*?\"<>|".contains(c) || c == '\u{fffe}' || c == '\u{ffff}'
            })
            && !WINDOWS_RESERVED.contains(&stem.as_str())
    }

    proptest! {
        #[test]
        fn folder_names_are_valid_unique_and_order_free(
            ids in proptest::collection::vec(
                prop_oneof![
                    "\\PC{0,120}",
                    "[a-cA-C. ]{0,4}",
                    "(con|CON|nul|Com1|lpt9|index|summary)(\\.[a-z]{0,3})?",
                    "[\\x00-\\x1f\\x{fffe}\\x{ffff}新闻é]{0,90}",
                ],
                0..40,
            ),
            shift in 0usize..40,
        ) {
            let reserved = ["index.html", "index.md", "summary", MARKER];
            let names = unique_folder_names(ids.iter().map(String::as_str), &reserved);
            let distinct: BTreeSet<&String> = ids.iter().collect();
            prop_assert_eq!(names.len(), distinct.len());
            let mut folded = BTreeSet::new();
            for name in names.values() {
                prop_assert!(valid(name), "invalid name {:?}", name);
                prop_assert!(name.len() <= 255);
                prop_assert!(folded.insert(fold(name)), "{:?} collides", name);
                prop_assert!(!reserved.iter().any(|r| fold(r) == fold(name)), "{:?}", name);
            }
            let mut rotated = ids.clone();
            if !rotated.is_empty() {
                let k = shift % rotated.len();
                rotated.rotate_left(k);
                rotated.reverse();
            }
            prop_assert_eq!(
                unique_folder_names(rotated.iter().map(String::as_str), &reserved),
                names
            );
        }
    }
}
