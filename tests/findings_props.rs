//! Findings never contradict themselves, for any event and any corpus
//! summary: every rule of docs/report-schema.md ("Findings") is checked on
//! every finding of generated inputs.
//!
//! Events: two to four outlets of a few sentences, words of two concept
//! groups (two variants share a grade, so a same-grade choice is no
//! finding) scattered over the sentences, random sentence alignments
//! (pairs and groups), substitution pairs whose sides may share outlets,
//! and keyness rows of any z and q. Corpus: pair tests of any q, effect,
//! interval and evidence.

use framelens::compare::align::{AlignedGroup, AlignedPair, Alignment, GroupMember};
use framelens::compare::closeness::SimilarityMatrices;
use framelens::compare::corpus::EVIDENCE;
use framelens::compare::corpus_findings::{corpus_findings, Q_FINDING};
use framelens::compare::corpus_schema::{CorpusSummary, GroupTest, GroupingSummary};
use framelens::compare::event_rows::{EvidenceMatch, OutletInfo, OutletKeyness};
use framelens::compare::findings::{event_findings, Finding, FindingDetail, FindingInputs, Q_TERM};
use framelens::compare::quotes::QuoteCoverage;
use framelens::compare::substitutions::{SubstitutionPair, SubstitutionSide, Substitutions};
use framelens::lexicon::matcher::Match;
use framelens::stats::keyness::KeynessRow;
use framelens::text::Voice;
use proptest::prelude::*;
use std::collections::BTreeSet;

const SENTENCES: usize = 5;
/// Grades of the four variants of each concept group.
const GRADES: [u32; 4] = [1, 2, 2, 3];
const WORDS: [&str; 4] = ["protesters", "rioters", "mob", "thugs"];

fn outlet(i: usize) -> String {
    format!("o{i}")
}

fn variant(concept: usize, v: usize) -> String {
    format!("{}{concept}", WORDS[v])
}

/// One generated event.
#[derive(Debug, Clone)]
struct Event {
    outlets: usize,
    /// (outlet, sentence, concept, variant)
    uses: Vec<(usize, usize, usize, usize)>,
    /// (outlet a, sentence a, outlet b, sentence b)
    pairs: Vec<(usize, usize, usize, usize)>,
    /// Groups: per outlet, a sentence or none.
    groups: Vec<Vec<Option<usize>>>,
    /// (words a, words b, outlets a mask, outlets b mask, count)
    subs: Vec<(usize, usize, u8, u8, usize)>,
    /// Per outlet: (term, z, q)
    keyness: Vec<Vec<(usize, f64, f64)>>,
}

fn event() -> impl Strategy<Value = Event> {
    (2usize..=4).prop_flat_map(|n| {
        let o = 0..n;
        let s = 0..SENTENCES;
        (
            Just(n),
            prop::collection::vec((o.clone(), s.clone(), 0usize..2, 0usize..4), 0..24),
            prop::collection::vec((o.clone(), s.clone(), o.clone(), s.clone()), 0..16),
            prop::collection::vec(
                prop::collection::vec(prop::option::of(s.clone()), n..=n),
                0..4,
            ),
            prop::collection::vec((0usize..4, 0usize..4, 1u8..16, 1u8..16, 1usize..6), 0..6),
            prop::collection::vec(
                prop::collection::vec((0usize..6, -2.0f64..8.0, 0.0f64..0.2), 0..5),
                n..=n,
            ),
        )
            .prop_map(|(outlets, uses, pairs, groups, subs, keyness)| Event {
                outlets,
                uses,
                pairs: pairs.into_iter().filter(|p| p.0 != p.2).collect(),
                groups,
                subs,
                keyness,
            })
    })
}

/// The report parts of a generated event.
struct Parts {
    outlets: Vec<OutletInfo>,
    keyness: Vec<OutletKeyness>,
    similarity: SimilarityMatrices,
    substitutions: Substitutions,
    quotes: QuoteCoverage,
    matches: Vec<EvidenceMatch>,
    alignment: Alignment,
}

