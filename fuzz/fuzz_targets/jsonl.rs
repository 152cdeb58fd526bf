//! The JSONL reader, strict and lenient (first byte).
#![no_main]
use framelens::corpus::{read_corpus, ReadOptions};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let path = common::put("input.jsonl", rest);
    let opts = ReadOptions {
        lenient: sel & 1 != 0,
    };
    if let Ok(c) = read_corpus(&path, &opts) {
        let _ = c.skipped_summary();
        let _ = c.outlet_names();
    }
});
