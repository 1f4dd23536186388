"""lisplan site: the department's pages hold the numbers lisplan cohort gives, every picture says what it
shows and draws its labels whole, and a folder is never built over someone else's files.

These read the HTML with a parser; tests/test_site_browser.py opens the same pages in Chromium."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import PROJECT


class _Page(HTMLParser):
    """The front page's cells with a data-key (per trainee), every SVG's title, and every label's text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.trainee: str | None = None
        self.links: list[str] = []
        self.svgs = 0
        self.titles: list[str] = []
        self.labels: list[tuple[str, str]] = []  # (data-full, the text of its tspans)
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and a.get("data-trainee"):
            self.trainee = a["data-trainee"]
            self.rows[self.trainee] = {}
        if a.get("data-key") and self.trainee:
            self.rows[self.trainee][a["data-key"] or ""] = a.get("data-value") or ""
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag == "svg":
            self.svgs += 1
        if tag == "title" and self.svgs:
            self._in, self._text = "title", []
        if tag == "text" and "data-full" in a:
            self._in, self._text = "text", [a["data-full"] or ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in == "title":
            self.titles.append("".join(self._text))
            self._in = None
        if tag == "text" and self._in == "text":
            full, *spans = self._text
            self.labels.append((full, " ".join(s.strip() for s in spans if s.strip())))
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_front_page_numbers_are_cohorts(cli, tmp_path):
    code, out = cli("site", str(tmp_path / "site"), repo=PROJECT)
    assert code == 0, out
    cohort = json.loads(cli("cohort", "--format", "json", repo=PROJECT)[1])
    page = _read(tmp_path / "site" / "index.html")
    assert list(page.rows) == [r["trainee"] for r in cohort["rows"]]  # ranked as cohort ranks them
    for row in cohort["rows"]:
        shown = page.rows[row["trainee"]]
        for key, value in shown.items():
            expected = "" if row[key] is None else str(row[key])
            assert value == expected, (row["trainee"], key)
        assert set(shown) == {
            "service_months",
            "percent_approved",
            "behind",
            "ready",
            "supervision_overdue",
            "next_review",
            "completion",
            "problems",
        }
    assert page.links == ["eksempel-lis/index.html", "eksempel-lis-2026/index.html"]
    for link in page.links:
        assert (tmp_path / "site" / link).is_file()


def test_every_picture_has_a_title_and_whole_labels(cli, tmp_path):
    assert cli("--lang", "nb", "site", str(tmp_path / "site"), repo=PROJECT)[0] == 0
    for page in ("index.html", "eksempel-lis/index.html"):
        found = _read(tmp_path / "site" / page)
        assert found.svgs and len(found.titles) == found.svgs, page
        assert all(t.strip() for t in found.titles)
        for full, drawn in found.labels:
            assert drawn == full
    trainee = _read(tmp_path / "site" / "eksempel-lis" / "index.html")
    # a part name that status cuts ("Systemforståelse, organisasjon…") is drawn whole, over two lines
    whole = "Systemforståelse, organisasjonsutvikling, ledelse og samhandling"
    assert (whole, whole) in trainee.labels
    assert re.search(r'data-full="Systemforståelse[^"]*"><tspan[^>]*>[^<]*</tspan><tspan', html_of(tmp_path))
    assert "Læringsmål per del: 1 av 88 godkjent" in trainee.titles
    assert any(t.startswith("skjelettscintigrafi: 287 av 400 per 23.11.2026") for t in trainee.titles)
    html = (tmp_path / "site" / "eksempel-lis" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../index.html">' in html and '<html lang="nb">' in html


def html_of(tmp_path: Path) -> str:
    return (tmp_path / "site" / "eksempel-lis" / "index.html").read_text(encoding="utf-8")


def test_site_in_english(cli, tmp_path):
    assert cli("--lang", "en", "site", str(tmp_path / "site"), repo=PROJECT)[0] == 0
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Trainees in specialist training" in html


def test_a_folder_with_other_files_is_refused_and_a_rebuild_removes_what_left(cli, tmp_path, repo):
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    code, out = cli("site", str(other), repo=PROJECT)
    assert code == 2 and "the folder is not empty, and lisplan did not build a site there" in out
    assert "name an empty or new folder" in out and (other / "notes.txt").read_text(encoding="utf-8") == "mine"

    code, out = cli("site", str(repo.root / "data" / "logs" / "site"), repo=repo)
    assert code == 2 and "it is in the repo's data/ folder, where lisplan reads its files" in out
    assert "build the site in a folder of its own" in out and not (repo.root / "data" / "logs" / "site").exists()

    site = tmp_path / "site"
    assert cli("site", str(site), repo=PROJECT)[0] == 0
    (site / "eksempel-lis" / "stale.html").write_text("not lisplan's", encoding="utf-8")
    (site / "gone").mkdir()
    (site / "gone" / "index.html").write_text("x", encoding="utf-8")
    (site / ".lisplan-site").write_text("gone/index.html\n../outside.html\n", encoding="utf-8")
    (tmp_path / "outside.html").write_text("keep", encoding="utf-8")
    assert cli("site", str(site), repo=PROJECT)[0] == 0
    assert not (site / "gone").exists()  # listed as written last time: removed with its folder
    assert (site / "eksempel-lis" / "stale.html").exists()  # not listed: left alone
    assert (tmp_path / "outside.html").read_text(encoding="utf-8") == "keep"  # outside the folder: never


def test_a_trainee_with_errors_is_a_marked_row_without_a_page(cli, tmp_path, repo):
    repo.trainee("ola")
    repo.trainee("kari")
    repo.write("data/logs/kari/2026.yaml", "kind: log\nentries:\n  - date: 2026-01-05\n    goalz: [FKM-001]\n")
    code, out = cli("site", str(tmp_path / "site"), repo=repo)
    assert code == 1
    assert "left out: their files have errors" in out
    page = _read(tmp_path / "site" / "index.html")
    assert list(page.rows) == ["kari", "ola"]  # errors first: nothing about them can be trusted
    out = cli("cohort", "--format", "json", repo=repo)[1]
    cohort = json.JSONDecoder().raw_decode(out[out.index("{") :])[0]  # the warning naming kari is around it
    errors = cohort["rows"][0]["problems"]
    assert errors >= 1 and page.rows["kari"]["problems"] == str(errors) and page.links == ["ola/index.html"]
    assert not (tmp_path / "site" / "kari").exists()
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'data-value="{errors}">{errors} (errors?|feil)<', html)