fn parts(e: &Event) -> Parts {
    let outlets = (0..e.outlets)
        .map(|i| OutletInfo {
            id: outlet(i),
            name: format!("Outlet {i}"),
            documents: vec![format!("d{i}")],
            titles: vec![String::new()],
            tokens: 100,
            tokens_own: 100,
            tokens_quoted: 0,
            sentences: SENTENCES,
            quotations: 0,
            scare_quotes: 0,
            lines_removed: 0,
        })
        .collect();
    let matches = e
        .uses
        .iter()
        .map(|&(o, s, c, v)| EvidenceMatch {
            outlet: outlet(o),
            found: Match {
                doc: o,
                sentence: s,
                token_start: 0,
                token_end: 1,
                start: 0,
                end: 1,
                text: variant(c, v),
                lexicon: "concepts".into(),
                category: format!("concept/c{c}"),
                category_id: c,
                entry: variant(c, v),
                weight: f64::from(GRADES[v]),
                negated: false,
                intensifier: None,
                voice: Voice::Own,
                quote: None,
                quote_kind: None,
                speaker: None,
            },
        })
        .collect();
    let alignment = Alignment {
        pairs: e
            .pairs
            .iter()
            .map(|&(oa, sa, ob, sb)| AlignedPair {
                outlet_a: outlet(oa),
                sentence_a: sa,
                text_a: String::new(),
                outlet_b: outlet(ob),
                sentence_b: sb,
                text_b: String::new(),
                score: 0.5,
                cosine: 0.5,
                shared_run: 0,
            })
            .collect(),
        groups: e
            .groups
            .iter()
            .enumerate()
            .map(|(id, g)| {
                let members: Vec<GroupMember> = g
                    .iter()
                    .enumerate()
                    .filter_map(|(o, s)| {
                        s.map(|s| GroupMember {
                            outlet: outlet(o),
                            sentence: s,
                            text: String::new(),
                        })
                    })
                    .collect();
                AlignedGroup {
                    id,
                    n_outlets: members.len(),
                    members,
                    mean_score: 0.5,
                }
            })
            .collect(),
    };
    let mask = |m: u8| -> Vec<String> {
        (0..e.outlets)
            .filter(|i| m & (1 << i) != 0)
            .map(outlet)
            .collect()
    };
    let substitutions = Substitutions {
        instances: Vec::new(),
        pairs: e
            .subs
            .iter()
            .filter(|s| s.0 != s.1)
            .map(|&(wa, wb, ma, mb, count)| SubstitutionPair {
                a: SubstitutionSide {
                    words: WORDS[wa].into(),
                    outlets: mask(ma),
                    scare_quoted: false,
                },
                b: SubstitutionSide {
                    words: WORDS[wb].into(),
                    outlets: mask(mb),
                    scare_quoted: false,
                },
                count,
                best_score: 0.5,
                examples: Vec::new(),
            })
            .collect(),
    };
    let keyness = e
        .keyness
        .iter()
        .enumerate()
        .map(|(o, rows)| {
            let mut over: Vec<KeynessRow> = rows
                .iter()
                .filter(|r| r.1 > 0.0)
                .map(|&(t, z, q)| KeynessRow {
                    term: format!("term{t}"),
                    n_target: 3,
                    n_reference: 1,
                    rate_target: 1.0,
                    rate_reference: 0.1,
                    stat: z,
                    p: q / 2.0,
                    q,
                })
                .collect();
            over.sort_by(|a, b| b.stat.total_cmp(&a.stat));
            OutletKeyness {
                outlet: outlet(o),
                over,
                under: Vec::new(),
                scatter: Vec::new(),
            }
        })
        .collect();
    Parts {
        outlets,
        keyness,
        similarity: SimilarityMatrices {
            outlets: Vec::new(),
            cosine: Vec::new(),
            jaccard: Vec::new(),
            vectors: Vec::new(),
        },
        substitutions,
        quotes: QuoteCoverage::default(),
        matches,
        alignment,
    }
}

/// Are (a, sa) and (b, sb) aligned, by a pair or a shared group?
fn aligned(al: &Alignment, a: &str, sa: usize, b: &str, sb: usize) -> bool {
    let pair = al.pairs.iter().any(|p| {
        (p.outlet_a == a && p.sentence_a == sa && p.outlet_b == b && p.sentence_b == sb)
            || (p.outlet_b == a && p.sentence_b == sa && p.outlet_a == b && p.sentence_a == sb)
    });
    let group = al.groups.iter().any(|g| {
        g.members.iter().any(|m| m.outlet == a && m.sentence == sa)
            && g.members.iter().any(|m| m.outlet == b && m.sentence == sb)
    });
    pair || group
}

/// Findings of one kind come by descending evidence.
fn check_order(found: &[Finding]) -> Result<(), TestCaseError> {
    for w in found.windows(2) {
        if w[0].detail.kind() == w[1].detail.kind() {
            prop_assert!(
                w[0].evidence >= w[1].evidence,
                "{} before {}",
                w[0].text,
                w[1].text
            );
        }
    }
    Ok(())
}

