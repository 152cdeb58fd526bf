//! The bounded report of an event above `--event-limit` (issue 21 item 3,
//! issue 19 item 3): on a synthetic event of many outlets and documents,
//! the report says it is bounded, its page tables and embedded data are
//! capped and say what they left out, the CSV tables keep every row, and
//! the explorer page stays under its size bound. Structure only: timings
//! are measured in `benches/`, not asserted here.

mod common;

use common::{assert_ok, tmp, write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Outlets of the synthetic event: more than the charts draw (30).
const OUTLETS: usize = 60;
/// Documents per outlet: 300 documents, above the bound used (50).
const DOCS_PER_OUTLET: usize = 5;
/// Most bytes of a bounded event's explorer page (docs/report-schema.md,
/// "Bounded reports").
const PAGE_BOUND: u64 = 4_000_000;
/// Most rows a table of a bounded event's page shows.
const PAGE_TABLE_ROWS: usize = 200;

/// A corpus without event ids (so one event): each document has loaded
/// words, attribution verbs, quotes with speakers and scare quotes, and
/// enough text that the page cannot embed all of it.
fn big_event() -> String {
    let verbs = ["said", "claimed", "slammed", "insisted", "told reporters"];
    let words = [
        "killer",
        "murderer",
        "regime",
        "thug",
        "protesters",
        "rioters",
    ];
    let mut out = String::new();
    for o in 0..OUTLETS {
        for d in 0..DOCS_PER_OUTLET {
            let mut text = String::new();
            for s in 0..12 {
                let k = o * 31 + d * 7 + s;
                text.push_str(&format!(
                    "Minister{m} {verb} that the {word} in province{p} had met envoy{e} on day{s}. \
                     “We will not accept the deal{q} on pipeline{p},” spokesman{e} {verb2}. \
                     The so-called “reform{r}” was debated by senator{o} and delegate{d}. ",
                    m = k % 23,
                    verb = verbs[k % verbs.len()],
                    word = words[k % words.len()],
                    p = k % 11,
                    e = (o + s) % 17,
                    q = o * 100 + d * 10 + s,
                    verb2 = verbs[(k + 1) % verbs.len()],
                    r = k % 5,
                ));
            }
            out.push_str(
                &(serde_json::json!({
                    "outlet": format!("Outlet {o:03}"),
                    "title": format!("Report {d} of outlet {o}"),
                    "text": text,
                })
                .to_string()
                    + "\n"),
            );
        }
    }
    out
}

fn run(dir: &Path, input: &Path) -> PathBuf {
    let out = dir.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(["--quiet", "compare"])
        .arg(input)
        .arg("--out")
        .arg(&out)
        .args([
            "--format",
            "both",
            "--event-limit",
            "50",
            "--resamples",
            "50",
        ])
        .output()
        .expect("run framelens");
    assert_ok(&o);
    // The one event of a corpus without event ids.
    let events: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("report.json").exists())
        .collect();
    assert_eq!(events.len(), 1, "one event: {events:?}");
    events[0].clone()
}

/// Data rows of a CSV file (records, not lines: cells may hold newlines).
fn csv_rows(path: &Path) -> usize {
    let mut rows = 0;
    for record in csv::Reader::from_path(path).unwrap().records() {
        record.unwrap();
        rows += 1;
    }
    rows
}

