"""The repo configuration (``lisplan.yaml``, ``kind: config``)."""

from __future__ import annotations

from typing import Literal

from lisplan.models.common import Model


class Config(Model):
    """The repo configuration, ``lisplan.yaml`` at the repo root: how accession numbers are stored."""

    kind: Literal["config"]
    accession_storage: Literal["plain", "hmac-sha256"] = "plain"
    #: where the key for hmac-sha256 is (a file outside the repo; ~ allowed). LISPLAN_ACCESSION_KEY wins.
    accession_key_file: str | None = None
    #: sign-off commits must be signed (check --verify-signoffs), whatever the plan says
    require_signed_commits: bool = False
    #: the language lisplan speaks in this repo (bokmål or English); --lang and LISPLAN_LANG override it
    language: Literal["nb", "en"] | None = None
    note: str | None = None
