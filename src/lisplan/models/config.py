"""The repo configuration (``lisplan.yaml``, ``kind: config``)."""

from typing import Literal

from lisplan.models.common import Model, Slug


class Config(Model):
    """The repo configuration, ``lisplan.yaml`` at the repo root: how accession numbers are stored, the
    language of the documents CI renders, whether CI publishes them as a static site."""

    kind: Literal["config"]
    accession_storage: Literal["plain", "hmac-sha256"] = "plain"
    #: where the key for hmac-sha256 is (a file outside the repo; ~ allowed). LISPLAN_ACCESSION_KEY wins.
    accession_key_file: str | None = None
    #: sign-off commits must be signed (check --verify-signoffs), whatever the plan says
    require_signed_commits: bool = False
    #: the language lisplan speaks in this repo (bokmål or English), also of the review documents
    #: ``lisplan render-all`` writes (and CI renders on the main branch); --lang and LISPLAN_LANG override it
    language: Literal["nb", "en"] | None = None
    #: CI publishes the cohort and the reviews as a static site (GitHub Pages / GitLab Pages); training
    #: data, no identity numbers. Read by ``lisplan init --upgrade-ci`` and by ``render-all --site``.
    pages: bool = False
    #: the trainee commands about one trainee work on when the repo has several and --trainee is not given
    default_trainee: Slug | None = None
    note: str | None = None
