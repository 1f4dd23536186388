"""files/roundtrip.py: new values for some top-level keys, every other byte kept."""

from __future__ import annotations

from pathlib import Path

import pytest

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
