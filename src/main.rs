//! The `framelens` command line: a thin layer over the library.

use clap::{Parser, Subcommand};

mod cmd;

/// framelens shows how different news outlets word the same event.
#[derive(Debug, Parser)]
#[command(name = "framelens", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    global: cmd::Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compare outlets per event: reports and charts, plus a corpus summary.
    Compare(cmd::compare::Args),
    /// Print cleaned text, or an audit of removed boilerplate.
    Clean(cmd::clean::Args),
    /// TF-IDF weights with scikit-learn's semantics.
    Tfidf(cmd::tfidf::Args),
    /// Words that set one outlet apart from others.
    Keyness(cmd::keyness::Args),
    /// Lexicon scores, own voice against quoted speech.
    Score(cmd::score::Args),
    /// Keyword in context: occurrences of terms with their context, voice and speaker.
    Kwic(cmd::kwic::Args),
    /// Term frequencies by outlet, event or any label.
    Freq(cmd::freq::Args),
    /// Raw document-term counts as Matrix Market or a long CSV table.
    Dtm(cmd::dtm::Args),
    /// List built-in lexicons and their categories.
    Lexicons(cmd::lexicons::Args),
}

fn main() {
    let mut cli = Cli::parse();
    // The filter flags, checked once: a bad value is one line naming it.
    if let Err(msg) = cli.global.filter.build() {
        eprintln!("error: {msg}");
        std::process::exit(1);
    }
    let pool = match cmd::thread_pool(cli.global.jobs) {
        Ok(pool) => pool,
        Err(msg) => {
            eprintln!("error: {msg}");
            std::process::exit(1);
        }
    };
    let global = &cli.global;
    let result = pool.install(|| match cli.command {
        Command::Compare(a) => cmd::compare::run(a, global),
        Command::Clean(a) => cmd::clean::run(a, global),
        Command::Tfidf(a) => cmd::tfidf::run(a, global),
        Command::Keyness(a) => cmd::keyness::run(a, global),
        Command::Score(a) => cmd::score::run(a, global),
        Command::Kwic(a) => cmd::kwic::run(a, global),
        Command::Freq(a) => cmd::freq::run(a, global),
        Command::Dtm(a) => cmd::dtm::run(a, global),
        Command::Lexicons(a) => cmd::lexicons::run(a, global),
    });
    if let Err(err) = result {
        // The reader of our standard output went away (`| head`): what it
        // read is complete as far as it wanted; end quietly like any filter.
        if cmd::is_broken_pipe(&err) {
            std::process::exit(0);
        }
        // One line: the chain of causes joined, so FILE:LINE stays in front.
        // Library errors already print their cause; skip causes said already.
        let mut msg = String::new();
        for cause in err.chain().map(cmd::cause_text) {
            if msg.contains(&cause) {
                continue;
            }
            if !msg.is_empty() {
                msg.push_str(": ");
            }
            msg.push_str(&cause);
        }
        let msg = msg.replace(['\n', '\r'], " ");
        eprintln!("error: {msg}");
        std::process::exit(1);
    }
}
