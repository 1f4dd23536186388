"""Setting up: ``init`` (a new plan repo, or a new trainee in one) and ``schema`` (JSON Schemas for editors)."""

from __future__ import annotations

from pathlib import Path

from lisplan.commands.errors import Stop
from lisplan.commands.session import Session, parse_date
from lisplan.present import output


def init(
    s: Session,
    folder: Path | None,
    *,
    trainee: str,
    name: str,
    plan: str,
    start: str,
    employment: float,
    goal_sets: list[str],
    source: str | None,
) -> None:
    """Make a plan repo in ``folder`` (default: --repo, else here), or add the trainee to the one there."""
    from lisplan.commands.scaffold import InitRefused, NewTrainee, init, installed_source
    from lisplan.present.schema import SCHEMA_DIR

    wanted = NewTrainee(trainee, name, plan, parse_date(start, "--start"), employment, goal_sets)
    try:
        done = init(
            folder or s.repo or Path("."),
            wanted,
            today=s.today(),
            source=source if source is not None else installed_source(),
        )
    except InitRefused as e:
        raise Stop(e.message, e.hint) from None
    output.print_initialised(done, trainee, SCHEMA_DIR)


def schema(s: Session, out: Path | None) -> None:
    """Write a JSON Schema for every file kind into ``out`` (default: .lisplan/schema in the plan repo)."""
    from lisplan.present.schema import SCHEMA_DIR, SchemaError, write_schemas

    folder = out if out is not None else s.root / SCHEMA_DIR
    try:
        written = write_schemas(folder)
    except SchemaError as e:
        raise Stop(e.message, e.hint) from None
    output.plain(f"Wrote {len(written)} schemas to {folder}: {', '.join(p.name for p in written)}")
