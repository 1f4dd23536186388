"""What the user typed, read as the values of a new entry: a procedure list, goal or course by id, name
or alias (refused with the nearest names when none matches), a file of the repo, an accession or stay
number as it is stored. Every refusal is a :class:`Refused` naming the option at fault."""

from __future__ import annotations

import re
from pathlib import Path

from lisplan.checks.references import SELF, scope, unknown_person_hint
from lisplan.core.i18n import _, named
from lisplan.core.problems import Refused
from lisplan.core.suggest import did_you_mean, did_you_mean_named
from lisplan.load.accession import HMAC_PREFIX, accession_key, hash_accession
from lisplan.load.identity import refuse_identity_numbers
from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace
from lisplan.models import Config, Trainee
from lisplan.models.common import split_ref
from lisplan.models.plan import ActivityKind, Procedure

#: The command-line option that sets each entry key, for messages about a bad value.
OPTIONS = {
    "procedure": "PROCEDURE",
    "introduction": "GOAL",
    "mdt": "MEETING",
    "course": "COURSE",
    "teaching": "TITLE",
    "self-study": "TITLE",
    "supervision": "KIND",
    "signoff": "GOAL",
    "date": "--date",
    "accession": "--accession",
    "stay": "--stay",
    "role": "--role",
    "supervisor": "--supervisor",
    "note": "--note",
    "goal": "--goal",
    "goals": "--goal",
    "certificate": "--certificate",
    "type": "--type",
    "by": "--by",
    "topic": "--topic",
    "report": "--report",
    "activity": "--activity",
    "from": "FROM",
    "to": "TO",
    "percent": "--percent",
    "reason": "--reason",
}


#: What an accession or stay number may look like: letters, digits and ``-./_``, at most 40 of them
#: (RIS/PACS numbers are short codes; anything else is a paste gone wrong, e.g. two numbers and a comma).
NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z./_-]{0,39}")


