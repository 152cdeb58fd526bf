//! Tokenizer, sentence splitter, quote finder and speaker attribution.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = framelens::text::analyze(&text, None);
    common::check_doc(&doc);
});
