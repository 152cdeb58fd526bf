//! Substitutions a reader would accept, and the concept groups that come
//! from them: forms of one word, function words and weak alignments are
//! dropped; a real substitution is kept with its span; the two sides are
//! always different outlets; learned pairs round-trip through
//! `learned_concepts.toml`, which `compare --lexicon` and `score --lexicon`
//! load.

mod common;

use framelens::compare::align::{AlignedPair, Alignment};
use framelens::compare::learned::{learned_toml, ConceptLearner};
use framelens::compare::substitutions::{find_substitutions, SubstitutionParams, Substitutions};
use framelens::lexicon::{load, Format};
use framelens::text::{analyze, AnalyzedDoc};
use std::path::Path;

/// Every (outlet, sentence) of `a` aligned with the same sentence index of
/// `b`, with a strong score, so that only the substitution rules decide.
fn pairs_of(docs: &[(&str, &AnalyzedDoc)], links: &[(usize, usize, usize, usize)]) -> Alignment {
    Alignment {
        pairs: links
            .iter()
            .map(|&(oa, sa, ob, sb)| AlignedPair {
                outlet_a: docs[oa].0.into(),
                sentence_a: sa,
                text_a: docs[oa].1.sentence_text(sa).into(),
                outlet_b: docs[ob].0.into(),
                sentence_b: sb,
                text_b: docs[ob].1.sentence_text(sb).into(),
                score: 0.8,
                cosine: 0.8,
                shared_run: 0,
            })
            .collect(),
        groups: vec![],
    }
}

fn subs_of(a: &str, b: &str) -> Substitutions {
    let (da, db) = (analyze(a, None), analyze(b, None));
    let docs = [("a", &da), ("b", &db)];
    find_substitutions(
        &docs,
        &pairs_of(&docs, &[(0, 0, 1, 0)]),
        &SubstitutionParams::default(),
    )
    .unwrap()
}

fn words(s: &Substitutions) -> Vec<(String, String)> {
    s.instances
        .iter()
        .map(|i| (i.norm_a.clone(), i.norm_b.clone()))
        .collect()
}

#[test]
fn forms_of_the_same_word_are_dropped() {
    for (a, b) in [
        (
            "Officials said the president gave a long speech in the city on the border.",
            "Officials said the president has given a long speech in the city on the border.",
        ),
        (
            "The senator spoke to reporters outside the chamber after the vote.",
            "The senator was speaking to reporters outside the chamber after the vote.",
        ),
        (
            "Critics said the president's remarks were wrong about the economy.",
            "Critics said the presidential remarks were wrong about the economy.",
        ),
        // A title written short is the same word.
        (
            "She thanked Rep. Bachmann for her support of the bill on Tuesday.",
            "She thanked Representative Bachmann for her support of the bill on Tuesday.",
        ),
    ] {
        let s = subs_of(a, b);
        assert!(s.instances.is_empty(), "{a} / {b}: {:?}", words(&s));
    }
}

#[test]
fn function_words_numbers_and_dates_are_dropped() {
    for (a, b) in [
        (
            "Police said two officers were injured in the clash near the station.",
            "Police said three officers were injured in the clash near the station.",
        ),
        (
            "The committee will vote on the measure next week, aides said.",
            "The committee would vote on the measure next week, aides said.",
        ),
        (
            "The governor signed the bill into law yesterday morning in the capital.",
            "The governor signed the bill into law tonight in the capital.",
        ),
    ] {
        let s = subs_of(a, b);
        assert!(s.instances.is_empty(), "{a} / {b}: {:?}", words(&s));
    }
}

#[test]
fn weakly_aligned_sentences_give_no_substitution() {
    // Two reports of the same rumour in their own words: "tell … that
    // they … Steele" agrees, the rest does not (2 of the shorter
    // sentence's 12 content words), so "believe" / "expect" is
    // paraphrase, not evidence of a choice.
    let s = subs_of(
        "Meanwhile, several sources close to the campaign tell Fox News that they believe Steele will drop out of the race.",
        "A handful of influential party insiders and donors tell reporters that they expect Steele to announce he is not running for another term.",
    );
    assert!(s.instances.is_empty(), "{:?}", words(&s));
    // The same words in sentences that agree on everything else.
    let s = subs_of(
        "Several sources tell Fox News that they believe Steele will drop out of the race.",
        "Several sources tell Fox News that they expect Steele will drop out of the race.",
    );
    assert_eq!(words(&s), [("believe".into(), "expect".into())]);
    assert!(
        s.instances[0].agreement > 0.8,
        "{}",
        s.instances[0].agreement
    );
}

