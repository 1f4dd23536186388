"""Verified sign-offs: git history proves who signed what (``lisplan check --verify-signoffs``).

A sign-off entry names its supervisor (``by:``); the supervisor's git e-mail is in the plan or the
trainee's profile. ``git blame`` (one call per log file, only over the sign-offs' lines) tells who
committed each line. A sign-off passes when every line of it was committed by that supervisor: its
first line (``- signoff: …``) by them, and any later change to it by them too. Only the ``portal:``
key is the trainee's own bookkeeping (``lisplan portal --mark``) and is left out, with blank and
comment lines, which change no data. With ``require_signed_commits`` (in the plan or in
``lisplan.yaml``) the supervisor's commits must carry a good signature, by the key the supervisor lists
(``signing_key``) when one is listed, else by a signer git names with the supervisor's e-mail.

Blame cannot see a deleted line, so each entry is also compared with its content at the newest of the
supervisor's commits among its lines: a key removed since (``activity:``, which would turn an activity
sign-off into a goal approval) is reported unless only the supervisor changed the file since. Authors
are the raw ones commits record, never mapped through a ``.mailmap`` the repo carries. A ``migration:``
sign-off is exempt only where ``lisplan migrate`` would have written it (the caller says which).

A sign-off that passes is *proven* when each of the supervisor's commits among its lines carries a
good signature of theirs (the same test ``require_signed_commits`` applies), else only *claimed* by
the commits' author lines; ``check`` lists which is which.

Anything that keeps the check from being made (no git, a shallow clone, lines not committed yet)
is reported as well: a verification that verified nothing must never look like a pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from lisplan.checks.signoff_entries import difference, entry_at, owners, signoff_lines
from lisplan.checks.signoff_signers import GOOD_SIGNATURES, key_matches, same_email, signer_is, squash_note
from lisplan.core.i18n import N_, _, date, named
from lisplan.core.problems import Origin, Problem, Severity, error, relative, warning
from lisplan.files import gitops
from lisplan.files.gitops import Commit, GitError, History
from lisplan.files.source import Document, SourceError, parse
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import Log, SignoffEntry
from lisplan.models.plan import ACTIVITY_WORDS, Supervisor

FULL_HISTORY = N_(
    "fetch the full history (git fetch --unshallow; in GitHub Actions, actions/checkout with "
    "fetch-depth: 0), then run this again"
)


@dataclass
class _Signoff:
    """One sign-off to verify: the entry, where it is, and the lines that carry what was signed."""

    entry: SignoffEntry
    origin: Origin
    lines: list[int]  # 1-based, without the portal key, blank lines and comments
    col: int  # of the entry's first key, on its first line
    supervisor: Supervisor
    data: dict[str, Any] = field(default_factory=dict)  # the entry as it reads now

    def problem(
        self, code: str, message: str, hint: str, severity: Severity = Severity.ERROR, line: int | None = None
    ) -> Problem:
        """A problem at the sign-off (or at one of its lines), positioned without parsing the file again."""
        first = line or (self.lines[0] if self.lines else None)
        return Problem(
            code, message, self.origin.file, self.origin.loc, hint, severity, line=first, col=1 if line else self.col
        )

    @property
    def what(self) -> str:
        e = self.entry
        if e.activity:
            return _("sign-off of {goal} ({activity})").format(goal=e.signoff, activity=_(ACTIVITY_WORDS[e.activity]))
        return _("sign-off of {goal}").format(goal=e.signoff)


@dataclass
class _LogFile:
    path: Path
    trainee: str  # whose folder the log is in
    signoffs: list[_Signoff]
    trainee_email: str | None
    require_signed: bool


@dataclass(frozen=True)
class Verified:
    """A sign-off git shows its supervisor committed, as it reads now: *proven* when each of the
    supervisor's commits among its lines carries a good signature by their key (or a signer git names
    with their e-mail), else only *claimed* by the commits' author lines, which anyone can type."""

    file: Path
    line: int | None
    goal: str
    activity: str | None
    by: str
    commits: tuple[str, ...]
    proven: bool
    signer: str = ""  # who git says signed, when proven

    def record(self, root: Path | None) -> dict[str, Any]:
        """The sign-off as check's JSON gives it (docs/json.md)."""
        return {
            "file": relative(self.file, root) or None,
            "line": self.line,
            "goal": self.goal,
            "activity": self.activity,
            "by": self.by,
            "commits": list(self.commits),
            "level": "proven" if self.proven else "claimed",
            "signer": self.signer or None,
        }


