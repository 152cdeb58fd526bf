//! framelens' own TOML lexicon format, then matching the loaded lexicon.
#![no_main]
use framelens::lexicon::{parse, Format, Matcher};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(lex) = parse(text, Format::Toml, Path::new("fuzz.toml")) {
        let m = Matcher::new(&[lex]);
        let doc = framelens::text::analyze("The regime's \"killer\" slammed critics, not very happy.", None);
        let _ = m.find(0, &doc);
    }
});
