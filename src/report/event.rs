//! Writing one event's report: `report.json`, CSV tables, charts (SVG and
//! PNG), `report.md` and a self-contained `report.html`.

use super::page::{Block, Page, Table};
use super::tables::{join_list, write_table, write_table_file, Format, TableRow};
use crate::compare::event::EventReport;
use crate::output::write_atomic;
use crate::params::{checked_on_entry, Check, Checked, Valid};
use crate::plot::{self, ChartOptions, Rendered};
use crate::text::{QuoteKind, Voice};
use crate::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Options for writing reports.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    pub chart: ChartOptions,
    /// Terms shown per outlet in keyness charts.
    pub top: usize,
    /// Lexicons whose categories are charted in the rates chart.
    pub chart_lexicons: Vec<String>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            chart: ChartOptions::default(),
            top: crate::compare::event::DEFAULT_TOP,
            chart_lexicons: vec!["loaded".into(), "attribution".into(), "hedges".into()],
        }
    }
}

impl Check for WriteOptions {
    /// The chart options, checked once for every event and chart.
    fn check_ref(&self) -> Result<()> {
        self.chart.check_ref()
    }
}

checked_on_entry!(WriteOptions);

impl Valid<WriteOptions> {
    /// The chart options, checked with the rest.
    pub fn chart(&self) -> Valid<ChartOptions> {
        Valid::assume(self.chart.clone())
    }
}

/// A chart rendered for a report.
pub struct Chart {
    pub stem: &'static str,
    pub caption: String,
    pub rendered: Rendered,
}

fn outlet_names(report: &EventReport) -> BTreeMap<&str, &str> {
    report
        .outlets
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect()
}

/// Most outlets drawn in one event chart: past this, charts show the
/// outlets with the most words (the CSV tables and report.json keep every
/// outlet). Every chart grows with its outlets, and one of 1,000 outlets
/// was 385,252 pixels tall.
pub const MAX_CHART_OUTLETS: usize = 30;

/// Most speakers (panels) drawn in the attribution chart.
pub const MAX_CHART_SPEAKERS: usize = 8;

/// Most quote groups drawn in the quote-coverage chart (the groups carried
/// by the most outlets; quotes.csv keeps all).
pub const MAX_CHART_QUOTES: usize = 40;

/// Most outlets drawn as columns of the matrix charts (word choice, actor
/// labels, quote coverage): a column holds words, so 30 of them made a
/// chart 13,000 pixels wide that no page or paper shows legibly.
pub const MAX_MATRIX_OUTLETS: usize = 15;

/// The outlets drawn in charts: all of them, or the [`MAX_CHART_OUTLETS`]
/// with the most words (ties: id), in report order.
fn chart_outlets(report: &EventReport) -> Vec<String> {
    top_outlets(report, MAX_CHART_OUTLETS)
}

/// All outlets of the report, or the `max` with the most words (ties: id),
/// in report order.
fn top_outlets(report: &EventReport, max: usize) -> Vec<String> {
    let mut order: Vec<&crate::compare::event::OutletInfo> = report.outlets.iter().collect();
    if order.len() > max {
        order.sort_by(|a, b| b.tokens.cmp(&a.tokens).then(a.id.cmp(&b.id)));
        order.truncate(max);
    }
    let keep: std::collections::BTreeSet<&str> = order.iter().map(|o| o.id.as_str()).collect();
    report
        .outlets
        .iter()
        .filter(|o| keep.contains(o.id.as_str()))
        .map(|o| o.id.clone())
        .collect()
}

/// The caption sentence for a chart that draws `drawn` of the report's
/// outlets (empty when it draws all).
fn drawn_note(report: &EventReport, drawn: usize) -> String {
    if drawn < report.outlets.len() {
        format!(
            " Drawn: the {drawn} outlets with the most words of {}; the CSV tables and report.json have every outlet.",
            report.outlets.len()
        )
    } else {
        String::new()
    }
}

/// Labels drawn per cell of the actor-label chart.
pub const CHART_LABELS_PER_CELL: usize = 3;