#: Whether a ``migration:`` sign-off is one ``lisplan migrate`` would write (compute.migration.carried_over).
Carried = Callable[[TraineeFiles, SignoffEntry], bool]


def verify_signoffs(
    ws: Workspace,
    documents: dict[Path, Document],
    carried: Carried | None = None,
    history: Callable[[Path], gitops.History] = gitops.history,
    verified: list[Verified] | None = None,
) -> list[Problem]:
    """Every sign-off whose lines git cannot show were committed (and signed) by the supervisor named
    (``history``: how the repo's git history is read, once for all the parts of a check); each that
    passes is added to ``verified``, proven by a signature or only claimed by an author line."""
    from lisplan.checks.signoff_removed import removed_signoffs

    emails = supervisor_emails(ws)
    root = ws.root or Path.cwd()
    files = [f for f in _log_files(ws, documents, carried) if f.signoffs]
    if not files:
        return emails + removed_signoffs(ws, documents, root)
    try:
        hist = history(root)
    except GitError as e:
        return [
            warning(
                "signoffs-unverifiable",
                None,
                _("cannot verify sign-offs: {error}").format(error=e),
                _("run lisplan check --verify-signoffs in a clone of the plan repo with its git history"),
            )
        ]
    problems: list[Problem] = emails
    for f in files:
        problems += _verify_file(root, hist, f, verified)
    return problems + removed_signoffs(ws, documents, root)


def supervisor_emails(ws: Workspace) -> list[Problem]:
    """A trainee.yaml that gives a supervisor the trainee's own e-mail (then the trainee's commits
    verify as the supervisor's: an error), or another e-mail than the plan gives them (a warning)."""
    problems = []
    for tf in ws.trainees.values():
        profile = tf.profile
        if profile is None or profile.origin is None:
            continue
        plan = ws.plan_of(tf)
        in_plan = {s.id: s for s in (plan.supervisors if plan else [])}
        for i, sup in enumerate(profile.supervisors):
            where = Origin(profile.origin.file, ("supervisors", i, "email"))
            if same_email(sup.email, profile.email):
                problems.append(
                    error(
                        "signoff-supervisor-is-trainee",
                        where,
                        _(
                            "supervisor {id} has the trainee's own e-mail ({email}), so the trainee's "
                            "commits would verify as their sign-offs"
                        ).format(id=sup.id, email=sup.email),
                        _("give {id}'s own e-mail (the address they commit with)").format(id=sup.id),
                    )
                )
            elif sup.id in in_plan and sup.email and not same_email(sup.email, in_plan[sup.id].email):
                problems.append(
                    warning(
                        "signoff-supervisor-email-changed",
                        where,
                        (
                            _(
                                "trainee.yaml gives supervisor {id} the e-mail {email}, but the plan of {plan} gives "
                                "{other}; sign-offs are verified against trainee.yaml's"
                            )
                            if in_plan[sup.id].email
                            else _(
                                "trainee.yaml gives supervisor {id} the e-mail {email}, but the plan of {plan} gives "
                                "none; sign-offs are verified against trainee.yaml's"
                            )
                        ).format(
                            id=named(sup.name, sup.id),
                            email=sup.email,
                            plan=plan.institution if plan else "",
                            other=in_plan[sup.id].email,
                        ),
                        _("remove {id} from trainee.yaml (the plan lists them), or correct the plan").format(id=sup.id),
                    )
                )
    return problems


def _log_files(ws: Workspace, documents: dict[Path, Document], carried: Carried | None = None) -> list[_LogFile]:
    """Each log file with its sign-offs by a supervisor (sign-offs by the trainee need no proof)."""
    out = []
    for tf in ws.trainees.values():
        supervisors = ws.supervisors_for(tf)
        plan = ws.plan_of(tf)
        required = bool((plan and plan.require_signed_commits) or (ws.config and ws.config.require_signed_commits))
        email = tf.profile.email if tf.profile else None
        for log in tf.logs:
            doc = documents.get(log.origin.file) if log.origin else None
            if doc is not None:
                exempt = partial(carried, tf) if carried else None
                out.append(_LogFile(doc.path, tf.id, _in_log(log, doc, supervisors, exempt), email, required))
    return out


