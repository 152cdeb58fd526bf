//! The line formats: LIWC/quanteda `.dic`, VADER's tab format and plain
//! word lists (first byte picks), then matching the loaded lexicon.
#![no_main]
use framelens::lexicon::{parse, Format, Matcher};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = match sel % 3 {
        0 => Format::Dic,
        1 => Format::Vader,
        _ => Format::Words,
    };
    if let Ok(lex) = parse(text, format, Path::new("fuzz.lex")) {
        let m = Matcher::new(&[lex]);
        let doc = framelens::text::analyze("The regime's \"killer\" slammed critics, not very happy.", None);
        let _ = m.find(0, &doc);
    }
    if format == Format::Vader {
        // VADER's own scorer: its loader, then scoring the input itself.
        use framelens::lexicon::vader::{VaderLexicon, VaderScorer};
        if let Ok(words) = VaderLexicon::parse_words(text, Path::new("fuzz.vader")) {
            let scorer = VaderScorer::new(VaderLexicon {
                words,
                ..VaderLexicon::default()
            });
            let _ = scorer.polarity_scores(text);
        }
    }
});
