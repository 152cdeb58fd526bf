//! Speakers are people or organisations of the event: party labels,
//! documents and ordinary nouns are not speakers, and a description used
//! after a name in the same article is that name's when it fits exactly
//! one entity. Real-looking news text, one rule a test.

use framelens::compare::entities::resolve_speakers;
use framelens::text::{analyze, AnalyzedDoc};

fn speakers(doc: &AnalyzedDoc) -> Vec<Option<String>> {
    doc.quotes
        .iter()
        .map(|q| q.speaker.as_ref().map(|s| s.name.clone()))
        .collect()
}

#[test]
fn a_party_label_is_not_a_speaker() {
    // Washington Times style: the party and state describe the senator.
    let doc = analyze(
        "Sen. Patrick Leahy pressed the agency for months.\n\n\
         “We are still not getting straightforward answers from the NSA,” the Vermont Democrat said Friday.",
        None,
    );
    assert_eq!(
        speakers(&doc),
        [Some("the Vermont Democrat".to_string())],
        "a person described by party, not the party"
    );
    // The state and party in apposition are no person's name.
    let doc = analyze(
        "“We need a vote on this bill before the recess,” the lawmaker, a Texas Republican, said.",
        None,
    );
    assert!(
        speakers(&doc).iter().flatten().all(|s| s != "Republican"),
        "{:?}",
        speakers(&doc)
    );
}

#[test]
fn the_talking_points_are_not_a_speaker() {
    let doc = analyze(
        "The e-mails were released on Wednesday.\n\n\
         “The currently available information suggests that the demonstrations in Benghazi were spontaneously inspired,” the talking points said.",
        None,
    );
    assert_eq!(speakers(&doc), [None]);
    // BASIL: "the planned meeting" is what the release was about.
    let doc = analyze(
        "But a release from Mr. Seel’s office about the planned meeting noted that Mr. Trump “has brought the issue of President Barack Obama failing to produce a birth certificate to the forefront.”",
        None,
    );
    assert!(
        speakers(&doc)
            .iter()
            .flatten()
            .all(|s| s != "the planned meeting"),
        "{:?}",
        speakers(&doc)
    );
}

#[test]
fn a_quote_the_report_says_is_unattributed_not_the_previous_speaker() {
    let doc = analyze(
        "“We will respond in kind,” Peskov said. “The sanctions are illegal and will not work,” the report said.",
        None,
    );
    assert_eq!(speakers(&doc), [Some("Peskov".to_string()), None]);
}

#[test]
fn a_word_capitalised_only_at_a_sentence_start_is_not_a_name() {
    // "Sources" are people, named like any description; "Joining" is no one.
    let doc = analyze(
        "Mattis met the president on Thursday.\n\n\
         Sources told Fox News this week that Mattis had quit “in protest” over the decision.",
        None,
    );
    assert_eq!(speakers(&doc), [Some("sources".to_string())]);
}

#[test]
fn numbering_abbreviation_does_not_split_a_sentence() {
    let doc = analyze(
        "Joe Biden, the No. 2 on the ticket, spoke first. “We will win,” he said.",
        None,
    );
    assert_eq!(doc.sentences.len(), 2);
    assert_eq!(speakers(&doc), [Some("Biden".to_string())]);
}

fn resolved(
    texts: &[&str],
) -> (
    Vec<Vec<Option<String>>>,
    framelens::compare::entities::EntityTable,
) {
    let mut docs: Vec<AnalyzedDoc> = texts.iter().map(|t| analyze(t, None)).collect();
    let names: Vec<String> = (0..docs.len()).map(|i| format!("o{i}")).collect();
    let mut pairs: Vec<(&str, &mut AnalyzedDoc)> = names
        .iter()
        .map(String::as_str)
        .zip(docs.iter_mut())
        .collect();
    let table = resolve_speakers(&mut pairs);
    (docs.iter().map(speakers).collect(), table)
}

