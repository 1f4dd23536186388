"""lisplan render and lisplan cohort: the documents agree with the computations, and parse as what they claim."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from conftest import PROJECT, TODAY
from lisplan.commands.session import load_checked as load
from lisplan.compute.progress import State, compute
from lisplan.present import views

AS_OF = dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def example():
    loaded = load(PROJECT, today=AS_OF)
    return compute(loaded.workspace, loaded.workspace.trainees["eksempel-lis"], AS_OF)


def _tables(markdown: str) -> list[list[list[str]]]:
    """Every table in the document as rows of cell texts (header row first), by a real Markdown parser."""
    tokens = MarkdownIt().enable("table").parse(markdown)
    tables, rows, row, in_cell = [], None, None, False
    for tok in tokens:
        if tok.type == "table_open":
            rows = []
        elif tok.type == "table_close":
            tables.append(rows)
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            rows.append(row)
        elif tok.type in ("th_open", "td_open"):
            in_cell = True
            row.append("")
        elif tok.type in ("th_close", "td_close"):
            in_cell = False
        elif tok.type == "inline" and in_cell:
            row[-1] = tok.content
    return tables


def test_review_markdown_holds_the_status_figures(cli, tmp_path, example):
    target = tmp_path / "plan.md"
    code, out = cli("render", str(target), "--lang", "nb", repo=PROJECT)
    assert code == 0, out
    text = target.read_text(encoding="utf-8")
    status = views.status(example)
    s = status["summary"]
    percent = f"{s['percent_approved']:.1f}".replace(".", ",")  # bokmål: a decimal comma
    assert f"**{s['approved']} / {s['total']}** ({percent} %)" in text
    tables = _tables(text)
    parts_table = next(t for t in tables if t[0][0] == "Del")
    assert len(parts_table) - 1 == len(status["parts"])
    for row, part in zip(parts_table[1:], status["parts"], strict=True):
        assert row[1] == f"{part['approved']} / {part['total']}" and row[2] == str(part["ready"])
    ready_table = next((t for t in tables if t[0][0] == "Læringsmål" and t[0][-1] == "Del"), [[]])
    assert [r[0] for r in ready_table[1:]] == [g.info.code for g in example.goals if g.state is State.READY]
    procedures = next(t for t in tables if t[0][0] == "Prosedyre")
    with_minimum = [pp for pp in example.procedures if pp.procedure.minimum is not None]  # the others have no pace
    for row, pp in zip(procedures[1:], with_minimum, strict=True):
        assert row[1:4] == [str(pp.done), str(pp.procedure.minimum), str(pp.left)]
    assert "Fiktiv LIS" in text and "Signaturer" in text


def test_since_lists_the_goals_approved_after_it(cli, tmp_path, example):
    target = tmp_path / "plan.md"
    assert cli("render", str(target), "--since", "2024-06-01", "--lang", "en", repo=PROJECT)[0] == 0
    text = target.read_text(encoding="utf-8")
    table = next(t for t in _tables(text) if t[0][:2] == ["Learning goal", "Text"] and t[0][-1] == "Signed off by")
    expected = [g.info.code for g in example.goals if g.approved_on and g.approved_on > dt.date(2024, 6, 1)]
    assert [r[0] for r in table[1:]] == expected and expected
    assert "Semi-annual review" in text


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_review_html_is_one_page_with_svg_charts(cli, tmp_path):
    target = tmp_path / "plan.html"
    assert cli("render", str(target), repo=PROJECT)[0] == 0
    html = target.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    # the part chart, the timeline, and one picture for the example's one procedure list
    assert parser.tags.count("svg") == 3 and "rect" in parser.tags and "style" in parser.tags
    assert "<link" not in html and "<script" not in html  # self-contained
    assert "@page { size: A4" in html


def test_review_holds_each_procedure_lists_count_month_by_month():
    """The picture of a procedure list is drawn from its count at the end of each month: the example's
    skeleton scintigraphies end at the 287 that status counts, never going down."""
    from lisplan.present.review import computed, review

    loaded = load(PROJECT, today=AS_OF)
    ws = loaded.workspace
    tf = ws.trainees["eksempel-lis"]
    (proc,) = review(*computed(ws, tf, AS_OF), None, ws, tf)["procedures"]
    months = [m for m, _n in proc["history"]]
    counts = [n for _m, n in proc["history"]]
    assert proc["id"] == "skeleton-scintigraphy" and counts[-1] == proc["done"] == 287
    assert months == sorted(months) and counts == sorted(counts) and months[-1] <= TODAY[:7]


def test_review_markdown_timeline_shows_leave_and_part_time(cli, tmp_path):
    """The example's profile (data/logs/eksempel-lis/trainee.yaml): six months of full leave from 1 March
    2025 and 80 % from 1 January 2026. The leave pushes the third phase (000: 1½-3 years) from 1 March
    to 1 September 2025, so the table shows the leave between the second phase's end and its start."""
    target = tmp_path / "plan.md"
    assert cli("--lang", "en", "render", str(target), repo=PROJECT)[0] == 0
    table = next(t for t in _tables(target.read_text(encoding="utf-8")) if t[0][0] == "Period")
    rows = [(r[0], r[2], r[3]) for r in table[1:]]
    assert rows[1:5] == [
        ("1/2-1 1/2 år, Avd. for nukleærmedisin", "2024-03-01", "2025-02-28"),
        ("Leave (100 %)", "2025-03-01", "2025-08-31"),
        ("1 1/2-3 år, Avd. for nukleærmedisin ←", "2025-09-01", "2027-06-15"),
        ("Employment 80 %", "2026-01-01", ""),
    ]


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_the_markdown_without_warnings(cli, tmp_path):
    target = tmp_path / "plan.md"
    assert cli("render", str(target), repo=PROJECT)[0] == 0
    done = subprocess.run(
        ["pandoc", "--fail-if-warnings", "-f", "gfm", "-t", "html", str(target)], capture_output=True, text=True
    )
    assert done.returncode == 0 and not done.stderr, done.stderr


