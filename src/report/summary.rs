//! The corpus summary folder (`DIR/summary/`): `report.json`, CSV tables,
//! charts and one Markdown/HTML page that says first, in plain words, what
//! holds across events, then shows the evidence.

use super::page::{Block, Page, Table};
use super::tables::{join_list, write_table_file, Format};
use crate::compare::corpus::{CorpusSummary, GroupingSummary};
use crate::output::write_atomic;
use crate::params::{Checked, Valid};
use crate::plot::{self, ChartOptions, Rendered};
use crate::text::Voice;
use crate::{Error, Result};
use std::path::Path;

/// Lexicons whose categories are charted (every category is in the CSV).
const CHART_LEXICONS: [&str; 3] = ["loaded", "attribution", "hedges"];

/// Charts show at most this many groups (those with the most tokens); the
/// CSV tables and JSON have them all. 161 ABP outlets make no readable chart.
const MAX_CHART_GROUPS: usize = 12;

/// The groups charted: all, or the [`MAX_CHART_GROUPS`] with most tokens,
/// in the grouping's order (an ordinal grouping along its scale).
fn charted_groups(g: &GroupingSummary) -> Vec<String> {
    let mut tokens: Vec<(u64, &String)> = g
        .groups
        .iter()
        .map(|grp| {
            let t = g
                .rates
                .iter()
                .find(|r| &r.group == grp && r.voice == Voice::All)
                .map_or(0, |r| r.tokens);
            (t, grp)
        })
        .collect();
    tokens.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let top: Vec<&String> = tokens
        .into_iter()
        .take(MAX_CHART_GROUPS)
        .map(|(_, g)| g)
        .collect();
    g.groups
        .iter()
        .filter(|grp| top.contains(grp))
        .cloned()
        .collect()
}

struct Chart {
    stem: String,
    caption: String,
    rendered: Rendered,
}

fn voice_name(v: Voice) -> &'static str {
    match v {
        Voice::Own => "own",
        Voice::Quoted => "quoted",
        Voice::All => "all",
    }
}

/// Write the summary into `dir` (created if missing).
pub fn write_summary(
    s: &CorpusSummary,
    dir: &Path,
    chart: &impl Checked<ChartOptions>,
    top: usize,
) -> Result<()> {
    write_summary_searchable(s, dir, chart, top, None)
}

/// [`write_summary`], with the term search across events on its page when
/// `search` holds the corpus index's data ([`super::explorer::index_json`],
/// links relative to the summary folder). A streamed summary
/// (`--summary-only`) keeps no event texts, so it has none.
pub fn write_summary_searchable(
    s: &CorpusSummary,
    dir: &Path,
    chart: &impl Checked<ChartOptions>,
    top: usize,
    search: Option<String>,
) -> Result<()> {
    let chart = chart.checked()?;
    let chart: &Valid<ChartOptions> = &chart;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Compact like each event's report.json.
    let json =
        serde_json::to_vec(s).map_err(|e| Error::input("summary/report.json", e.to_string()))?;
    write_atomic(&dir.join("report.json"), &json)?;
    write_tables(s, dir)?;
    let charts = charts(s, chart, top)?;
    for c in &charts {
        plot::save(&c.rendered, dir, &c.stem, chart.formats)?;
    }
    let mut page = page(s, &charts, chart.formats);
    if let Some(data) = search {
        page.data = Some(data);
        // After the opening paragraph, before the findings.
        let at = page.blocks.len().min(1);
        page.blocks.insert(at, Block::Panel("search".into()));
    }
    write_atomic(&dir.join("report.md"), page.to_markdown().as_bytes())?;
    write_atomic(&dir.join("report.html"), page.to_html().as_bytes())
}

crate::table_row! {
    /// `summary/rates.csv`: one row per grouping × group × lexicon
    /// category × voice.
    struct RateCsv<'a> {
        grouping: &'a str,
        group: &'a str,
        lexicon: &'a str,
        category: &'a str,
        voice: Voice,
        events: usize,
        matches: u64,
        tokens: u64,
        rate: Option<f64>,
        ci_low: Option<f64>,
        ci_high: Option<f64>,
    }
}

crate::table_row! {
    /// `summary/tests.csv`: one row per permutation test.
    struct TestCsv<'a> {
        grouping: &'a str,
        kind: &'a str,
        comparison: &'a str,
        lexicon: &'a str,
        category: &'a str,
        voice: Voice,
        events: usize,
        statistic: f64,
        p: f64,
        q: f64,
    }
}

