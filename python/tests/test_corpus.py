import pandas as pd
import pytest

import framelens


def test_read_seeds_gives_documents_with_labels(seeds):
    c = framelens.read(seeds)
    assert len(c) == 5
    assert c.outlets == ["ani", "dach", "rt", "tva", "yahoo-uk"]
    assert c.events == ["biden-putin-killer-2021-03"]
    df = c.to_pandas()
    assert list(df.columns[:10]) == ["id", "outlet", "outlet_name", "event", "title", "date", "language", "url", "source", "text"]
    assert df.loc[df.outlet == "dach", "language"].item() == "en"
    assert df.text.str.len().min() > 500


def test_from_pandas_round_trip_gives_the_same_measures(seeds):
    c = framelens.read(seeds)
    df = c.to_pandas()
    back = framelens.from_pandas(df, text="text", outlet="outlet", event="event", id="id", outlet_name="outlet_name", language="language")
    assert len(back) == 5 and back.outlets == c.outlets and back.events == c.events
    pd.testing.assert_frame_equal(
        framelens.keyness(c, target="rt", measure="logodds"),
        framelens.keyness(back, target="rt", measure="logodds"),
    )


def test_from_pandas_other_columns_are_labels_and_event_is_optional():
    df = pd.DataFrame(
        {
            "body": ["Putin is a killer, Biden said.", "Biden called Putin a murderer.", "The talks went on."],
            "paper": ["a", "b", "c"],
            "lean": ["left", "right", "center"],
        }
    )
    c = framelens.from_pandas(df, text="body", outlet="paper")
    assert c.events == [""]
    out = c.to_pandas()
    assert out["lean"].tolist() == ["left", "right", "center"]
    assert out["id"].tolist() == ["1", "2", "3"]


def test_bad_rows_raise_with_the_row():
    df = pd.DataFrame({"text": ["fine text here", None], "outlet": ["a", "b"]})
    with pytest.raises(framelens.FramelensError, match=r"DataFrame:2: missing field `text`"):
        framelens.from_pandas(df)
    with pytest.raises(KeyError, match="no column 'body'"):
        framelens.from_pandas(df, text="body")
    dup = pd.DataFrame({"text": ["x y", "y z"], "outlet": ["a", "b"], "id": ["1", "1"]})
    with pytest.raises(framelens.FramelensError, match="duplicate id `1`"):
        framelens.from_pandas(dup)


def test_read_errors_name_the_file(tmp_path):
    with pytest.raises(framelens.FramelensError, match="no such file"):
        framelens.read(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok words", "outlet": "a"}\n{"text": 3, "outlet": "b"}\n')
    with pytest.raises(framelens.FramelensError, match=r"bad.jsonl:2: field `text` must be a string"):
        framelens.read(bad)
    c = framelens.read(bad, lenient=True)
    assert len(c) == 1 and any("bad.jsonl:2" in w for w in c.warnings)


def test_filter_by_label(data):
    c = framelens.read(data / "basil" / "basil.jsonl")
    df = c.to_pandas()
    fox = c.filter(df.outlet == "fox")
    assert len(fox) == (df.outlet == "fox").sum() == 100
    assert fox.outlets == ["fox"]
    with pytest.raises(ValueError):
        c.filter([True])
