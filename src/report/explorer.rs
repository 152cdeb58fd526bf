//! The data an event's explorer page embeds (`<script
//! type="application/json">`, read by `assets/explorer.js`): the event's
//! sentences with tokens and quoted spans, keyness and term-scatter rows,
//! substitutions, quote groups, aligned sentence groups and word choices.
//!
//! Everything here is also in report.json and the CSV tables, except the
//! sentences, which are the cleaned input. Each list is bounded so that a
//! huge event still gives a page a browser opens; [`ExplorerData::caps`]
//! says what was left out, and the page repeats it beside the view.

use super::event::MAX_CHART_OUTLETS;
use crate::compare::event::EventReport;
use crate::compare::event_texts::EventTexts;
use crate::plot::palette::Palette;
use crate::stats::KeynessRow;
use serde::Serialize;
use std::collections::BTreeSet;

/// Most substitution pairs embedded (substitutions.csv has all).
pub const MAX_PAGE_SUBSTITUTIONS: usize = 300;
/// Most quote groups embedded (quotes.csv has all).
pub const MAX_PAGE_QUOTES: usize = 300;
/// Most aligned sentence groups embedded (alignment.csv has every pair).
pub const MAX_PAGE_ALIGNED: usize = 300;
/// Longest text of a quote or aligned sentence embedded, in characters.
pub const MAX_PAGE_SNIPPET: usize = 600;
/// Most characters of quote text (members' and representatives') embedded
/// in all, and likewise of aligned sentences: with hundreds of outlets one
/// group holds hundreds of members, so a count of groups alone does not
/// bound the page. Groups are taken in order until the next would pass it;
/// a BASIL event uses a few percent of it.
pub const MAX_PAGE_GROUP_CHARS: usize = 300_000;
/// Most outlets named one by one in the page's note on cut texts.
const NOTE_OUTLETS: usize = 10;

/// One outlet as the page names and colours it.
#[derive(Serialize)]
struct PageOutlet<'a> {
    id: &'a str,
    name: &'a str,
    tokens: usize,
    own: usize,
    quoted: usize,
}

/// A keyness row as a compact array: term, count in the outlet, count in
/// the others, rates per 1,000 words in each, z and q.
#[derive(Serialize)]
struct Row<'a>(&'a str, u64, u64, f64, f64, f64, f64);

fn row(r: &KeynessRow) -> Row<'_> {
    Row(
        &r.term,
        r.n_target,
        r.n_reference,
        round4(r.rate_target),
        round4(r.rate_reference),
        round4(r.stat),
        round4(r.q),
    )
}

/// Four decimals: what a reader sees, at a third of the bytes.
fn round4(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1e4).round() / 1e4
    } else {
        0.0
    }
}

#[derive(Serialize)]
struct PageKeyness<'a> {
    outlet: &'a str,
    over: Vec<Row<'a>>,
    under: Vec<Row<'a>>,
    scatter: Vec<Row<'a>>,
}

/// One substitution pair with its first example's sentences.
#[derive(Serialize)]
struct PageSubstitution<'a> {
    a: &'a str,
    a_outlets: &'a [String],
    b: &'a str,
    b_outlets: &'a [String],
    count: usize,
    /// The example: outlet and sentence index of each side, or none.
    example: Option<[(&'a str, usize); 2]>,
}

#[derive(Serialize)]
struct PageQuoteMember<'a> {
    outlet: &'a str,
    text: String,
    speaker: Option<&'a str>,
    verb: Option<&'a str>,
}

#[derive(Serialize)]
struct PageQuote<'a> {
    id: usize,
    speaker: Option<&'a str>,
    text: String,
    carrying: &'a [String],
    missing: &'a [String],
    members: Vec<PageQuoteMember<'a>>,
}

#[derive(Serialize)]
struct PageAligned<'a> {
    id: usize,
    score: f64,
    /// outlet, sentence index, text.
    members: Vec<(&'a str, usize, String)>,
}

#[derive(Serialize)]
struct PageConcept<'a> {
    concept: &'a str,
    outlet: &'a str,
    variants: &'a [String],
    grades: &'a [u32],
    counts: &'a [usize],
}

