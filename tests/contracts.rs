//! Explicit contracts: one reader trait for every input format, parameter
//! structs checked once into valid ones (every limit at both ends), and
//! error variants a caller can match on.

mod common;

use framelens::compare::align::{AlignParams, SCORES};
use framelens::compare::corpus::CorpusOptions;
use framelens::compare::event::{EventOptions, MIN_EVENT_LIMIT};
use framelens::compare::substitutions::SubstitutionParams;
use framelens::corpus::{
    for_each_chunk, read_corpus, stream_corpus, CorpusReader, CsvReader, FolderReader, Format,
    JsonlReader, ReadOptions,
};
use framelens::error::Allowed;
use framelens::params::Check;
use framelens::plot::{ChartOptions, Formats, HEIGHTS, MAX_SIDE, MIN_HEIGHT, MIN_WIDTH, WIDTHS};
use framelens::Error;
use std::path::{Path, PathBuf};

const STRICT: ReadOptions = ReadOptions {
    lenient: false,
    allow_outside_files: false,
    filter: framelens::corpus::Filter::NONE,
};
const LENIENT: ReadOptions = ReadOptions {
    lenient: true,
    allow_outside_files: false,
    filter: framelens::corpus::Filter::NONE,
};

fn file(dir: &tempfile::TempDir, name: &str, bytes: &str) -> PathBuf {
    let p = dir.path().join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The name and value of an out-of-range error, or a panic saying what came instead.
#[track_caller]
fn out_of_range<T: std::fmt::Debug>(r: framelens::Result<T>) -> (&'static str, f64, Allowed) {
    match r {
        Err(Error::OutOfRange {
            name,
            value,
            allowed,
        }) => (name, value, allowed),
        other => panic!("expected OutOfRange, got {other:?}"),
    }
}

// ---- the reader trait ----

#[test]
fn every_format_has_a_reader_that_reads_what_read_corpus_reads() {
    let d = tempfile::tempdir().unwrap();
    let jsonl = file(
        &d,
        "c.jsonl",
        "{\"id\": \"a\", \"outlet\": \"x\", \"text\": \"One.\"}\n{\"id\": \"b\", \"outlet\": \"y\", \"text\": \"Two.\"}\n",
    );
    let csv = file(&d, "c.csv", "id,outlet,text\na,x,One.\nb,y,Two.\n");
    file(&d, "f/a.txt", "One.");
    file(&d, "f/b.txt", "Two.");
    let folder = file(
        &d,
        "f/manifest.toml",
        "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\n\n[[document]]\nfile = \"b.txt\"\noutlet = \"y\"\n",
    );
    let folder = folder.parent().unwrap().to_path_buf();
    let readers: [(&Path, &dyn CorpusReader, Format); 3] = [
        (&jsonl, &JsonlReader, Format::Jsonl),
        (&csv, &CsvReader, Format::Csv),
        (&folder, &FolderReader, Format::Folder),
    ];
    for (path, reader, format) in readers {
        assert_eq!(reader.format(), format);
        assert_eq!(Format::of(path).unwrap().reader().format(), format);
        let read = reader.read(path, &STRICT).unwrap();
        let texts: Vec<&str> = read.documents.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["One.", "Two."], "{format:?}");
        assert_eq!(
            read.documents,
            read_corpus(path, &STRICT).unwrap().documents,
            "{format:?}"
        );
        let streamed: Vec<_> = reader
            .open(path, &STRICT)
            .unwrap()
            .map(|d| d.unwrap())
            .collect();
        assert_eq!(streamed, read.documents, "{format:?}");
        let via_stream: Vec<_> = stream_corpus(path, &STRICT)
            .unwrap()
            .map(|d| d.unwrap())
            .collect();
        assert_eq!(via_stream, read.documents, "{format:?}");
        let mut chunked = Vec::new();
        reader
            .for_each_chunk(path, &STRICT, 1, &mut |c| {
                chunked.extend(c);
                Ok(())
            })
            .unwrap();
        assert_eq!(chunked, read.documents, "{format:?}");
        let mut chunked = Vec::new();
        for_each_chunk(path, &STRICT, 1, |c| {
            chunked.extend(c);
            Ok(())
        })
        .unwrap();
        assert_eq!(chunked, read.documents, "{format:?}");
    }
}