fn check_event(p: &Parts, found: &[Finding]) -> Result<(), TestCaseError> {
    check_order(found)?;
    let uses = |o: &str, concept: &str| -> Vec<(usize, String, u32)> {
        p.matches
            .iter()
            .filter(|m| m.outlet == o && m.found.category == format!("concept/{concept}"))
            .map(|m| {
                (
                    m.found.sentence,
                    m.found.entry.clone(),
                    m.found.weight as u32,
                )
            })
            .collect()
    };
    for f in found {
        prop_assert!(!f.text.is_empty());
        for r in &f.rows {
            let ok = match r.table.as_str() {
                "alignment.pairs" => r
                    .key
                    .parse::<usize>()
                    .is_ok_and(|i| i < p.alignment.pairs.len()),
                "alignment.groups" => p.alignment.groups.iter().any(|g| g.id.to_string() == r.key),
                "substitutions.pairs" => r
                    .key
                    .parse::<usize>()
                    .is_ok_and(|i| i < p.substitutions.pairs.len()),
                "keyness" => p.keyness.iter().any(|k| {
                    k.over
                        .iter()
                        .any(|t| format!("{}/{}", k.outlet, t.term) == r.key)
                }),
                "concepts" => true,
                other => return Err(TestCaseError::fail(format!("unknown table {other}"))),
            };
            prop_assert!(ok, "{:?} does not name a row ({})", r, f.text);
        }
        match &f.detail {
            FindingDetail::OnlyOutletWord {
                outlet: o,
                word,
                concept,
                grade,
                others,
            } => {
                let claim = format!("only outlet to write “{word}”");
                prop_assert!(f.text.contains(&claim), "{}", f.text);
                let mine: Vec<usize> = uses(o, concept)
                    .into_iter()
                    .filter(|u| &u.1 == word)
                    .map(|u| u.0)
                    .collect();
                prop_assert!(!mine.is_empty(), "{} never wrote {}", o, word);
                // Every other outlet, once, with words of the same concept
                // of another grade in a sentence aligned with one of `mine`.
                let other_ids: BTreeSet<&str> = others.iter().map(|x| x.outlet.as_str()).collect();
                prop_assert_eq!(other_ids.len(), others.len());
                prop_assert_eq!(others.len() + 1, p.outlets.len(), "{}", f.text);
                for x in others {
                    prop_assert!(&x.outlet != o);
                    prop_assert!(!x.words.is_empty());
                    let theirs = uses(&x.outlet, concept);
                    prop_assert!(
                        theirs.iter().all(|u| &u.1 != word),
                        "{} also wrote {}: {}",
                        x.outlet,
                        word,
                        f.text
                    );
                    for w in &x.words {
                        let backed = theirs.iter().any(|(s, v, g)| {
                            v == w
                                && g != grade
                                && mine
                                    .iter()
                                    .any(|&ms| aligned(&p.alignment, o, ms, &x.outlet, *s))
                        });
                        prop_assert!(
                            backed,
                            "{} did not write {} where {} wrote {}",
                            x.outlet,
                            w,
                            o,
                            word
                        );
                    }
                }
                // No other finding says an outlet other than `o` wrote `word`.
                for g in found {
                    if let FindingDetail::OnlyOutletWord {
                        concept: c2,
                        others: o2,
                        ..
                    } = &g.detail
                    {
                        if c2 == concept {
                            for x in o2.iter().filter(|x| x.words.contains(word)) {
                                prop_assert_eq!(&x.outlet, o, "{} / {}", f.text, g.text);
                            }
                        }
                    }
                }
            }
            FindingDetail::Substitution {
                outlets_a,
                words_a,
                outlets_b,
                words_b,
            } => {
                prop_assert!(!outlets_a.is_empty() && !outlets_b.is_empty());
                prop_assert!(
                    outlets_a.iter().all(|o| !outlets_b.contains(o)),
                    "same outlet on both sides: {}",
                    f.text
                );
                let backed = p.substitutions.pairs.iter().any(|sp| {
                    &sp.a.words == words_a
                        && &sp.b.words == words_b
                        && outlets_a
                            .iter()
                            .all(|o| sp.a.outlets.contains(o) && !sp.b.outlets.contains(o))
                        && outlets_b
                            .iter()
                            .all(|o| sp.b.outlets.contains(o) && !sp.a.outlets.contains(o))
                });
                prop_assert!(backed, "{}", f.text);
            }
            FindingDetail::SetsApart { outlet: o, terms } => {
                prop_assert!(!terms.is_empty());
                for t in terms {
                    prop_assert!(t.q < Q_TERM && t.z > 0.0, "{}", f.text);
                    prop_assert!(f.text.contains(&format!("z = {:.1}", t.z)), "{}", f.text);
                    prop_assert!(f.text.contains("q "), "{}", f.text);
                    let k = p.keyness.iter().find(|k| &k.outlet == o);
                    prop_assert!(k.is_some_and(|k| k.over.iter().any(|r| r.term == t.term)));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// One generated pair test: (group a, group b, effect, ci half-width,
/// ci shift, q, matches, events with difference).
type TestSpec = (usize, usize, f64, f64, f64, f64, u64, usize);

fn corpus(tests: &[TestSpec]) -> CorpusSummary {
    let groups: Vec<String> = ["left", "center", "right"].map(String::from).to_vec();
    let tests = tests
        .iter()
        .filter(|t| t.0 < t.1)
        .enumerate()
        .map(
            |(i, &(a, b, effect, half, shift, q, matches, ewd))| GroupTest {
                kind: "pair".into(),
                group_a: groups[a].clone(),
                group_b: groups[b].clone(),
                comparison: format!("{} vs {}", groups[a], groups[b]),
                lexicon: "loaded".into(),
                category: format!("cat{i}"),
                voice: if i % 2 == 0 {
                    Voice::Own
                } else {
                    Voice::Quoted
                },
                events: ewd + 2,
                statistic: effect,
                p: q / 2.0,
                q,
                effect,
                effect_ci_low: Some(effect - half + shift),
                effect_ci_high: Some(effect + half + shift),
                matches,
                events_with_difference: ewd,
            },
        )
        .collect();
    CorpusSummary {
        schema_version: "1.0".into(),
        documents: 10,
        events: 10,
        events_compared: 10,
        resamples: 10,
        permutations: 10,
        seed: 1,
        groupings: vec![GroupingSummary {
            grouping: "label:lean".into(),
            columns: vec!["label:lean".into()],
            groups: groups.clone(),
            values: groups.iter().map(|g| vec![g.clone()]).collect(),
            order: "scale:political-lean".into(),
            rates: Vec::new(),
            tests,
            too_little_evidence: Vec::new(),
            keyness: Vec::new(),
        }],
        similarity: Vec::new(),
        substitutions: Vec::new(),
        sentence_auc: None,
        evidence_rule: EVIDENCE.describe(),
        notes: Vec::new(),
        filter: None,
        findings: Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn event_findings_keep_their_rules(e in event()) {
        let p = parts(&e);
        let inputs = FindingInputs {
            outlets: &p.outlets,
            profiles: &[],
            keyness: &p.keyness,
            similarity: &p.similarity,
            substitutions: &p.substitutions,
            concepts: &[],
            quotes: &p.quotes,
            matches: &p.matches,
            alignment: Some(&p.alignment),
            actor_labels: None,
        };
        let found = event_findings(&inputs);
        check_event(&p, &found)?;
        // Without an alignment that matches the sentences, no outlet is
        // "the only one" to write anything.
        let unaligned = event_findings(&FindingInputs { alignment: None, ..inputs });
        let only = unaligned
            .iter()
            .any(|f| matches!(f.detail, FindingDetail::OnlyOutletWord { .. }));
        prop_assert!(!only, "an only-outlet finding without alignment");
    }

    #[test]
    fn corpus_findings_keep_their_rules(
        tests in prop::collection::vec(
            (0usize..3, 0usize..3, -4.0f64..4.0, 0.0f64..3.0, -1.0f64..1.0, 0.0f64..0.1, 0u64..40, 0usize..8),
            0..12,
        )
    ) {
        let s = corpus(&tests);
        let found = corpus_findings(&s);
        check_order(&found)?;
        for f in &found {
            let FindingDetail::RateDifference {
                more, less, effect, ci_low, ci_high, q, matches, events_with_difference, category, ..
            } = &f.detail else {
                continue;
            };
            prop_assert!(*q < Q_FINDING);
            prop_assert!(EVIDENCE.met(*matches as f64, *events_with_difference), "{}", f.text);
            prop_assert!(*effect > 0.0);
            // The interval is turned with the effect and excludes zero.
            let (lo, hi) = (ci_low.unwrap(), ci_high.unwrap());
            prop_assert!(lo > 0.0 && lo <= hi, "{}", f.text);
            let said = format!("{effect:+.2} per 1,000 tokens, 95% CI {lo:+.2} to {hi:+.2}");
            prop_assert!(f.text.contains(&said), "{}", f.text);
            let said = format!("{matches} matches");
            prop_assert!(f.text.contains(&said), "{}", f.text);
            let t = s.groupings[0].tests.iter().find(|t| &t.category == category).unwrap();
            let (m, l) = if t.effect > 0.0 { (&t.group_a, &t.group_b) } else { (&t.group_b, &t.group_a) };
            prop_assert_eq!(more, m);
            prop_assert_eq!(less, l);
            let said = format!("{more} uses more");
            prop_assert!(f.text.starts_with(&said), "{}", f.text);
            prop_assert_eq!(f.rows.len(), 1);
        }
        // Every test that meets the rules is stated (up to the per-grouping cap).
        let expected = s.groupings[0]
            .tests
            .iter()
            .filter(|t| framelens::compare::corpus_findings::is_finding(t))
            .count()
            .min(6);
        prop_assert_eq!(found.len(), expected);
    }
}

/// The rules on hand-made events: the finding is drawn when every other
/// outlet wrote another grade of the concept in an aligned sentence, and
/// not when one of them only did not write the word.
#[test]
fn only_outlet_word_needs_every_other_outlet_in_aligned_sentences() {
    let run = |e: &Event| {
        let p = parts(e);
        let found = event_findings(&FindingInputs {
            outlets: &p.outlets,
            profiles: &[],
            keyness: &p.keyness,
            similarity: &p.similarity,
            substitutions: &p.substitutions,
            concepts: &[],
            quotes: &p.quotes,
            matches: &p.matches,
            alignment: Some(&p.alignment),
            actor_labels: None,
        });
        check_event(&p, &found).unwrap();
        found
            .into_iter()
            .filter(|f| matches!(f.detail, FindingDetail::OnlyOutletWord { .. }))
            .map(|f| f.text)
            .collect::<Vec<_>>()
    };
    // o0 wrote "thugs0" (grade 3) in sentence 1; o1 and o2 wrote
    // "protesters0" (grade 1) in sentences aligned with it.
    let mut e = Event {
        outlets: 3,
        uses: vec![(0, 1, 0, 3), (1, 2, 0, 0), (2, 0, 0, 0)],
        pairs: vec![(0, 1, 1, 2)],
        groups: vec![vec![Some(1), None, Some(0)]],
        subs: vec![],
        keyness: vec![vec![], vec![], vec![]],
    };
    assert_eq!(
        run(&e),
        ["Outlet 0 is the only outlet to write “thugs0”; where they reported the same thing, the others wrote “protesters0”."]
    );
    // o2's "protesters0" is in a sentence aligned with none of o0's.
    e.groups.clear();
    assert!(run(&e).is_empty());
    // o2 aligned but wrote a word of the same grade as "thugs0"? None
    // here: "rioters0" and "mob0" are grade 2, "thugs0" grade 3, so make
    // o0's word "mob0" and o2's "rioters0" (both grade 2): no finding.
    e.groups = vec![vec![Some(1), None, Some(0)]];
    e.uses = vec![(0, 1, 0, 2), (1, 2, 0, 0), (2, 0, 0, 1)];
    assert!(run(&e).is_empty());
    // Two outlets, each the only one to write its word: said once, for
    // the more loaded word.
    let two = Event {
        outlets: 2,
        uses: vec![(0, 0, 0, 3), (1, 0, 0, 0)],
        pairs: vec![(0, 0, 1, 0)],
        groups: vec![],
        subs: vec![],
        keyness: vec![vec![], vec![]],
    };
    assert_eq!(
        run(&two),
        ["Outlet 0 is the only outlet to write “thugs0”; where they reported the same thing, the other outlet wrote “protesters0”."]
    );
}

/// An outlet on both sides of a substitution is named on neither; a side
/// left empty leaves no finding.
#[test]
fn substitution_sides_never_share_an_outlet() {
    let e = Event {
        outlets: 3,
        uses: vec![],
        pairs: vec![],
        groups: vec![],
        // a: o0, o1; b: o1, o2 -> o0 against o2. Second: a: o0; b: o0.
        subs: vec![(0, 1, 0b011, 0b110, 3), (2, 3, 0b001, 0b001, 5)],
        keyness: vec![vec![], vec![], vec![]],
    };
    let p = parts(&e);
    let found = event_findings(&FindingInputs {
        outlets: &p.outlets,
        profiles: &[],
        keyness: &p.keyness,
        similarity: &p.similarity,
        substitutions: &p.substitutions,
        concepts: &[],
        quotes: &p.quotes,
        matches: &p.matches,
        alignment: Some(&p.alignment),
        actor_labels: None,
    });
    let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Reporting the same sentence, Outlet 0 wrote “protesters” where Outlet 2 wrote “rioters”."]
    );
}
