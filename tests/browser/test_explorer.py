"""The explorer pages in a real browser (headless Chromium through
selenium): the seeds' report.html and index.html opened from file://.

Run by tests/browser_explorer.rs with FRAMELENS_BIN set to the release
binary; screenshots go to FRAMELENS_SCREENSHOTS (a temporary folder when
unset) and their paths are printed, as are first-paint and search times
(printed, not asserted: the machine is shared)."""

import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
EVENT = "biden-putin-killer-2021-03"
OUTLETS = {"ani", "dach", "rt", "tva", "yahoo-uk"}


def _shots():
    d = os.environ.get("FRAMELENS_SCREENSHOTS") or tempfile.mkdtemp(prefix="framelens-shots-")
    p = pathlib.Path(d)
    p.mkdir(parents=True, exist_ok=True)
    return p


SHOTS = _shots()


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("explorer") / "out"
    subprocess.run(
        [os.environ["FRAMELENS_BIN"], "compare", str(ROOT / "seeds"), "--out", str(out), "--quiet"],
        check=True,
    )
    return out


@pytest.fixture(scope="module")
def driver():
    opts = Options()
    opts.binary_location = os.environ.get("FRAMELENS_CHROMIUM") or shutil.which("chromium") or "chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1800",
              "--disable-dev-shm-usage", "--allow-file-access-from-files"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(os.environ.get("FRAMELENS_CHROMEDRIVER") or shutil.which("chromedriver"))
    d = webdriver.Chrome(service=service, options=opts)
    yield d
    d.quit()


def errors(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def shot(element_or_driver, name):
    p = SHOTS / name
    if hasattr(element_or_driver, "save_screenshot"):
        element_or_driver.save_screenshot(str(p))
    else:
        element_or_driver.screenshot(str(p))
    print(f"screenshot: {p}")
    return p


def search(driver, term):
    box = driver.find_element(By.ID, "fl-q")
    box.clear()
    t = time.perf_counter()
    box.send_keys(term, Keys.ENTER)
    WebDriverWait(driver, 5).until(
        lambda d: term in d.find_element(By.CSS_SELECTOR, "#fl-results [role=status]").text
    )
    return (time.perf_counter() - t) * 1000


def open_event(driver, out_dir):
    page = out_dir / EVENT / "report.html"
    t = time.perf_counter()
    driver.get(page.as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "fl-q"))
    load_ms = (time.perf_counter() - t) * 1000
    paint = driver.execute_script(
        "var e = performance.getEntriesByType('paint'); return e.map(function (x) { return [x.name, x.startTime]; });"
    )
    ready = driver.execute_script("return window.__flReadyMs;")
    print(f"timing: page {page.stat().st_size} bytes, loaded in {load_ms:.0f} ms (driver), paint {paint}, explorer ready {ready:.1f} ms")
    return page


def test_search_shows_every_outlet_with_quotes_marked(driver, out_dir):
    open_event(driver, out_dir)
    driver.get_log("browser")  # start clean
    took = search(driver, "killer")
    inner = driver.execute_script("return window.__flLastSearchMs;")
    print(f"timing: search 'killer' {took:.0f} ms round trip, {inner:.1f} ms in the page")
    sections = driver.find_elements(By.CSS_SELECTOR, "#fl-results .fl-kwic-outlet")
    seen = {s.get_attribute("data-outlet") for s in sections}
    assert seen == OUTLETS, seen
    # dach wrote "murderer" where the others wrote "killer": its section
    # says so, and the two words together find all five.
    none = {s.get_attribute("data-outlet") for s in sections if "fl-none" in s.get_attribute("class")}
    assert none == {"dach"}, none
    for s in sections:
        if "fl-none" in s.get_attribute("class"):
            assert "no occurrence" in s.text
            continue
        lines = s.find_elements(By.CSS_SELECTOR, ".fl-kwic-line")
        assert lines, s.get_attribute("data-outlet")
        for line in lines:
            assert line.find_element(By.CSS_SELECTOR, "mark.fl-hit").text.lower().startswith("killer")
    quoted = driver.find_elements(By.CSS_SELECTOR, "#fl-results .fl-kwic-line.fl-quoted")
    own = driver.find_elements(By.CSS_SELECTOR, "#fl-results .fl-kwic-line[data-voice=own]")
    assert quoted and own, (len(quoted), len(own))
    # Quoted lines say so, with the speaker when the text names one.
    tags = [q.find_element(By.CSS_SELECTOR, ".fl-tag").text for q in quoted]
    assert all(t.startswith(("quoted", "scare quote")) for t in tags), tags
    assert any(q.find_elements(By.CSS_SELECTOR, ".fl-q") for q in quoted)
    rates = driver.find_elements(By.CSS_SELECTOR, "#fl-results table.fl-rates tbody tr")
    assert len(rates) == 5
    shot(driver.find_element(By.ID, "fl-search"), "search_killer.png")
    search(driver, "killer, murderer")
    with_lines = {
        s.get_attribute("data-outlet")
        for s in driver.find_elements(By.CSS_SELECTOR, "#fl-results .fl-kwic-outlet")
        if s.find_elements(By.CSS_SELECTOR, ".fl-kwic-line")
    }
    assert with_lines == OUTLETS, with_lines
    assert not errors(driver)