#[test]
fn a_light_word_against_a_hedge_is_kept() {
    let s = subs_of(
        "Abedin also forwarded State Department emails to her personal account.",
        "Abedin reportedly forwarded State Department emails to her personal account.",
    );
    assert_eq!(words(&s), [("also".into(), "reportedly".into())]);
}

#[test]
fn a_real_substitution_is_kept_with_its_span_and_sentences() {
    let a = "Police said the gunman was shot dead by officers outside the school.";
    let b = "Police said the gunman was killed by officers outside the school.";
    let s = subs_of(a, b);
    assert_eq!(s.instances.len(), 1, "{:?}", words(&s));
    let i = &s.instances[0];
    assert_eq!(
        (i.words_a.as_str(), i.words_b.as_str()),
        ("shot dead", "killed")
    );
    assert_eq!((i.text_a.as_str(), i.text_b.as_str()), (a, b));
    assert_eq!(i.context_before, "the gunman was");
    assert_eq!(i.context_after, "by officers outside");
    let p = &s.pairs[0];
    assert_eq!(
        (p.a.words.as_str(), p.b.words.as_str()),
        ("killed", "shot dead")
    );
    assert_eq!(
        (p.a.outlets.as_slice(), p.b.outlets.as_slice()),
        (&["b".to_string()][..], &["a".to_string()][..])
    );
}

#[test]
fn the_two_sides_are_always_different_outlets() {
    // Outlet a writes "recalled" in one sentence and "summoned" in
    // another: it made no choice, and its instances are no evidence.
    let a = analyze(
        "The envoy was recalled to Moscow for talks on Friday. The consul was summoned to Paris for talks on Monday.",
        None,
    );
    let b = analyze(
        "The envoy was summoned to Moscow for talks on Friday. The consul was summoned to Paris for talks on Monday.",
        None,
    );
    let c = analyze(
        "The envoy was recalled to Moscow for talks on Friday. The consul was recalled to Paris for talks on Monday.",
        None,
    );
    let docs = [("a", &a), ("b", &b), ("c", &c)];
    let al = pairs_of(
        &docs,
        &[(0, 0, 1, 0), (0, 1, 2, 1), (2, 0, 1, 0), (2, 1, 1, 1)],
    );
    let s = find_substitutions(&docs, &al, &SubstitutionParams::default()).unwrap();
    assert_eq!(s.pairs.len(), 1, "{:?}", s.pairs);
    let p = &s.pairs[0];
    assert_eq!(
        (p.a.words.as_str(), p.b.words.as_str()),
        ("recalled", "summoned")
    );
    assert_eq!(p.a.outlets, ["c"]);
    assert_eq!(p.b.outlets, ["b"]);
    assert_eq!(p.count, 2);
    for &k in &p.examples {
        let i = &s.instances[k];
        assert!(i.outlet_a != "a" && i.outlet_b != "a", "{i:?}");
    }
}

#[test]
fn pairs_are_ranked_by_evidence() {
    // "summoned" / "recalled" between three outlets and two sentence
    // pairs ranks above "visited" / "toured" between two.
    let a = analyze("The envoy was recalled to Moscow for talks. The minister visited the plant near the border.", None);
    let b = analyze("The envoy was summoned to Moscow for talks. The minister toured the plant near the border.", None);
    let c = analyze("The envoy was summoned to Moscow for talks.", None);
    let docs = [("a", &a), ("b", &b), ("c", &c)];
    let al = pairs_of(&docs, &[(0, 1, 1, 1), (0, 0, 1, 0), (0, 0, 2, 0)]);
    let s = find_substitutions(&docs, &al, &SubstitutionParams::default()).unwrap();
    let order: Vec<(&str, &str)> = s
        .pairs
        .iter()
        .map(|p| (p.a.words.as_str(), p.b.words.as_str()))
        .collect();
    assert_eq!(order, [("recalled", "summoned"), ("toured", "visited")]);
}

