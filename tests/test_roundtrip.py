"""files/roundtrip.py: new values for some top-level keys, every other byte kept."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import yaml_data
from lisplan.files.roundtrip import EditError, edited_text, write_edited

PLAN = """\
kind: plan   # the kind
id: x
# procedures come first
procedures:
  - id: a
    name: "A"
    minimum: 10   # from the source
    count_roles: [described, signed]
# the activities; this comment is about goal_activities
goal_activities:
  - goal: NUK-068
    activities:
      - {kind: introduction}            # 000 §2.1.3 b
      - {kind: mdt, topic: lungekreft}  # 000 §2.1.3 c
  - goal: NUK-085
    activities:
      - {kind: mdt, topic: lungekreft}   # last item's comment

# a comment about the next key, which lisplan must keep where it is
required_courses: [nm-1]
note: null
"""


def flow(where: tuple[str | int, ...]) -> bool:
    return len(where) == 4


def test_nothing_asked_changes_nothing() -> None:
    assert edited_text(PLAN, {}, flow) == PLAN


def test_same_values_change_nothing() -> None:
    values = {
        "goal_activities": [
            {"goal": "NUK-068", "activities": [{"kind": "introduction"}, {"kind": "mdt", "topic": "lungekreft"}]},
            {"goal": "NUK-085", "activities": [{"kind": "mdt", "topic": "lungekreft"}]},
        ]
    }
    assert edited_text(PLAN, values, flow) == PLAN


def test_removing_the_last_item_keeps_the_comments_of_what_follows() -> None:
    values = {
        "goal_activities": [
            {"goal": "NUK-068", "activities": [{"kind": "introduction"}, {"kind": "self-study", "topic": "no"}]},
        ],
        "procedures": [{"id": "a", "name": "A", "minimum": 20, "count_roles": ["described", "signed"]}],
    }
    expected = PLAN.replace("    minimum: 10   # from the source", "    minimum: 20   # from the source").replace(
        "      - {kind: mdt, topic: lungekreft}  # 000 §2.1.3 c\n"
        "  - goal: NUK-085\n    activities:\n"
        "      - {kind: mdt, topic: lungekreft}   # last item's comment\n",
        # "no" is quoted: a YAML 1.1 reader would take it for false
        '      - {kind: self-study, topic: "no"}\n',
    )
    assert edited_text(PLAN, values, flow) == expected


def test_a_missing_key_is_added_at_the_end_and_crlf_is_kept() -> None:
    text = "kind: plan\r\nid: x\r\n"
    out = edited_text(text, {"goal_activities": [{"goal": "NUK-068", "activities": [{"kind": "mdt"}]}]}, flow)
    assert (
        out == "kind: plan\r\nid: x\r\n\r\n"
        "goal_activities:\r\n  - goal: NUK-068\r\n    activities:\r\n      - {kind: mdt}\r\n"
    )


def test_an_empty_flow_list_becomes_a_block_list() -> None:
    text = "kind: plan\n# none yet\ngoal_activities: []\n\n# next\ntimeline: []\n"
    out = edited_text(text, {"goal_activities": [{"goal": "NUK-116", "activities": [{"kind": "introduction"}]}]}, flow)
    assert out == (
        "kind: plan\n# none yet\ngoal_activities:\n  - goal: NUK-116\n    activities:\n"
        "      - {kind: introduction}\n\n# next\ntimeline: []\n"
    )


def test_a_file_changed_underneath_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    original = path.read_bytes()
    new = edited_text(PLAN, {"note": "x"}, flow)
    path.write_text(PLAN + "# someone else\n", encoding="utf-8")
    with pytest.raises(EditError, match="changed while lisplan was working"):
        write_edited(path, original, new)
    assert path.read_text(encoding="utf-8") == PLAN + "# someone else\n"
    path.write_bytes(original)
    write_edited(path, original, new)
    assert path.read_text(encoding="utf-8") == PLAN.replace("note: null", "note: x")


GAPS = """\
goal_activities:
  # introduces NUK-068
  - goal: NUK-068
    activities:
      - {kind: introduction}
  # introduces NUK-085, two lines
  # of it
  - goal: NUK-085
    activities:
      - {kind: mdt, topic: lungekreft}   # on the line itself
  # introduces NUK-116
  - goal: NUK-116
    activities:
      - {kind: introduction}