#[test]
fn a_description_after_the_name_is_linked_and_an_ambiguous_one_is_not() {
    let (s, table) = resolved(&[
        "Vermont Sen. Bernie Sanders and Sen. Chris Coons met President Obama on Thursday.\n\n\
         “We are going to fight for every last vote,” the Vermont senator said after the meeting.\n\n\
         “It was a productive conversation,” the senator said.",
        "Sen. Bernie Sanders said he would stay in the race.",
    ]);
    assert_eq!(
        s[0],
        [Some("Sanders".to_string()), Some("the senator".to_string())],
        "the Vermont senator fits Sanders only; the senator fits both"
    );
    let sanders = table
        .entities
        .iter()
        .find(|e| e.id == "Sanders")
        .unwrap_or_else(|| panic!("{:?}", table.entities));
    assert_eq!(sanders.name, "Bernie Sanders");
    assert_eq!(sanders.quotes, 1);
    let forms: Vec<(&str, &str)> = sanders
        .forms
        .iter()
        .map(|f| (f.outlet.as_str(), f.form.as_str()))
        .collect();
    assert!(forms.contains(&("o0", "the Vermont senator")), "{forms:?}");
    assert!(forms.contains(&("o1", "Sen. Bernie Sanders")), "{forms:?}");
}

#[test]
fn a_description_before_any_name_is_not_linked() {
    // Only a name earlier in the same article can be described.
    let (s, _) = resolved(&[
        "“We are going to fight for every last vote,” the Vermont senator said.\n\n\
         Vermont Sen. Bernie Sanders met President Obama on Thursday.",
    ]);
    assert_eq!(s[0], [Some("the Vermont senator".to_string())]);
}

#[test]
fn the_entity_table_covers_people_and_organisations_who_do_not_speak() {
    let (_, table) = resolved(&[
        "National security adviser Jake Sullivan met Kremlin officials in Geneva.\n\n\
         “We will respond to any new sanctions in kind,” Kremlin spokesman Dmitry Peskov said, adding that the Foreign Ministry would issue a statement.",
        "Jake Sullivan, the national security adviser, flew home. The Russian Foreign Ministry said nothing.",
    ]);
    let find = |id: &str| table.entities.iter().find(|e| e.id == id);
    let sullivan = find("Sullivan").unwrap_or_else(|| panic!("{:?}", table.entities));
    assert_eq!(sullivan.quotes, 0);
    assert_eq!(sullivan.name, "Jake Sullivan");
    assert_eq!(
        sullivan.forms.iter().map(|f| f.count).sum::<usize>(),
        2,
        "{:?}",
        sullivan.forms
    );
    // The event names one foreign ministry: the fuller name of another
    // outlet and the short one are one entity (two ministries would stay
    // apart: tests/entities.rs).
    let ministry =
        find("Russian Foreign Ministry").unwrap_or_else(|| panic!("{:?}", table.entities));
    let forms: Vec<&str> = ministry.forms.iter().map(|f| f.form.as_str()).collect();
    assert_eq!(
        forms,
        ["the Foreign Ministry", "The Russian Foreign Ministry"]
    );
    assert!(find("Foreign Ministry").is_none());
    let kremlin = find("Kremlin").unwrap_or_else(|| panic!("{:?}", table.entities));
    assert_eq!(kremlin.forms.iter().map(|f| f.count).sum::<usize>(), 2);
    assert_eq!(table.entities[0].id, "Peskov");
    // A party or a place is not an entity.
    assert!(find("Geneva").is_none() && find("Russian").is_none());
}

#[test]
fn a_bare_organisation_head_is_the_organisation_named_before() {
    // AP style: the full name first, the head alone after it.
    let doc = analyze(
        "WASHINGTON (AP) — The Justice Department on Monday opened a civil rights investigation into the Minneapolis police.\n\n\
         “We will follow the facts wherever they lead,” the Department said in a statement.\n\n\
         “No one is above the law,” the department added.",
        None,
    );
    assert_eq!(
        speakers(&doc),
        [
            Some("Justice Department".to_string()),
            Some("Justice Department".to_string())
        ]
    );
    // Reuters style: an owner, then the lowercase head.
    let doc = analyze(
        "MOSCOW (Reuters) - Russia’s Foreign Ministry summoned the U.S. ambassador on Tuesday.\n\n\
         “Such steps will not go unanswered,” the ministry said.",
        None,
    );
    assert_eq!(
        speakers(&doc),
        [Some("Russia’s Foreign Ministry".to_string())]
    );
}