fn len(v: &serde_json::Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

/// The Markdown tables of `md`: (the table's rows, the line after it).
fn md_tables(md: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = md.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with('|') {
            let start = i;
            while i < lines.len() && lines[i].starts_with('|') {
                i += 1;
            }
            // Header and separator lines are not rows.
            let rows = i - start - 2;
            let after = lines[i..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .unwrap_or(&"")
                .to_string();
            out.push((rows, after));
        } else {
            i += 1;
        }
    }
    out
}

/// The `width` and `height` of an SVG file's root element.
fn svg_size(path: &Path) -> (f64, f64) {
    let text = std::fs::read_to_string(path).unwrap();
    let head = &text[..text.find('>').unwrap()];
    let attr = |name: &str| -> f64 {
        let key = format!(" {name}=\"");
        let at = head.find(&key).unwrap() + key.len();
        head[at..].split('"').next().unwrap().parse().unwrap()
    };
    (attr("width"), attr("height"))
}

#[test]
fn a_big_event_gets_a_bounded_report_whose_csv_tables_keep_every_row_and_json_says_its_cuts() {
    let dir = tmp();
    let input = write(dir.path(), "big.jsonl", big_event());
    let ev = run(dir.path(), &input);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ev.join("report.json")).unwrap()).unwrap();

    // The note: report.json says what was bounded, and the page repeats it.
    let bounded = &report["bounded"];
    assert_eq!(bounded["documents"], OUTLETS * DOCS_PER_OUTLET);
    assert_eq!(bounded["outlets"], OUTLETS);
    assert_eq!(bounded["event_limit"], 50);
    assert_eq!(len(&bounded["aligned_documents"]), 50);
    let note = bounded["note"].as_str().unwrap();
    assert!(note.contains("--event-limit"), "{note}");
    let md = std::fs::read_to_string(ev.join("report.md")).unwrap();
    let html = std::fs::read_to_string(ev.join("report.html")).unwrap();
    assert!(md.contains("## Notes"), "report.md has a Notes section");
    assert!(
        md.contains("more than the event bound of 50 documents"),
        "report.md carries the note"
    );
    assert!(html.contains("more than the event bound of 50 documents"));

    // report.json keeps at most the page's bound of each long array and
    // says how many rows each has in full; the CSV tables hold them all.
    let cuts = report["json_bound"].as_array().expect("json_bound");
    let cut = |array: &str| -> (usize, usize) {
        let c = cuts
            .iter()
            .find(|c| c["array"] == array)
            .unwrap_or_else(|| panic!("{array} in json_bound"));
        let n = |k: &str| c[k].as_u64().unwrap() as usize;
        (n("shown"), n("total"))
    };
    for c in cuts {
        let array = c["array"].as_str().unwrap();
        let (shown, total) = cut(array);
        assert!(shown <= PAGE_TABLE_ROWS && shown <= total, "{c}");
        let mut v = &report;
        for part in array.split('.') {
            v = &v[part];
        }
        assert_eq!(len(v), shown, "{array} holds the rows json_bound says");
    }
    let (shown, total) = cut("matches");
    assert!(shown < total, "the matches are cut: {shown} of {total}");
    assert_eq!(csv_rows(&ev.join("matches.csv")), total);
    let sum = |v: &serde_json::Value, inner: &str| -> usize {
        v.as_array().unwrap().iter().map(|x| len(&x[inner])).sum()
    };
    assert_eq!(csv_rows(&ev.join("outlets.csv")), OUTLETS);
    assert_eq!(csv_rows(&ev.join("profiles.csv")), cut("profiles").1);
    assert_eq!(
        csv_rows(&ev.join("concepts.csv")),
        sum(&report["concepts"], "choices")
    );
    // Arrays the bound left whole match their CSV table row for row.
    let whole_or_less = |array: &str, rows: usize, csv: &str| {
        let (shown, total) = cut(array);
        let in_csv = csv_rows(&ev.join(csv));
        if shown == total {
            assert_eq!(in_csv, rows, "{csv}");
        } else {
            assert!(in_csv > rows, "{csv}: {in_csv} rows, report.json {rows}");
        }
    };
    whole_or_less(
        "quotes.groups",
        sum(&report["quotes"]["groups"], "members"),
        "quotes.csv",
    );
    whole_or_less(
        "attribution.by_speaker",
        sum(&report["attribution"]["by_speaker"], "verbs"),
        "attribution.csv",
    );
    // Every outlet is in the profiles table (one row per outlet and term).
    let profiled: std::collections::BTreeSet<String> =
        csv::Reader::from_path(ev.join("profiles.csv"))
            .unwrap()
            .deserialize::<std::collections::HashMap<String, String>>()
            .map(|r| r.unwrap()["outlet"].clone())
            .collect();
    assert_eq!(profiled.len(), OUTLETS);

    // The page's tables: none longer than the bound, and each cut one says
    // how many rows it left and which CSV has them all.
    let tables = md_tables(&md);
    assert!(tables.len() >= 5, "{} tables", tables.len());
    let mut cut = 0;
    for (rows, after) in &tables {
        assert!(*rows <= PAGE_TABLE_ROWS, "a table of {rows} rows");
        if after.starts_with("This table shows") {
            cut += 1;
            assert!(after.contains(".csv has all of them"), "{after}");
        }
    }
    assert!(
        cut >= 3,
        "the profile, attribution and scare-quote tables are cut: {cut}"
    );
    // The profiles table names only the outlets the charts draw.
    let line = md
        .lines()
        .find(|l| l.starts_with("This table shows") && l.contains("outlets with the most words"))
        .expect("a table cut to the drawn outlets");
    assert!(line.contains("the 30 outlets"), "{line}");
}

