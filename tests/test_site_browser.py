"""The department's site and the review page in a real browser: Chromium from the OS packages, driven by
Playwright, with axe-core for accessibility (WCAG 2.1 AA).

One browser for the whole module (a 2-core machine runs the suite); the pages are built once. Where no
Chromium is installed (``apt-get install chromium``) or the test extra is missing, every test here is
skipped with the reason. ``LISPLAN_SCREENSHOTS=update`` writes the README's screenshots
(docs/screenshots/) from these pages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import PROJECT, TODAY

SCREENSHOTS = PROJECT / "docs" / "screenshots"
VIEWPORTS = [(1280, 800), (390, 844)]  # a laptop, and a phone
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
#: the example trainee's review on A4 (data/logs/eksempel-lis at 2026-11-23): counted from the PDF
#: Chromium prints; a change that adds or removes a page of the review shows here
REVIEW_PAGES = 6


def _chromium() -> str | None:
    found = os.environ.get("LISPLAN_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return found if found and Path(found).exists() else None


sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')")
axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed (pip install '.[test]')"
)
pytestmark = pytest.mark.skipif(
    _chromium() is None, reason="no Chromium on this machine: apt-get install chromium (or set LISPLAN_CHROMIUM)"
)


def _lisplan(*args: str) -> str:
    env = {**os.environ, "LISPLAN_TODAY": TODAY, "LISPLAN_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "lisplan", "--repo", str(PROJECT), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example repo's site (bokmål, the default) and its review as ``render plan.html``."""
    folder = tmp_path_factory.mktemp("browser")
    _lisplan("site", str(folder / "site"))
    _lisplan("--lang", "nb", "render", str(folder / "plan.html"))
    return {
        "front": folder / "site" / "index.html",
        "trainee": folder / "site" / "eksempel-lis" / "index.html",
        "review": folder / "plan.html",
    }


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=_chromium())
        yield chromium
        chromium.close()


#: every <text> label of the pictures whose drawn text is not its full value, or that lies outside its picture
CUT_LABELS = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.viewBox.baseVal;
    for (const t of svg.querySelectorAll('text[data-full]')) {
      const drawn = Array.from(t.querySelectorAll('tspan')).map(s => s.textContent).join(' ') || t.textContent;
      const b = t.getBBox();
      const inside = b.x >= -0.5 && b.y >= -0.5
        && b.x + b.width <= box.width + 0.5 && b.y + b.height <= box.height + 0.5;
      if (drawn !== t.getAttribute('data-full') || !inside) out.push([drawn, t.getAttribute('data-full'), inside]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("page_name", ["front", "trainee", "review"])
def test_pages_are_accessible_and_whole_on_a_laptop_and_a_phone(browser, built, page_name):
    url = built[page_name].as_uri()
    for width, height in VIEWPORTS:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        violations = axe_module.Axe().run(page, options=WCAG_21_AA).response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == [], (page_name, width)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, (page_name, width)
        titles = page.eval_on_selector_all("svg", "all => all.map(s => (s.querySelector('title') || {}).textContent)")
        assert titles and all(t and t.strip() for t in titles), (page_name, width)
        assert page.evaluate(CUT_LABELS) == [], (page_name, width)
        for href in page.eval_on_selector_all("a[href]", "all => all.map(a => a.href)"):
            target = urlparse(href)
            assert target.scheme == "file" and Path(unquote(target.path)).is_file(), href
        page.close()


def test_front_page_numbers_are_cohorts_and_its_columns_sort(browser, built):
    cohort = json.loads(_lisplan("cohort", "--format", "json"))
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(built["front"].as_uri())
    shown = page.eval_on_selector_all(
        "#trainees > tbody > tr",
        """rows => rows.map(r => [r.dataset.trainee,
             Object.fromEntries(Array.from(r.querySelectorAll('[data-key]')).map(c => [c.dataset.key,
                 [c.dataset.value, c.innerText.trim()]]))])""",
    )
    assert [tid for tid, _cells in shown] == [r["trainee"] for r in cohort["rows"]]  # ranked as cohort ranks
    for (tid, cells), row in zip(shown, cohort["rows"], strict=True):
        for key, (value, _text) in cells.items():
            assert value == ("" if row[key] is None else str(row[key])), (tid, key)
        assert cells["service_months"][1] == str(row["service_months"]).replace(".", ",")  # as bokmål writes it
        assert cells["next_review"][1] == ".".join(reversed(row["next_review"].split("-")))
    # a click on "Tjenestetid" sorts by months of service, most first, then least first
    heading = page.locator("#trainees > thead th button", has_text="Tjenestetid")
    heading.click()
    months = [
        float(v)
        for v in page.eval_on_selector_all("#trainees > tbody > tr", "rs => rs.map(r => r.cells[1].dataset.value)")
    ]
    assert months == sorted(months, reverse=True)
    heading.click()
    months = [
        float(v)
        for v in page.eval_on_selector_all("#trainees > tbody > tr", "rs => rs.map(r => r.cells[1].dataset.value)")
    ]
    assert months == sorted(months)
    page.close()


def test_without_javascript_the_table_is_whole_and_in_cohorts_order(browser, built):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(built["front"].as_uri())
    assert page.locator("#trainees > thead th button").count() == 0  # nothing to press that would do nothing
    assert page.eval_on_selector_all("#trainees > tbody > tr", "rs => rs.map(r => r.dataset.trainee)") == [
        "eksempel-lis",
        "eksempel-lis-2026",
    ]
    context.close()


def _pages(pdf: bytes) -> list[tuple[float, float]]:
    """The size of each page of a PDF, in points."""
    sizes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    count = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    return [(float(w), float(h)) for w, h in sizes][:count] if len(sizes) >= count else [(0.0, 0.0)] * count


def test_printing(browser, built):
    page = browser.new_page()
    page.goto(built["trainee"].as_uri())
    review = _pages(page.pdf(prefer_css_page_size=True))
    assert len(review) == REVIEW_PAGES
    assert all(abs(w - 595) < 2 and abs(h - 842) < 2 for w, h in review)  # A4 portrait
    page.goto(built["front"].as_uri())
    front = _pages(page.pdf(prefer_css_page_size=True))
    assert len(front) == 1 and abs(front[0][0] - 842) < 2 and abs(front[0][1] - 595) < 2  # A4 landscape
    page.close()


def test_screenshots(browser, built, tmp_path):
    """The README's two pictures of the site; written to docs/screenshots/ with LISPLAN_SCREENSHOTS=update."""
    folder = SCREENSHOTS if os.environ.get("LISPLAN_SCREENSHOTS") == "update" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    for name, full in (("front", False), ("trainee", False)):
        page.goto(built[name].as_uri())
        target = folder / f"site-{name}.png"
        page.screenshot(path=str(target), full_page=full)
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.close()