#[test]
fn a_bare_organisation_head_that_fits_two_or_none_is_unattributed() {
    // Two departments named: "the Department" could be either.
    let doc = analyze(
        "The Justice Department and the State Department briefed lawmakers on Thursday.\n\n\
         “The review is ongoing,” the Department said.",
        None,
    );
    assert_eq!(speakers(&doc), [None]);
    // A head written as a name with no organisation named: a name cut off.
    let doc = analyze(
        "Officials spoke on Thursday.\n\n\
         “The review is ongoing,” the Department said.\n\n\
         “We have nothing to add,” Ministry officials said.",
        None,
    );
    assert!(
        speakers(&doc)
            .iter()
            .flatten()
            .all(|s| s != "Department" && s != "Ministry"),
        "{:?}",
        speakers(&doc)
    );
    assert_eq!(speakers(&doc)[0], None);
}

#[test]
fn a_name_run_is_not_cut_to_its_last_word() {
    // "Register", "Mall", "Security" and "Magazine" were taken for
    // surnames of two-word "persons".
    let doc = analyze(
        "The poll, published by the Des Moines Register, showed a tight race.\n\n\
         Thousands of protesters gathered on the National Mall on Saturday, and Time Magazine put the march on its cover.\n\n\
         “We are monitoring the situation closely,” the Department of Homeland Security said.",
        None,
    );
    let people = framelens::text::named_people(&doc);
    for cut in ["Register", "Mall", "Security", "Magazine"] {
        assert!(!people.iter().any(|p| p == cut), "{cut}: {people:?}");
    }
    assert_eq!(
        speakers(&doc),
        [Some("Department of Homeland Security".to_string())]
    );
    let (_, table) = resolved(&[
        "“It is a close race,” the Des Moines Register reported. Protesters marched on the National Mall.",
    ]);
    let ids: Vec<&str> = table.entities.iter().map(|e| e.id.as_str()).collect();
    assert!(
        !ids.iter().any(|id| ["Register", "Mall"].contains(id)),
        "{ids:?}"
    );
    assert!(ids.contains(&"Des Moines Register"), "{ids:?}");
}

#[test]
fn party_and_state_tags_link_descriptions_and_are_no_names() {
    let (s, table) = resolved(&[
        "Sen. Bernie Sanders (I-Vt.) and Sen. Chris Coons (D-Del.) met at the Capitol on Thursday.\n\n\
         “We are going to fight for every last vote,” the Vermont senator said after the meeting.",
        "House Speaker Nancy Pelosi, D-Calif., and Sen. Chuck Schumer, D-N.Y., spoke to reporters.\n\n\
         “The president has to come to the table,” the California Democrat said.",
    ]);
    assert_eq!(s[0], [Some("Sanders".to_string())]);
    assert_eq!(s[1], [Some("Pelosi".to_string())]);
    let ids: Vec<&str> = table.entities.iter().map(|e| e.id.as_str()).collect();
    for tag in ["Vt", "Del", "Calif", "Y", "N.Y", "D", "I"] {
        assert!(!ids.contains(&tag), "{tag}: {ids:?}");
    }
    // Both Democrats' tags say "Democrat": the state tells them apart,
    // and a description neither tag holds is not linked.
    let (s, _) = resolved(&[
        "Rep. Nancy Pelosi, D-Calif., and Sen. Chuck Schumer, D-N.Y., spoke to reporters.\n\n\
         “We will not give in,” the New York Democrat said.\n\n\
         “We will see,” the Texas Democrat said.",
    ]);
    assert_eq!(
        s[0],
        [
            Some("Schumer".to_string()),
            Some("the Texas Democrat".to_string())
        ]
    );
}