def test_stem_glob_and_phrase(driver, out_dir):
    open_event(driver, out_dir)
    search(driver, "stem:killings")
    n_stem = len(driver.find_elements(By.CSS_SELECTOR, "#fl-results .fl-kwic-line"))
    search(driver, "kill*")
    n_glob = len(driver.find_elements(By.CSS_SELECTOR, "#fl-results .fl-kwic-line"))
    search(driver, "killer")
    n_word = len(driver.find_elements(By.CSS_SELECTOR, "#fl-results .fl-kwic-line"))
    assert n_stem > 0 and n_glob >= max(n_stem, n_word) and n_word > 0, (n_glob, n_stem, n_word)
    search(driver, "a killer")
    hits = driver.find_elements(By.CSS_SELECTOR, "#fl-results mark.fl-hit")
    assert hits and all(re.findall(r"\w+", h.text.lower()) == ["a", "killer"] for h in hits)
    assert not errors(driver)


def test_clicking_a_keyness_bar_opens_its_occurrences(driver, out_dir):
    open_event(driver, out_dir)
    bar = driver.find_element(By.CSS_SELECTOR, "#fl-bars .fl-bar")
    term = bar.get_attribute("data-term")
    bar.click()
    WebDriverWait(driver, 5).until(
        lambda d: term in d.find_element(By.CSS_SELECTOR, "#fl-results [role=status]").text
    )
    assert driver.find_element(By.ID, "fl-q").get_attribute("value") == term
    marks = driver.find_elements(By.CSS_SELECTOR, "#fl-results mark.fl-hit")
    assert marks and all(m.text.lower() == term for m in marks), term
    # A term of a table, by keyboard: focus it and press Enter.
    cell = driver.find_element(By.CSS_SELECTOR, "td[data-terms] .fl-term")
    word = cell.get_attribute("data-term")
    driver.execute_script("arguments[0].focus();", cell)
    cell.send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(
        lambda d: d.find_element(By.ID, "fl-q").get_attribute("value") == word
    )
    # A term in a static chart.
    svg_terms = driver.find_elements(By.CSS_SELECTOR, ".fl-fig[data-chart=keyness] svg .fl-svgterm")
    assert svg_terms, "the keyness chart's terms are clickable"
    assert not errors(driver)


def test_an_actor_label_opens_its_occurrences(driver, out_dir):
    open_event(driver, out_dir)
    table = driver.find_element(By.CSS_SELECTOR, "table[data-table='actor_labels.csv']")
    labels = table.find_elements(By.CSS_SELECTOR, "td[data-terms] .fl-term")
    words = [l.get_attribute("data-term") for l in labels]
    assert "murderer" in words and "Russian president" in words, words
    # The table names the CSV that has every row.
    bar = table.find_element(By.XPATH, "preceding-sibling::div[contains(@class,'fl-tablebar')][1]")
    assert bar.find_element(By.CSS_SELECTOR, "a").get_attribute("href").endswith("actor_labels.csv")
    label = next(l for l in labels if l.get_attribute("data-term") == "Russian president")
    driver.execute_script("arguments[0].scrollIntoView();", label)
    label.click()
    WebDriverWait(driver, 5).until(
        lambda d: d.find_element(By.ID, "fl-q").get_attribute("value") == "Russian president"
    )
    marks = driver.find_elements(By.CSS_SELECTOR, "#fl-results mark.fl-hit")
    assert marks and all(m.text.lower() == "russian president" for m in marks), [m.text for m in marks]
    shot(table, "actor_labels.png")
    # The actor-label chart's labels open their occurrences too.
    chart_terms = driver.find_elements(By.CSS_SELECTOR, ".fl-fig[data-chart=actor_labels] svg .fl-svgterm")
    assert "murderer" in {t.get_attribute("data-term") for t in chart_terms}, [t.get_attribute("data-term") for t in chart_terms]
    assert not errors(driver)