#[test]
fn a_big_events_page_and_charts_stay_bounded_and_say_what_they_left_out() {
    let dir = tmp();
    let input = write(dir.path(), "big.jsonl", big_event());
    let ev = run(dir.path(), &input);
    let html_path = ev.join("report.html");
    let size = std::fs::metadata(&html_path).unwrap().len();
    assert!(size < PAGE_BOUND, "report.html is {size} bytes");
    let html = std::fs::read_to_string(&html_path).unwrap();

    // The embedded data's caps, each naming the file that has everything.
    let start = html
        .find(r#"<script type="application/json" id="fl-data">"#)
        .unwrap();
    let body = &html[start..];
    let data = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(data).unwrap();
    let caps: Vec<&str> = data["caps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let has = |needle: &str| caps.iter().any(|c| c.contains(needle));
    assert!(has("keyness.csv has every outlet"), "{caps:?}");
    assert!(has("concepts.csv has every outlet"), "{caps:?}");
    assert!(has("`framelens kwic` searches the whole input"), "{caps:?}");
    // The note on cut texts names ten outlets, then counts the rest.
    let texts = caps.iter().find(|c| c.starts_with("Search and")).unwrap();
    assert!(texts.contains("more outlets"), "{texts}");
    assert!(texts.len() < 2_000, "{} characters", texts.len());
    assert_eq!(len(&data["keyness"]), 30);
    let concept_outlets: std::collections::BTreeSet<&str> = data["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["outlet"].as_str().unwrap())
        .collect();
    assert!(concept_outlets.len() <= 30, "{}", concept_outlets.len());
    // The page links the CSV tables it cut.
    for file in [
        "quotes.csv",
        "profiles.csv",
        "attribution.csv",
        "concepts.csv",
    ] {
        assert!(
            html.contains(&format!("href=\"{file}\"")),
            "report.html links {file}"
        );
    }

    // Matrix charts draw at most 15 outlet columns and say so; none is
    // wider or taller than a page can show legibly.
    for chart in ["word_choice", "actor_labels", "quote_coverage"] {
        let (w, h) = svg_size(&ev.join(format!("{chart}.svg")));
        assert!(w <= 8_000.0 && h <= 8_000.0, "{chart}: {w} x {h}");
    }
    let md = std::fs::read_to_string(ev.join("report.md")).unwrap();
    assert!(
        md.contains("Drawn: the 15 outlets with the most words of 60"),
        "the matrix charts' captions say how many outlets they draw"
    );
    for chart in ["keyness", "lexicon_rates", "word_choice", "similarity"] {
        let png = std::fs::read(ev.join(format!("{chart}.png"))).unwrap();
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert!(w <= 16_000 && h <= 16_000, "{chart}.png: {w} x {h}");
    }
}
