"""An institution plan states what the regulation requires, and its timeline holds together."""

from __future__ import annotations

from collections.abc import Mapping

from lisplan.checks.context import Context
from lisplan.core.i18n import N_, _, figure, number
from lisplan.core.problems import Problem, error, warning
from lisplan.models.plan import REQUIRED_SECTIONS, Phase, Plan, Throughput, specialty_months


def check_plan_sections(ctx: Context) -> list[Problem]:
    """Spesialistforskriften § 19/§ 22 (documents 000, 004): a plan lacking one of these is incomplete."""
    problems = []
    for plan in ctx.ws.plans.values():
        for key, what in REQUIRED_SECTIONS.items():
            if not getattr(plan.sections, key):
                problems.append(
                    error(
                        "plan-incomplete",
                        plan.at("sections"),
                        _("plan {plan} does not state {what} (sections.{key})").format(
                            plan=plan.id, what=_(what), key=key
                        ),
                        _("add 'sections: {key}:' with the plan's text; spesialistforskriften § 19 requires it").format(
                            key=key
                        ),
                        on_key=True,
                    )
                )
    return problems


def check_timeline(ctx: Context) -> list[Problem]:
    problems = []
    for plan in ctx.ws.plans.values():
        phases = plan.timeline
        for phase in phases:
            if phase.to_month <= phase.from_month:
                problems.append(
                    error(
                        "phase-backwards",
                        phase.at("to_month"),
                        _("phase {phase} ends (month {end}) before it starts (month {start})").format(
                            phase=phase.id, end=figure(phase.to_month), start=figure(phase.from_month)
                        ),
                        _("fix from_month or to_month"),
                    )
                )
        ordered = sorted(phases, key=lambda p: p.from_month)
        if ordered and ordered[0].from_month > 0:
            problems.append(
                warning(
                    "timeline-gap",
                    ordered[0].at("from_month"),
                    _("the timeline starts at month {month}, not 0").format(month=figure(ordered[0].from_month)),
                    _("let the first phase start at month 0"),
                )
            )
        for a, b in zip(ordered, ordered[1:], strict=False):
            if b.from_month < a.to_month:
                problems.append(
                    error(
                        "timeline-overlap",
                        b.at("from_month"),
                        _("phase {phase} starts at month {start}, before phase {previous} ends (month {end})").format(
                            phase=b.id, start=figure(b.from_month), previous=a.id, end=figure(a.to_month)
                        ),
                        _("start {phase} at month {month}").format(phase=b.id, month=figure(a.to_month)),
                    )
                )
            elif b.from_month > a.to_month:
                problems.append(
                    warning(
                        "timeline-gap",
                        b.at("from_month"),
                        _("nothing is planned between month {end} ({previous}) and month {start} ({phase})").format(
                            end=figure(a.to_month), previous=a.id, start=figure(b.from_month), phase=b.id
                        ),
                        _("start {phase} at month {month}").format(phase=b.id, month=figure(a.to_month)),
                    )
                )
    return problems


def check_throughput(ctx: Context) -> list[Problem]:
    """A throughput phase in a plan's own timeline that breaks the plan's throughput rule."""
    problems = []
    for plan in ctx.ws.plans.values():
        for phase, code, message in throughput_breaches(plan, ctx.ws.plans):
            field = "from_month" if code == "throughput-too-early" else "to_month"
            problems.append(warning(code, phase.at(field), message, _(THROUGHPUT_RULE)))
    return problems


THROUGHPUT_RULE = N_(
    "OUS' utdanningsplan for nukleærmedisin, part 1: the throughput rotation (gjennomstrømning) lasts "
    "12-18 months, after at least 2 years of nuclear-medicine service (the plan's 'throughput:')"
)


def throughput_rule(plan: Plan, phase: Phase, plans: Mapping[str, Plan]) -> tuple[Throughput | None, str]:
    """The throughput rule for a phase, and the institution whose plan gives it: the hosting plan's (the
    agreement's ``plan:``), since the host sets the terms (000 Del 1); else the trainee's own plan's."""
    agreement = next((a for a in plan.agreements if a.id == phase.agreement), None)
    host = plans.get(agreement.plan) if agreement and agreement.plan else None
    if host is not None and host.throughput is not None:
        return host.throughput, host.institution
    return plan.throughput, plan.institution


def throughput_breaches(plan: Plan, plans: Mapping[str, Plan] | None = None) -> list[tuple[Phase, str, str]]:
    """Throughput phases of a plan's timeline that break the throughput rule: (phase, code, message).

    The prior service is service in the specialty (models/plan.py, specialty_months): months at another
    specialty's arena before the phase do not count.
    """
    found = []
    for phase in plan.timeline:
        rule, source = throughput_rule(plan, phase, plans or {})
        if not phase.throughput or rule is None:
            continue
        prior = specialty_months(plan, phase.from_month)
        if prior < rule.prior_service_months:
            found.append(
                (
                    phase,
                    "throughput-too-early",
                    _(
                        "phase {phase} (throughput) starts after {months} months of service in the specialty, "
                        "before the {prior} months the plan of {source} asks for"
                    ).format(
                        phase=phase.name or phase.id,
                        months=number(prior, 0),
                        prior=number(rule.prior_service_months, 0),
                        source=source,
                    ),
                )
            )
        length = phase.to_month - phase.from_month
        if not rule.min_months <= length <= rule.max_months:
            found.append(
                (
                    phase,
                    "throughput-length",
                    _(
                        "phase {phase} (throughput) lasts {length} months, outside {min}-{max} (the plan of {source})"
                    ).format(
                        phase=phase.name or phase.id,
                        length=number(length, 0),
                        min=number(rule.min_months, 0),
                        max=number(rule.max_months, 0),
                        source=source,
                    ),
                )
            )
    return found