/// A corpus of `n` events where outlet x writes "recalled" and outlet y
/// "summoned" in otherwise equal sentences.
fn recalled_corpus(dir: &Path, n: usize) -> std::path::PathBuf {
    let mut lines = String::new();
    let towns = ["Moscow", "Paris", "Berlin", "Rome", "Madrid"];
    for e in 0..n {
        let town = towns[e % towns.len()];
        for (outlet, verb) in [("x", "recalled"), ("y", "summoned")] {
            let text = format!(
                "The ambassador of the republic was {verb} to {town} for urgent consultations on the treaty. \
                 Officials in {town} declined to comment on the dispute over fishing rights. \
                 The foreign ministry said further talks were planned before the summit."
            );
            let rec = serde_json::json!({
                "id": format!("{outlet}{e}"), "outlet": outlet, "event": format!("e{e}"),
                "title": format!("Envoy and {town}"), "text": text,
            });
            lines.push_str(&rec.to_string());
            lines.push('\n');
        }
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

#[test]
fn learned_pairs_round_trip_as_a_lexicon() {
    let mut learner = ConceptLearner::new();
    let dir = tempfile::tempdir().unwrap();
    for e in ["e1", "e2", "e3"] {
        let s = subs_of(
            "The ambassador was recalled to the capital for consultations on the treaty.",
            "The ambassador was summoned to the capital for consultations on the treaty.",
        );
        learner.add(e, &s);
    }
    // A pair of two events only is not learned at three.
    learner.add(
        "e1",
        &subs_of(
            "The minister visited the plant near the border on the trip.",
            "The minister toured the plant near the border on the trip.",
        ),
    );
    learner.add(
        "e2",
        &subs_of(
            "The minister visited the plant near the border on the trip.",
            "The minister toured the plant near the border on the trip.",
        ),
    );
    let learned = learner.learned(3);
    assert_eq!(learned.len(), 1, "{learned:?}");
    assert_eq!(
        (learned[0].a.as_str(), learned[0].b.as_str()),
        ("recalled", "summoned")
    );
    assert_eq!(learned[0].events, ["e1", "e2", "e3"]);
    let text = learned_toml(&learned, "test", 3).unwrap();
    let path = dir.path().join("learned_concepts.toml");
    std::fs::write(&path, text).unwrap();
    let lex = load(&path, Format::Toml).unwrap();
    assert_eq!(lex.concepts.len(), 1);
    let terms: Vec<&str> = lex.concepts[0]
        .variants
        .iter()
        .map(|v| v.entry.source.as_str())
        .collect();
    assert_eq!(terms, ["recalled", "summoned"]);
    assert!(
        lex.concepts[0].provenance.contains("3 events"),
        "{}",
        lex.concepts[0].provenance
    );
}

fn run(args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new(common::bin())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn concept_names(report: &Path) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    v["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["concept"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn compare_writes_learned_concepts_that_compare_and_score_load() {
    let dir = tempfile::tempdir().unwrap();
    let input = recalled_corpus(dir.path(), 3);
    let out1 = dir.path().join("out1");
    let (i, o1) = (input.to_str().unwrap(), out1.to_str().unwrap());
    run(&[
        "compare",
        i,
        "--out",
        o1,
        "--format",
        "svg",
        "--resamples",
        "20",
        "--permutations",
        "20",
        "-q",
    ]);
    let learned = out1.join("summary/learned_concepts.toml");
    let text = std::fs::read_to_string(&learned).expect("learned_concepts.toml written");
    assert!(
        text.contains("\"recalled\"") && text.contains("\"summoned\""),
        "{text}"
    );
    let event_report = out1.join("e0/report.json");
    assert!(!concept_names(&event_report)
        .iter()
        .any(|c| c == "recalled / summoned"));

    // compare --lexicon: the learned group joins the concept table.
    let spec = format!("toml={}", learned.display());
    let out2 = dir.path().join("out2");
    run(&[
        "compare",
        i,
        "--out",
        out2.to_str().unwrap(),
        "--format",
        "svg",
        "--resamples",
        "20",
        "--permutations",
        "20",
        "-q",
        "--lexicon",
        &spec,
    ]);
    let names = concept_names(&out2.join("e0/report.json"));
    assert!(
        names.iter().any(|c| c == "recalled / summoned"),
        "{names:?}"
    );
    let csv = std::fs::read_to_string(out2.join("e0/concepts.csv")).unwrap();
    assert!(csv.contains("recalled / summoned"), "{csv}");

    // score --lexicon loads the same file.
    let scored = run(&["score", i, "--lexicon", &spec, "--format", "csv"]);
    let table = String::from_utf8_lossy(&scored.stdout);
    assert!(table.contains("concept/recalled / summoned"), "{table}");
}

#[test]
fn compare_refuses_a_user_group_named_like_a_builtin_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = recalled_corpus(dir.path(), 2);
    let lex = dir.path().join("mine.toml");
    std::fs::write(
        &lex,
        "name = \"mine\"\n[[concepts]]\nname = \"one-who-kills\"\nprovenance = \"test\"\n\
         variants = [{ term = \"slayer\", grade = 1 }, { term = \"killer\", grade = 2 }]\n",
    )
    .unwrap();
    let out = std::process::Command::new(common::bin())
        .args([
            "compare",
            input.to_str().unwrap(),
            "--out",
            dir.path().join("o").to_str().unwrap(),
            "-q",
            "--lexicon",
            &format!("toml={}", lex.display()),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("one-who-kills") && err.contains("rename"),
        "{err}"
    );
}

#[test]
fn a_phrase_whose_neighbours_agree_is_kept_from_a_rewritten_sentence() {
    // Four of the shorter sentence's fifteen content words match in order
    // (an agreement below the default third), but the span's neighbours
    // agree on both sides: "to her | private / personal | Yahoo email
    // account".
    let s = subs_of(
        "Critics noted that the aide had forwarded dozens of sensitive government documents to her private Yahoo email account during her years at the department.",
        "She forwarded passwords to her personal Yahoo email account in 2009, according to a report published by a conservative news website run by activists on Monday night.",
    );
    assert_eq!(
        words(&s),
        [("private".into(), "personal".into())],
        "{:?}",
        s.instances
    );
    let i = &s.instances[0];
    assert!(i.agreement < 0.3, "{}", i.agreement);
    assert!(i.local_agreement >= 0.8, "{}", i.local_agreement);
}

#[test]
fn a_span_between_two_different_lists_is_no_substitution() {
    // The lists agree before "former" / "resigned" and not after it: two
    // different people, not two words for one.
    let s = subs_of(
        "The criticism has resulted in an array of challenges or potential challenges for Steele's job from Wisconsin Republican Party Chairman Reince Priebus, former RNC Co-Chairwoman Ann Wagner, longtime Republican official Maria Cino, former Michigan Republican Party Chairman Saul Anuzis and former RNC Political Director Gentry Collins.",
        "Wisconsin GOP Chairman Reince Preibus, recently resigned RNC political director Gentry Collins, former U.S. ambassador Ann Wagner and former Michigan GOP chairman Saul Anuzis also round out the list.",
    );
    assert!(s.instances.is_empty(), "{:?}", words(&s));
}

#[test]
fn a_rewritten_clause_or_an_added_date_is_no_substitution() {
    // Trimming would leave "heard those remarks" / "lawmaker" of two
    // clauses written differently.
    let s = subs_of(
        "LePage was upset because he mistakenly believed Gattine heard those remarks and called him a racist, and so he left him the voicemail.",
        "As criticism against him swelled, Mr. LePage came to believe that a Democratic lawmaker had called him a racist.",
    );
    assert!(s.instances.is_empty(), "{:?}", words(&s));
    // "told reporters Wednesday" adds a day to "said".
    let s = subs_of(
        "Mr. LePage vowed to make one change to his behavior: “I will no longer speak to the press ever again after today,” he said.",
        "“I will no longer speak to the press ever again after today,” he told reporters Wednesday.",
    );
    assert!(s.instances.is_empty(), "{:?}", words(&s));
    // The same verbs without the day are a choice of verb.
    let s = subs_of(
        "“I will no longer speak to the press ever again after today,” he said.",
        "“I will no longer speak to the press ever again after today,” he insisted.",
    );
    assert_eq!(words(&s), [("said".into(), "insisted".into())]);
}

#[test]
fn a_neutral_reporting_verb_against_a_neutral_one_is_no_choice() {
    // BASIL: the same remark, "told lawyer" / "said to": the lexicons grade
    // both verbs neutral.
    let s = subs_of(
        "\"Number one, you said this is a culture where Arkansas knows, the headquarters knows, everything that's going on,\" Kennedy told lawyer Joseph Sellers who represents the women.",
        "\"You said this is a culture where Arkansas knows, the headquarters knows, everything that's going on,\" Kennedy said to Joseph Sellers, the women's lawyer.",
    );
    assert!(s.instances.is_empty(), "{:?}", words(&s));
    let s = subs_of(
        "“I will no longer speak to the press ever again after today,” he said.",
        "“I will no longer speak to the press ever again after today,” he told reporters.",
    );
    assert!(s.instances.is_empty(), "{:?}", words(&s));
    // A neutral verb against a doubting one is a choice.
    let s = subs_of(
        "“I will no longer speak to the press ever again after today,” he said.",
        "“I will no longer speak to the press ever again after today,” he claimed.",
    );
    assert_eq!(words(&s), [("said".into(), "claimed".into())]);
}

#[test]
fn a_reporting_clause_against_other_words_is_no_substitution() {
    // BASIL: one outlet names its source where the other quotes on.
    let s = subs_of(
        "“The savings his ad attacks do not cut a single guaranteed Medicare benefit, and Mitt Romney embraced the very same savings when he promised he’d sign Paul Ryan’s budget,” Smith said.",
        "The savings, she said, “do not cut a single guaranteed Medicare benefit.”",
    );
    assert!(s.instances.is_empty(), "{:?}", words(&s));
    // A verb no lexicon grades, in the place of "said", is kept: it may be
    // the outlet's own choice of reporting verb.
    let s = subs_of(
        "Susan Rice, President Barack Obama's national security adviser, said Israeli Prime Minister Benjamin Netanyahu's planned speech in front of a joint session of Congress will be \"destructive\" to U.S.-Israel relations.",
        "WASHINGTON — Susan E. Rice, President Obama’s national security adviser, sharply criticized Prime Minister Benjamin Netanyahu of Israel on Tuesday over his plans to address a joint meeting of Congress next week, saying his actions had hurt his nation’s relationship with the United States.",
    );
    assert!(
        s.instances.iter().any(|i| i.norm_b == "sharply criticized"),
        "{:?}",
        words(&s)
    );
}

#[test]
fn a_quoted_word_against_the_reporters_own_is_no_substitution() {
    // BASIL: Netanyahu's own words in one outlet, the reporter's in the
    // other.
    let s = subs_of(
        "Rice's comments came as Netanyahu turned down an invitation to meet privately with leading Senate Democrats during his trip to Washington, saying such a session could \"compound the misperception of partisanship\" surrounding his visit.",
        "In a letter released by Mr. Durbin’s office, Mr. Netanyahu said such a meeting “could compound the misperception of partisanship regarding my upcoming visit.”",
    );
    assert!(
        !s.instances.iter().any(|i| i.norm_b.contains("regarding")),
        "{:?}",
        words(&s)
    );
    let s = subs_of(
        "The senator said that the new plan would “curb gun violence in every American city”.",
        "The senator said that the new plan would reduce gun violence in every American city.",
    );
    assert!(s.instances.is_empty(), "{:?}", words(&s));
    // Two transcripts of one remark are compared.
    let s = subs_of(
        "The senator said that the new plan would “curb gun violence in every American city”.",
        "The senator said that the new plan would “reduce gun violence in every American city”.",
    );
    assert_eq!(words(&s), [("curb".into(), "reduce".into())]);
}

#[test]
fn agreeing_light_words_alone_are_no_anchor() {
    // "have said he" agrees after "Critics" / "Aides": stop words and a
    // neutral reporting verb, no evidence that the two sentences speak of
    // the same people.
    let s = subs_of(
        "Critics have said he will not attend the summit.",
        "Aides have said he will not attend the summit.",
    );
    assert!(s.instances.is_empty(), "{:?}", words(&s));
}

#[test]
fn a_close_rewording_needs_less_of_its_neighbours() {
    // The seeds: two of the three content words agree, and the span's
    // neighbours agree on "know … well" only.
    let s = subs_of(
        "And he knows Putin quite well.",
        "I know him relatively well.",
    );
    assert!(
        s.instances.iter().any(|i| i.norm_b == "relatively"),
        "{:?}",
        words(&s)
    );
}
