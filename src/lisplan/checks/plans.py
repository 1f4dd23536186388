"""An institution plan states what the regulation requires, and its timeline holds together."""

from __future__ import annotations

from lisplan.checks.context import Context
from lisplan.core.i18n import N_, _, number
from lisplan.core.problems import Problem, error, warning
from lisplan.models.plan import REQUIRED_SECTIONS, Phase, Plan


def check_plan_sections(ctx: Context) -> list[Problem]:
    """Spesialistforskriften § 19/§ 22 (documents 000, 004): a plan lacking one of these is incomplete."""
    problems = []
    for plan in ctx.ws.plans.values():
        for key, what in REQUIRED_SECTIONS.items():
            if not getattr(plan.sections, key):
                problems.append(
                    error(
                        "plan-incomplete",
                        plan.origin.at("sections"),
                        f"plan {plan.id} does not state {what} (sections.{key})",
                        f"add 'sections: {key}:' with the plan's text; spesialistforskriften § 19 requires it",
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
                        phase.origin.at("to_month"),
                        f"phase {phase.id} ends (month {phase.to_month:g}) before it starts "
                        f"(month {phase.from_month:g})",
                        "fix from_month or to_month",
                    )
                )
        ordered = sorted(phases, key=lambda p: p.from_month)
        if ordered and ordered[0].from_month > 0:
            problems.append(
                warning(
                    "timeline-gap",
                    ordered[0].origin.at("from_month"),
                    f"the timeline starts at month {ordered[0].from_month:g}, not 0",
                    "let the first phase start at month 0",
                )
            )
        for a, b in zip(ordered, ordered[1:], strict=False):
            if b.from_month < a.to_month:
                problems.append(
                    error(
                        "timeline-overlap",
                        b.origin.at("from_month"),
                        f"phase {b.id} starts at month {b.from_month:g}, before phase {a.id} ends "
                        f"(month {a.to_month:g})",
                        f"start {b.id} at month {a.to_month:g}",
                    )
                )
            elif b.from_month > a.to_month:
                problems.append(
                    warning(
                        "timeline-gap",
                        b.origin.at("from_month"),
                        f"nothing is planned between month {a.to_month:g} ({a.id}) and month {b.from_month:g} ({b.id})",
                        f"start {b.id} at month {a.to_month:g}",
                    )
                )
    return problems


def check_throughput(ctx: Context) -> list[Problem]:
    """A throughput phase in a plan's own timeline that breaks the plan's throughput rule."""
    problems = []
    for plan in ctx.ws.plans.values():
        for phase, code, message in throughput_breaches(plan):
            field = "from_month" if code == "throughput-too-early" else "to_month"
            problems.append(warning(code, phase.origin.at(field), message, _(THROUGHPUT_RULE)))
    return problems


THROUGHPUT_RULE = N_(
    "000 Del 1: the throughput rotation (gjennomstrømning) lasts 12-18 months, after at least 2 years of "
    "nuclear-medicine service (the plan's 'throughput:')"
)


def throughput_breaches(plan: Plan) -> list[tuple[Phase, str, str]]:
    """Throughput phases of a plan's timeline that break its throughput rule: (phase, code, message)."""
    rule = plan.throughput
    found = []
    for phase in plan.timeline:
        if not phase.throughput or rule is None:
            continue
        if phase.from_month < rule.prior_service_months:
            found.append(
                (
                    phase,
                    "throughput-too-early",
                    _(
                        "phase {phase} (throughput) starts after {months} months of service, "
                        "before the {prior} months the plan asks for"
                    ).format(
                        phase=phase.name or phase.id,
                        months=number(phase.from_month, 0),
                        prior=number(rule.prior_service_months, 0),
                    ),
                )
            )
        length = phase.to_month - phase.from_month
        if not rule.min_months <= length <= rule.max_months:
            found.append(
                (
                    phase,
                    "throughput-length",
                    _("phase {phase} (throughput) lasts {length} months, outside {min}-{max}").format(
                        phase=phase.name or phase.id,
                        length=number(length, 0),
                        min=number(rule.min_months, 0),
                        max=number(rule.max_months, 0),
                    ),
                )
            )
    return found