#[test]
fn an_owner_that_is_no_place_is_no_part_of_an_organisation() {
    // ABP sample: a person's or a day's possessive before a department.
    let doc = analyze(
        "Emails sent to Mrs. Clinton's State Department in 2012 were released on Monday.\n\n\
         “We have turned over every record we hold,” the department said.",
        None,
    );
    assert_eq!(speakers(&doc), [Some("State Department".to_string())]);
    let doc = analyze(
        "Friday's Labor Department report showed that 223,000 jobs were added in June.\n\n\
         “The labor market continues to strengthen,” the department said.\n\n\
         “Wages are rising,” Friday's Labor Department said in a second release.",
        None,
    );
    assert_eq!(
        speakers(&doc),
        [
            Some("Labor Department".to_string()),
            Some("Labor Department".to_string())
        ]
    );
    // A place owns its ministry; a person's is the ministry's own name.
    let (s, table) = resolved(&[
        "Mrs. Clinton's State Department approved the sale in 2011.\n\n\
         “The review followed every rule,” the State Department said.",
        "Russia's Foreign Ministry said the sale was a provocation.",
    ]);
    assert_eq!(s[0], [Some("State Department".to_string())]);
    let ids: Vec<&str> = table.entities.iter().map(|e| e.id.as_str()).collect();
    assert!(ids.contains(&"State Department"), "{ids:?}");
    assert!(ids.contains(&"Russia's Foreign Ministry"), "{ids:?}");
    assert!(!ids.iter().any(|id| id.contains("Clinton's")), "{ids:?}");
    // A role's office keeps its owner (BASIL).
    let doc = analyze(
        "“We will not comment on an ongoing case,” the U.S. Attorney’s Office said.",
        None,
    );
    assert_eq!(speakers(&doc), [Some("U.S. Attorney’s Office".to_string())]);
}

#[test]
fn a_description_glued_to_a_name_is_the_name_described() {
    // BASIL (HuffPost): no comma between the description and the names.
    let (s, table) = resolved(&[
        "Trump’s camp wasn’t champing at the bit.\n\n\
         “We’re pleased that the Office of Special Counsel has delivered its report to the Attorney General pursuant to the regulations,” said the president’s personal attorneys Rudy Giuliani and Jay Sekulow in a joint statement.",
    ]);
    assert_eq!(s[0], [Some("Giuliani".to_string())]);
    let giuliani = table
        .entities
        .iter()
        .find(|e| e.id == "Giuliani")
        .unwrap_or_else(|| panic!("{:?}", table.entities));
    assert_eq!(giuliani.name, "Rudy Giuliani");
    assert_eq!(giuliani.quotes, 1);
    assert!(
        giuliani
            .descriptions
            .contains(&"president's personal attorneys".to_string()),
        "{giuliani:?}"
    );
}

#[test]
fn acronyms_and_name_particles_do_not_cut_names() {
    // "Un" of Kim Jong Un is no "UN"; "Van" belongs to Van Hollen.
    let (s, table) = resolved(&[
        "North Korean leader Kim Jong Un arrived in Singapore on Sunday, a UN official said.\n\n\
         Sen. Chris Van Hollen (D-Md.) questioned the summit.\n\n\
         “This is a photo opportunity, not a plan,” Van Hollen said.",
    ]);
    assert_eq!(s[0], [Some("Van Hollen".to_string())]);
    // A capitalised "Al" opening a name is a given name.
    let doc = analyze("“It was a productive meeting,” Al Franken said.", None);
    assert_eq!(speakers(&doc), [Some("Franken".to_string())]);
    let names: Vec<&str> = table.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Kim Jong Un"), "{names:?}");
    assert!(names.contains(&"Chris Van Hollen"), "{names:?}");
    let ids: Vec<&str> = table.entities.iter().map(|e| e.id.as_str()).collect();
    assert!(!ids.contains(&"Hollen") && !ids.contains(&"UN"), "{ids:?}");
    let van_hollen = table.entities.iter().find(|e| e.id == "Van Hollen");
    assert_eq!(van_hollen.map(|e| e.quotes), Some(1), "{van_hollen:?}");
    assert!(
        van_hollen.is_some_and(|e| e.forms.iter().map(|f| f.count).sum::<usize>() == 2),
        "{van_hollen:?}"
    );
}

