//! Every chart renders from realistic seed-story data: the SVG parses, the
//! PNG decodes and is not blank (pixel variance, not file size), the
//! outlet names are in the SVG text. Edge cases render "no data" charts
//! instead of failing. Set FRAMELENS_PLOTCHECK=DIR to keep the PNGs for
//! looking at.

use framelens::plot::*;
use resvg::tiny_skia::Pixmap;

const OUTLETS: [&str; 5] = ["tva", "dach", "ani", "rt", "yahoo-uk"];

fn ri(rate: f64, half: f64) -> RateInterval {
    RateInterval {
        rate,
        low: (rate - half).max(0.0),
        high: rate + half,
    }
}

fn lexicon_data() -> LexiconRatesData {
    let cats = [
        (
            "loaded labels",
            [2.1, 3.4, 1.2, 4.8, 1.9],
            [6.0, 4.1, 5.2, 7.5, 3.3],
        ),
        (
            "attribution: doubting",
            [0.0, 0.6, 0.4, 3.9, 0.5],
            [0.0, 0.0, 0.0, 0.0, 0.0],
        ),
        (
            "attribution: hostile",
            [0.3, 0.0, 0.0, 2.6, 0.9],
            [1.0, 0.0, 0.0, 0.0, 0.0],
        ),
        (
            "hedges",
            [1.5, 2.2, 3.0, 1.1, 2.4],
            [2.0, 0.0, 1.6, 2.9, 1.2],
        ),
        (
            "intensifiers",
            [0.8, 1.1, 0.6, 2.2, 1.3],
            [3.1, 2.5, 1.0, 4.4, 2.0],
        ),
    ];
    let mut rows = Vec::new();
    for (cat, own, quoted) in cats {
        for (i, o) in OUTLETS.iter().enumerate() {
            rows.push(LexiconRateRow {
                outlet: o.to_string(),
                category: cat.to_string(),
                own: Some(ri(own[i], 0.4 + own[i] * 0.3)),
                quoted: (o != &"dach" || cat == "loaded labels")
                    .then(|| ri(quoted[i], 0.8 + quoted[i] * 0.4)),
            });
        }
    }
    LexiconRatesData {
        context: "event biden-putin-killer".into(),
        rows,
    }
}

fn similarity_data() -> SimilarityData {
    let v = vec![
        vec![1.0, 0.62, 0.71, 0.55, 0.68],
        vec![0.62, 1.0, 0.58, 0.49, 0.6],
        vec![0.71, 0.58, 1.0, 0.52, 0.66],
        vec![0.55, 0.49, 0.52, 1.0, 0.57],
        vec![0.68, 0.6, 0.66, 0.57, 1.0],
    ];
    SimilarityData {
        context: "event biden-putin-killer".into(),
        measure: "cosine similarity of TF-IDF".into(),
        outlets: OUTLETS.iter().map(|s| s.to_string()).collect(),
        values: v,
    }
}

