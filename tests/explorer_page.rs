//! The explorer's embedded data: escaped so no text of the corpus can end
//! its `<script>` element, bounded in size, and the same facts as
//! report.json. The browser itself is tested in tests/browser_explorer.rs.

mod common;

use common::{assert_ok, framelens_in};
use std::path::Path;

const HOSTILE: &str = "</script><img src=x onerror=alert(1)>";

/// The text of the page's `<script type="application/json">` element.
fn embedded_json(html: &str) -> &str {
    let open = "<script type=\"application/json\" id=\"fl-data\">";
    let start = html.find(open).expect("the page embeds its data") + open.len();
    let len = html[start..]
        .find("</script>")
        .expect("the data element ends");
    &html[start..start + len]
}

fn corpus(dir: &Path) {
    let texts = [
        (
            "A",
            "Putin is a killer, said the official. The deal was done in Geneva on Monday.",
        ),
        (
            HOSTILE,
            "Putin is a murderer, claimed Peskov. “He is a </script> killer,” said Psaki.",
        ),
        (
            "C",
            "The president met the leader. Talks were held in Geneva on the deal.",
        ),
    ];
    let mut out = String::new();
    for (i, (outlet, text)) in texts.iter().enumerate() {
        let rec = serde_json::json!({
            "id": format!("d{i}"),
            "event_id": "e1",
            "outlet": outlet,
            "title": format!("{outlet} <!-- title"),
            "text": text,
        });
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    std::fs::write(dir.join("corpus.jsonl"), out).unwrap();
}

#[test]
fn embedded_data_cannot_break_out_of_its_script_element() {
    let tmp = common::tmp();
    corpus(tmp.path());
    assert_ok(&framelens_in(
        tmp.path(),
        &["compare", "corpus.jsonl", "--out", "out", "--quiet"],
    ));
    for page in ["out/e1/report.html", "out/index.html"] {
        let html = std::fs::read_to_string(tmp.path().join(page)).unwrap();
        assert!(!html.contains("<img"), "{page}: markup from the corpus");
        assert!(!html.contains("<!-- title"), "{page}");
        // Two script elements: the data and the explorer.
        assert_eq!(html.matches("</script>").count(), 2, "{page}");
        let data: serde_json::Value = serde_json::from_str(embedded_json(&html)).unwrap();
        if page.ends_with("report.html") {
            let outlets: Vec<&str> = data["outlets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_str().unwrap())
                .collect();
            assert!(outlets.contains(&HOSTILE), "{outlets:?}");
            let texts = data["texts"]["outlets"].as_array().unwrap();
            let all: String = texts
                .iter()
                .flat_map(|o| o["sentences"].as_array().unwrap())
                .map(|s| s["t"].as_str().unwrap())
                .collect();
            assert!(all.contains("He is a </script> killer"), "{all}");
        } else {
            assert_eq!(data["kind"], "index");
            assert_eq!(data["events"][0]["href"], "e1/report.html");
        }
    }
}

#[test]
fn embedded_data_holds_the_reports_facts() {
    let tmp = common::tmp();
    let out = tmp.path().join("o");
    assert_ok(
        &std::process::Command::new(common::bin())
            .arg("compare")
            .arg(common::seeds())
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .output()
            .unwrap(),
    );
    let dir = out.join("biden-putin-killer-2021-03");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let data: serde_json::Value = serde_json::from_str(embedded_json(&html)).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    // Every outlet's whole text is embedded for the seeds (no cut) …
    let caps = data["caps"].as_array().unwrap();
    assert!(caps.is_empty(), "{caps:?}");
    for (o, r) in data["texts"]["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .zip(report["outlets"].as_array().unwrap())
    {
        assert_eq!(o["outlet"], r["id"]);
        assert_eq!(o["total_sentences"], r["sentences"]);
        assert_eq!(
            o["sentences"].as_array().unwrap().len() as u64,
            r["sentences"].as_u64().unwrap()
        );
        let tokens: usize = o["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["k"].as_array().unwrap().len() / 3)
            .sum();
        assert_eq!(tokens as u64, r["tokens"].as_u64().unwrap());
    }
    // … and keyness rows are report.json's, rounded to four decimals.
    let k0 = &data["keyness"][0];
    let r0 = &report["keyness"][0];
    assert_eq!(k0["outlet"], r0["outlet"]);
    assert_eq!(k0["over"][0][0], r0["over"][0]["term"]);
    let (a, b) = (
        k0["over"][0][5].as_f64().unwrap(),
        r0["over"][0]["stat"].as_f64().unwrap(),
    );
    assert!((a - b).abs() < 1e-4, "{a} {b}");
    assert!(html.len() < 1_500_000, "{}", html.len());
}

#[test]
fn basil_pages_stay_under_one_and_a_half_megabytes() {
    let Some(path) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    let tmp = common::tmp();
    let out = tmp.path().join("o");
    assert_ok(
        &std::process::Command::new(common::bin())
            .arg("compare")
            .arg(&path)
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .arg("--format")
            .arg("svg")
            .output()
            .unwrap(),
    );
    let mut sizes = Vec::new();
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path().join("report.html");
        if p.is_file() && p.parent().unwrap().file_name().unwrap() != "summary" {
            sizes.push(std::fs::metadata(&p).unwrap().len());
        }
    }
    sizes.sort();
    assert_eq!(sizes.len(), 100);
    println!(
        "BASIL report.html: median {} bytes, max {} bytes",
        sizes[50], sizes[99]
    );
    assert!(sizes[99] <= 1_500_000, "largest page {} bytes", sizes[99]);
}