/// ABP sample: "he said" resolved to a word that opens a sentence and
/// was read as a one-word name ("Others", "Asked", "Even").
#[test]
fn a_pronoun_skips_words_capitalised_where_a_sentence_opens() {
    let doc = analyze(
        "Zhang Dawei runs a fruit shop in Beijing. Still, he understands the US perspective.\n\n\
         Others say they are turning their focus to Chinese consumers.\n\n\
         “Americans want to earn more money,” he said.",
        None,
    );
    assert_eq!(speakers(&doc), [Some("Dawei".to_string())]);
    let doc = analyze(
        "Fauci said he was no longer in contact with the president.\n\n\
         Asked whether the president talks to him often about the vaccine, he told a reporter, “No, I do not.”",
        None,
    );
    assert_eq!(speakers(&doc), [Some("Fauci".to_string())]);
}

/// Institutions whose names end in no head noun of a ministry or a
/// company: not a person called "International" or "Street".
#[test]
fn institutions_are_named_whole() {
    for (text, who) in [
        (
            "Amnesty International described the verdict as a “resounding victory for women.”",
            "Amnesty International",
        ),
        (
            "Downing Street said: “We are not preparing for a general election.”",
            "Downing Street",
        ),
        (
            "Spectrum Health told CNN it “did find a small number of spam emails.”",
            "Spectrum Health",
        ),
    ] {
        assert_eq!(
            speakers(&analyze(text, None)),
            [Some(who.to_string())],
            "{text}"
        );
    }
}

/// BBC: "..., describing Brexit as ..." after a quote names what was
/// described; the speaker stands before the quote.
#[test]
fn a_participle_after_a_quote_does_not_take_a_speaker_after_it() {
    let doc = analyze(
        "Leading Tory Remainer Dominic Grieve warned “we are making a historic mistake”, describing Brexit as an act of self-harm.",
        None,
    );
    assert_eq!(speakers(&doc), [Some("Grieve".to_string())]);
}

#[test]
fn he_and_she_refer_to_a_person_of_their_gender() {
    // ABP (BBC): "he noted" went to Mia Love, the last person named.
    let doc = analyze(
        "John Curtis spoke first at the hearing.\n\n\
         Mia Love took the microphone next.\n\n\
         “We will pass this bill in the spring,” he said.\n\n\
         “It is long overdue,” she said.",
        None,
    );
    assert_eq!(
        speakers(&doc),
        [Some("Curtis".to_string()), Some("Love".to_string())]
    );
    // A gendered title shows it too. Each sentence offers its subject
    // first, then the other people it names: "she" is Warren, "he" the
    // Biden of the latest sentence (Joe; the surname's gender is unknown
    // because Jill shares it), not Tom Wolf of the one before.
    let text = "Mrs. Warren met the governor, Tom Wolf, on Monday.\n\n\
         Ms. Warren then met Jill Biden and Joe Biden.\n\n\
         “The talks went well,” PRONOUN said.";
    let she = analyze(&text.replace("PRONOUN", "she"), None);
    assert_eq!(speakers(&she), [Some("Warren".to_string())]);
    let he = analyze(&text.replace("PRONOUN", "he"), None);
    assert_eq!(speakers(&he), [Some("Biden".to_string())]);
}

#[test]
fn a_pronoun_tries_the_subject_then_the_other_people_named() {
    // ABP: "she" after a sentence whose subject is a man took a woman
    // named paragraphs before; only a sentence's first person was offered.
    let doc = analyze(
        "Mrs. Clinton spoke in Ohio on Monday.\n\n\
         Mr. Trump later praised Ivanka Trump's work and thanked Mr. Pence.\n\n\
         “It is a family business,” she said.\n\n\
         “We are proud of it,” he added.",
        None,
    );
    // "she" skips Mr. Trump (a man) and takes Ivanka Trump; "he" the
    // subject, Mr. Trump, before Mr. Pence.
    assert_eq!(
        speakers(&doc),
        [Some("Trump".to_string()), Some("Trump".to_string())]
    );
    // A pronoun in the sentence itself is its subject, never a person
    // named after it (ABP: "He accused Iranian President Hassan Rouhani of
    // ..., saying" went to Rouhani).
    let doc = analyze(
        "Benjamin Netanyahu spoke at the United Nations on Tuesday.\n\n\
         He accused Iranian President Hassan Rouhani of deceit, saying “he is a wolf in sheep's clothing.”",
        None,
    );
    assert_eq!(speakers(&doc), [Some("Netanyahu".to_string())]);
    // A list of names is an enumeration: none of it outranks the subject
    // of an earlier sentence.
    let doc = analyze(
        "Hillary Clinton spoke first.\n\n\
         Four others took part: John Kerry, Madeleine Albright, Condoleezza Rice and Colin Powell.\n\n\
         “Everything I had to say was out there,” she said.",
        None,
    );
    assert_eq!(speakers(&doc), [Some("Clinton".to_string())]);
}