def _in_log(
    log: Log,
    doc: Document,
    supervisors: dict[str, Supervisor],
    carried: Callable[[SignoffEntry], bool] | None = None,
) -> list[_Signoff]:
    where = signoff_lines(doc)
    items = doc.data.get("entries") if isinstance(doc.data, dict) else None
    found = []
    for i, item in enumerate(log.entries):
        entry: object = item
        # a carried-over approval (migration:) is not the supervisor's new signature: its proof is the
        # old approvals it names, verified here in their own right, and its crosswalk (lisplan check);
        # but only one that lisplan migrate would compute: any other is verified as the supervisor's
        if not isinstance(entry, SignoffEntry) or entry.by not in supervisors:
            continue
        if entry.migration is not None and carried is not None and carried(entry):
            continue
        col, lines = where.get(i, (1, []))  # no lines found: reported as not verifiable
        data = items[i] if isinstance(items, list) and i < len(items) and isinstance(items[i], dict) else {}
        found.append(_Signoff(entry, Origin(doc.path, ("entries", i)), lines, col, supervisors[entry.by], data))
    return found


def _verify_file(root: Path, hist: History, f: _LogFile, verified: list[Verified] | None = None) -> list[Problem]:
    ranges = [(s.lines[0], s.lines[-1]) for s in f.signoffs if s.lines]
    blamed: dict[int, Commit] = {}
    if hist.has_head:
        try:
            blamed = gitops.blame(root, f.path, ranges)
        except GitError as e:
            if "no such path" not in str(e):  # else a file git does not track yet: every line is uncommitted
                return [
                    warning(
                        "signoffs-unverifiable",
                        Origin(f.path),
                        _("cannot verify the sign-offs in {file}: {error}").format(file=f.path.name, error=e),
                        _("check that git can read the repository (git status), then run this again"),
                    )
                ]
    problems: list[Problem] = []
    checked: list[tuple[_Signoff, list[Commit]]] = []
    passed: list[tuple[_Signoff, list[Commit]]] = []
    shown: dict[tuple[str, str], Document | None] = {}
    for s in f.signoffs:
        found = _commits_of(s, blamed, hist)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            checked.append((s, found))
            said = _authorship(s, found, f.trainee_email) or _content(root, f, s, found, shown)
            problems += said
            if not said:
                passed.append((s, found))
    if not (passed or (f.require_signed and checked)):
        return problems
    shas = sorted({c.sha for s, commits in checked for c in _by_supervisor(s, commits)})
    try:
        sigs = gitops.signatures(root, shas)
    except GitError as e:
        return problems + [
            warning(
                "signoffs-unverifiable",
                None,
                _("cannot check the sign-offs' signatures: {error}").format(error=e),
                _("check that git can read the repository (git status), then run this again"),
            )
        ]
    if f.require_signed:
        problems += [p for s, commits in checked for c in _by_supervisor(s, commits) if (p := _signature(s, c, sigs))]
    if verified is not None:
        verified += [_level(s, commits, sigs) for s, commits in passed]
    return problems


def _by_supervisor(s: _Signoff, commits: list[Commit]) -> list[Commit]:
    """The supervisor's own commits among a sign-off's lines, each once, in line order."""
    return list(dict.fromkeys(c for c in commits if same_email(c.author_email, s.supervisor.email)))


def _level(s: _Signoff, commits: list[Commit], sigs: dict[str, gitops.Signature]) -> Verified:
    """How far git proves a sign-off that passed: by a signature on each of the supervisor's commits
    among its lines, or only by their author lines (which whoever commits can type)."""
    mine = _by_supervisor(s, commits)
    signed = [sigs[c.sha] for c in mine if c.sha in sigs]
    proven = len(signed) == len(mine) and all(_signature(s, c, sigs) is None for c in mine)
    return Verified(
        s.origin.file,
        s.lines[0] if s.lines else None,
        s.entry.signoff,
        s.entry.activity,
        s.supervisor.id,
        tuple(c.short for c in mine),
        proven,
        (signed[0].signer or (signed[0].keys[0] if signed[0].keys else "")) if proven else "",
    )


