"""A command's session with the repo: load it, then run the checks on what loaded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lisplan.checks import check_loaded
from lisplan.load.loader import Loaded, load


def load_checked(
    root: Path | None,
    *,
    packaged: bool = True,
    checks: bool = True,
    logs: bool = True,
    trainee: str | None = None,
    today: dt.date | None = None,
) -> Loaded:
    """``load`` the repo at ``root`` (see there for the options), then the checks unless ``checks=False``."""
    loaded = load(root, packaged=packaged, logs=logs, trainee=trainee)
    if checks:
        check_loaded(loaded, today)
    return loaded
