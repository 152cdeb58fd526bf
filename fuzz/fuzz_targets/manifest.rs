//! The folder reader: manifest.toml or manifest.csv (chosen by the first
//! byte) next to two small text files the manifest may name.
#![no_main]
use framelens::corpus::{read_corpus, ReadOptions};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let dir = common::scratch().join(format!("m{}", sel & 1));
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("a.txt"), "Officials said the \"killer\" fled.");
    let _ = std::fs::write(dir.join("b.txt"), [0xff, 0xfe, b'h', 0, b'i', 0]);
    let name = if sel & 1 == 0 { "manifest.toml" } else { "manifest.csv" };
    let _ = std::fs::remove_file(dir.join("manifest.toml"));
    let _ = std::fs::remove_file(dir.join("manifest.csv"));
    std::fs::write(dir.join(name), rest).expect("write manifest");
    let opts = ReadOptions {
        lenient: sel & 2 != 0,
    };
    if let Ok(c) = read_corpus(&dir, &opts) {
        let _ = c.skipped_summary();
        let _ = c.by_event();
    }
});
