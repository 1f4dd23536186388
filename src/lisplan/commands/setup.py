"""Setting up: ``init`` (a new plan repo, or a new trainee in one) and ``schema`` (JSON Schemas for editors)."""

from __future__ import annotations

from pathlib import Path

from lisplan.commands.errors import Stop
from lisplan.commands.session import Session, parse_date
from lisplan.core.i18n import _, ngettext
from lisplan.present import output


def init(
    s: Session,
    folder: Path | None,
    *,
    trainee: str | None,
    name: str | None,
    plan: str | None,
    start: str | None,
    employment: float,
    goal_sets: list[str],
    source: str | None,
    upgrade_ci: bool = False,
) -> None:
    """Make a plan repo in ``folder`` (default: --repo, else here), or add the trainee to the one there;
    with ``upgrade_ci`` (and no trainee) rewrite the CI files init wrote to this version's templates."""
    from lisplan.commands.scaffold import InitRefused, NewTrainee, init, installed_source
    from lisplan.commands.scaffold import upgrade_ci as upgrade
    from lisplan.present.schema import SCHEMA_DIR

    where = folder or s.repo or Path(".")
    given = {"--trainee": trainee, "--name": name, "--plan": plan, "--start": start}
    if upgrade_ci:
        if any(v is not None for v in given.values()):
            raise Stop(
                _("--upgrade-ci takes no trainee"), _("run lisplan init --upgrade-ci on its own, in the plan repo")
            )
        try:
            output.print_ci_upgrade(upgrade(where, source=source if source is not None else installed_source()))
        except InitRefused as e:
            raise Stop(e.message, e.hint) from None
        return
    if trainee is None or name is None or plan is None or start is None:
        missing = [option for option, v in given.items() if v is None]
        raise Stop(
            _("Missing option {hint}.").format(hint=", ".join(missing)).rstrip("."),
            _("lisplan init DIR --trainee ID --name NAME --plan PLAN --start DATE"),
        )
    wanted = NewTrainee(trainee, name, plan, parse_date(start, "--start"), employment, goal_sets)
    try:
        done = init(
            where,
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
    output.plain(
        ngettext(
            "Wrote {n} schema to {folder}: {names}", "Wrote {n} schemas to {folder}: {names}", len(written)
        ).format(n=len(written), folder=folder, names=", ".join(p.name for p in written))
    )