def test_template_errors_name_the_file_and_line(cli, repo, tmp_path):
    repo.trainee()
    repo.write("templates/review.md.j2", "# {{ _('Next review') }}\n\n{% for x in %}\n")
    code, out = cli("render", str(tmp_path / "plan.md"), repo=repo)
    assert code == 1
    assert "templates/review.md.j2:3" in out
    assert not (tmp_path / "plan.md").exists()
    repo.write("templates/review.md.j2", "# {{ _('Next review') }}\n\n{{ trainee.nmae }}\n")
    code, out = cli("render", str(tmp_path / "plan.md"), repo=repo)
    assert code == 1 and "review.md.j2:3" in out and "nmae" in out


def test_repo_template_and_template_option(cli, repo, tmp_path):
    repo.trainee()
    repo.write("templates/review.md.j2", "Ours: {{ trainee.name }}\n")
    assert cli("render", str(tmp_path / "a.md"), repo=repo)[0] == 0
    assert (tmp_path / "a.md").read_text() == "Ours: Test LIS\n"
    own = repo.write(
        "mine.md.j2", "{{ _('Semi-annual review of the individual training plan') }} / {{ summary.total }}\n"
    )
    assert cli("render", str(tmp_path / "b.md"), "--template", str(own), "--lang", "en", repo=repo)[0] == 0
    assert (tmp_path / "b.md").read_text().startswith("Semi-annual review of the individual training plan / ")


@pytest.mark.parametrize(("name", "message"), [("nope/plan.md", "does not exist"), ("plan.pdf", "writes .md or .html")])
def test_bad_output_paths(cli, tmp_path, name, message):
    code, out = cli("render", str(tmp_path / name), repo=PROJECT)
    assert code == 2 and message in out
    assert not (tmp_path / "nope").exists()


def _trainee(repo, tid, start, approvals=()):
    repo.trainee(tid)
    text = (repo.root / f"data/logs/{tid}/trainee.yaml").read_text().replace("start: 2023-09-01", f"start: {start}")
    text = text.replace("name: Test LIS", f"name: {tid.title()}")  # the cohort shows trainees by name
    repo.write(f"data/logs/{tid}/trainee.yaml", text)
    if approvals:
        repo.log(
            2026,
            "".join(f"- signoff: {g}\n  by: sup\n  date: 2026-01-0{i + 1}\n" for i, g in enumerate(approvals)),
            tid=tid,
        )


def test_cohort_ranks_the_furthest_behind_first(cli, repo, tmp_path):
    _trainee(repo, "anna", "2023-01-01")  # nothing approved after 3 years
    _trainee(repo, "berit", "2023-01-01", ["NUK-103", "NUK-104", "NUK-105", "NUK-106"])  # radiation protection done
    _trainee(repo, "carl", "2026-10-01")  # just started
    code, out = cli("cohort", "--format", "json", repo=repo)
    assert code == 0, out
    import json

    rows = json.loads(out)["rows"]
    assert [r["trainee"] for r in rows] == ["anna", "berit", "carl"]
    assert rows[0]["behind"] - rows[1]["behind"] == 4 and rows[2]["behind"] == 0
    code, out = cli("render", str(tmp_path / "cohort.md"), repo=repo)
    assert code == 0, out
    table = _tables((tmp_path / "cohort.md").read_text())[0]
    assert [r[0] for r in table[1:]] == ["Anna (anna)", "Berit (berit)", "Carl (carl)"]  # by name, id beside it
    code, out = cli("cohort", repo=repo)
    assert code == 0 and out.index("Anna") < out.index("Berit") < out.index("Carl")