"""
_068 = {"goal": "NUK-068", "activities": [{"kind": "introduction"}]}
_085 = {"goal": "NUK-085", "activities": [{"kind": "mdt", "topic": "lungekreft"}]}
_116 = {"goal": "NUK-116", "activities": [{"kind": "introduction"}]}


def test_deleting_an_item_keeps_the_comment_block_that_introduces_the_next() -> None:
    """ruamel keeps the lines between two items with the first; they introduce the second, so deleting the
    first must not take them along (found when the sheet import deleted NUK-085 of ous-nuk)."""
    out = edited_text(GAPS, {"goal_activities": [_068, _116]}, flow)
    # the block before NUK-085 stays too: nothing the user wrote is lost (it may head a group of items)
    assert out == GAPS.replace(
        "  - goal: NUK-085\n    activities:\n      - {kind: mdt, topic: lungekreft}   # on the line itself\n", ""
    )


def test_changing_an_items_last_value_keeps_the_comment_block_after_it() -> None:
    changed = {"goal": "NUK-085", "activities": [{"kind": "mdt", "topic": "brystkreft"}]}
    out = edited_text(GAPS, {"goal_activities": [_068, changed, _116]}, flow)
    assert "  # introduces NUK-116\n  - goal: NUK-116\n" in out
    assert "  # introduces NUK-085, two lines\n  # of it\n  - goal: NUK-085\n" in out
    assert "topic: brystkreft" in out and "lungekreft" not in out


def test_reordering_items_moves_each_comment_block_with_the_item_it_introduces() -> None:
    out = edited_text(GAPS, {"goal_activities": [_068, _116, _085]}, flow)
    assert out.index("goal: NUK-116") < out.index("goal: NUK-085")
    for line in ("# introduces NUK-068", "# introduces NUK-085, two lines", "# of it", "# introduces NUK-116"):
        assert out.count(line) == 1, line
    assert "lungekreft}   # on the line itself" in out
    assert out.index("# introduces NUK-085") < out.index("goal: NUK-085")
    assert out.index("goal: NUK-068") < out.index("# introduces NUK-116") < out.index("goal: NUK-116")


def test_deleting_the_last_item_keeps_the_block_that_introduced_it() -> None:
    out = edited_text(GAPS, {"goal_activities": [_068, _085]}, flow)
    assert out == GAPS[: GAPS.index("  - goal: NUK-116")]


def _comments(text: str, lines: range | None = None) -> Counter[str]:
    rows = text.splitlines()
    return Counter(rows[n].strip() for n in (lines or range(len(rows))) if rows[n].strip().startswith("#"))


PLANS = sorted((Path(__file__).parents[1] / "data" / "plans").glob("*.yaml"))


@pytest.mark.parametrize(
    ("plan", "every_item"),
    [
        *(pytest.param(p, False, id=f"{p.name}-items-near-comments") for p in PLANS),
        *(pytest.param(p, True, id=f"{p.name}-every-item", marks=pytest.mark.slow) for p in PLANS),
    ],
)
def test_no_comment_line_of_a_shipped_plan_is_lost_by_deleting_or_reordering_items(
    plan: Path, every_item: bool
) -> None:
    """Every list of every shipped plan, each item deleted in turn, rotated and reversed: every whole-line
    comment is still in the file, except those inside a deleted item itself (between its first and last
    line). Before the fix, rotating ous-nuk's goal_activities lost the nuk-2025 block.

    Each edit parses the whole plan again (ruamel, some 0.3 s for ous-nuk): the default run deletes and
    rotates at the first and last item of each list and at every item with a comment line in it or in an
    item beside it, the edits where a comment can be lost; an item among neighbours without comments takes
    the same path as the first item's neighbours. Every item of every list is slow (LISPLAN_SLOW=1, CI)."""
    text = plan.read_text(encoding="utf-8")
    data = yaml_data(text)
    doc = YAML().load(text)
    keys = list(doc)
    edits = 0
    for key, items in data.items():
        if not isinstance(items, list) or not items or doc[key].fa.flow_style():
            continue
        after = doc.lc.key(keys[keys.index(key) + 1])[0] if key != keys[-1] else len(text.splitlines())
        lost = _comments(text) - _comments(edited_text(text, {key: items[::-1]}, flow))
        assert not lost, f"{key}: reverse lost {sorted(lost)}"
        bounds = [doc[key].lc.item(i)[0] for i in range(len(items))] + [after]
        for i in range(len(items)):
            start, stop = bounds[i], bounds[i + 1]
            near = _comments(text, range(bounds[max(i - 1, 0)], bounds[min(i + 2, len(items))]))
            if not (every_item or near or i in (0, len(items) - 1)):
                continue
            own = _comments(text, range(start, stop)) - _comments(_trailing_comments(text, start, stop))
            for kind, new in (("delete", items[:i] + items[i + 1 :]), ("rotate", items[i + 1 :] + items[: i + 1])):
                out = edited_text(text, {key: new}, flow)
                lost = _comments(text) - _comments(out) - (own if kind == "delete" else Counter())
                assert not lost, f"{key}: {kind} item {i} lost {sorted(lost)}"
                edits += 1
    assert edits > 0


def _trailing_comments(text: str, start: int, stop: int) -> str:
    """The comment lines at the end of lines start..stop (after the item's last content line)."""
    rows = text.splitlines()[start:stop]
    while rows and (not rows[-1].strip() or rows[-1].strip().startswith("#")):
        rows.pop()
    return "\n".join(text.splitlines()[start + len(rows) : stop])