crate::table_row! {
    /// `summary/keyness.csv`: one row per grouping × group × direction ×
    /// term, with the columns of the event tables' keyness (the target is
    /// the group, the reference every other group).
    struct GroupKeynessCsv<'a> {
        grouping: &'a str,
        group: &'a str,
        direction: &'static str,
        term: &'a str,
        n_target: u64,
        n_reference: u64,
        rate_target: f64,
        rate_reference: f64,
        stat: f64,
        p: f64,
        q: f64,
    }
}

crate::table_row! {
    /// `summary/similarity.csv`: one row per outlet pair × event both
    /// covered; the columns of an event's `similarity.csv`.
    struct PairSimilarityCsv<'a> {
        event: &'a str,
        outlet_a: &'a str,
        outlet_b: &'a str,
        cosine: f64,
        jaccard: f64,
    }
}

crate::table_row! {
    /// `summary/substitutions.csv`: one row per recurring substitution.
    struct RecurringSubstitutionCsv<'a> {
        outlet_a: &'a str,
        words_a: &'a str,
        outlet_b: &'a str,
        words_b: &'a str,
        events: usize,
        count: usize,
        example_events: String,
    }
}

/// Write the summary's CSV tables, each from its row type through the one
/// table writer.
fn write_tables(s: &CorpusSummary, dir: &Path) -> Result<()> {
    write_table_file(
        &dir.join("rates.csv"),
        Format::Csv,
        s.groupings.iter().flat_map(|g| {
            g.rates.iter().map(move |r| RateCsv {
                grouping: &g.grouping,
                group: &r.group,
                lexicon: &r.lexicon,
                category: &r.category,
                voice: r.voice,
                events: r.events,
                matches: r.matches,
                tokens: r.tokens,
                rate: r.rate,
                ci_low: r.ci_low,
                ci_high: r.ci_high,
            })
        }),
    )?;
    write_table_file(
        &dir.join("tests.csv"),
        Format::Csv,
        s.groupings.iter().flat_map(|g| {
            g.tests.iter().map(move |t| TestCsv {
                grouping: &g.grouping,
                kind: &t.kind,
                comparison: &t.comparison,
                lexicon: &t.lexicon,
                category: &t.category,
                voice: t.voice,
                events: t.events,
                statistic: t.statistic,
                p: t.p,
                q: t.q,
            })
        }),
    )?;
    write_table_file(
        &dir.join("keyness.csv"),
        Format::Csv,
        s.groupings.iter().flat_map(|g| {
            g.keyness.iter().flat_map(move |k| {
                [("over", &k.over), ("under", &k.under)]
                    .into_iter()
                    .flat_map(move |(direction, rows)| {
                        rows.iter().map(move |r| GroupKeynessCsv {
                            grouping: &g.grouping,
                            group: &k.group,
                            direction,
                            term: &r.term,
                            n_target: r.n_target,
                            n_reference: r.n_reference,
                            rate_target: r.rate_target,
                            rate_reference: r.rate_reference,
                            stat: r.stat,
                            p: r.p,
                            q: r.q,
                        })
                    })
            })
        }),
    )?;
    write_table_file(
        &dir.join("similarity.csv"),
        Format::Csv,
        s.similarity.iter().flat_map(|p| {
            p.per_event
                .iter()
                .map(move |(event, cosine, jaccard)| PairSimilarityCsv {
                    event,
                    outlet_a: &p.outlet_a,
                    outlet_b: &p.outlet_b,
                    cosine: *cosine,
                    jaccard: *jaccard,
                })
        }),
    )?;
    write_table_file(
        &dir.join("substitutions.csv"),
        Format::Csv,
        s.substitutions.iter().map(|r| RecurringSubstitutionCsv {
            outlet_a: &r.outlet_a,
            words_a: &r.words_a,
            outlet_b: &r.outlet_b,
            words_b: &r.words_b,
            events: r.events,
            count: r.count,
            example_events: join_list(&r.example_events),
        }),
    )
}

