//! Subcommands of the `framelens` binary: each file parses its own
//! arguments (clap) and calls the library.

pub mod clean;
pub mod compare;
pub mod dtm;
pub mod freq;
pub mod keyness;
pub mod kwic;
pub mod lexicons;
mod names;
mod progress;
pub mod score;
pub mod tfidf;

/// The `--format` value parser of a subcommand: the library's one
/// [`Format`](framelens::report::tables::Format) enum, restricted to the
/// formats the subcommand lists (name and help line of each). Help shows
/// only those, and any other value is refused by clap with the list.
pub fn format_arg(
    allowed: &'static [(framelens::report::tables::Format, &'static str)],
) -> impl clap::builder::TypedValueParser<Value = framelens::report::tables::Format> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(allowed.iter().map(|(f, help)| {
        let v = PossibleValue::new(f.name());
        if help.is_empty() {
            v
        } else {
            v.help(*help)
        }
    }))
    .try_map(|name| name.parse::<framelens::report::tables::Format>())
}

/// Options shared by every subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Analyse the text exactly as given, without boilerplate cleaning
    /// (used to check parity with other tools).
    #[arg(long, global = true)]
    pub no_clean: bool,
    /// Skip bad JSONL/CSV records instead of stopping; report how many at the end.
    #[arg(long, global = true)]
    pub lenient: bool,
    /// Read files a manifest names outside its own folder (absolute paths,
    /// `..`, links that point out); refused by default.
    #[arg(long, global = true)]
    pub allow_outside_files: bool,
    /// Number of worker threads (default: all cores). Output is identical for any value.
    #[arg(long, short = 'j', global = true)]
    pub jobs: Option<usize>,
    /// No progress bar.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Which documents of the input every command reads (see
/// docs/input-formats.md, "Filters"), applied by the corpus readers. The
/// flags are kept as typed and checked once by [`FilterArgs::build`]
/// before any command runs, so that a bad value is one `error:` line that
/// names it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Keep documents whose FIELD is VALUE (FIELD!=VALUE: is not). Repeat
    /// it: values of one field are OR-ed, different fields AND-ed. Fields:
    /// outlet (or source), event, id, title, date, language, url, or a label.
    #[arg(long = "where", value_name = "FIELD=VALUE", global = true)]
    pub conditions: Vec<String>,
    /// Keep documents dated on or after DATE (YYYY-MM-DD, the `date` field);
    /// documents without a readable date are left out and counted.
    #[arg(long, value_name = "DATE", global = true)]
    pub since: Option<String>,
    /// Keep documents dated on or before DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", global = true)]
    pub until: Option<String>,
    /// Keep documents of these events: ids separated by commas, or @FILE
    /// (one id a line). Repeatable.
    #[arg(long, value_name = "ID,ID|@FILE", global = true)]
    pub events: Vec<String>,
    /// The filter, once [`FilterArgs::build`] has checked the flags.
    #[arg(skip)]
    pub built: framelens::corpus::Filter,
}

impl FilterArgs {
    /// Check the flags and keep the filter they ask for in `built`; the
    /// error is the message line, naming the flag and the value.
    pub fn build(&mut self) -> Result<(), String> {
        use framelens::corpus::filter::{parse_events, Day};
        use framelens::corpus::{Condition, Filter};
        fn named(flag: &'static str) -> impl Fn(framelens::Error) -> String {
            move |e| e.naming_param(flag)
        }
        let conditions = self
            .conditions
            .iter()
            .map(|c| c.parse::<Condition>().map_err(named("--where")))
            .collect::<Result<Vec<_>, _>>()?;
        let since = self
            .since
            .as_deref()
            .map(|d| d.parse::<Day>().map_err(named("--since")))
            .transpose()?;
        let until = self
            .until
            .as_deref()
            .map(|d| d.parse::<Day>().map_err(named("--until")))
            .transpose()?;
        let mut events = Vec::new();
        for e in &self.events {
            events.extend(parse_events(e).map_err(named("--events"))?);
        }
        let events = (!self.events.is_empty()).then_some(events);
        self.built = Filter::new(conditions, since, until, events);
        Ok(())
    }

    /// The flags as typed, for a record of the command (the output
    /// marker of `compare`).
    pub fn flags(&self) -> Vec<String> {
        let mut v = Vec::new();
        for c in &self.conditions {
            v.extend(["--where".to_string(), c.clone()]);
        }
        if let Some(d) = &self.since {
            v.extend(["--since".to_string(), d.clone()]);
        }
        if let Some(d) = &self.until {
            v.extend(["--until".to_string(), d.clone()]);
        }
        for e in &self.events {
            v.extend(["--events".to_string(), e.clone()]);
        }
        v
    }
}

