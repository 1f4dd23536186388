"""Who a commit says made and signed it, as sign-off verification reads it: e-mails compared, git's
signature states, signers and signing keys matched, and the squash merge that makes whoever merged the
author of every line."""

from __future__ import annotations

import re

from lisplan.core.i18n import N_, _
from lisplan.files.gitops import Commit
from lisplan.models.plan import Supervisor

#: git's signature states (%G?) that are good: G, and U (good, of unknown validity)
GOOD_SIGNATURES = {"G", "U"}
#: gitops.SIGNATURE_STATES' words, marked here for translation where a problem says them
_SIGNATURE_WORDS = (
    N_("a good signature"),
    N_("a good signature of unknown validity"),
    N_("a good signature that has expired"),
    N_("a good signature by an expired key"),
    N_("a good signature by a revoked key"),
    N_("a signature git cannot check (the key is missing)"),
    N_("a bad signature"),
    N_("no signature"),
)


def same_email(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a.strip().casefold() == b.strip().casefold()  # type: ignore[union-attr]


def signer_is(signer: str, email: str | None) -> bool:
    """Whether the signer git reports (``Name <e-mail>``, or an SSH principal) is this e-mail."""
    if not signer or not email:
        return False
    found = re.findall(r"<([^<>]+)>", signer) or [signer]
    return any(same_email(f, email) for f in found)


def key_matches(listed: str, reported: str) -> bool:
    """A key id matches the fingerprint it ends, ignoring spaces and case (GPG); SSH keys match whole."""
    a, b = (k.replace(" ", "").casefold() for k in (listed, reported))
    return a == b or (len(a) >= 16 and b.endswith(a)) or (len(b) >= 16 and a.endswith(b))


_SQUASHED = re.compile(r"\((?:#|!)\d+\)\s*$")


def squash_note(c: Commit, sup: Supervisor) -> str:
    """Why a sign-off may read as someone else's: the commit looks like a squash merge."""
    first = c.message.strip().splitlines()[0] if c.message.strip() else ""
    coauthor = bool(sup.email) and any(
        line.lower().startswith("co-authored-by:") and sup.email.lower() in line.lower()  # type: ignore[union-attr]
        for line in c.message.splitlines()
    )
    if not (coauthor or _SQUASHED.search(first)):
        return ""
    if coauthor:
        return _(
            "; {commit} looks like a squash merge (it names {id} as co-author), which makes whoever merged the "
            "author of every line: merge with a merge commit (or rebase) to keep the supervisor's commit "
            "(the manual: docs/sikkerhet.md)"
        ).format(commit=c.short, id=sup.id)
    return _(
        "; {commit} looks like a squash merge, which makes whoever merged the author of every line: merge with "
        "a merge commit (or rebase) to keep the supervisor's commit (the manual: docs/sikkerhet.md)"
    ).format(commit=c.short)