def test_switching_the_scatter_outlet(driver, out_dir):
    open_event(driver, out_dir)
    sel = Select(driver.find_element(By.ID, "fl-outlet"))
    first = driver.find_element(By.CSS_SELECTOR, "#fl-scatter svg").get_attribute("aria-label")
    other = [o.get_attribute("value") for o in sel.options][1]
    sel.select_by_value(other)
    svg = driver.find_element(By.CSS_SELECTOR, "#fl-scatter svg")
    label = svg.get_attribute("aria-label")
    assert label != first and "all" not in label.split(" against ")[0]
    assert len(svg.find_elements(By.CSS_SELECTOR, "circle.fl-pt")) > 10
    ref = Select(driver.find_element(By.ID, "fl-ref"))
    ref.select_by_index(1)
    svg = driver.find_element(By.CSS_SELECTOR, "#fl-scatter svg")
    assert ref.first_selected_option.text in svg.get_attribute("aria-label")
    pts = svg.find_elements(By.CSS_SELECTOR, "circle.fl-pt")
    assert len(pts) > 10
    # Hover shows counts and z.
    webdriver.ActionChains(driver).move_to_element(pts[-1]).perform()
    tip = driver.find_element(By.CSS_SELECTOR, ".fl-tip")
    assert tip.is_displayed() and "z =" in tip.text, tip.text
    driver.find_element(By.XPATH, "//button[text()='Zoom in']").click()
    shot(driver.find_element(By.ID, "fl-keyness"), "keyness_scatter.png")
    assert not errors(driver)


def test_aligned_sentences_and_quotes(driver, out_dir):
    open_event(driver, out_dir)
    groups = driver.find_elements(By.CSS_SELECTOR, "#fl-aligned .fl-align")
    assert groups
    assert driver.find_elements(By.CSS_SELECTOR, "#fl-aligned mark.fl-diff")
    shot(driver.find_element(By.ID, "fl-aligned"), "aligned.png")
    sel = Select(driver.find_element(By.ID, "fl-speaker"))
    speaker = sel.options[1].get_attribute("value")
    sel.select_by_index(1)
    whos = [w.text for w in driver.find_elements(By.CSS_SELECTOR, "#fl-quote-list .who")]
    assert whos and all(w == speaker for w in whos), (speaker, whos)
    shot(driver.find_element(By.ID, "fl-quotes"), "quotes.png")
    # Tables sort and filter.
    table = driver.find_element(By.CSS_SELECTOR, "table[data-table='quotes.csv']")
    table.find_element(By.CSS_SELECTOR, "th button.fl-sort").click()
    assert table.find_element(By.CSS_SELECTOR, "th").get_attribute("aria-sort") == "ascending"
    shot(driver, "event_page.png")
    assert not errors(driver)


def test_index_searches_across_events(driver, out_dir):
    driver.get((out_dir / "index.html").as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "fl-q"))
    search(driver, "killer")
    rows = driver.find_elements(By.CSS_SELECTOR, "#fl-results table tbody tr")
    assert rows and EVENT in rows[0].text
    link = driver.find_element(By.CSS_SELECTOR, "table[data-table=events] tbody a")
    assert link.get_attribute("href").endswith(f"{EVENT}/report.html")
    shot(driver, "index.png")
    assert not errors(driver)


@pytest.fixture(scope="module")
def two_event_dir(tmp_path_factory):
    """The seeds as two events (whole texts, and their first halves), so the
    run writes a corpus summary."""
    import json
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib
    base = tmp_path_factory.mktemp("two-events")
    manifest = tomllib.loads((ROOT / "seeds" / "manifest.toml").read_text())
    lines = []
    for d in manifest["document"]:
        text = (ROOT / "seeds" / d["file"]).read_text()
        for event, body in (("whole", text), ("first-half", text[: len(text) // 2])):
            lines.append(json.dumps({"id": d["id"] + event, "outlet": d["outlet"], "event_id": event, "text": body}))
    corpus = base / "two.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    out = base / "out"
    subprocess.run(
        [os.environ["FRAMELENS_BIN"], "compare", str(corpus), "--out", str(out), "--quiet",
         "--format", "svg", "--resamples", "50", "--permutations", "50"],
        check=True,
    )
    return out


def test_the_summary_page_searches_across_events(driver, two_event_dir):
    page = two_event_dir / "summary" / "report.html"
    driver.get(page.as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "fl-q"))
    search(driver, "killer")
    status = driver.find_element(By.CSS_SELECTOR, "#fl-results [role=status]").text
    assert "2 of 2 events" in status, status
    links = driver.find_elements(By.CSS_SELECTOR, "#fl-results table tbody a")
    assert {l.text for l in links} == {"whole", "first-half"}
    # The links lead from the summary folder to each event's page.
    for l in links:
        assert l.get_attribute("href").endswith(f"/{l.text}/report.html"), l.get_attribute("href")
    links[0].click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "fl-bars"))
    assert driver.current_url.endswith("/report.html") and "/summary/" not in driver.current_url
    driver.get(page.as_uri())
    shot(driver, "summary_search.png")
    assert not errors(driver)