/// The actor-label chart's data: one row per actor with a label, one cell
/// per drawn outlet, its most used labels (own voice before quoted on
/// ties).
fn actor_label_chart(
    report: &EventReport,
    outlets: &[String],
    context: &str,
) -> plot::ActorLabelsData {
    let labels = &report.actor_labels;
    plot::ActorLabelsData {
        context: context.to_string(),
        outlets: outlets.to_vec(),
        per_cell: CHART_LABELS_PER_CELL,
        rows: labels
            .actors
            .iter()
            .map(|a| plot::ActorLabelRow {
                actor: a.name.clone(),
                cells: outlets
                    .iter()
                    .map(|o| {
                        // Rows are by descending count within an outlet;
                        // the chart merges rows of the same words and
                        // draws `per_cell` of them.
                        labels
                            .labels
                            .iter()
                            .filter(|l| l.actor == a.id && &l.outlet == o)
                            .map(|l| plot::ActorLabelText {
                                label: l.label.clone(),
                                count: l.count as u32,
                                loaded: l.loaded,
                                quoted: l.voice == Voice::Quoted,
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Render every chart of an event.
pub fn event_charts(report: &EventReport, opts: &impl Checked<WriteOptions>) -> Result<Vec<Chart>> {
    let opts = opts.checked()?;
    let context = format!("event {}", report.event);
    let outlets: Vec<String> = chart_outlets(report);
    let drawn: std::collections::BTreeSet<&str> = outlets.iter().map(String::as_str).collect();
    let shown = |o: &str| drawn.contains(o);
    // Said in every caption when charts show only some outlets.
    let cut = drawn_note(report, outlets.len());
    // The matrix charts draw fewer outlets, as columns.
    let columns: Vec<String> = top_outlets(report, MAX_MATRIX_OUTLETS);
    let in_columns: std::collections::BTreeSet<&str> = columns.iter().map(String::as_str).collect();
    let mcut = drawn_note(report, columns.len());
    let co = &opts.chart();
    let mut charts = Vec::new();

    // Lexicon rates, own voice against quoted speech.
    let mut rows: BTreeMap<(String, String), plot::LexiconRateRow> = BTreeMap::new();
    for r in report
        .profiles
        .iter()
        .filter(|r| opts.chart_lexicons.contains(&r.lexicon) && shown(&r.outlet))
    {
        let key = (r.outlet.clone(), format!("{}/{}", r.lexicon, r.category));
        let row = rows
            .entry(key.clone())
            .or_insert_with(|| plot::LexiconRateRow {
                outlet: key.0.clone(),
                category: key.1.clone(),
                own: None,
                quoted: None,
            });
        let ri = r.rate.map(|rate| plot::RateInterval {
            rate,
            low: r.ci_low.unwrap_or(rate),
            high: r.ci_high.unwrap_or(rate),
        });
        match r.voice {
            Voice::Own => row.own = ri,
            Voice::Quoted => row.quoted = ri,
            Voice::All => {}
        }
    }
    charts.push(Chart {
        stem: "lexicon_rates",
        caption: format!("Loaded words, attribution verbs and hedges per 1,000 words, in each outlet's own voice and in the speech it quoted (95% bootstrap intervals over sentences).{cut}"),
        rendered: plot::lexicon_rates(
            &plot::LexiconRatesData {
                context: context.clone(),
                rows: rows.into_values().collect(),
            },
            co,
        )?,
    });

    let sim = &report.similarity;
    let sim_idx: Vec<usize> = (0..sim.outlets.len().min(sim.cosine.len()))
        .filter(|&i| shown(&sim.outlets[i]))
        .collect();
    // No chart for an event without any content word (empty matrices).
    if !sim_idx.is_empty() {
        charts.push(Chart {
        stem: "similarity",
        caption: format!("How close the outlets' wording is: cosine similarity of their TF-IDF vectors (1 = same wording).{cut}"),
        rendered: plot::similarity_heatmap(
            &plot::SimilarityData {
                context: context.clone(),
                measure: "TF-IDF cosine".into(),
                outlets: sim_idx.iter().map(|&i| sim.outlets[i].clone()).collect(),
                values: sim_idx
                    .iter()
                    .map(|&i| {
                        sim_idx
                            .iter()
                            .map(|&j| sim.cosine.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0.0))
                            .collect()
                    })
                    .collect(),
            },
            co,
        )?,
    });
    }

    let keyness = plot::KeynessData {
        context: context.clone(),
        measure: "log-odds z (informative Dirichlet prior)".into(),
        top_n: opts.top,
        outlets: report
            .keyness
            .iter()
            .filter(|k| shown(&k.outlet))
            .map(|k| plot::KeynessOutlet {
                outlet: k.outlet.clone(),
                terms: k
                    .over
                    .iter()
                    .take(opts.top)
                    .chain(k.under.iter().take(opts.top))
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
    charts.push(Chart {
        stem: "keyness",
        caption: format!("Words each outlet used more (right) and less (left) than the other outlets of the event: log-odds z-score with an informative Dirichlet prior (Monroe et al. 2008).{cut}"),
        rendered: plot::keyness_bars(&keyness, co)?,
    });

    if !report.map.points.is_empty() {
        charts.push(Chart {
        stem: "outlet_map",
        caption: format!(
            "Outlet map: principal components of the outlets' TF-IDF vectors, coloured by k-means cluster.{}{cut}",
            report
                .map
                .note
                .as_ref()
                .map(|n| format!(" Note: {n}."))
                .unwrap_or_default()
        ),
        rendered: plot::outlet_map(
            &plot::OutletMapData {
                context: context.clone(),
                points: report
                    .map
                    .points
                    .iter()
                    .filter(|p| shown(&p.outlet))
                    .map(|p| plot::OutletPoint {
                        outlet: p.outlet.clone(),
                        x: p.x,
                        y: p.y,
                        cluster: p.cluster,
                    })
                    .collect(),
                explained: report.map.explained,
            },
            co,
        )?,
    });
    }

    let word_rows: Vec<plot::WordChoiceRow> = report
        .concepts
        .iter()
        .map(|c| plot::WordChoiceRow {
            concept: c.concept.clone(),
            cells: columns
                .iter()
                .map(|o| {
                    c.choices.iter().find(|ch| &ch.outlet == o).map(|ch| {
                        // Show the most loaded word the outlet used (ties: the most used).
                        let best = (0..ch.variants.len())
                            .max_by(|&a, &b| {
                                ch.variant_grades[a]
                                    .cmp(&ch.variant_grades[b])
                                    .then(ch.variant_counts[a].cmp(&ch.variant_counts[b]))
                                    .then(b.cmp(&a))
                            })
                            .unwrap_or(0);
                        plot::WordChoiceCell {
                            variant: ch.variants.get(best).cloned().unwrap_or_default(),
                            grade: ch.variant_grades.get(best).copied().unwrap_or(0),
                            count: ch.variant_counts.get(best).copied().unwrap_or(0) as u32,
                        }
                    })
                })
                .collect(),
        })
        .collect();
    charts.push(Chart {
        stem: "word_choice",
        caption: format!("Word choice: for each concept, the most loaded word each outlet used, coloured by how loaded it is (1 = neutral); the table lists every word used.{mcut}"),
        rendered: plot::word_choice_matrix(
            &plot::WordChoiceData {
                context: context.clone(),
                outlets: columns.clone(),
                max_grade: 3,
                rows: word_rows,
            },
            co,
        )?,
    });

    charts.push(Chart {
        stem: "actor_labels",
        caption: format!("Actor labels: for each of the event's most mentioned people and organisations, the labels each outlet used most for it (titles, premodifiers, appositions, predicates, descriptions), shaded where the lexicons count a label as loaded; actor_labels.csv lists every label with its sentences.{mcut}"),
        rendered: plot::actor_labels_matrix(&actor_label_chart(report, &columns, &context), co)?,
    });

    charts.push(Chart {
        stem: "quote_coverage",
        caption: format!(
            "Quote coverage: which outlet carried which quote (grouped across translations), with the speaker.{}{mcut}",
            if report.quotes.groups.len() > MAX_CHART_QUOTES {
                format!(
                    " Drawn: the {MAX_CHART_QUOTES} quotes carried by the most outlets of {}; quotes.csv has all.",
                    report.quotes.groups.len()
                )
            } else {
                String::new()
            }
        ),
        rendered: plot::quote_coverage(
            &plot::QuoteCoverageData {
                context: context.clone(),
                outlets: columns.clone(),
                quotes: report
                    .quotes
                    .groups
                    .iter()
                    .filter(|g| g.outlets_carrying.iter().any(|o| in_columns.contains(o.as_str())))
                    .take(MAX_CHART_QUOTES)
                    .map(|g| plot::QuoteGroupRow {
                        speaker: g.speaker.clone().unwrap_or_else(|| "unattributed".into()),
                        snippet: g.representative.clone(),
                        carried_by: g
                            .outlets_carrying
                            .iter()
                            .filter(|o| in_columns.contains(o.as_str()))
                            .cloned()
                            .collect(),
                    })
                    .collect(),
            },
            co,
        )?,
    });

    let mut attr_rows = Vec::new();
    for a in report
        .attribution
        .by_speaker
        .iter()
        .filter(|a| shown(&a.outlet))
    {
        attr_rows.push(plot::AttributionRow {
            outlet: a.outlet.clone(),
            speaker_group: a.speaker.clone(),
            neutral: *a.grades.get("neutral").unwrap_or(&0) as u32,
            doubting: *a.grades.get("doubting").unwrap_or(&0) as u32,
            hostile: *a.grades.get("hostile").unwrap_or(&0) as u32,
        });
    }
    attr_rows.retain(|r| r.neutral + r.doubting + r.hostile > 0);
    // One panel per speaker, one bar per outlet in each: past
    // MAX_CHART_SPEAKERS speakers, the ones with the most verbs are drawn.
    let mut per_speaker: BTreeMap<&str, u32> = BTreeMap::new();
    for r in &attr_rows {
        *per_speaker.entry(r.speaker_group.as_str()).or_default() +=
            r.neutral + r.doubting + r.hostile;
    }
    let n_speakers = per_speaker.len();
    let attr_cut = if n_speakers > MAX_CHART_SPEAKERS {
        let mut ranked: Vec<(&str, u32)> = per_speaker.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let keep: std::collections::BTreeSet<String> = ranked
            .iter()
            .take(MAX_CHART_SPEAKERS)
            .map(|(s, _)| s.to_string())
            .collect();
        attr_rows.retain(|r| keep.contains(&r.speaker_group));
        format!(
            " Drawn: the {MAX_CHART_SPEAKERS} speakers with the most attribution verbs of {n_speakers}; attribution.csv has all."
        )
    } else {
        String::new()
    };
    charts.push(Chart {
        stem: "attribution",
        caption: format!("Attribution verbs per outlet, split by who is quoted: neutral (said, told), doubting (claimed, insisted) and hostile (slammed, mocked).{attr_cut}{cut}"),
        rendered: plot::attribution_verbs(
            &plot::AttributionData {
                context: context.clone(),
                rows: attr_rows,
            },
            co,
        )?,
    });

    // Term scatter for the outlet with the most distinctive vocabulary.
    if let Some(k) = report.keyness.iter().max_by(|a, b| {
        let top = |k: &crate::compare::event::OutletKeyness| {
            k.over.first().map(|r| r.stat).unwrap_or(0.0)
        };
        top(a).total_cmp(&top(b)).then(b.outlet.cmp(&a.outlet))
    }) {
        let names = outlet_names(report);
        charts.push(Chart {
            stem: "term_scatter",
            caption: format!(
                "Term scatter for {}: rate per 1,000 words in {} against the other outlets, coloured by log-odds z-score.",
                names.get(k.outlet.as_str()).copied().unwrap_or(&k.outlet),
                k.outlet
            ),
            rendered: plot::term_scatter(
                &plot::TermScatterData {
                    context: context.clone(),
                    target: k.outlet.clone(),
                    reference: "other outlets".into(),
                    label_top: opts.top,
                    terms: k
                        .scatter
                        .iter()
                        .map(|r| plot::ScatterTerm {
                            term: r.term.clone(),
                            rate_target: r.rate_target,
                            rate_rest: r.rate_reference,
                            z: r.stat,
                        })
                        .collect(),
                },
                co,
            )?,
        });
    }
    Ok(charts)
}

/// Write everything of one event into `dir` (created if missing).
pub fn write_event(
    report: &EventReport,
    dir: &Path,
    opts: &impl Checked<WriteOptions>,
) -> Result<Vec<PathBuf>> {
    let opts = opts.checked()?;
    let opts: &Valid<WriteOptions> = &opts;
    std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
    let mut written = Vec::new();
    // Compact: the file is for programs (a third smaller than indented,
    // and across BASIL's 100 events 11 MB); docs/report-schema.md says how
    // to read it indented.
    let json = match bounded_json(report) {
        Some(cut) => serde_json::to_vec(&cut),
        None => serde_json::to_vec(report),
    }
    .map_err(|e| crate::Error::input("report.json", e.to_string()))?;
    let p = dir.join("report.json");
    write_atomic(&p, &json)?;
    written.push(p);
    let mut tables = FolderTables {
        dir,
        written: Vec::new(),
    };
    event_tables(report, &mut tables)?;
    written.extend(tables.written);

    let charts = event_charts(report, opts)?;
    for c in &charts {
        written.extend(plot::save(&c.rendered, dir, c.stem, opts.chart.formats)?);
    }
    let page = event_page(report, &charts, opts);
    let p = dir.join("report.md");
    write_atomic(&p, page.to_markdown().as_bytes())?;
    written.push(p);
    let p = dir.join("report.html");
    write_atomic(&p, page.to_html().as_bytes())?;
    written.push(p);
    Ok(written)
}

/// Most rows each long array of a bounded event's report.json keeps (see
/// [`bounded_json`]): the page tables' bound.
pub const JSON_ARRAY_ROWS: usize = PAGE_TABLE_ROWS;

/// What a bounded event's report.json left out of one array.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JsonCut {
    /// The array, as a path in report.json (`alignment.pairs`).
    pub array: &'static str,
    /// Rows kept, and rows of the whole array.
    pub shown: usize,
    pub total: usize,
    /// The CSV table with every row.
    pub csv: &'static str,
}

/// report.json of a bounded event: the report with `json_bound` beside
/// its fields.
#[derive(serde::Serialize)]
struct BoundedJson {
    #[serde(flatten)]
    report: EventReport,
    /// The arrays cut to [`JSON_ARRAY_ROWS`], with their full lengths.
    json_bound: Vec<JsonCut>,
}

/// The first `cap` of `rows` that `keep` accepts.
fn cut<T: Clone>(rows: &[T], cap: usize, keep: impl Fn(&T) -> bool) -> Vec<T> {
    rows.iter().filter(|r| keep(r)).take(cap).cloned().collect()
}

/// The report.json of a bounded event (`None` for an ordinary one, whose
/// report.json is the whole report). A bounded event's long arrays grow
/// with the event (1,008 ABP articles made 59 MB, most of it 73,000
/// lexicon matches): like the page tables ([`PageTables`]), each keeps
/// the rows of the outlets the charts draw, at most [`JSON_ARRAY_ROWS`],
/// and `json_bound` says for each how many rows it has in full and which
/// CSV table holds them all. Every other field is whole.
fn bounded_json(report: &EventReport) -> Option<BoundedJson> {
    let tables = PageTables::of(report);
    let cap = tables.cap?;
    let shows = |o: &str| tables.shows(o);
    let mut cuts = Vec::new();
    let mut note = |array, shown, total, csv| {
        cuts.push(JsonCut {
            array,
            shown,
            total,
            csv,
        })
    };
    let matches = cut(&report.matches, cap, |m| shows(&m.outlet));
    note(
        "matches",
        matches.len(),
        report.matches.len(),
        "matches.csv",
    );
    let profiles = cut(&report.profiles, cap, |r| shows(&r.outlet));
    note(
        "profiles",
        profiles.len(),
        report.profiles.len(),
        "profiles.csv",
    );
    let pairs = cut(&report.alignment.pairs, cap, |p| {
        shows(&p.outlet_a) && shows(&p.outlet_b)
    });
    note(
        "alignment.pairs",
        pairs.len(),
        report.alignment.pairs.len(),
        "alignment.csv",
    );
    let groups = cut(&report.alignment.groups, cap, |_| true);
    note(
        "alignment.groups",
        groups.len(),
        report.alignment.groups.len(),
        "alignment.csv",
    );
    let quote_groups = cut(&report.quotes.groups, cap, |_| true);
    note(
        "quotes.groups",
        quote_groups.len(),
        report.quotes.groups.len(),
        "quotes.csv",
    );
    let entities = cut(&report.entities.entities, cap, |_| true);
    note(
        "entities.entities",
        entities.len(),
        report.entities.entities.len(),
        "entities.csv",
    );
    let by_speaker = cut(&report.attribution.by_speaker, cap, |r| shows(&r.outlet));
    note(
        "attribution.by_speaker",
        by_speaker.len(),
        report.attribution.by_speaker.len(),
        "attribution.csv",
    );
    let r = report;
    let report = EventReport {
        schema_version: r.schema_version.clone(),
        event: r.event.clone(),
        outlets: r.outlets.clone(),
        findings: r.findings.clone(),
        findings_detail: r.findings_detail.clone(),
        profiles,
        keyness: r.keyness.clone(),
        similarity: r.similarity.clone(),
        map: r.map.clone(),
        alignment: crate::compare::align::Alignment { pairs, groups },
        substitutions: r.substitutions.clone(),
        concepts: r.concepts.clone(),
        quotes: crate::compare::quotes::QuoteCoverage {
            groups: quote_groups,
            scare_quotes: r.quotes.scare_quotes.clone(),
            warnings: r.quotes.warnings.clone(),
        },
        attribution: crate::compare::attribution::Attribution {
            by_speaker,
            unattached: r.attribution.unattached.clone(),
        },
        entities: crate::compare::entities::EntityTable { entities },
        actor_labels: r.actor_labels.clone(),
        matches,
        bounded: r.bounded.clone(),
        document_bound: r.document_bound.clone(),
        languages: r.languages.clone(),
        filter: r.filter.clone(),
        texts: Default::default(),
    };
    Some(BoundedJson {
        report,
        json_bound: cuts,
    })
}

crate::table_row! {
    /// `outlets.csv`: one row per outlet of the event.
    struct OutletCsv<'a> {
        event: &'a str,
        outlet: &'a str,
        name: &'a str,
        documents: String,
        tokens: usize,
        tokens_own: usize,
        tokens_quoted: usize,
        sentences: usize,
        quotations: usize,
        scare_quotes: usize,
        lines_removed: usize,
    }
}

crate::table_row! {
    /// `profiles.csv`: one row per outlet × lexicon category × voice.
    struct ProfileCsv<'a> {
        event: &'a str,
        outlet: &'a str,
        lexicon: &'a str,
        category: &'a str,
        voice: Voice,
        matches: usize,
        tokens: usize,
        rate: Option<f64>,
        ci_low: Option<f64>,
        ci_high: Option<f64>,
    }
}

crate::table_row! {
    /// `keyness.csv`: one row per outlet × direction × term. The columns of
    /// a [`KeynessRow`](crate::stats::KeynessRow) keep their names.
    struct KeynessCsv<'a> {
        event: &'a str,
        outlet: &'a str,
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
    /// `similarity.csv`: one row per ordered outlet pair (the matrices of
    /// report.json, long).
    struct SimilarityCsv<'a> {
        event: &'a str,
        outlet_a: &'a str,
        outlet_b: &'a str,
        cosine: f64,
        jaccard: f64,
    }
}

crate::table_row! {
    /// `alignment.csv`: one row per aligned sentence pair.
    struct AlignmentCsv<'a> {
        event: &'a str,
        outlet_a: &'a str,
        sentence_a: usize,
        text_a: &'a str,
        outlet_b: &'a str,
        sentence_b: usize,
        text_b: &'a str,
        score: f64,
    }
}

crate::table_row! {
    /// `substitutions.csv`: one row per substituted word pair.
    struct SubstitutionCsv<'a> {
        event: &'a str,
        words_a: &'a str,
        outlets_a: String,
        words_b: &'a str,
        outlets_b: String,
        count: usize,
        example_a: &'a str,
        example_b: &'a str,
    }
}

crate::table_row! {
    /// `concepts.csv`: one row per concept × outlet that used it.
    struct ConceptCsv<'a> {
        event: &'a str,
        concept: &'a str,
        outlet: &'a str,
        variants: String,
        count: usize,
        max_grade: u32,
        own_voice: usize,
        quoted: usize,
    }
}

crate::table_row! {
    /// `quotes.csv`: one row per quote (member) of a quote group.
    struct QuoteCsv<'a> {
        event: &'a str,
        group: usize,
        speaker: &'a str,
        representative: &'a str,
        outlets_carrying: String,
        outlets_missing: String,
        outlet: &'a str,
        text: &'a str,
    }
}

crate::table_row! {
    /// `attribution.csv`: one row per outlet × speaker × verb.
    struct AttributionCsv<'a> {
        event: &'a str,
        outlet: &'a str,
        speaker: &'a str,
        n_quotes: usize,
        verb: &'a str,
        grade: &'a str,
        count: usize,
    }
}

crate::table_row! {
    /// `matches.csv`: one row per lexicon match. The same columns as
    /// `framelens score --matches`, with `event` for `doc`.
    struct MatchCsv<'a> {
        event: &'a str,
        outlet: &'a str,
        sentence: usize,
        text: &'a str,
        start: usize,
        end: usize,
        lexicon: &'a str,
        category: &'a str,
        weight: f64,
        negated: bool,
        intensifier: Option<&'a str>,
        voice: Voice,
        quote_kind: Option<QuoteKind>,
        speaker: Option<&'a str>,
    }
}