def _commits_of(s: _Signoff, blamed: dict[int, Commit], hist: History) -> Problem | list[Commit]:
    """The commits of a sign-off's lines, or the problem that keeps them from being checked."""
    if not s.supervisor.email:
        return error(
            "signoff-supervisor-email",
            s.origin.at("by"),
            _("cannot verify the {what}: supervisor {id} has no e-mail").format(what=s.what, id=s.supervisor.id),
            _("add email: (the address {id} commits with) to the supervisor in the plan or trainee.yaml").format(
                id=s.supervisor.id
            ),
        )
    commits = [blamed.get(n, Commit(gitops.UNCOMMITTED)) for n in s.lines]
    if not commits or any(not c.committed for c in commits):
        return s.problem(
            "signoff-uncommitted",
            _("the {what} is not committed yet, so who signed it cannot be verified").format(what=s.what),
            _("{id} commits their own sign-off; then run this again").format(id=s.supervisor.id),
            Severity.WARNING,
        )
    if any(c.boundary and c.sha in hist.shallow for c in commits):
        return s.problem(
            "signoffs-shallow",
            _(
                "cannot verify the {what}: this is a shallow clone, and the commit that added it is "
                "beyond the history fetched"
            ).format(what=s.what),
            _(FULL_HISTORY),
        )
    return commits


def _who(c: Commit) -> str:
    day = date(dt.datetime.fromtimestamp(c.time, dt.UTC).date()) if c.time else "?"
    return _("{author} <{email}> in {commit} ({date})").format(
        author=c.author, email=c.author_email, commit=c.short, date=day
    )


def _authorship(s: _Signoff, commits: list[Commit], trainee_email: str | None) -> list[Problem]:
    sup = s.supervisor
    first = commits[0]
    problems = []
    if not same_email(first.author_email, sup.email):
        by_trainee = same_email(first.author_email, trainee_email)
        problems.append(
            s.problem(
                "signoff-by-trainee" if by_trainee else "signoff-not-by-supervisor",
                (
                    _("the {what} names {id} <{email}>, but was committed by the trainee, {who}{note}")
                    if by_trainee
                    else _("the {what} names {id} <{email}>, but was committed by {who}{note}")
                ).format(what=s.what, id=sup.id, email=sup.email, who=_who(first), note=squash_note(first, sup)),
                _(
                    "only {id} can sign it: ask {id} to commit the sign-off from their own git account, "
                    "in place of this one"
                ).format(id=sup.id),
            )
        )
    reported = {first.sha}
    for line, c in zip(s.lines, commits, strict=True):
        if c.sha in reported or same_email(c.author_email, sup.email):
            continue
        reported.add(c.sha)
        problems.append(
            s.problem(
                "signoff-edited",
                _("the {what} was changed after {id} signed it: line {line} by {who}").format(
                    what=s.what, id=sup.id, line=line, who=_who(c)
                ),
                _("restore the lines {id} committed (git log -p {file}), or ask {id} to sign the new version").format(
                    id=sup.id, file=s.origin.file.name
                ),
                line=line,
            )
        )
    return problems


