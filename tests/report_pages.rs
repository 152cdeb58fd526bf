//! What `compare` writes for readers: report.html carries every chart as
//! inline SVG (no base64 PNG copies), PNG files are compact, and a corpus
//! without event ids gets a bounded report and the `--summary-only` hint.

mod common;

use std::path::Path;

const EVENT: &str = "biden-putin-killer-2021-03";

fn compare(input: &Path, out: &Path, extra: &[&str]) -> String {
    let o = std::process::Command::new(common::bin())
        .arg("compare")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("framelens runs");
    let err = common::assert_ok(&o);
    format!("{}{err}", common::stdout(&o))
}

#[test]
fn html_inlines_each_chart_svg_and_pngs_are_indexed_or_rgb() {
    let tmp = common::tmp();
    let out = tmp.path().join("o");
    // Both formats: the SVG files are what the page must hold inline.
    compare(&common::seeds(), &out, &["--quiet", "--format", "both"]);
    let dir = out.join(EVENT);
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        !html.contains("base64") && !html.contains("<img"),
        "no PNG copies in the page"
    );
    let mut charts = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            charts += 1;
            let svg = std::fs::read_to_string(&path).unwrap();
            // The page holds the file's very drawing (namespace aside).
            let body = &svg[svg.find('>').unwrap()..];
            assert!(
                html.contains(body.trim_end()),
                "{} is not inline",
                path.display()
            );
            let png = std::fs::read(path.with_extension("png")).unwrap();
            let decoder = png::Decoder::new(png.as_slice());
            let info = decoder.read_info().unwrap().info().clone();
            assert!(
                matches!(
                    info.color_type,
                    png::ColorType::Indexed | png::ColorType::Rgb
                ),
                "{}: {:?}",
                path.display(),
                info.color_type
            );
        }
    }
    assert_eq!(
        html.matches("<svg role=\"img\" aria-label=").count(),
        charts
    );
    assert!(charts >= 8, "{charts} charts");
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn a_corpus_without_event_ids_is_one_bounded_event_and_suggests_summary_only() {
    let tmp = common::tmp();
    let mut lines = String::new();
    for (i, outlet) in ["alpha", "beta", "gamma"].iter().enumerate() {
        for d in 0..3 {
            lines.push_str(&format!(
                "{{\"outlet\": \"{outlet}\", \"text\": \"The minister said the plan would cut taxes {d}. Critics called it a reckless giveaway {i}. \\\"It is a scandal,\\\" said the mayor.\"}}\n"
            ));
        }
    }
    let input = common::write(tmp.path(), "flat.jsonl", lines);
    let out = tmp.path().join("o");
    // Not --quiet: the note is part of the run's closing paragraph.
    let said = compare(&input, &out, &["--event-limit", "4", "--format", "svg"]);
    assert!(said.contains("note: the input has no event ids"), "{said}");
    assert!(said.contains("--summary-only"), "{said}");
    let html = std::fs::read_to_string(out.join("event").join("report.html")).unwrap();
    assert!(
        html.contains("the whole input (it has no event ids)"),
        "title"
    );
    assert!(html.contains("--event-limit"), "the bounded report says so");
    let md = std::fs::read_to_string(out.join("event").join("report.md")).unwrap();
    assert!(
        md.contains("](keyness.svg)"),
        "svg-only reports link the SVG"
    );
}