/// Most worker threads `--jobs` may ask for: far above any machine's cores,
/// low enough that a typo (`--jobs 100000`) is caught before it tries to
/// reserve a stack per thread.
pub const MAX_JOBS: usize = 1024;

/// Stack of each worker thread: the size a main thread gets on Linux.
const WORKER_STACK: usize = 8 << 20;

/// Workers per core beyond which `--jobs` is reduced.
const OVERSUBSCRIBE: usize = 8;

/// The worker threads of a run: `jobs` of them, or one per core.
///
/// The operating system may refuse threads (a low `ulimit -v` or `ulimit -u`):
/// then fewer workers are tried, halving down to one, and a warning says how
/// many run, since the output does not depend on the number. Only when not
/// even one worker can start is it an error (returned as the message line).
/// The pool is local, not rayon's global one, because a failed attempt at the
/// global pool cannot be retried and rayon would panic on first use. The
/// command runs inside the pool (`install`), so its workers get the main
/// thread's usual stack size.
pub fn thread_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let wanted = match jobs {
        Some(j) if j == 0 || j > MAX_JOBS => {
            return Err(format!(
                "invalid parameter --jobs: {j}; give a number of threads from 1 to {MAX_JOBS}"
            ))
        }
        Some(j) => j,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // More workers than this only cost memory (the work is CPU-bound).
    let useful = cores.saturating_mul(OVERSUBSCRIBE).max(1);
    let mut n = wanted.min(useful);
    if n < wanted {
        eprintln!(
            "warning: --jobs {wanted} is more than {OVERSUBSCRIBE} threads per core on this machine's {cores} core(s); running with {n} (the output is the same)"
        );
    }
    loop {
        match rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .stack_size(WORKER_STACK)
            .build()
        {
            Ok(pool) => {
                return Ok(pool);
            }
            Err(_) if n > 1 => {
                // Threads started by the failed attempt are still exiting
                // and holding their stacks: give them a moment.
                std::thread::sleep(std::time::Duration::from_millis(50));
                let fewer = n / 2;
                eprintln!(
                    "warning: the system refused {n} worker threads; trying {fewer} (the output is the same)"
                );
                n = fewer;
            }
            Err(e) => return Err(format!("could not start a worker thread: {e}")),
        }
    }
}

/// Whether an error comes from writing to a closed pipe (the reader of our
/// output exited, as `head` does), through any layer (csv, serde_json, io).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|cause| {
        if let Some(e) = cause.downcast_ref::<std::io::Error>() {
            return e.kind() == BrokenPipe;
        }
        if let Some(framelens::Error::Io { source, .. }) = cause.downcast_ref::<framelens::Error>()
        {
            return source.kind() == BrokenPipe;
        }
        if let Some(e) = cause.downcast_ref::<csv::Error>() {
            return matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe);
        }
        if let Some(e) = cause.downcast_ref::<serde_json::Error>() {
            return e.io_error_kind() == Some(BrokenPipe);
        }
        false
    })
}

/// Library parameters that a flag sets directly, with that flag: the
/// library names a parameter as it knows it, the command line says what
/// the user typed.
const FLAGS: &[(&str, &str)] = &[("lexicon", "--lexicon"), ("format", "--format")];

/// One cause of a failed command as the command line says it: a library
/// parameter by its flag, a file refused for lying outside the manifest's
/// folder with the flag that allows it, a refused output folder as `--out`
/// with `--force`; anything else as it displays.
pub fn cause_text(cause: &(dyn std::error::Error + 'static)) -> String {
    let Some(err) = cause.downcast_ref::<framelens::Error>() else {
        return cause.to_string();
    };
    if let framelens::Error::OutsideFile {
        location,
        name,
        paths,
    } = err
    {
        return format!(
            "{location}: file `{name}` is outside the manifest's folder ({} resolves to {}); \
             move it into {} or pass --allow-outside-files",
            paths.file.display(),
            paths.resolved.display(),
            paths.root.display()
        );
    }
    if let framelens::Error::OutFolder { out, refusal } = err {
        return format!(
            "{}: {}",
            out.display(),
            refusal.message("--out", "--out", "--force")
        );
    }
    let flag = err
        .param_name()
        .and_then(|name| FLAGS.iter().find(|(n, _)| *n == name))
        .map(|(_, flag)| *flag);
    match flag {
        Some(flag) => err.naming_param(flag),
        None => err.to_string(),
    }
}

impl Global {
    /// How the corpus readers are to read the input.
    pub fn read_options(&self) -> framelens::corpus::ReadOptions {
        framelens::corpus::ReadOptions {
            lenient: self.lenient,
            allow_outside_files: self.allow_outside_files,
            filter: self.filter.built.clone(),
        }
    }
}
