"""read(where=..., since=..., until=..., events=...) and Corpus.filter: the
command line's filters, with its semantics and errors."""

import datetime

import pytest

import framelens


def test_where_on_the_seeds(seeds):
    all_docs = framelens.read(seeds)
    df = all_docs.to_pandas()
    rt = framelens.read(seeds, where="outlet=rt")
    assert list(rt.to_pandas()["id"]) == list(df[df.outlet == "rt"]["id"])
    two = framelens.read(seeds, where={"outlet": ["rt", "tva"]})
    assert set(two.to_pandas()["outlet"]) == {"rt", "tva"}
    not_rt = framelens.read(seeds, where=["outlet!=rt"])
    assert len(not_rt) == len(all_docs) - len(rt)
    report = rt.filter_report
    assert report["documents_read"] == len(all_docs) and report["documents_kept"] == len(rt)
    assert any("kept 1 of 5" in w for w in rt.warnings)
    # Corpus.filter: the same semantics on a corpus in memory
    assert list(all_docs.filter(where="outlet=rt").to_pandas()["id"]) == list(rt.to_pandas()["id"])
    assert all_docs.filter_report is None


def test_dates_and_events_on_basil(data):
    path = data / "basil" / "basil.jsonl"
    full = framelens.read(path)
    df = full.to_pandas()
    since = framelens.read(path, since="2016-01-01", until=datetime.date(2016, 12, 31))
    expect = df[(df.date >= "2016-01-01") & (df.date <= "2016-12-31")]
    assert list(since.to_pandas()["id"]) == list(expect["id"])
    events = sorted(set(df.event))[:3]
    ev = framelens.read(path, events=events)
    assert set(ev.to_pandas()["event"]) == set(events)
    assert len(full.filter(events=",".join(events))) == len(ev)
    fox = framelens.read(path, where={"source": "fox"}, since="2015-01-01")
    assert set(fox.to_pandas()["outlet"]) == {"fox"}


def test_filter_errors(seeds):
    with pytest.raises(framelens.FramelensError, match='no document has a field "lean_x"'):
        framelens.read(seeds, where="lean_x=left")
    with pytest.raises(framelens.FramelensError, match="2015-13-01"):
        framelens.read(seeds, since="2015-13-01")
    with pytest.raises(framelens.FramelensError, match="keeps none of the 5 documents"):
        framelens.read(seeds, where="outlet=cnn")
    with pytest.raises(framelens.FramelensError, match="FIELD=VALUE"):
        framelens.read(seeds, where="outlet")
    with pytest.raises(framelens.FramelensError, match="keeps none"):
        framelens.read(seeds).filter(since="2030-01-01")
