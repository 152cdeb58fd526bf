"""First paint, explorer start-up and in-page search time of explorer pages.

Usage: python benches/explorer_timing.py OUT_DIR [N]

OUT_DIR is the output of `framelens compare` (one folder per event, each
with report.html). Up to N event pages (default 20, in folder order) are
opened from file:// in headless Chromium; for each, the browser's
first-contentful-paint, the time the explorer script took to build the page
(window.__flReadyMs) and the in-page time of a search for the page's most
frequent keyness term (window.__flLastSearchMs) are printed, then medians and
maxima, with the machine's load. Needs selenium, chromium and chromedriver
(as .ci/run installs them). A benchmark, not a test: nothing is asserted.
"""

import os
import pathlib
import shutil
import statistics
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait


def driver():
    opts = Options()
    opts.binary_location = os.environ.get("FRAMELENS_CHROMIUM") or shutil.which("chromium") or "chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1800",
              "--disable-dev-shm-usage", "--allow-file-access-from-files"):
        opts.add_argument(a)
    service = Service(os.environ.get("FRAMELENS_CHROMEDRIVER") or shutil.which("chromedriver"))
    return webdriver.Chrome(service=service, options=opts)


def measure(d, page):
    t = time.perf_counter()
    d.get(page.as_uri())
    WebDriverWait(d, 30).until(lambda x: x.execute_script("return window.__flReadyMs !== undefined;"))
    load = (time.perf_counter() - t) * 1000
    fcp = d.execute_script(
        "var e = performance.getEntriesByName('first-contentful-paint'); return e.length ? e[0].startTime : null;"
    )
    ready = d.execute_script("return window.__flReadyMs;")
    bars = d.find_elements(By.CSS_SELECTOR, "#fl-bars .fl-bar")
    term = bars[0].get_attribute("data-term") if bars else "said"
    box = d.find_element(By.ID, "fl-q")
    box.clear()
    box.send_keys(term, Keys.ENTER)
    WebDriverWait(d, 30).until(
        lambda x: term in x.find_element(By.CSS_SELECTOR, "#fl-results [role=status]").text
    )
    search = d.execute_script("return window.__flLastSearchMs;")
    return page.stat().st_size, load, fcp, ready, search, term


def main():
    out = pathlib.Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    pages = sorted(out.glob("*/report.html"))[:n]
    if not pages:
        sys.exit(f"error: {out}: no */report.html (run framelens compare first)")
    print(f"load average before: {os.getloadavg()}")
    d = driver()
    rows = []
    try:
        measure(d, pages[0])  # warm the browser once
        for p in pages:
            rows.append(measure(d, p))
            size, load, fcp, ready, search, term = rows[-1]
            paint = "   n/a" if fcp is None else f"{fcp:6.0f}"
            print(f"{p.parent.name[:40]:40} {size / 1024:7.0f} KB  load {load:6.0f} ms  "
                  f"first paint {paint} ms  explorer ready {ready:6.1f} ms  search {term!r} {search:5.1f} ms")
    finally:
        d.quit()
    for i, name in [(2, "first paint (ms)"), (3, "explorer ready (ms)"), (4, "search (ms)"), (1, "load, driver (ms)")]:
        v = [r[i] for r in rows if r[i] is not None]
        print(f"{name:22} median {statistics.median(v):7.1f}  max {max(v):7.1f}  over {len(v)} pages")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
