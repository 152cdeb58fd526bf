//! The boilerplate cleaner over a small corpus cut from the input (`\x1e`
//! separates documents, the low bits of the first byte pick outlets).
#![no_main]
use framelens::clean::Cleaner;
use framelens::corpus::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let docs: Vec<Document> = text
        .split('\u{1e}')
        .enumerate()
        .map(|(i, t)| Document {
            id: i.to_string(),
            outlet: format!("o{}", (sel as usize >> (i % 8)) & 1),
            event: "e".into(),
            text: t.to_string(),
            title: (i == 0).then(|| t.lines().next().unwrap_or("").to_string()),
            ..Document::default()
        })
        .collect();
    let cleaned = Cleaner::builtin().clean_corpus(&docs);
    assert_eq!(cleaned.len(), docs.len());
});