/// The whole embedded JSON of an event page.
#[derive(Serialize)]
struct ExplorerData<'a> {
    kind: &'static str,
    event: &'a str,
    outlets: Vec<PageOutlet<'a>>,
    /// Okabe–Ito colours for outlets, the diverging scale for z.
    categorical: Vec<String>,
    diverging: Vec<String>,
    texts: &'a EventTexts,
    keyness: Vec<PageKeyness<'a>>,
    substitutions: Vec<PageSubstitution<'a>>,
    quotes: Vec<PageQuote<'a>>,
    aligned: Vec<PageAligned<'a>>,
    concepts: Vec<PageConcept<'a>>,
    /// What was left out of the page, one sentence each.
    caps: Vec<String>,
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Characters a text takes on the page once [`cut`].
fn snippet_chars(text: &str) -> usize {
    text.chars().count().min(MAX_PAGE_SNIPPET + 1)
}

/// How many of the first groups, of the given sizes in characters, fit in
/// [`MAX_PAGE_GROUP_CHARS`] and `max` groups (at least one, so that a huge
/// first group still shows).
fn within_chars(sizes: impl Iterator<Item = usize>, max: usize) -> usize {
    let mut used = 0usize;
    let mut n = 0usize;
    for size in sizes.take(max) {
        used += size;
        if n > 0 && used > MAX_PAGE_GROUP_CHARS {
            break;
        }
        n += 1;
    }
    n
}

fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_PAGE_SNIPPET {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(MAX_PAGE_SNIPPET).collect();
        s.push('…');
        s
    }
}

