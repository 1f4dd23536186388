"""The repo configuration (``lisplan.yaml``, ``kind: config``)."""

from __future__ import annotations

from typing import Literal

from .common import Model


class Config(Model):
    kind: Literal["config"]
    accession_storage: Literal["plain", "hmac-sha256"] = "plain"
    note: str | None = None
