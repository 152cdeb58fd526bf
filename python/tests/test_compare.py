import filecmp
import pathlib
import subprocess

import pytest

import framelens


def test_compare_seeds_tables_and_findings(seeds):
    r = framelens.compare(framelens.read(seeds))
    assert r.event_ids == ["biden-putin-killer-2021-03"]
    assert r.summary is None
    for name in ["outlets", "profiles", "keyness", "quotes", "substitutions", "entities"]:
        df = r.table(name)
        assert len(df) > 0, name
        assert df.columns[0] == "event"
    assert set(r.outlets.outlet) == {"ani", "dach", "rt", "tva", "yahoo-uk"}
    assert r.findings.finding.str.contains("murderer").any()
    assert "Vladimir Putin" in set(r.entities.name)


def test_actor_labels_say_what_each_outlet_calls_putin(seeds):
    labels = framelens.compare(framelens.read(seeds)).actor_labels
    assert list(labels.columns[:4]) == ["event", "actor", "outlet", "label"]
    putin = labels[labels.actor == "Putin"]
    # Biden's word in RT's quotes, the German outlet's translation in DACH's.
    killer = putin[(putin.outlet == "rt") & (putin.label == "killer")]
    assert len(killer) == 1 and killer.iloc[0].kind == "copula" and killer.iloc[0].voice == "quoted"
    assert bool(killer.iloc[0].loaded)
    assert ((putin.outlet == "dach") & (putin.label == "murderer")).any()
    assert ((putin.outlet == "dach") & (putin.label == "Russian president")).any()


def test_write_equals_the_cli(seeds, cli, tmp_path):
    ours = tmp_path / "py"
    framelens.compare(framelens.read(seeds)).write(ours)
    theirs = tmp_path / "cli"
    subprocess.run([str(cli), "compare", str(seeds), "--out", str(theirs), "--quiet"], check=True)
    event = "biden-putin-killer-2021-03"
    files = sorted(p.name for p in (theirs / event).iterdir())
    assert sorted(p.name for p in (ours / event).iterdir()) == files
    same = [f for f in files if f.endswith((".csv", ".json", ".md", ".svg"))]
    match, mismatch, errors = filecmp.cmpfiles(ours / event, theirs / event, same, shallow=False)
    assert mismatch == [] and errors == [], mismatch


def test_write_refuses_a_folder_it_did_not_write(seeds, tmp_path):
    r = framelens.compare(framelens.read(seeds))
    (tmp_path / "thesis.docx").write_text("mine")
    with pytest.raises(framelens.FramelensError, match="was not written by framelens"):
        r.write(tmp_path)
    assert (tmp_path / "thesis.docx").read_text() == "mine"


def test_compare_basil_has_a_summary(data):
    c = framelens.read(data / "basil" / "basil.jsonl")
    r = framelens.compare(c)
    assert len(r.event_ids) == 100
    assert r.summary["events"] == 100
    assert r.keyness.event.nunique() == 100
    assert len(r.findings) > 100


def test_compare_from_pandas_without_events(data):
    import json

    rows = [json.loads(line) for line in open(data / "mbic" / "mbic_articles.jsonl", encoding="utf-8")][:60]
    import pandas as pd

    df = pd.DataFrame(rows).dropna(subset=["text"])
    c = framelens.from_pandas(df, text="text", outlet="outlet", event=None)
    r = framelens.compare(c)
    assert len(r.event_ids) == 1
    assert r.profiles.outlet.nunique() >= 2
