"""What the report says about a period and a scope, computed before anything is written: the
cooperatives, targets, honours and pages it counts, and the figures as the report words them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import model, report_scope
from .report_period import Period
from .text import format_number

# --- the figures -----------------------------------------------------------------------------


@dataclass
class Figures:
    """What the report says about one period, computed before anything is written."""

    config: dict[str, Any]
    period: Period
    cooperatives: list[model.Cooperative]  # women-led, founded by the period's end
    new: list[model.Cooperative]
    communes: list[tuple[model.Commune, list[model.Cooperative]]]
    targets: list[model.Target]
    honours: list[model.Honour]
    posts: list[Any]
    year_rows: list[tuple[model.Cooperative, model.YearFigures]]
    pages: dict[str, int]


def period_figures(portal: model.Portal, period: Period, scope: report_scope.Scope | None = None) -> Figures:
    """Every figure of the report for the period and scope (a commune, or the whole portal)."""
    scope = scope or report_scope.Scope(portal)
    coops = [c for c in scope.cooperatives if c.women_led and c.founded_date <= period.end]
    by_commune = {
        commune.code: (commune, [c for c in coops if c.current_commune.code == commune.code])
        for commune in portal.current_communes
    }
    year_rows = [(c, y) for c in coops for y in c.years if y.year == period.year] if not period.half else []
    return Figures(
        config=portal.config,
        period=period,
        cooperatives=coops,
        new=[c for c in coops if period.holds(c.founded_date)],
        communes=[entry for entry in by_commune.values() if entry[1]],
        targets=scope.targets(period.code),
        honours=scope.honours(period.year),
        # the news is the portal's: the roll-up reports it, a commune's report does not
        posts=sorted((p for p in portal.posts if period.holds(p.date)), key=lambda p: (p.date, p.slug))
        if scope.commune is None
        else [],
        year_rows=year_rows,
        pages=scope.pages(),
    )


def target_text(target: model.Target) -> str:
    """The target as `/tien-do/` prints it: '≥ 80%', '36 THT'."""
    return ("≥ " if target.at_least else "") + _with_unit(target.target, target.unit)


def actual_text(target: model.Target) -> str:
    """The result as `/tien-do/` prints it, or that the period has no figure."""
    return "Chưa có số liệu" if target.actual is None else _with_unit(target.actual, target.unit)


def ratio_text(target: model.Target) -> str:
    """The result as a share of the target: '54,5%'; a dash when there is no figure."""
    if target.actual is None or not target.target:
        return "—"
    ratio = round(100 * target.actual / target.target, 1)
    return format_number(ratio, 1 if ratio % 1 else 0) + "%"


def _with_unit(value: float, unit: str) -> str:
    text = format_number(value, 1 if value % 1 else 0)
    return text + "%" if unit == "%" else f"{text} {unit}"


def count_of(items: list[model.Cooperative], kind: str) -> int:
    return sum(1 for c in items if c.type == kind)


def share_of(part: int, whole: int) -> str:
    return format_number(round(100 * part / whole, 1), 1) + "%" if whole else "—"