#[test]
fn a_place_or_institution_after_a_preposition_is_not_the_speaker() {
    // ABP: "the senior senator from New York said" gave "York", "Robert
    // Kelly of Pusan national university in South Korea warned" gave
    // "Korea", and South and North Korea were one speaker.
    let doc = analyze(
        "In a speech, the senior senator from New York said, “There are many things that can be done.”\n\n\
         Robert Kelly of Pusan national university in South Korea warned that Pyongyang “hasn't really changed, and it has not offered a concession.”\n\n\
         “We will talk at any time,” North Korea said.\n\n\
         “We will not talk,” South Korea said.\n\n\
         On reopening, Dr. Anthony Fauci of the National Institutes of Health told CNN: “The virus makes the timeline.”\n\n\
         “It should be a non-starter,” the conservative group Heritage Action for America said.",
        None,
    );
    assert_eq!(
        speakers(&doc),
        [
            Some("the senior senator from New York".to_string()),
            Some("Kelly".to_string()),
            Some("North Korea".to_string()),
            Some("South Korea".to_string()),
            Some("Fauci".to_string()),
            Some("Heritage Action for America".to_string()),
        ]
    );
    // A place is no person, so no "he" refers to it (ABP: "he said" went
    // to "Hampshire" of "a rally in New Hampshire").
    let doc = analyze(
        "Marco Rubio campaigned in New Hampshire on the weekend.\n\n\
         “I have young kids,” he said.",
        None,
    );
    assert_eq!(speakers(&doc), [Some("Rubio".to_string())]);
}

#[test]
fn a_title_word_after_a_given_name_is_the_surname() {
    // ABP: "Rep. Peter King" was the speaker "Peter" ("king" is a title).
    let doc = analyze(
        "“It was not spontaneous,” said Rep. Peter King.\n\n\
         “No rights were violated,” Mr. King said.\n\n\
         “He had a dream,” Martin Luther King Jr. said.",
        None,
    );
    assert_eq!(speakers(&doc), vec![Some("King".to_string()); 3]);
}

#[test]
fn a_lowercase_particle_stays_in_the_name() {
    // ABP: "Bill de Blasio" was cut to "Blasio".
    let doc = analyze(
        "“We are ready to reopen the schools,” said New York Mayor Bill de Blasio.\n\n\
         “Brussels will not wait,” Ursula von der Leyen told reporters.",
        None,
    );
    assert_eq!(
        speakers(&doc),
        [
            Some("de Blasio".to_string()),
            Some("von der Leyen".to_string())
        ]
    );
}

#[test]
fn a_nationality_or_a_banner_is_no_person_a_pronoun_refers_to() {
    // ABP: "he" after "Dovish Israeli lawmaker Dov Hanin" was "Israeli",
    // and after a "CLICK HERE TO GET THE FOX NEWS APP" line "APP".
    let doc = analyze(
        "Dovish Israeli lawmaker Dov Hanin condemned the killing.\n\n\
         “Assassinating leaders is never the solution,” he said.\n\n\
         Tom Steyer campaigned in Charleston on Monday.\n\n\
         CLICK HERE TO GET THE FOX NEWS APP\n\n\
         “We have a very good team here,” he said.\n\n\
         “Science is one of the things people trust,” Deirdre English says.",
        None,
    );
    assert_eq!(
        speakers(&doc),
        [
            Some("Hanin".to_string()),
            Some("Steyer".to_string()),
            Some("English".to_string())
        ]
    );
}