def _content(
    root: Path, f: _LogFile, s: _Signoff, commits: list[Commit], shown: dict[tuple[str, str], Document | None]
) -> list[Problem]:
    """The entry compared with what it was in the supervisor's commits among its lines, at the path the
    log had in each (blame follows a rename, so the log may have had another name, or been another
    trainee's): blame cannot see a line deleted since (``activity:`` removed makes an activity sign-off a
    goal approval), nor whose log the lines were in (a sign-off is the supervisor's word about one trainee)."""
    mine = list({c.sha: c for c in commits if same_email(c.author_email, s.supervisor.email)}.values())
    if not mine:
        return []  # reported as not the supervisor's already
    now = {k: v for k, v in s.data.items() if k != "portal"}
    versions = []
    for c in mine:
        key = (c.sha, c.path)
        if key not in shown:
            text = gitops.show(root, c.sha, c.path) if c.path else None
            try:
                shown[key] = parse(Path(c.path), text) if text is not None else None
            except SourceError:
                shown[key] = None
        versions.append((c, shown[key], entry_at(shown[key], c.line)))
    for c, doc, _then in versions:
        owner = next((o for o in owners(doc, c.path) if o != f.trainee), None)
        if owner is not None:
            return [_other_trainee(s, c, owner, f.trainee)]
    if any(then == now for _c, _doc, then in versions):
        return []  # as the supervisor committed it
    found = [(c, then) for c, _doc, then in versions if then is not None]
    if not found:
        ref = max(mine, key=lambda c: c.time)
        return [
            s.problem(
                "signoff-edited",
                _(
                    "the {what} cannot be found in {id}'s commit {commit} ({file} there), so what {id} signed "
                    "cannot be compared with it"
                ).format(what=s.what, id=s.supervisor.id, commit=ref.short, file=ref.path or "?"),
                _("restore the entry as {id} committed it (git log -p), or ask {id} to commit it again").format(
                    id=s.supervisor.id
                ),
            )
        ]
    ref, then = max(found, key=lambda v: v[0].time)
    try:
        others = [
            (sha, who)
            for sha, who in gitops.changes_since(root, ref.sha, f.path)
            if not same_email(who, s.supervisor.email)
        ]
    except GitError:
        others = [("", "?")]
    if not others:
        return []  # the supervisor changed it since, themselves
    by = ", ".join(_("{commit} by {who}").format(commit=sha[:7], who=who) for sha, who in others[:3])
    return [
        s.problem(
            "signoff-edited",
            _("the {what} is not what {id} committed in {commit}: {difference} (changed since in {by})").format(
                what=s.what, id=s.supervisor.id, commit=ref.short, difference=difference(then, now), by=by
            ),
            _(
                "restore the entry as {id} committed it (git show {commit}:{file}), "
                "or ask {id} to commit the new version"
            ).format(id=s.supervisor.id, commit=ref.short, file=ref.path),
        )
    ]


def _other_trainee(s: _Signoff, c: Commit, owner: str, trainee: str) -> Problem:
    return s.problem(
        "signoff-other-trainee",
        _(
            "the {what} is not {trainee}'s: {id} signed it for {owner}, in {file} in commit {commit}; the log "
            "has been moved into {trainee}'s folder since"
        ).format(what=s.what, trainee=trainee, id=s.supervisor.id, owner=owner, file=c.path, commit=c.short),
        _("move the log back (git mv), and ask {id} to sign {trainee}'s own work in {trainee}'s log").format(
            id=s.supervisor.id, trainee=trainee
        ),
    )


def _signature(s: _Signoff, c: Commit, sigs: dict[str, gitops.Signature]) -> Problem | None:
    """What keeps the signature of the supervisor's commit ``c`` from proving the sign-off: none, a bad
    one, or one by another signer or key than the supervisor's."""
    sig = sigs.get(c.sha, gitops.Signature("N"))
    key = s.supervisor.signing_key
    if sig.status not in GOOD_SIGNATURES:
        state = gitops.SIGNATURE_STATES.get(sig.status)
        why = _(state) if state else _("signature state {state}").format(state=sig.status)
        return s.problem(
            "signoff-unsigned",
            _("the {what} is in commit {commit}, which has {why}; the plan requires signed commits").format(
                what=s.what, commit=c.short, why=why
            ),
            _(
                "{id} signs their commits (git commit -S; see git help config, user.signingKey), "
                "and git here must know their key"
            ).format(id=s.supervisor.id),
        )
    if not key and not signer_is(sig.signer, s.supervisor.email):
        return s.problem(
            "signoff-wrong-signer",
            _("the {what} is in commit {commit}, signed by {signer}, not by {id} <{email}>").format(
                what=s.what,
                commit=c.short,
                signer=sig.signer or _("a signer git cannot name"),
                id=s.supervisor.id,
                email=s.supervisor.email,
            ),
            _(
                "{id} signs with their own key (its user id or SSH principal is their e-mail), "
                "or the plan lists it as {id}'s signing_key"
            ).format(id=s.supervisor.id),
        )
    if key and not any(key_matches(key, k) for k in sig.keys):
        return s.problem(
            "signoff-wrong-key",
            _("the {what} is in commit {commit}, signed with the key {used}, not {id}'s key {key}").format(
                what=s.what, commit=c.short, used=sig.keys[0] if sig.keys else "?", id=s.supervisor.id, key=key
            ),
            _("{id} signs with the key listed as signing_key, or the list is updated").format(id=s.supervisor.id),
        )
    return None