/// Where the tables of an event go: the CSV files of its report folder
/// ([`FolderTables`]), or JSON rows in memory ([`JsonTables`], for library
/// callers such as the Python package), so both get the same rows.
pub trait TableSink {
    /// Take the table `name` (the CSV file name, `keyness.csv`).
    fn table<T: TableRow, I: IntoIterator<Item = T>>(&mut self, name: &str, rows: I) -> Result<()>;
}

/// The event's tables as CSV files in `dir`.
struct FolderTables<'a> {
    dir: &'a Path,
    written: Vec<PathBuf>,
}

impl TableSink for FolderTables<'_> {
    fn table<T: TableRow, I: IntoIterator<Item = T>>(&mut self, name: &str, rows: I) -> Result<()> {
        let p = self.dir.join(name);
        write_table_file(&p, Format::Csv, rows)?;
        self.written.push(p);
        Ok(())
    }
}

/// The event's tables as JSON arrays of row objects, by CSV file name, in
/// the order the report folder lists them. Cells are not escaped for
/// spreadsheets (that is the CSV writer's concern).
#[derive(Debug, Default)]
pub struct JsonTables(pub Vec<(String, String)>);

impl TableSink for JsonTables {
    fn table<T: TableRow, I: IntoIterator<Item = T>>(&mut self, name: &str, rows: I) -> Result<()> {
        let mut bytes = Vec::new();
        write_table(&mut bytes, Format::Json, rows).map_err(|e| crate::Error::io(name, e))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| crate::Error::input(name, format!("not UTF-8: {e}")))?;
        self.0.push((name.to_string(), text));
        Ok(())
    }
}