fn keyness_data() -> KeynessData {
    let words: [&[(&str, f64)]; 5] = [
        &[
            ("poutine", 3.1),
            ("afp", 2.4),
            ("killer", 1.9),
            ("ambassador", 1.2),
            ("antonov", 1.1),
            ("navalny", -1.4),
            ("hiroshima", -1.0),
            ("blasted", -0.8),
        ],
        &[
            ("murderer", 3.4),
            ("hiroshima", 2.9),
            ("genocide", 2.6),
            ("eu", 1.8),
            ("assassination", 1.5),
            ("killer", -2.7),
            ("said", -1.1),
            ("kremlin", -0.7),
        ],
        &[
            ("cnn", 2.8),
            ("hill", 2.5),
            ("moscow", 1.6),
            ("russia", 1.1),
            ("psaki", 1.0),
            ("tantrum", -1.2),
            ("mr", -1.5),
        ],
        &[
            ("tantrum", 3.3),
            ("powerlessness", 3.3),
            ("claimed", 2.7),
            ("alleged", 2.2),
            ("blasted", 2.0),
            ("insisting", 1.7),
            ("killer", -0.9),
            ("murderer", -1.3),
            ("biden", -0.6),
        ],
        &[
            ("mr", 3.0),
            ("navalny", 2.8),
            ("apologise", 2.1),
            ("takes", 1.9),
            ("know", 1.8),
            ("poutine", -1.6),
            ("hiroshima", -1.1),
        ],
    ];
    KeynessData {
        context: "event biden-putin-killer".into(),
        measure: "log-odds z-score (informative prior)".into(),
        top_n: 5,
        outlets: OUTLETS
            .iter()
            .zip(words)
            .map(|(o, ws)| KeynessOutlet {
                outlet: o.to_string(),
                terms: ws
                    .iter()
                    .map(|(t, s)| KeyTerm {
                        term: t.to_string(),
                        score: *s,
                        count_target: (s.abs() * 3.0) as u64,
                        count_rest: 2,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn map_data() -> OutletMapData {
    let pts = [
        (-0.21, 0.05, 0),
        (0.34, 0.28, 1),
        (-0.18, 0.02, 0),
        (0.29, -0.31, 2),
        (-0.24, -0.04, 0),
    ];
    OutletMapData {
        context: "event biden-putin-killer".into(),
        points: OUTLETS
            .iter()
            .zip(pts)
            .map(|(o, (x, y, c))| OutletPoint {
                outlet: o.to_string(),
                x,
                y,
                cluster: c,
            })
            .collect(),
        explained: Some((0.41, 0.27)),
    }
}

fn word_choice_data() -> WordChoiceData {
    let cell = |v: &str, g: u32, n: u32| {
        Some(WordChoiceCell {
            variant: v.into(),
            grade: g,
            count: n,
        })
    };
    WordChoiceData {
        context: "event biden-putin-killer".into(),
        outlets: OUTLETS.iter().map(|s| s.to_string()).collect(),
        max_grade: 3,
        rows: vec![
            WordChoiceRow {
                concept: "killer / murderer / assassin".into(),
                cells: vec![
                    cell("killer", 1, 3),
                    cell("murderer", 2, 2),
                    cell("killer", 1, 2),
                    cell("killer", 1, 4),
                    cell("killer", 1, 3),
                ],
            },
            WordChoiceRow {
                concept: "said / claimed / blasted".into(),
                cells: vec![
                    cell("said", 0, 5),
                    cell("said", 0, 7),
                    cell("said", 0, 4),
                    cell("blasted", 3, 1),
                    cell("hit back", 2, 1),
                ],
            },
            WordChoiceRow {
                concept: "remarks / outburst / tantrum".into(),
                cells: vec![
                    cell("remarks", 0, 2),
                    None,
                    cell("comments", 0, 1),
                    cell("tantrum", 3, 1),
                    cell("remarks", 0, 1),
                ],
            },
            WordChoiceRow {
                concept: "recalled / summoned the ambassador".into(),
                cells: vec![
                    cell("recalled", 0, 1),
                    cell("recalled", 0, 1),
                    None,
                    cell("summoned home", 1, 1),
                    cell("recalled", 0, 1),
                ],
            },
        ],
    }
}

fn quote_data() -> QuoteCoverageData {
    let q = |s: &str, t: &str, by: &[&str]| QuoteGroupRow {
        speaker: s.into(),
        snippet: t.into(),
        carried_by: by.iter().map(|b| b.to_string()).collect(),
    };
    QuoteCoverageData {
        context: "event biden-putin-killer".into(),
        outlets: OUTLETS.iter().map(|s| s.to_string()).collect(),
        quotes: vec![
            q(
                "Putin",
                "we always see our own characteristics in another person",
                &["tva", "dach", "yahoo-uk"],
            ),
            q(
                "Putin",
                "I wish him good health, and I say this without irony",
                &["tva", "dach", "ani", "yahoo-uk"],
            ),
            q("Putin", "it takes one to know one", &["yahoo-uk"]),
            q("Putin", "remember Hiroshima and Nagasaki", &["dach"]),
            q(
                "Peskov",
                "very bad statements by the US president",
                &["tva", "ani", "rt"],
            ),
            q("Peskov", "a tantrum of powerlessness", &["rt"]),
            q(
                "Psaki",
                "the president has no regrets",
                &["ani", "rt", "yahoo-uk"],
            ),
            q(
                "Biden",
                "Mhmm. I do",
                &["tva", "dach", "ani", "rt", "yahoo-uk"],
            ),
        ],
    }
}

fn attribution_data() -> AttributionData {
    let r = |o: &str, g: &str, n: u32, d: u32, h: u32| AttributionRow {
        outlet: o.into(),
        speaker_group: g.into(),
        neutral: n,
        doubting: d,
        hostile: h,
    };
    AttributionData {
        context: "event biden-putin-killer".into(),
        rows: vec![
            r("tva", "Russian officials (Putin, Peskov)", 6, 0, 0),
            r("dach", "Russian officials (Putin, Peskov)", 7, 1, 0),
            r("ani", "Russian officials (Putin, Peskov)", 4, 0, 0),
            r("rt", "Russian officials (Putin, Peskov)", 5, 0, 0),
            r("yahoo-uk", "Russian officials (Putin, Peskov)", 4, 0, 1),
            r("tva", "US officials (Biden, Psaki)", 2, 0, 0),
            r("dach", "US officials (Biden, Psaki)", 3, 0, 0),
            r("ani", "US officials (Biden, Psaki)", 5, 0, 0),
            r("rt", "US officials (Biden, Psaki)", 1, 3, 2),
            r("yahoo-uk", "US officials (Biden, Psaki)", 3, 0, 0),
        ],
    }
}

fn scatter_data() -> TermScatterData {
    // A realistic long tail: many terms near the diagonal, a few far off it.
    let mut terms = Vec::new();
    let words = [
        "biden",
        "putin",
        "killer",
        "kremlin",
        "russia",
        "president",
        "said",
        "health",
        "irony",
        "interview",
        "abc",
        "ambassador",
        "antonov",
        "washington",
        "moscow",
        "election",
        "report",
        "intelligence",
        "navalny",
        "debate",
        "online",
        "statement",
        "remarks",
        "relations",
        "sanctions",
        "tantrum",
        "powerlessness",
        "claimed",
        "alleged",
        "blasted",
        "insisting",
        "peskov",
        "psaki",
        "bad",
        "very",
        "know",
        "takes",
        "one",
        "white",
        "house",
        "recalled",
        "consultations",
        "ties",
    ];
    for (i, w) in words.iter().enumerate() {
        let base = 0.4 + (i as f64 * 0.37) % 6.0;
        let (t, r, z) = match *w {
            "tantrum" | "powerlessness" => (2.1, 0.0, 3.3),
            "claimed" => (2.8, 0.3, 2.9),
            "alleged" => (2.1, 0.2, 2.4),
            "blasted" => (1.4, 0.0, 2.2),
            "insisting" => (1.4, 0.1, 1.9),
            "killer" => (2.1, 4.2, -1.1),
            "navalny" => (0.0, 1.6, -1.8),
            "irony" => (0.7, 1.8, -1.0),
            "health" => (0.7, 1.9, -1.1),
            _ => (
                base,
                base * (0.8 + (i % 5) as f64 * 0.1),
                (i as f64 % 7.0 - 3.0) * 0.25,
            ),
        };
        terms.push(ScatterTerm {
            term: w.to_string(),
            rate_target: t,
            rate_rest: r,
            z,
        });
    }
    TermScatterData {
        context: "event biden-putin-killer".into(),
        target: "rt".into(),
        reference: "tva, dach, ani, yahoo-uk".into(),
        label_top: 15,
        terms,
    }
}

fn aggregates_data() -> AggregatesData {
    let mut rows = Vec::new();
    for (ci, cat) in ["loaded labels", "attribution: doubting", "hedges"]
        .iter()
        .enumerate()
    {
        for (oi, o) in ["ani", "rt", "yahoo-uk"].iter().enumerate() {
            let rate = 1.0 + ci as f64 * 0.7 + oi as f64 * 0.9;
            rows.push(AggregateRow {
                outlet: o.to_string(),
                category: cat.to_string(),
                rate: ri(rate, 0.2 + 0.1 * oi as f64),
                n_events: 100,
            });
        }
    }
    AggregatesData {
        context: "BASIL, 100 events".into(),
        voice: "own voice".into(),
        rows,
    }
}

/// Decode the PNG and return the variance of its grey levels.
fn png_variance(png: &[u8]) -> f64 {
    let pm = Pixmap::decode_png(png).expect("PNG decodes");
    assert!(pm.width() >= 200 && pm.height() >= 100);
    let grey: Vec<f64> = pm
        .data()
        .chunks_exact(4)
        .map(|p| (f64::from(p[0]) + f64::from(p[1]) + f64::from(p[2])) / 3.0)
        .collect();
    let mean = grey.iter().sum::<f64>() / grey.len() as f64;
    grey.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / grey.len() as f64
}

/// The concatenated text of every <text> element.
fn svg_text(svg: &str) -> String {
    let doc = resvg::usvg::roxmltree::Document::parse(svg).expect("SVG is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Bounding boxes (as resvg lays them out with the embedded font) of every text.
fn text_boxes(tree: &resvg::usvg::Tree) -> Vec<(String, resvg::usvg::Rect)> {
    fn walk(g: &resvg::usvg::Group, out: &mut Vec<(String, resvg::usvg::Rect)>) {
        for n in g.children() {
            match n {
                resvg::usvg::Node::Group(g) => walk(g, out),
                resvg::usvg::Node::Text(t) => {
                    let s: String = t.chunks().iter().map(|c| c.text()).collect();
                    out.push((s, t.abs_bounding_box()));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(tree.root(), &mut out);
    out
}

/// No two texts of a chart overlap (boxes shrunk by 1px for antialiasing),
/// and every text lies inside the picture.
fn assert_no_text_overlap(name: &str, tree: &resvg::usvg::Tree) {
    let boxes = text_boxes(tree);
    let size = tree.size();
    assert!(boxes.len() >= 2, "{name}: texts were laid out");
    assert!(
        boxes
            .iter()
            .all(|(_, r)| r.width() > 1.0 && r.height() > 4.0),
        "{name}: texts have real extents"
    );
    for (i, (a, ra)) in boxes.iter().enumerate() {
        assert!(
            ra.left() >= -0.5
                && ra.top() >= -0.5
                && ra.right() <= size.width() + 0.5
                && ra.bottom() <= size.height() + 0.5,
            "{name}: text '{a}' is clipped: {ra:?} outside {size:?}"
        );
        for (b, rb) in &boxes[i + 1..] {
            let overlap = ra.left() + 1.0 < rb.right() - 1.0
                && rb.left() + 1.0 < ra.right() - 1.0
                && ra.top() + 1.0 < rb.bottom() - 1.0
                && rb.top() + 1.0 < ra.bottom() - 1.0;
            assert!(!overlap, "{name}: text '{a}' {ra:?} overlaps '{b}' {rb:?}");
        }
    }
}

fn check(name: &str, r: &Rendered, must_contain: &[&str]) {
    let tree = framelens::plot::raster::parse_svg(&r.svg)
        .unwrap_or_else(|e| panic!("{name}: SVG does not parse: {e}"));
    assert_no_text_overlap(name, &tree);
    let png = r.png.as_ref().expect("PNG rendered");
    let var = png_variance(png);
    assert!(
        var > 100.0,
        "{name}: PNG looks blank (grey variance {var:.1})"
    );
    let text = svg_text(&r.svg);
    for s in must_contain {
        assert!(
            text.contains(s),
            "{name}: '{s}' missing from the chart text"
        );
    }
    if let Some(dir) = std::env::var_os("FRAMELENS_PLOTCHECK") {
        let dir = std::path::PathBuf::from(dir);
        save(r, &dir, name, Formats::Both).expect("saved");
    }
}

fn opts() -> ChartOptions {
    ChartOptions::default()
}

#[test]
fn lexicon_rates_renders() {
    let r = lexicon_rates(&lexicon_data(), &opts()).unwrap();
    check("lexicon_rates", &r, &OUTLETS);
    assert!(svg_text(&r.svg).contains("own voice") && svg_text(&r.svg).contains("quoted speech"));
}

#[test]
fn similarity_heatmap_renders_values() {
    let r = similarity_heatmap(&similarity_data(), &opts()).unwrap();
    check("similarity_heatmap", &r, &OUTLETS);
    assert!(svg_text(&r.svg).contains("0.71"), "cell values are written");
}

#[test]
fn keyness_bars_render_both_directions() {
    let r = keyness_bars(&keyness_data(), &opts()).unwrap();
    check("keyness_bars", &r, &OUTLETS);
    let t = svg_text(&r.svg);
    assert!(t.contains("murderer") && t.contains("tantrum"));
}

#[test]
fn outlet_map_renders_labelled() {
    let r = outlet_map(&map_data(), &opts()).unwrap();
    check("outlet_map", &r, &OUTLETS);
}

#[test]
fn word_choice_matrix_renders() {
    let r = word_choice_matrix(&word_choice_data(), &opts()).unwrap();
    check("word_choice", &r, &OUTLETS);
    let t = svg_text(&r.svg);
    assert!(t.contains("murderer ×2") && t.contains("blasted"));
}

#[test]
fn quote_coverage_renders() {
    let r = quote_coverage(&quote_data(), &opts()).unwrap();
    check("quote_coverage", &r, &OUTLETS);
    let t = svg_text(&r.svg);
    assert!(t.contains("Peskov") && t.contains("Psaki") && t.contains("1/5"));
}

#[test]
fn attribution_verbs_render() {
    let r = attribution_verbs(&attribution_data(), &opts()).unwrap();
    check("attribution_verbs", &r, &OUTLETS);
}

#[test]
fn term_scatter_renders_labels() {
    let r = term_scatter(&scatter_data(), &opts()).unwrap();
    check("term_scatter", &r, &["rt", "tantrum", "claimed"]);
}

#[test]
fn outlet_aggregates_render() {
    let r = outlet_aggregates(&aggregates_data(), &opts()).unwrap();
    check(
        "outlet_aggregates",
        &r,
        &["ani (n=100)", "rt (n=100)", "yahoo-uk (n=100)"],
    );
}

#[test]
fn empty_data_gives_no_data_charts() {
    let o = opts();
    let charts = [
        (
            "empty_lexicon",
            lexicon_rates(&LexiconRatesData::default(), &o),
        ),
        (
            "empty_similarity",
            similarity_heatmap(&SimilarityData::default(), &o),
        ),
        ("empty_keyness", keyness_bars(&KeynessData::default(), &o)),
        ("empty_map", outlet_map(&OutletMapData::default(), &o)),
        (
            "empty_word_choice",
            word_choice_matrix(&WordChoiceData::default(), &o),
        ),
        (
            "empty_quotes",
            quote_coverage(&QuoteCoverageData::default(), &o),
        ),
        (
            "empty_attribution",
            attribution_verbs(&AttributionData::default(), &o),
        ),
        (
            "empty_scatter",
            term_scatter(&TermScatterData::default(), &o),
        ),
        (
            "empty_aggregates",
            outlet_aggregates(&AggregatesData::default(), &o),
        ),
    ];
    for (name, r) in charts {
        let r = r.unwrap_or_else(|e| panic!("{name}: {e}"));
        check(name, &r, &["No data"]);
    }
}

#[test]
fn one_outlet_and_long_labels() {
    let o = opts();
    let long = "an outlet with a very long display name that would never fit in a label column";
    let mut sim = similarity_data();
    sim.outlets = vec![long.into()];
    sim.values = vec![vec![1.0]];
    let r = similarity_heatmap(&sim, &o).unwrap();
    check("one_outlet_similarity", &r, &["an outlet with"]);
    assert!(svg_text(&r.svg).contains('…'), "long label truncated");

    let mut map = map_data();
    map.points.truncate(1);
    map.points[0].outlet = long.into();
    check(
        "one_outlet_map",
        &outlet_map(&map, &o).unwrap(),
        &["an outlet"],
    );

    let mut q = quote_data();
    q.quotes[0].snippet = "word ".repeat(200);
    let r = quote_coverage(&q, &o).unwrap();
    check("long_quote", &r, &["Putin"]);
    assert!(
        r.width <= 1400,
        "a long snippet is truncated, not widening the chart"
    );
}

#[test]
fn many_rows_grow_the_chart() {
    let mut q = quote_data();
    let base = q.quotes.clone();
    for i in 0..6 {
        q.quotes.extend(base.iter().cloned().map(|mut r| {
            r.snippet = format!("{} ({i})", r.snippet);
            r
        }));
    }
    let r = quote_coverage(&q, &opts()).unwrap();
    assert!(
        r.height > 1000,
        "56 quote rows need a tall chart, got {}",
        r.height
    );
    check("many_quotes", &r, &OUTLETS);
}

#[test]
fn svg_only_skips_rasterising_and_save_writes_both() {
    let mut o = opts();
    o.formats = Formats::Svg;
    let r = similarity_heatmap(&similarity_data(), &o).unwrap();
    assert!(r.png.is_none());
    let dir = tempfile::tempdir().unwrap();
    let paths = save(&r, dir.path(), "sim", Formats::Both).unwrap();
    assert_eq!(paths.len(), 2);
    let png = std::fs::read(dir.path().join("sim.png")).unwrap();
    assert!(png_variance(&png) > 100.0);
}

#[test]
fn bad_sizes_are_rejected() {
    let mut o = opts();
    o.width = 10;
    assert!(similarity_heatmap(&similarity_data(), &o).is_err());
}

#[test]
fn crowded_outlet_map_labels_do_not_overlap() {
    // Twelve outlets in a tight clump plus two far away.
    let mut points: Vec<OutletPoint> = (0..12)
        .map(|i| OutletPoint {
            outlet: format!("outlet-{i}-news"),
            x: 0.01 * f64::from(i % 4),
            y: 0.01 * f64::from(i / 4),
            cluster: (i % 3) as usize,
        })
        .collect();
    points.push(OutletPoint {
        outlet: "far-left".into(),
        x: -1.0,
        y: 0.0,
        cluster: 0,
    });
    points.push(OutletPoint {
        outlet: "far-right".into(),
        x: 1.0,
        y: 0.5,
        cluster: 1,
    });
    let data = OutletMapData {
        context: String::new(),
        points,
        explained: None,
    };
    let r = outlet_map(&data, &opts()).unwrap();
    let names: Vec<String> = data.points.iter().map(|p| p.outlet.clone()).collect();
    let refs: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
    check("crowded_map", &r, &refs);
}

#[test]
fn big_term_scatter_stays_readable() {
    // 3,000 terms on a Zipf-like curve: labels still never overlap.
    let terms: Vec<ScatterTerm> = (0..3000)
        .map(|i| {
            let f = 1.0 / (f64::from(i) + 1.0);
            let jitter = ((i * 7919) % 100) as f64 / 100.0;
            ScatterTerm {
                term: format!("term{i}"),
                rate_target: 200.0 * f * (0.5 + jitter),
                rate_rest: if i % 11 == 0 {
                    0.0
                } else {
                    200.0 * f * (1.5 - jitter)
                },
                z: (jitter - 0.5) * 8.0,
            }
        })
        .collect();
    let data = TermScatterData {
        context: "stress".into(),
        target: "rt".into(),
        reference: String::new(),
        label_top: 25,
        terms,
    };
    let r = term_scatter(&data, &opts()).unwrap();
    check("big_scatter", &r, &["rt"]);
}

#[test]
fn overlap_check_detects_overlapping_text() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
        <text x="10" y="50" font-family="sans-serif" font-size="14">killer</text>
        <text x="20" y="52" font-family="sans-serif" font-size="14">murderer</text></svg>"#;
    let tree = framelens::plot::raster::parse_svg(svg).unwrap();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        assert_no_text_overlap("probe", &tree)
    }));
    assert!(
        caught.is_err(),
        "two texts on top of each other must be reported"
    );
}

#[test]
fn rendering_is_deterministic() {
    let a = term_scatter(&scatter_data(), &opts()).unwrap();
    let b = term_scatter(&scatter_data(), &opts()).unwrap();
    assert_eq!(a.svg, b.svg);
    assert_eq!(a.png, b.png);
}