class EntryValues:
    """Reads typed values as one trainee's entries hold them: by the trainee's plan and goal sets."""

    def __init__(self, ws: Workspace, tf: TraineeFiles) -> None:
        if tf.profile is None:
            raise Refused(
                _("trainee {trainee} has no valid trainee.yaml").format(trainee=tf.id),
                _("fix it (lisplan check shows how), then run this again"),
            )
        self.ws, self.tf = ws, tf
        self.profile: Trainee = tf.profile
        self.plan = ws.plan_of(tf)
        self.config = ws.config or Config(kind="config")

    # --- values of entries -------------------------------------------------------------------------

    def procedure(self, name: str) -> Procedure:
        """A procedure list of the trainee's plan by id, name (Norwegian or English) or alias."""
        if self.plan is None:
            raise Refused(
                _("the trainee's plan {plan!r} is not in this repo").format(plan=self.profile.plan),
                _("fix 'plan:' in trainee.yaml (lisplan check shows the plans)"),
            )
        found = self.ws.procedure(self.plan, name)
        if found is None:
            names = self.ws.procedure_names(self.plan)
            listed = "; ".join(names[p.id] for p in self.plan.procedures) or _("none")
            raise Refused(
                _("PROCEDURE {name!r}: the plan of {institution} has no such procedure list").format(
                    name=name, institution=self.plan.institution
                ),
                did_you_mean_named(name, names) or _("the plan's procedure lists: {ids}").format(ids=listed),
            )
        return found

    def goal(self, ref: str, option: str) -> str:
        """A goal reference as it is best written: the code alone where it is unambiguous."""
        set_id, code = split_ref(ref.strip())
        if set_id is None and ":" in ref:
            set_id, code = ref.strip().split(":", 1)
        code = code.upper()
        sets = self.goal_sets()
        found = self.ws.resolve_goal(f"{set_id}:{code}" if set_id else code, sets)
        if not isinstance(found, GoalInfo):
            raise Refused(
                f"{option} {ref!r}: {found}",
                self.ws.near_goal(code, sets)
                or _("the trainee's goal sets are {sets}; see data/goals/").format(
                    sets=self.ws.set_names(sets, with_ids=True)
                ),
            )
        return found.code if self.ws.resolve_goal(found.code, sets) == found else found.key

    def person(self, ref: str, option: str) -> str:
        """A supervisor, the mentor or the trainee by id or by name as lisplan shows them («Per Overlege»,
        any case and spacing): the id an entry holds. Refused, with the nearest names, when nobody has it
        or two people share it."""
        people = self.ws.people_known(self.tf)
        if ref in people or ref in (self.tf.id, SELF):
            return ref
        ids = self.ws.people_named(self.tf, ref)
        if len(ids) > 1:
            raise Refused(
                _("{option} {name!r}: more than one person has that name").format(option=option, name=ref),
                _("write the id of the one you mean: {people}").format(
                    people=", ".join(named(people[i].name if i in people else self.profile.name, i) for i in ids)
                ),
            )
        if not ids:
            raise Refused(
                _("{option}: unknown supervisor {value}").format(option=option, value=repr(ref)),
                unknown_person_hint(self.ws, self.tf, scope(self.ws, self.tf)[2], ref),
            )
        return ids[0]

    def goal_sets(self) -> list[str]:
        return scope(self.ws, self.tf)[1]

    def course(self, name: str) -> str:
        found = self.ws.find_course_or_group(name)
        if found is None:
            raise Refused(
                _("COURSE {name!r}: no course by that id or name").format(name=name),
                did_you_mean(name, self.ws.course_names()) or _("see the course lists in data/goals/"),
            )
        return found.id

    def repo_file(self, given: str, option: str) -> str:
        """A file the entry points to (certificate, report), written relative to the repo root."""
        root = self.ws.root or Path.cwd()
        path = Path(given).expanduser()
        for candidate in (path, root / path):
            if candidate.is_file():
                try:
                    return candidate.resolve().relative_to(root.resolve()).as_posix()
                except ValueError:
                    raise Refused(
                        _("{option} {path!r} is outside the plan repo").format(option=option, path=given),
                        _("copy the file into the repo (e.g. certificates/) and give that path"),
                    ) from None
        raise Refused(
            _("{option} {path!r}: no such file").format(option=option, path=given),
            _("give the path of a file in the plan repo"),
        )

    def accession(self, number: str) -> str:
        """The accession number as stored: as typed, or as a keyed hash when the repo says so."""
        number = number.strip()
        refuse_identity_numbers({"accession": number}, OPTIONS)
        if self.config.accession_storage != "hmac-sha256" or number.startswith(HMAC_PREFIX):
            return number
        return hash_accession(number, accession_key(self.config, self.ws.root))

    def number(self, number: str, option: str) -> str:
        """An accession or stay number as typed, refused when it cannot be stored (nothing is written)."""
        refuse_identity_numbers({option.lstrip("-"): number}, OPTIONS)
        if not NUMBER.fullmatch(number.strip()) and not number.startswith(HMAC_PREFIX):
            raise Refused(
                _("{option} {number!r} is not an examination number; nothing was written").format(
                    option=option, number=number[:60]
                ),
                _("give the number as RIS/PACS shows it (letters, digits and - . / _), one number per argument"),
            )
        return number.strip()

    def _only_procedure_list(self, ref: str) -> str:
        info = self.ws.resolve_goal(ref, self.goal_sets())
        acts = [
            a
            for ga in (self.plan.goal_activities if self.plan else [])
            for a in ga.activities
            if a.kind is ActivityKind.PROCEDURE_LIST
            and a.procedure
            and isinstance(info, GoalInfo)
            and self.ws.resolve_goal(ga.goal, self.goal_sets()) == info
        ]
        if len(acts) == 1:
            return acts[0].procedure  # type: ignore[return-value]
        raise Refused(
            _("--activity procedure-list needs --procedure (which procedure list is signed off)"),
            _("e.g. --procedure skeleton-scintigraphy"),
        )