// ---- error variants ----

#[test]
fn input_errors_are_variants_with_their_facts() {
    let d = tempfile::tempdir().unwrap();
    let odd = file(&d, "notes.docx", "x");
    match read_corpus(&odd, &STRICT) {
        Err(Error::UnknownFormat { path }) => assert_eq!(path, odd),
        other => panic!("{other:?}"),
    }
    let empty = file(&d, "empty.jsonl", "");
    match read_corpus(&empty, &STRICT) {
        Err(e @ Error::NoDocuments { .. }) => {
            assert!(matches!(&e, Error::NoDocuments { path, skipped: None } if *path == empty));
            assert_eq!(
                e.to_string(),
                format!("{}: no documents (empty input)", empty.display())
            );
        }
        other => panic!("{other:?}"),
    }
    let bad = file(&d, "bad.jsonl", "{\n{\n");
    match read_corpus(&bad, &LENIENT) {
        Err(Error::NoDocuments {
            skipped: Some(s), ..
        }) => assert!(s.starts_with("skipped 2 bad records"), "{s}"),
        other => panic!("{other:?}"),
    }
    match read_corpus(&bad, &STRICT) {
        Err(e @ Error::Parse { .. }) => {
            let at = e.location().unwrap();
            assert_eq!((at.path.as_path(), at.line), (bad.as_path(), Some(1)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_outside_the_manifest_folder_is_its_own_variant_naming_no_flag() {
    let d = tempfile::tempdir().unwrap();
    file(&d, "secret.txt", "swordfish");
    file(&d, "in/a.txt", "One.");
    let manifest = file(
        &d,
        "in/manifest.toml",
        "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\n\n[[document]]\nfile = \"../secret.txt\"\noutlet = \"y\"\n",
    );
    let err = read_corpus(&d.path().join("in"), &STRICT).unwrap_err();
    let text = err.to_string();
    match &err {
        Error::OutsideFile { location, name, .. } => {
            assert_eq!(location.path, manifest);
            assert_eq!(location.line, Some(5));
            assert_eq!(name, "../secret.txt");
        }
        other => panic!("{other:?}"),
    }
    assert!(text.contains("outside the manifest's folder"), "{text}");
    assert!(
        !text.contains("--"),
        "a library error names no flag: {text}"
    );
    assert_eq!(err.location().map(|l| l.line), Some(Some(5)));
}

#[test]
fn parameter_errors_name_the_library_parameter_and_can_be_renamed() {
    let err = "pdf".parse::<Formats>().unwrap_err();
    assert!(matches!(
        &err,
        Error::NotOneOf { name: "format", value, .. } if value == "pdf"
    ));
    assert_eq!(
        err.to_string(),
        "invalid parameter format: 'pdf' is not one of png, svg, both"
    );
    assert_eq!(
        err.naming_param("--format"),
        "invalid parameter --format: 'pdf' is not one of png, svg, both"
    );
    let err = "yaml=x.yaml"
        .parse::<framelens::lexicon::LexiconSpec>()
        .unwrap_err();
    assert_eq!(err.param_name(), Some("lexicon"));
    assert!(!err.to_string().contains("--"), "{err}");
}

// ---- checked parameters, every limit at both ends ----

#[test]
fn chart_size_limits_hold_at_both_ends() {
    let with = |width, height| ChartOptions {
        width,
        height,
        ..ChartOptions::default()
    };
    for (w, h) in [
        (MIN_WIDTH, MIN_HEIGHT),
        (MAX_SIDE, MAX_SIDE),
        (MIN_WIDTH, MAX_SIDE),
    ] {
        let valid = with(w, h).check().unwrap();
        assert_eq!((valid.width, valid.height), (w, h));
    }
    assert_eq!(
        out_of_range(with(MIN_WIDTH - 1, 600).check()),
        ("width", 299.0, WIDTHS)
    );
    assert_eq!(
        out_of_range(with(MAX_SIDE + 1, 600).check()),
        ("width", 8001.0, WIDTHS)
    );
    assert_eq!(
        out_of_range(with(900, MIN_HEIGHT - 1).check()),
        ("height", 199.0, HEIGHTS)
    );
    assert_eq!(
        out_of_range(with(900, MAX_SIDE + 1).check()),
        ("height", 8001.0, HEIGHTS)
    );
    let err = with(299, 600).check().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid parameter width: 299 is outside 300..=8000 pixels"
    );
    let scale = |png_scale| ChartOptions {
        png_scale,
        ..ChartOptions::default()
    };
    assert!(scale(0.25).check().is_ok());
    assert!(scale(8.0).check().is_ok());
    assert_eq!(out_of_range(scale(0.2).check()).0, "png_scale");
    assert_eq!(out_of_range(scale(8.5).check()).0, "png_scale");
    assert_eq!(
        scale(0.1).check().unwrap_err().to_string(),
        "invalid parameter png_scale: 0.1 is outside 0.25..=8"
    );
    assert!(scale(f32::NAN).check().is_err());
}

#[test]
fn a_chart_drawn_with_unchecked_options_is_refused_too() {
    let opts = ChartOptions {
        width: 100,
        ..ChartOptions::default()
    };
    let data = framelens::plot::SimilarityData::default();
    let err = framelens::plot::similarity_heatmap(&data, &opts).unwrap_err();
    assert!(
        matches!(err, Error::OutOfRange { name: "width", .. }),
        "{err}"
    );
}

#[test]
fn alignment_limits_hold_at_both_ends() {
    let ok = AlignParams::default();
    for v in [0.0, 1.0] {
        for set in [
            |p: &mut AlignParams, v| p.threshold = v,
            |p: &mut AlignParams, v| p.group_threshold = v,
            |p: &mut AlignParams, v| p.phrase_weight = v,
            |p: &mut AlignParams, v| p.scare_weight = v,
        ] {
            let mut p = ok.clone();
            set(&mut p, v);
            assert!(p.check().is_ok(), "{v}");
            for bad in [-0.01, 1.01, f64::NAN] {
                let mut p = ok.clone();
                set(&mut p, bad);
                let (_, _, allowed) = out_of_range(p.check());
                assert_eq!(allowed, SCORES);
            }
        }
    }
    let p = AlignParams {
        threshold: 1.5,
        ..AlignParams::default()
    };
    assert_eq!(
        p.check().unwrap_err().to_string(),
        "invalid parameter threshold: must be in [0, 1], got 1.5"
    );
    let sentences = |n| AlignParams {
        max_sentences: n,
        ..AlignParams::default()
    };
    assert!(sentences(1).check().is_ok());
    assert!(sentences(usize::MAX).check().is_ok());
    assert_eq!(out_of_range(sentences(0).check()).0, "max_sentences");
    assert_eq!(
        sentences(0).check().unwrap_err().to_string(),
        "invalid parameter max_sentences: must be at least 1"
    );
    let tokens = |n| AlignParams {
        max_tokens: n,
        ..AlignParams::default()
    };
    assert!(tokens(1).check().is_ok());
    assert_eq!(out_of_range(tokens(0).check()).0, "max_tokens");
}

#[test]
fn substitution_limits_hold_at_both_ends() {
    let ok = SubstitutionParams::default();
    assert!(ok.clone().check().is_ok());
    for (name, set) in [
        (
            "max_len",
            (|p: &mut SubstitutionParams| p.max_len = 0) as fn(&mut _),
        ),
        ("min_context", |p: &mut SubstitutionParams| {
            p.min_context = 0
        }),
        ("max_tokens", |p: &mut SubstitutionParams| p.max_tokens = 0),
        ("min_score", |p: &mut SubstitutionParams| p.min_score = 1.01),
        ("min_score", |p: &mut SubstitutionParams| {
            p.min_score = -0.01
        }),
    ] {
        let mut p = ok.clone();
        set(&mut p);
        assert_eq!(out_of_range(p.check()).0, name);
    }
    for score in [0.0, 1.0] {
        let p = SubstitutionParams {
            min_score: score,
            max_len: 1,
            min_context: 1,
            max_tokens: 1,
            ..SubstitutionParams::default()
        };
        assert!(p.check().is_ok());
    }
}

#[test]
fn event_options_check_their_parts_once() {
    let ok = EventOptions::default().check().unwrap();
    assert_eq!(ok.align().into_inner(), AlignParams::default());
    assert_eq!(
        ok.substitutions().into_inner(),
        SubstitutionParams::default()
    );
    let top0 = EventOptions {
        top: 0,
        ..EventOptions::default()
    };
    assert_eq!(out_of_range(top0.check()).0, "top");
    let top1 = EventOptions {
        top: 1,
        ..EventOptions::default()
    };
    assert!(top1.check().is_ok());
    let bad_align = EventOptions {
        align: AlignParams {
            max_sentences: 0,
            ..AlignParams::default()
        },
        ..EventOptions::default()
    };
    assert_eq!(out_of_range(bad_align.check()).0, "max_sentences");
    let bad_subs = EventOptions {
        substitutions: SubstitutionParams {
            max_tokens: 0,
            ..SubstitutionParams::default()
        },
        ..EventOptions::default()
    };
    assert_eq!(out_of_range(bad_subs.check()).0, "max_tokens");
    // A bound of 0 or 1 documents is taken as the least that compares.
    for (given, in_force) in [
        (0, MIN_EVENT_LIMIT),
        (1, MIN_EVENT_LIMIT),
        (2, 2),
        (500, 500),
    ] {
        let v = EventOptions {
            event_limit: given,
            ..EventOptions::default()
        }
        .check()
        .unwrap();
        assert_eq!(v.event_limit(), in_force);
    }
}

#[test]
fn corpus_options_limits_hold_at_both_ends() {
    assert!(CorpusOptions::default().check().is_ok());
    let with = |top, subs, groups| CorpusOptions {
        top,
        max_substitutions: subs,
        max_pairwise_groups: groups,
        ..CorpusOptions::default()
    };
    assert!(with(1, 1, 2).check().is_ok());
    assert_eq!(out_of_range(with(0, 1, 2).check()).0, "top");
    assert_eq!(out_of_range(with(1, 0, 2).check()).0, "max_substitutions");
    assert_eq!(out_of_range(with(1, 1, 1).check()).0, "max_pairwise_groups");
}

#[test]
fn allowed_ranges_include_both_ends_and_never_nan() {
    let r = Allowed::Between {
        min: 1.0,
        max: 2.0,
        unit: "",
    };
    assert!(r.contains(1.0) && r.contains(2.0));
    assert!(!r.contains(0.999) && !r.contains(2.001) && !r.contains(f64::NAN));
    assert!(Allowed::at_least(3).contains(3.0) && !Allowed::at_least(3).contains(2.0));
    assert!(Allowed::Positive.contains(1e-9) && !Allowed::Positive.contains(0.0));
    assert!(!Allowed::Positive.contains(f64::INFINITY));
    let half_open = Allowed::AboveZeroUpTo { max: 1.0 };
    assert!(half_open.contains(1.0) && !half_open.contains(0.0));
}

#[test]
fn a_refused_output_folder_is_a_variant_naming_no_flag() {
    let d = tempfile::tempdir().unwrap();
    let input = file(
        &d,
        "in/c.jsonl",
        "{\"outlet\": \"x\", \"text\": \"One.\"}\n",
    );
    let inside = d.path().join("in/out");
    let err = framelens::output::check_out_folder(&input, &d.path().join("in"), false).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::OutFolder {
                refusal: framelens::error::OutRefusal::Never { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("holds the input"), "{err}");
    assert!(!err.to_string().contains("--"), "{err}");
    let err =
        framelens::output::check_out_folder(input.parent().unwrap(), &inside, false).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::OutFolder {
                refusal: framelens::error::OutRefusal::InsideInput { .. },
                ..
            }
        ),
        "{err:?}"
    );
}

/// The command line words the checks as it always did, with its flags.
#[test]
fn the_command_line_says_its_flags_for_library_checks() {
    let d = tempfile::tempdir().unwrap();
    let input = file(
        &d,
        "c.jsonl",
        "{\"outlet\": \"x\", \"text\": \"One.\"}\n{\"outlet\": \"y\", \"text\": \"Two.\"}\n",
    );
    let run = |extra: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_framelens"))
            .arg("compare")
            .arg(&input)
            .arg("--out")
            .arg(d.path().join("out"))
            .args(extra)
            .arg("--quiet")
            .output()
            .unwrap();
        assert!(!o.status.success());
        String::from_utf8_lossy(&o.stderr).trim().to_string()
    };
    let size = "error: --width/--height must be between 300x200 and 8000x8000 pixels";
    assert_eq!(run(&["--width", "299"]), size);
    assert_eq!(run(&["--height", "8001"]), size);
    let sentences = "error: --sentence-limit and --sentence-tokens must be at least 1";
    assert_eq!(run(&["--sentence-limit", "0"]), sentences);
    assert_eq!(run(&["--sentence-tokens", "0"]), sentences);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(["lexicons", "--lexicon", "yaml=x.yaml"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: invalid parameter --lexicon: unknown format"),
        "{err}"
    );
}

// ---- the remaining parameter structs, checked once ----

#[test]
fn keyness_quote_score_and_tfidf_limits_are_stated_once_and_checked() {
    use framelens::compare::quotes::{QuoteParams, MIN_SHARED, OVERLAPS};
    use framelens::lexicon::score::{ScoreOptions, LEVELS};
    use framelens::stats::keyness::{KeynessParams, ALPHA0};
    use framelens::stats::tfidf::{DfLimit, TfidfParams, DF_COUNTS, DF_FRACTIONS, MIN_NGRAM};

    let alpha = |a| KeynessParams {
        alpha0: Some(a),
        ..KeynessParams::default()
    };
    assert!(alpha(1e-9).check().is_ok() && KeynessParams::default().check().is_ok());
    assert_eq!(out_of_range(alpha(0.0).check()), ("alpha0", 0.0, ALPHA0));
    assert_eq!(out_of_range(alpha(f64::INFINITY).check()).0, "alpha0");

    let quotes = |min_overlap, min_shared| QuoteParams {
        min_overlap,
        min_shared,
    };
    assert!(quotes(1.0, MIN_SHARED).check().is_ok());
    assert_eq!(
        out_of_range(quotes(0.0, 2).check()),
        ("min_overlap", 0.0, OVERLAPS)
    );
    assert_eq!(out_of_range(quotes(0.5, 0).check()).0, "min_shared");

    let level = |level| ScoreOptions {
        level,
        ..ScoreOptions::default()
    };
    assert!(level(0.001).check().is_ok() && level(0.999).check().is_ok());
    for bad in [0.0, 1.0, f64::NAN] {
        let (name, _, allowed) = out_of_range(level(bad).check());
        assert_eq!((name, allowed), ("level", LEVELS), "{bad}");
    }
    assert_eq!(
        level(1.0).check().unwrap_err().to_string(),
        "invalid parameter level: must be between 0 and 1"
    );
    let none = ScoreOptions {
        voices: Vec::new(),
        ..ScoreOptions::default()
    };
    assert_eq!(none.check().unwrap_err().param_name(), Some("voice"));

    let df = |min_df, max_df| TfidfParams {
        min_df,
        max_df,
        ..TfidfParams::default()
    };
    assert!(df(DfLimit::Count(1), DfLimit::Fraction(0.0))
        .check()
        .is_ok());
    assert!(df(DfLimit::Fraction(1.0), DfLimit::Count(usize::MAX))
        .check()
        .is_ok());
    assert_eq!(
        out_of_range(df(DfLimit::Count(0), DfLimit::Fraction(1.0)).check()),
        ("min_df", 0.0, DF_COUNTS)
    );
    assert_eq!(
        out_of_range(df(DfLimit::Count(1), DfLimit::Fraction(1.5)).check()),
        ("max_df", 1.5, DF_FRACTIONS)
    );
    assert_eq!(
        df(DfLimit::Count(0), DfLimit::Fraction(1.0))
            .check()
            .unwrap_err()
            .to_string(),
        "invalid parameter min_df: an integer must be at least 1 (use a fraction such as 0.0 for none)"
    );
    assert_eq!(
        df(DfLimit::Fraction(-0.5), DfLimit::Fraction(1.0))
            .check()
            .unwrap_err()
            .to_string(),
        "invalid parameter min_df: a fraction must be in [0, 1], got -0.5"
    );
    let ngrams = |ngram_range| TfidfParams {
        ngram_range,
        ..TfidfParams::default()
    };
    assert!(ngrams((MIN_NGRAM, MIN_NGRAM)).check().is_ok());
    for bad in [(0, 1), (2, 1)] {
        assert_eq!(
            ngrams(bad).check().unwrap_err().param_name(),
            Some("ngram_range")
        );
    }
}

#[test]
fn charts_take_options_checked_once_per_run() {
    use framelens::report::event::WriteOptions;
    let bad = WriteOptions {
        chart: ChartOptions {
            width: 10,
            ..ChartOptions::default()
        },
        ..WriteOptions::default()
    };
    assert_eq!(out_of_range(bad.check()).0, "width");
    let valid = WriteOptions::default().check().unwrap();
    assert_eq!(valid.chart().into_inner(), ChartOptions::default());
    // A checked value is drawn with as it is: no second check, same chart.
    let data = framelens::plot::SimilarityData::default();
    let once = framelens::plot::similarity_heatmap(&data, &valid.chart()).unwrap();
    let plain = framelens::plot::similarity_heatmap(&data, &ChartOptions::default()).unwrap();
    assert_eq!(once.svg, plain.svg);
}

// ---- more error variants a caller can match on ----

#[test]
fn outlets_tokens_names_and_charts_have_variants() {
    use framelens::error::{ChartStep, Side, TooFew};
    use framelens::pipeline::{compare_events, FullOptions, NoProgress};
    let d = tempfile::tempdir().unwrap();
    let one = file(
        &d,
        "one.jsonl",
        "{\"outlet\": \"x\", \"text\": \"One.\"}\n{\"outlet\": \"x\", \"text\": \"Two.\"}\n",
    );
    let err =
        compare_events(&one, &FullOptions::default(), &NoProgress, &mut Vec::new()).unwrap_err();
    match &err {
        Error::TooFewOutlets {
            shortage: TooFew::Input { outlet },
            ..
        } => assert_eq!(outlet.as_deref(), Some("x")),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!(
            "{}: only one outlet (x): framelens compares outlets, give it documents from at least two",
            one.display()
        )
    );
    let apart = file(
        &d,
        "apart.jsonl",
        "{\"event_id\": \"a\", \"outlet\": \"x\", \"text\": \"One.\"}\n{\"event_id\": \"b\", \"outlet\": \"y\", \"text\": \"Two.\"}\n",
    );
    let err = compare_events(
        &apart,
        &FullOptions::default(),
        &NoProgress,
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::TooFewOutlets {
                shortage: TooFew::Events,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err
        .to_string()
        .ends_with(": no event has documents from two or more outlets"));

    let kp = framelens::stats::KeynessParams::default();
    assert!(matches!(
        framelens::stats::keyness(&["a"], &[0], &[1], &kp),
        Err(Error::NoTokens { side: Side::Target })
    ));

    let err = "LogOdds".parse::<framelens::stats::Measure>().unwrap_err();
    assert!(
        matches!(&err, Error::NotOneOf { name: "measure", value, .. } if value == "LogOdds"),
        "{err:?}"
    );

    let err = framelens::plot::raster::parse_svg("<svg").unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Chart {
                step: ChartStep::ParseSvg,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("chart SVG: cannot parse: "),
        "{err}"
    );
}