fn stem_of(grouping: &str) -> String {
    grouping
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn aggregate_rows(g: &GroupingSummary, voice: Voice) -> Vec<plot::AggregateRow> {
    let keep = charted_groups(g);
    g.rates
        .iter()
        .filter(|r| r.voice == voice && CHART_LEXICONS.contains(&r.lexicon.as_str()))
        .filter(|r| keep.contains(&r.group))
        .filter_map(|r| {
            let rate = r.rate?;
            Some(plot::AggregateRow {
                outlet: r.group.clone(),
                category: format!("{}/{}", r.lexicon, r.category),
                rate: plot::RateInterval {
                    rate,
                    low: r.ci_low.unwrap_or(rate),
                    high: r.ci_high.unwrap_or(rate),
                },
                n_events: r.events,
            })
        })
        .collect()
}

fn charts(s: &CorpusSummary, co: &Valid<ChartOptions>, top: usize) -> Result<Vec<Chart>> {
    let mut out = Vec::new();
    for g in &s.groupings {
        let stem = stem_of(&g.grouping);
        // The outlet grouping (merged or not with labels one to one onto it).
        let by_outlet = g.grouping == "outlet" || g.columns.first().is_some_and(|c| c == "outlet");
        let voices: &[Voice] = if by_outlet {
            &[Voice::Own, Voice::Quoted]
        } else {
            &[Voice::All]
        };
        for &v in voices {
            let data = plot::AggregatesData {
                context: format!("by {}, {} events", g.grouping, s.events),
                voice: match v {
                    Voice::Own => "own voice".into(),
                    Voice::Quoted => "quoted speech".into(),
                    Voice::All => "all text".into(),
                },
                rows: aggregate_rows(g, v),
            };
            out.push(Chart {
                stem: format!("aggregates_{stem}_{}", voice_name(v)),
                caption: format!(
                    "Rates per 1,000 tokens by {} ({}), pooled over events, with 95% intervals from resampling events.",
                    g.grouping, data.voice
                ),
                rendered: plot::outlet_aggregates(&data, co)?,
            });
        }
        let keep = charted_groups(g);
        let data = plot::KeynessData {
            context: format!("by {}, whole corpus", g.grouping),
            measure: "log-odds z (informative prior)".into(),
            top_n: top,
            outlets: g
                .keyness
                .iter()
                .filter(|k| keep.contains(&k.group))
                .map(|k| plot::KeynessOutlet {
                    outlet: k.group.clone(),
                    terms: k
                        .over
                        .iter()
                        .take(top)
                        .chain(k.under.iter().take(top))
                        .map(|r| plot::KeyTerm {
                            term: r.term.clone(),
                            score: r.stat,
                            count_target: r.n_target,
                            count_rest: r.n_reference,
                        })
                        .collect(),
                })
                .collect(),
        };
        out.push(Chart {
            stem: format!("keyness_{stem}"),
            caption: format!(
                "Words most distinctive of each {} across the corpus (log-odds with informative Dirichlet prior, z-scores).",
                g.grouping
            ),
            rendered: plot::keyness_bars(&data, co)?,
        });
    }
    if !s.similarity.is_empty() && s.similarity.len() <= MAX_CHART_GROUPS * MAX_CHART_GROUPS {
        let mut outlets: Vec<String> = s
            .similarity
            .iter()
            .flat_map(|p| [p.outlet_a.clone(), p.outlet_b.clone()])
            .collect();
        outlets.sort();
        outlets.dedup();
        let idx = |o: &str| outlets.iter().position(|x| x == o).unwrap_or(0);
        let mut values = vec![vec![1.0; outlets.len()]; outlets.len()];
        for p in &s.similarity {
            let (a, b) = (idx(&p.outlet_a), idx(&p.outlet_b));
            values[a][b] = p.cosine.mean;
            values[b][a] = p.cosine.mean;
        }
        out.push(Chart {
            stem: "similarity_mean".into(),
            caption: "Mean TF-IDF cosine between outlets over the events both covered.".into(),
            rendered: plot::similarity_heatmap(
                &plot::SimilarityData {
                    context: format!("mean over {} events", s.events_compared),
                    measure: "cosine".into(),
                    outlets,
                    values,
                },
                co,
            )?,
        });
        let rows = s
            .similarity
            .iter()
            .flat_map(|p| {
                [("cosine", &p.cosine), ("jaccard", &p.jaccard)].map(|(m, d)| {
                    let (low, high) = d.mean_ci.unwrap_or((d.mean, d.mean));
                    plot::AggregateRow {
                        outlet: format!("{} / {}", p.outlet_a, p.outlet_b),
                        category: m.to_string(),
                        rate: plot::RateInterval {
                            rate: d.mean,
                            low,
                            high,
                        },
                        n_events: p.events,
                    }
                })
            })
            .collect();
        out.push(Chart {
            stem: "similarity_pairs".into(),
            caption: "Similarity of each outlet pair: mean over events with a 95% interval from resampling events.".into(),
            rendered: plot::outlet_aggregates(
                &plot::AggregatesData {
                    context: "outlet pairs".into(),
                    voice: "all text".into(),
                    rows,
                },
                co,
            )?,
        });
    }
    Ok(out)
}

fn page(s: &CorpusSummary, charts: &[Chart], formats: plot::Formats) -> Page {
    let mut page = Page::new("framelens: what holds across events");
    page.paragraph(format!(
        "{} documents in {} events; {} events compared as a whole (similarity, substitutions). \
Intervals resample events ({} resamples); tests permute outlet or label assignments within events ({} permutations), \
with Benjamini–Hochberg q-values across categories. Seed {}.",
        s.documents, s.events, s.events_compared, s.resamples, s.permutations, s.seed
    ));
    if let Some(f) = &s.filter {
        page.paragraph(super::event::filter_note(f));
    }
    page.heading(2, "Findings");
    // Drawn by `compare::corpus_findings`; the page only renders them.
    let f: Vec<String> = s.findings.iter().map(|f| f.text.clone()).collect();
    page.push(Block::Bullets(if f.is_empty() {
        vec![format!(
            "No difference between groups reached q < {} with enough evidence ({}).",
            crate::compare::corpus_findings::Q_FINDING,
            s.evidence_rule
        )]
    } else {
        f
    }));
    for c in charts {
        page.push(Block::figure(&c.stem, &c.caption, &c.rendered.svg, formats));
    }
    for g in &s.groupings {
        page.heading(2, format!("Tests by {}", g.grouping));
        let mut t = Table::new([
            "comparison",
            "category",
            "voice",
            "events",
            "statistic",
            "q",
        ]);
        let mut rows: Vec<_> = g.tests.iter().filter(|t| t.q < 0.1).collect();
        rows.sort_by(|a, b| a.q.total_cmp(&b.q).then(a.comparison.cmp(&b.comparison)));
        for r in rows.iter().take(30) {
            t.row([
                r.comparison.clone(),
                format!("{}/{}", r.lexicon, r.category),
                voice_name(r.voice).to_string(),
                r.events.to_string(),
                format!("{:.3}", r.statistic),
                format!("{:.4}", r.q),
            ]);
        }
        if t.rows.is_empty() {
            page.paragraph("No test reached q < 0.1 (all tests in tests.csv).");
        } else {
            page.push(Block::Table(t));
        }
    }
    if !s.substitutions.is_empty() {
        page.heading(2, "Recurring word-choice substitutions");
        let mut t = Table::new(["outlet a", "wrote", "outlet b", "wrote", "events", "count"]);
        for r in s.substitutions.iter().take(40) {
            t.row([
                r.outlet_a.clone(),
                r.words_a.clone(),
                r.outlet_b.clone(),
                r.words_b.clone(),
                r.events.to_string(),
                r.count.to_string(),
            ]);
        }
        page.push(Block::Table(t));
    }
    if !s.similarity.is_empty() {
        page.heading(2, "Similarity over events");
        let mut t = Table::new(["pair", "events", "mean cosine", "95% CI", "median", "IQR"]);
        for p in &s.similarity {
            let d = &p.cosine;
            t.row([
                format!("{} / {}", p.outlet_a, p.outlet_b),
                p.events.to_string(),
                format!("{:.3}", d.mean),
                d.mean_ci
                    .map(|(l, h)| format!("{l:.3}–{h:.3}"))
                    .unwrap_or_default(),
                format!("{:.3}", d.median),
                format!("{:.3}–{:.3}", d.q1, d.q3),
            ]);
        }
        page.push(Block::Table(t));
    }
    if let Some(a) = &s.sentence_auc {
        page.heading(2, "Check against annotations");
        page.paragraph(format!(
            "AUC {:.3} (loaded words per sentence), {:.3} (the same within length quintiles), {:.3} (per token), {:.3} (sentence length alone, the baseline); {} annotated and {} other sentences. {}",
            a.auc_count, a.auc_count_within_length, a.auc_rate, a.auc_length_only, a.annotated, a.other, a.method
        ));
        let ci = |k: &str| {
            a.intervals
                .get(k)
                .map(|(l, h)| format!(" (95% interval {l:.3}–{h:.3})"))
                .unwrap_or_default()
        };
        page.paragraph(format!(
            "Within sentences of similar length: loaded words per token {:.3}{}, length alone {:.3}{}; the words beat length there by {:+.3}{}.",
            a.auc_rate_within_length,
            ci("auc_rate_within_length"),
            a.auc_length_within_length,
            ci("auc_length_within_length"),
            a.rate_gain_within_length,
            ci("rate_gain_within_length"),
        ));
        let mut t = Table::new([
            "sentence length (tokens)",
            "annotated",
            "other",
            "AUC per token",
            "95% interval",
            "AUC count",
            "AUC length",
        ]);
        for b in &a.by_length {
            t.row([
                format!("{}–{}", b.min_tokens, b.max_tokens),
                b.annotated.to_string(),
                b.other.to_string(),
                format!("{:.3}", b.auc_rate),
                b.auc_rate_ci
                    .map(|(l, h)| format!("{l:.3}–{h:.3}"))
                    .unwrap_or_default(),
                format!("{:.3}", b.auc_count),
                format!("{:.3}", b.auc_length),
            ]);
        }
        page.push(Block::Table(t));
    }
    page.paragraph("Tables: rates.csv, tests.csv, keyness.csv, similarity.csv, substitutions.csv; everything in report.json.");
    page
}