/// The explorer data of an event page, as JSON (not yet escaped for HTML:
/// [`super::page::Page::to_html`] does that).
pub fn explorer_json(report: &EventReport, palette: &Palette) -> crate::Result<String> {
    let mut caps = Vec::new();
    let cut_texts = report.texts.cut();
    if !cut_texts.is_empty() {
        let mut listed: Vec<String> = cut_texts
            .iter()
            .take(NOTE_OUTLETS)
            .map(|(o, kept, all)| format!("{o} {} of {all} sentences", all - kept))
            .collect();
        if cut_texts.len() > NOTE_OUTLETS {
            // A note naming hundreds of outlets is a page of its own.
            let (left, all): (usize, usize) = cut_texts[NOTE_OUTLETS..]
                .iter()
                .fold((0, 0), |(l, a), (_, kept, all)| (l + all - kept, a + all));
            listed.push(format!(
                "and {left} of {all} sentences of {} more outlets",
                cut_texts.len() - NOTE_OUTLETS
            ));
        }
        caps.push(format!(
            "Search and keyword-in-context lines cover the first sentences of each outlet, {} KB of text in all; left out: {}. matches.csv and alignment.csv cover every sentence, and `framelens kwic` searches the whole input.",
            report.texts.budget / 1000,
            listed.join(", ")
        ));
    }
    // Keyness of the outlets with the most words, as the charts draw.
    let mut by_size: Vec<&crate::compare::event::OutletInfo> = report.outlets.iter().collect();
    by_size.sort_by(|a, b| b.tokens.cmp(&a.tokens).then(a.id.cmp(&b.id)));
    let kept: BTreeSet<&str> = by_size
        .iter()
        .take(MAX_CHART_OUTLETS)
        .map(|o| o.id.as_str())
        .collect();
    if report.outlets.len() > MAX_CHART_OUTLETS {
        caps.push(format!(
            "Keyness and the term scatter are embedded for the {MAX_CHART_OUTLETS} outlets with the most words of {}; keyness.csv has every outlet.",
            report.outlets.len()
        ));
    }
    let limit = |what: &str, n: usize, max: usize, file: &str| {
        (n > max).then(|| format!("The page holds the first {max} {what} of {n}; {file} has all."))
    };
    caps.extend(limit(
        "substitutions",
        report.substitutions.pairs.len(),
        MAX_PAGE_SUBSTITUTIONS,
        "substitutions.csv",
    ));
    let n_quotes = within_chars(
        report.quotes.groups.iter().map(|g| {
            snippet_chars(&g.representative)
                + g.members
                    .iter()
                    .map(|m| snippet_chars(&m.text))
                    .sum::<usize>()
        }),
        MAX_PAGE_QUOTES,
    );
    caps.extend(limit(
        "quote groups",
        report.quotes.groups.len(),
        n_quotes,
        "quotes.csv",
    ));
    let aligned: Vec<&crate::compare::align::AlignedGroup> = report
        .alignment
        .groups
        .iter()
        .filter(|g| g.n_outlets > 1)
        .collect();
    let n_aligned = within_chars(
        aligned
            .iter()
            .map(|g| g.members.iter().map(|m| snippet_chars(&m.text)).sum()),
        MAX_PAGE_ALIGNED,
    );
    caps.extend(limit(
        "aligned sentence groups",
        aligned.len(),
        n_aligned,
        "alignment.csv",
    ));
    if report.outlets.len() > MAX_CHART_OUTLETS {
        caps.push(format!(
            "Word choices are embedded for the {MAX_CHART_OUTLETS} outlets with the most words; concepts.csv has every outlet."
        ));
    }
    let data = ExplorerData {
        kind: "event",
        event: &report.event,
        outlets: report
            .outlets
            .iter()
            .map(|o| PageOutlet {
                id: &o.id,
                name: &o.name,
                tokens: o.tokens,
                own: o.tokens_own,
                quoted: o.tokens_quoted,
            })
            .collect(),
        categorical: palette.categorical.iter().copied().map(hex).collect(),
        diverging: palette.diverging.iter().copied().map(hex).collect(),
        texts: &report.texts,
        keyness: report
            .keyness
            .iter()
            .filter(|k| kept.contains(k.outlet.as_str()))
            .map(|k| PageKeyness {
                outlet: &k.outlet,
                over: k.over.iter().map(row).collect(),
                under: k.under.iter().map(row).collect(),
                scatter: k.scatter.iter().map(row).collect(),
            })
            .collect(),
        substitutions: report
            .substitutions
            .pairs
            .iter()
            .take(MAX_PAGE_SUBSTITUTIONS)
            .map(|p| PageSubstitution {
                a: &p.a.words,
                a_outlets: &p.a.outlets,
                b: &p.b.words,
                b_outlets: &p.b.outlets,
                count: p.count,
                example: p
                    .examples
                    .first()
                    .and_then(|&i| report.substitutions.instances.get(i))
                    .map(|e| {
                        [
                            (e.outlet_a.as_str(), e.sentence_a),
                            (e.outlet_b.as_str(), e.sentence_b),
                        ]
                    }),
            })
            .collect(),
        quotes: report
            .quotes
            .groups
            .iter()
            .take(n_quotes)
            .map(|g| PageQuote {
                id: g.id,
                speaker: g.speaker.as_deref(),
                text: cut(&g.representative),
                carrying: &g.outlets_carrying,
                missing: &g.outlets_missing,
                members: g
                    .members
                    .iter()
                    .map(|m| PageQuoteMember {
                        outlet: &m.outlet,
                        text: cut(&m.text),
                        speaker: m.speaker.as_deref(),
                        verb: m.verb.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
        aligned: aligned
            .iter()
            .take(n_aligned)
            .map(|g| PageAligned {
                id: g.id,
                score: round4(g.mean_score),
                members: g
                    .members
                    .iter()
                    .map(|m| (m.outlet.as_str(), m.sentence, cut(&m.text)))
                    .collect(),
            })
            .collect(),
        concepts: report
            .concepts
            .iter()
            .flat_map(|c| {
                let kept = &kept;
                c.choices
                    .iter()
                    .filter(move |ch| kept.contains(ch.outlet.as_str()))
                    .map(move |ch| PageConcept {
                        concept: &c.concept,
                        outlet: &ch.outlet,
                        variants: &ch.variants,
                        grades: &ch.variant_grades,
                        counts: &ch.variant_counts,
                    })
            })
            .collect(),
        caps,
    };
    serde_json::to_string(&data).map_err(|e| crate::Error::input("report.html", e.to_string()))
}

/// Most (event, outlet, term) counts the corpus index embeds for its term
/// search: about 10 bytes each. When the events hold more, each outlet of
/// each event keeps its most frequent content words, the same number for
/// all, and the page says how many.
pub const MAX_INDEX_COUNTS: usize = 250_000;

/// One event in the corpus index's data.
#[derive(Serialize)]
struct IndexEvent<'a> {
    event: &'a str,
    href: String,
    /// Per outlet: id, flat (term index, count) pairs, and the words the
    /// counts were taken over (for rates).
    counts: Vec<(&'a str, Vec<u32>, usize)>,
}

#[derive(Serialize)]
struct IndexData<'a> {
    kind: &'static str,
    events: Vec<IndexEvent<'a>>,
    vocab: Vec<&'a str>,
    stems: Vec<&'a str>,
    caps: Vec<String>,
}

/// One outlet of one event for the index: its id, its content words'
/// `(vocabulary index, count)` by count, and its word total.
type OutletCounts<'a> = (&'a str, Vec<(u32, u32)>, usize);

/// The data of the corpus index page: each event's link and, per outlet,
/// the counts of its content words in the event's page text (bounded by
/// [`crate::compare::event_texts::PAGE_TEXT_BYTES`] per event and by
/// [`MAX_INDEX_COUNTS`] in all), for a term search across events.
pub fn index_json(
    reports: &[EventReport],
    href: impl Fn(&EventReport) -> String,
) -> crate::Result<String> {
    use std::collections::BTreeMap;
    // Counts per event and outlet, by the event's own vocabulary index.
    let mut per: Vec<Vec<OutletCounts<'_>>> = Vec::with_capacity(reports.len());
    let mut cells = 0usize;
    for r in reports {
        let t = &r.texts;
        let mut outs = Vec::new();
        for o in &t.outlets {
            let mut c: BTreeMap<u32, u32> = BTreeMap::new();
            let mut words = 0usize;
            for s in &o.sentences {
                for tok in s.k.chunks_exact(3) {
                    words += 1;
                    if t.content.get(tok[2] as usize) == Some(&1) {
                        *c.entry(tok[2]).or_default() += 1;
                    }
                }
            }
            let mut c: Vec<(u32, u32)> = c.into_iter().collect();
            c.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            cells += c.len();
            outs.push((o.outlet.as_str(), c, words));
        }
        per.push(outs);
    }
    let n_lists: usize = per.iter().map(Vec::len).sum();
    let mut caps = Vec::new();
    let keep = if cells > MAX_INDEX_COUNTS && n_lists > 0 {
        let k = (MAX_INDEX_COUNTS / n_lists).max(20);
        caps.push(format!(
            "The term search counts, in each event and outlet, its {k} most frequent content words (of {cells} counts in all); each event's page searches every word it embeds."
        ));
        k
    } else {
        usize::MAX
    };
    if reports.iter().any(|r| !r.texts.cut().is_empty()) {
        caps.push(
            "Counts of large events cover the text their pages embed (the first sentences of each outlet); keyness.csv and matches.csv cover all of it."
                .to_string(),
        );
    }
    caps.push("Stop words and numbers are not counted.".to_string());
    // One vocabulary for the page, of the kept terms.
    let mut vocab: BTreeMap<&str, (u32, &str)> = BTreeMap::new();
    for (r, outs) in reports.iter().zip(&per) {
        for (_, c, _) in outs {
            for &(v, _) in c.iter().take(keep) {
                if let (Some(w), Some(s)) =
                    (r.texts.vocab.get(v as usize), r.texts.stems.get(v as usize))
                {
                    vocab.entry(w.as_str()).or_insert((0, s.as_str()));
                }
            }
        }
    }
    for (i, v) in vocab.values_mut().enumerate() {
        v.0 = i as u32;
    }
    let events = reports
        .iter()
        .zip(&per)
        .map(|(r, outs)| IndexEvent {
            event: &r.event,
            href: href(r),
            counts: outs
                .iter()
                .map(|(o, c, words)| {
                    let mut flat: Vec<(u32, u32)> = c
                        .iter()
                        .take(keep)
                        .filter_map(|&(v, n)| {
                            let w = r.texts.vocab.get(v as usize)?;
                            Some((vocab.get(w.as_str())?.0, n))
                        })
                        .collect();
                    flat.sort_unstable();
                    (
                        *o,
                        flat.into_iter().flat_map(|(v, n)| [v, n]).collect(),
                        *words,
                    )
                })
                .collect(),
        })
        .collect();
    let data = IndexData {
        kind: "index",
        events,
        stems: vocab.values().map(|v| v.1).collect(),
        vocab: vocab.keys().copied().collect(),
        caps,
    };
    serde_json::to_string(&data).map_err(|e| crate::Error::input("index.html", e.to_string()))
}
