import io
import subprocess

import pandas as pd
import pytest

import framelens


def cli_table(cli, *args):
    out = subprocess.run([str(cli), *map(str, args)], check=True, capture_output=True, text=True).stdout
    return pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])


@pytest.mark.parametrize("measure", ["chi2", "lr", "logodds"])
def test_keyness_equals_the_cli(seeds, cli, measure):
    ours = framelens.keyness(framelens.read(seeds), target="rt", measure=measure)
    theirs = cli_table(cli, "keyness", seeds, "--target", "rt", "--measure", measure)
    assert list(ours.columns) == list(theirs.columns)
    assert ours.term.tolist() == theirs.term.astype(str).tolist()
    pd.testing.assert_series_equal(ours.stat, theirs.stat, check_exact=False, rtol=1e-12)


def test_keyness_against_chosen_outlets_and_background(data):
    c = framelens.read(data / "basil" / "basil.jsonl")
    k = framelens.keyness(c, target="fox", reference=["nyt"], measure="logodds", voice="own", top=20)
    assert len(k) == 20 and (k.n_target > 0).all()
    bg = framelens.read(data / "mbic" / "mbic_articles.jsonl", lenient=True)
    kb = framelens.keyness(c, target="fox", measure="logodds", prior=bg, top=20)
    assert len(kb) == 20
    with pytest.raises(framelens.FramelensError, match=r'unknown target outlet "cnn" \(outlets: fox, hpo, nyt\)'):
        framelens.keyness(c, target="cnn")
    with pytest.raises(framelens.FramelensError, match="measure"):
        framelens.keyness(c, target="fox", measure="tfidf")


def test_score_equals_the_cli(seeds, cli):
    ours = framelens.score(framelens.read(seeds), lexicon="loaded")
    theirs = cli_table(cli, "score", seeds, "--lexicon", "loaded")
    assert list(ours.columns) == list(theirs.columns)
    assert len(ours) == len(theirs)
    pd.testing.assert_series_equal(ours.matches, theirs.matches)
    pd.testing.assert_series_equal(ours.rate, theirs.rate, check_exact=False, rtol=1e-12)


def test_score_matches_and_vader(seeds):
    c = framelens.read(seeds)
    m = framelens.score(c, lexicon="loaded", matches=True)
    assert {"doc", "outlet", "text", "category", "voice", "speaker"} <= set(m.columns)
    assert (m.text.str.lower() == "killer").any()
    v = framelens.score(c, lexicon="vader")
    assert len(v) == 5 and v.compound.between(-1, 1).all()
    with pytest.raises(ValueError):
        framelens.score(c, lexicon="vader", matches=True)


def test_kwic_equals_the_cli_and_marks_voice(seeds, cli):
    c = framelens.read(seeds)
    ours = framelens.kwic(c, ["killer", "murder*"], window=5)
    theirs = cli_table(cli, "kwic", seeds, "killer", "murder*", "--window", "5")
    assert list(ours.columns) == list(theirs.columns)
    assert ours.keyword.tolist() == theirs.keyword.tolist()
    assert ours.pre.fillna("").tolist() == theirs.pre.fillna("").tolist()
    assert set(ours.outlet) == set(c.outlets)
    assert set(ours.voice) == {"own", "quoted"}
    assert (ours.pattern == "murder*").sum() >= 2
    own = framelens.kwic(c, "killer", voice="own")
    assert (own.voice == "own").all() and len(own) < (ours.pattern == "killer").sum()


def test_freq_by_label(data):
    c = framelens.read(data / "basil" / "basil.jsonl")
    f = framelens.freq(c, by="outlet", content=True, top=5)
    assert sorted(f.group.unique()) == ["fox", "hpo", "nyt"]
    assert (f.groupby("group").size() == 5).all()
    assert (f["rank"] >= 1).all() and (f.frequency >= f.docfreq).all()
    with pytest.raises(framelens.FramelensError, match='no document has a field "party"'):
        framelens.freq(c, by="party")