/// The tables of one event, each from its row type through the one table
/// writer, into `sink`; every table's first column is the event id.
pub fn event_tables<S: TableSink>(report: &EventReport, sink: &mut S) -> Result<()> {
    let event = report.event.as_str();
    sink.table(
        "outlets.csv",
        report.outlets.iter().map(|o| OutletCsv {
            event,
            outlet: &o.id,
            name: &o.name,
            documents: join_list(&o.documents),
            tokens: o.tokens,
            tokens_own: o.tokens_own,
            tokens_quoted: o.tokens_quoted,
            sentences: o.sentences,
            quotations: o.quotations,
            scare_quotes: o.scare_quotes,
            lines_removed: o.lines_removed,
        }),
    )?;
    sink.table(
        "profiles.csv",
        report.profiles.iter().map(|r| ProfileCsv {
            event,
            outlet: &r.outlet,
            lexicon: &r.lexicon,
            category: &r.category,
            voice: r.voice,
            matches: r.matches,
            tokens: r.tokens,
            rate: r.rate,
            ci_low: r.ci_low,
            ci_high: r.ci_high,
        }),
    )?;
    sink.table(
        "keyness.csv",
        report.keyness.iter().flat_map(|k| {
            [("over", &k.over), ("under", &k.under)]
                .into_iter()
                .flat_map(move |(direction, rows)| {
                    rows.iter().map(move |r| KeynessCsv {
                        event,
                        outlet: &k.outlet,
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
        }),
    )?;
    let sim = &report.similarity;
    // Matrices are empty when no outlet has a content word.
    let at = |m: &Vec<Vec<f64>>, i: usize, j: usize| m.get(i).and_then(|r| r.get(j)).copied();
    sink.table(
        "similarity.csv",
        sim.outlets.iter().enumerate().flat_map(|(i, a)| {
            sim.outlets.iter().enumerate().filter_map(move |(j, b)| {
                let (cosine, jaccard) = (at(&sim.cosine, i, j)?, at(&sim.jaccard, i, j)?);
                Some(SimilarityCsv {
                    event,
                    outlet_a: a,
                    outlet_b: b,
                    cosine,
                    jaccard,
                })
            })
        }),
    )?;
    sink.table(
        "alignment.csv",
        report.alignment.pairs.iter().map(|p| AlignmentCsv {
            event,
            outlet_a: &p.outlet_a,
            sentence_a: p.sentence_a,
            text_a: &p.text_a,
            outlet_b: &p.outlet_b,
            sentence_b: p.sentence_b,
            text_b: &p.text_b,
            score: p.score,
        }),
    )?;
    sink.table(
        "substitutions.csv",
        report.substitutions.pairs.iter().map(|p| {
            let ex = p
                .examples
                .first()
                .and_then(|&i| report.substitutions.instances.get(i))
                .map(|e| e.sides_for(&p.a.words));
            SubstitutionCsv {
                event,
                words_a: &p.a.words,
                outlets_a: join_list(&p.a.outlets),
                words_b: &p.b.words,
                outlets_b: join_list(&p.b.outlets),
                count: p.count,
                example_a: ex.map_or("", |e| e[0].1),
                example_b: ex.map_or("", |e| e[1].1),
            }
        }),
    )?;
    sink.table(
        "concepts.csv",
        report.concepts.iter().flat_map(|c| {
            c.choices.iter().map(move |ch| ConceptCsv {
                event,
                concept: &c.concept,
                outlet: &ch.outlet,
                variants: join_list(&ch.variants),
                count: ch.count,
                max_grade: ch.max_grade,
                own_voice: ch.own_voice,
                quoted: ch.quoted,
            })
        }),
    )?;
    sink.table(
        "quotes.csv",
        report.quotes.groups.iter().flat_map(|g| {
            let carrying = join_list(&g.outlets_carrying);
            let missing = join_list(&g.outlets_missing);
            g.members.iter().map(move |m| QuoteCsv {
                event,
                group: g.id,
                speaker: g.speaker.as_deref().unwrap_or_default(),
                representative: &g.representative,
                outlets_carrying: carrying.clone(),
                outlets_missing: missing.clone(),
                outlet: &m.outlet,
                text: &m.text,
            })
        }),
    )?;
    sink.table(
        "attribution.csv",
        report.attribution.by_speaker.iter().flat_map(|a| {
            a.verbs.iter().map(move |v| AttributionCsv {
                event,
                outlet: &a.outlet,
                speaker: &a.speaker,
                n_quotes: a.n_quotes,
                verb: &v.verb,
                grade: &v.grade,
                count: v.count,
            })
        }),
    )?;
    sink.table(
        "matches.csv",
        report.matches.iter().map(|m| MatchCsv {
            event,
            outlet: &m.outlet,
            sentence: m.found.sentence,
            text: &m.found.text,
            start: m.found.start,
            end: m.found.end,
            lexicon: &m.found.lexicon,
            category: &m.found.category,
            weight: m.found.weight,
            negated: m.found.negated,
            intensifier: m.found.intensifier.as_deref(),
            voice: m.found.voice,
            quote_kind: m.found.quote_kind,
            speaker: m.found.speaker.as_deref(),
        }),
    )?;
    sink.table(
        "actor_labels.csv",
        report.actor_labels.labels.iter().map(|l| ActorLabelCsv {
            event,
            actor: &l.actor,
            outlet: &l.outlet,
            label: &l.label,
            kind: l.kind,
            voice: l.voice,
            speaker: l.speaker.as_deref(),
            count: l.count,
            loaded: l.loaded,
            grade: &l.grade,
            sentences: join_list(l.sentences.iter().map(usize::to_string)),
        }),
    )?;
    sink.table(
        "entities.csv",
        report.entities.entities.iter().flat_map(|e| {
            e.forms.iter().map(move |f| EntityCsv {
                event,
                entity: &e.id,
                name: &e.name,
                outlet: &f.outlet,
                form: &f.form,
                count: f.count,
                entity_quotes: e.quotes,
            })
        }),
    )
}

crate::table_row! {
    /// `actor_labels.csv`: one row per actor, outlet, label, kind, voice
    /// and speaker (report.json `actor_labels.labels`).
    struct ActorLabelCsv<'a> {
        event: &'a str,
        actor: &'a str,
        outlet: &'a str,
        label: &'a str,
        kind: crate::text::LabelKind,
        voice: Voice,
        speaker: Option<&'a str>,
        count: usize,
        loaded: bool,
        grade: &'a str,
        sentences: String,
    }
}

crate::table_row! {
    /// `entities.csv`: one row per entity, outlet and form the outlet used
    /// for it, with the count, so that measures by speaker can be checked
    /// against the resolution.
    struct EntityCsv<'a> {
        event: &'a str,
        entity: &'a str,
        name: &'a str,
        outlet: &'a str,
        form: &'a str,
        count: usize,
        entity_quotes: usize,
    }
}

fn snippet(text: &str, n: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= n {
        t.to_string()
    } else {
        format!("{}…", t.chars().take(n).collect::<String>().trim_end())
    }
}

/// Most label rows listed on the page (actor_labels.csv has all).
pub const PAGE_LABEL_ROWS: usize = 60;

/// The page section on what each outlet calls the actors.
fn actor_label_section(
    page: &mut Page,
    report: &EventReport,
    figure: &dyn Fn(&str) -> Option<Block>,
    name: &dyn Fn(&str) -> String,
) {
    let labels = &report.actor_labels;
    page.heading(2, "What each outlet calls the actors");
    page.paragraph(format!(
        "For the event's most mentioned people and organisations (at most {}), the words each outlet used to name or describe them: titles (“Mr. Kim”), words before the name (“North Korean dictator”), appositions (“Kim, the reclusive leader”), predicates (“Putin is a killer”) and the descriptions that stand for the name (“the Russian president”). “quoted” labels stand inside quote marks: the speaker's words, not the outlet's.",
        crate::compare::actor_labels::MAX_ACTORS
    ));
    if labels.labels.is_empty() {
        page.paragraph("No label was found next to the actors' names.");
        return;
    }
    if let Some(f) = figure("actor_labels") {
        page.push(f);
    }
    let actor_name = |id: &str| {
        labels
            .actors
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    };
    let mut t = Table::new([
        "actor",
        "outlet",
        "label",
        "kind",
        "voice",
        "speaker",
        "times",
        "graded by",
    ])
    .keyed("actor_labels.csv", &[2]);
    for l in labels.labels.iter().take(PAGE_LABEL_ROWS) {
        t.row([
            actor_name(&l.actor),
            name(&l.outlet),
            l.label.clone(),
            l.kind.name().to_string(),
            format!("{:?}", l.voice).to_lowercase(),
            l.speaker.clone().unwrap_or_default(),
            l.count.to_string(),
            l.grade.clone(),
        ]);
    }
    page.push(Block::Table(t));
    if labels.labels.len() > PAGE_LABEL_ROWS {
        page.paragraph(format!(
            "The first {PAGE_LABEL_ROWS} of {} label rows; actor_labels.csv has all, with their sentences.",
            labels.labels.len()
        ));
    }
}

/// What the run's filter kept, as a note of an event or summary page.
pub fn filter_note(f: &crate::corpus::FilterReport) -> String {
    format!(
        "The run read a selection of the input: {}.",
        f.lines().join("; ")
    )
}

/// Most rows a table of a bounded event's page shows (see [`PageTables`]).
pub const PAGE_TABLE_ROWS: usize = 200;

/// How the page shows its tables. An ordinary event's tables are whole. A
/// bounded event (over `--event-limit`, or with more outlets than the
/// charts draw) would put every row of its CSV tables into report.md and
/// report.html (1,008 ABP articles made 7 MB of tables), so its tables keep
/// the rows of the outlets the charts draw, at most [`PAGE_TABLE_ROWS`]
/// each, and say under each table how many rows the CSV file has.
struct PageTables {
    /// The row bound, for a bounded event.
    cap: Option<usize>,
    /// The outlets whose rows are shown, when not all are.
    outlets: Option<std::collections::BTreeSet<String>>,
}

impl PageTables {
    fn of(report: &EventReport) -> Self {
        let bounded = report.bounded.is_some() || report.outlets.len() > MAX_CHART_OUTLETS;
        let drawn = chart_outlets(report);
        PageTables {
            cap: bounded.then_some(PAGE_TABLE_ROWS),
            outlets: (bounded && drawn.len() < report.outlets.len())
                .then(|| drawn.into_iter().collect()),
        }
    }

    /// Whether rows of `outlet` are shown.
    fn shows(&self, outlet: &str) -> bool {
        self.outlets.as_ref().is_none_or(|o| o.contains(outlet))
    }

    /// Push `table`, which holds the shown rows of a table of `total` rows
    /// (the rows of its CSV file), cut to the bound, with a line saying
    /// what was left out.
    fn push(&self, page: &mut Page, mut table: Table, total: usize) {
        let Some(cap) = self.cap else {
            page.push(Block::Table(table));
            return;
        };
        let filtered = table.rows.len() < total;
        table.rows.truncate(cap);
        let shown = table.rows.len();
        let file = table.key.clone();
        page.push(Block::Table(table));
        if shown < total {
            page.paragraph(format!(
                "This table shows {shown} of its {total} rows{}; {file} has all of them.",
                if filtered {
                    format!(
                        " (those of the {} outlets with the most words{})",
                        self.outlets.as_ref().map_or(0, |o| o.len()),
                        if shown == cap { ", the first ones" } else { "" }
                    )
                } else {
                    " (the first ones)".to_string()
                }
            ));
        }
    }
}

/// The report page of one event: findings first, then the evidence.
pub fn event_page(report: &EventReport, charts: &[Chart], opts: &WriteOptions) -> Page {
    let names = outlet_names(report);
    let name = |o: &str| names.get(o).copied().unwrap_or(o).to_string();
    let tables = PageTables::of(report);
    let mut page = Page::new(if report.event.is_empty() {
        // A corpus without event ids is one event with an empty id.
        "How the outlets worded the whole input (it has no event ids)".to_string()
    } else {
        format!("How the outlets worded “{}”", report.event)
    });
    // The explorer: its data, and where it draws its views.
    page.data = super::explorer::explorer_json(report, &opts.chart.palette).ok();
    page.push(Block::Panel("search".into()));
    let mut t = Table::new([
        "outlet",
        "id",
        "title",
        "words",
        "own voice",
        "quoted",
        "quotations",
        "scare quotes",
    ]);
    for o in &report.outlets {
        t.row([
            o.name.clone(),
            o.id.clone(),
            o.titles.first().cloned().unwrap_or_default(),
            o.tokens.to_string(),
            o.tokens_own.to_string(),
            o.tokens_quoted.to_string(),
            o.quotations.to_string(),
            o.scare_quotes.to_string(),
        ]);
    }
    page.heading(2, "Findings");
    page.push(Block::Bullets(report.findings.clone()));
    let notes: Vec<String> = report
        .languages
        .iter()
        .map(|l| l.note.clone())
        .chain(report.bounded.iter().map(|b| b.note.clone()))
        .chain(report.document_bound.iter().map(|b| b.note.clone()))
        .chain(report.quotes.warnings.iter().cloned())
        .chain(report.map.note.iter().map(|n| format!("Outlet map: {n}.")))
        .chain(report.filter.iter().map(filter_note))
        .collect();
    if !notes.is_empty() {
        page.heading(2, "Notes");
        page.push(Block::Bullets(notes));
    }
    page.heading(2, "The outlets");
    tables.push(&mut page, t.keyed("outlets.csv", &[]), report.outlets.len());
    let figure = |stem: &str| {
        charts
            .iter()
            .find(|c| c.stem == stem)
            .map(|c| Block::figure(c.stem, &c.caption, &c.rendered.svg, opts.chart.formats))
    };

    page.heading(2, "Word choice");
    page.paragraph("For each group of interchangeable words (killer, murderer, assassin …), the word each outlet chose, graded from neutral (1) to loaded (3).");
    if let Some(f) = figure("word_choice") {
        page.push(f);
    }
    let mut t = Table::new([
        "concept",
        "outlet",
        "words used",
        "count",
        "grade",
        "own voice",
        "quoted",
    ]);
    for c in &report.concepts {
        for ch in c.choices.iter().filter(|ch| tables.shows(&ch.outlet)) {
            t.row([
                c.concept.clone(),
                name(&ch.outlet),
                ch.variants.join(", "),
                ch.count.to_string(),
                ch.max_grade.to_string(),
                ch.own_voice.to_string(),
                ch.quoted.to_string(),
            ]);
        }
    }
    let total = report.concepts.iter().map(|c| c.choices.len()).sum();
    tables.push(&mut page, t.keyed("concepts.csv", &[2]), total);

    actor_label_section(&mut page, report, &figure, &name);

    page.heading(
        2,
        "Substituted words in sentences that report the same thing",
    );
    let mut t = Table::new([
        "words",
        "outlets",
        "instead of",
        "outlets",
        "times",
        "example",
    ]);
    for p in report.substitutions.pairs.iter().take(40) {
        let ex = p
            .examples
            .first()
            .and_then(|&i| report.substitutions.instances.get(i))
            .map(|e| {
                let [(oa, ta), (ob, tb)] = e.sides_for(&p.a.words);
                format!(
                    "{}: “{}” / {}: “{}”",
                    oa,
                    snippet(ta, 140),
                    ob,
                    snippet(tb, 140)
                )
            })
            .unwrap_or_default();
        t.row([
            p.a.words.clone(),
            p.a.outlets
                .iter()
                .map(|o| name(o))
                .collect::<Vec<_>>()
                .join(", "),
            p.b.words.clone(),
            p.b.outlets
                .iter()
                .map(|o| name(o))
                .collect::<Vec<_>>()
                .join(", "),
            p.count.to_string(),
            ex,
        ]);
    }
    page.push(Block::Table(t.keyed("substitutions.csv", &[0, 2])));
    page.heading(3, "Aligned sentences side by side");
    page.push(Block::Panel("aligned".into()));

    page.heading(2, "Quotes: who carried what");
    page.push(Block::Panel("quotes".into()));
    if let Some(f) = figure("quote_coverage") {
        page.push(f);
    }
    let mut t = Table::new(["speaker", "quote", "carried by", "left out by"]);
    for g in &report.quotes.groups {
        t.row([
            g.speaker.clone().unwrap_or_else(|| "unattributed".into()),
            snippet(&g.representative, 160),
            g.outlets_carrying
                .iter()
                .map(|o| name(o))
                .collect::<Vec<_>>()
                .join(", "),
            g.outlets_missing
                .iter()
                .map(|o| name(o))
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    tables.push(
        &mut page,
        t.keyed("quotes.csv", &[]),
        report.quotes.groups.len(),
    );
    if !report.quotes.scare_quotes.is_empty() {
        page.heading(3, "Scare quotes");
        let mut t = Table::new(["outlet", "words in scare quotes", "times"]);
        for s in report
            .quotes
            .scare_quotes
            .iter()
            .filter(|s| tables.shows(&s.outlet))
        {
            t.row([name(&s.outlet), s.words.clone(), s.count.to_string()]);
        }
        tables.push(
            &mut page,
            t.keyed("quotes.csv", &[1]),
            report.quotes.scare_quotes.len(),
        );
    }

    page.heading(2, "Who said it, and how the outlet said they said it");
    if let Some(f) = figure("attribution") {
        page.push(f);
    }
    let mut t = Table::new(["outlet", "speaker", "quotes", "verbs"]);
    for a in report
        .attribution
        .by_speaker
        .iter()
        .filter(|a| tables.shows(&a.outlet))
    {
        t.row([
            name(&a.outlet),
            a.speaker.clone(),
            a.n_quotes.to_string(),
            a.verbs
                .iter()
                .map(|v| format!("{} ({}, {})", v.verb, v.grade, v.count))
                .collect::<Vec<_>>()
                .join("; "),
        ]);
    }
    tables.push(
        &mut page,
        t.keyed("attribution.csv", &[]),
        report.attribution.by_speaker.len(),
    );

    page.heading(2, "Loaded language: own voice against quoted speech");
    if let Some(f) = figure("lexicon_rates") {
        page.push(f);
    }
    let mut t = Table::new([
        "outlet",
        "category",
        "voice",
        "matches",
        "per 1,000 words",
        "95% interval",
    ]);
    let profile_rows =
        |r: &&crate::lexicon::score::ScoreRow| r.matches > 0 && r.voice != Voice::All;
    for r in report
        .profiles
        .iter()
        .filter(profile_rows)
        .filter(|r| tables.shows(&r.outlet))
    {
        t.row([
            name(&r.outlet),
            format!("{}/{}", r.lexicon, r.category),
            format!("{:?}", r.voice).to_lowercase(),
            r.matches.to_string(),
            r.rate.map(|v| format!("{v:.2}")).unwrap_or_default(),
            match (r.ci_low, r.ci_high) {
                (Some(l), Some(h)) => format!("{l:.2}–{h:.2}"),
                _ => String::new(),
            },
        ]);
    }
    let total = report.profiles.iter().filter(profile_rows).count();
    tables.push(&mut page, t.keyed("profiles.csv", &[]), total);

    page.heading(2, "Distinctive words");
    page.push(Block::Panel("keyness".into()));
    if let Some(f) = figure("keyness") {
        page.push(f);
    }
    if let Some(f) = figure("term_scatter") {
        page.push(f);
    }
    page.heading(2, "How close the outlets are");
    if let Some(f) = figure("similarity") {
        page.push(f);
    }
    if let Some(f) = figure("outlet_map") {
        page.push(f);
    }

    page.heading(2, "Sentences reported by several outlets");
    let mut t = Table::new(["outlets", "sentences"]);
    for g in report
        .alignment
        .groups
        .iter()
        .filter(|g| g.n_outlets > 1)
        .take(30)
    {
        let outs: Vec<String> = g.members.iter().map(|m| name(&m.outlet)).collect();
        let texts: Vec<String> = g
            .members
            .iter()
            .map(|m| format!("{}: “{}”", m.outlet, snippet(&m.text, 160)))
            .collect();
        t.row([outs.join(", "), texts.join(" | ")]);
    }
    page.push(Block::Table(t.keyed("alignment.csv", &[])));
    page.paragraph(format!(
        "Tables of every measure are in the CSV files beside this page; report.json holds everything (schema {}). Everything this page shows, its interactive views included, is in them, except the sentences themselves, which are the cleaned input (framelens clean).",
        report.schema_version
    ));
    page.push(Block::Links(
        [
            "report.json",
            "outlets.csv",
            "keyness.csv",
            "substitutions.csv",
            "alignment.csv",
            "quotes.csv",
            "concepts.csv",
            "attribution.csv",
            "profiles.csv",
            "matches.csv",
            "entities.csv",
            "similarity.csv",
        ]
        .iter()
        .map(|f| (f.to_string(), f.to_string()))
        .collect(),
    ));
    page
}
