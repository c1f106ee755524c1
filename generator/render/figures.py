"""The charts pages show, with their figures, text alternative and table; `charts` draws them.

A cooperative's page charts its yearly figures; the progress page (/tien-do/) charts women's
jobs by commune, cooperatives and jobs by sector, and the yearly totals over time.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..model import Cooperative, Portal
from ..text import format_number, format_vnd, sort_key
from . import charts
from .artifacts import ArtifactStore

COMMUNE_BARS = 15  # communes in the progress page's chart by commune; its table sums the rest


def cooperative_charts(store: ArtifactStore, coop: Cooperative) -> list[charts.Chart]:
    """A cooperative's charts over the years it reported: people, and revenue when known."""
    if len(coop.years) < 2:
        return []
    years = [y.year for y in coop.years]
    people = charts.Chart(
        name=f"{coop.id}-people",
        title="Thành viên và việc làm của phụ nữ qua các năm",
        description=_series_text(
            years,
            {
                "thành viên": [y.members_total for y in coop.years],
                "thành viên nữ": [y.members_female for y in coop.years],
                "lao động nữ có việc làm": [y.female_workers for y in coop.years],
            },
        ),
        columns=["Năm", "Tổng thành viên", "Thành viên nữ", "Lao động nữ"],
        rows=[
            [
                str(y.year),
                format_number(y.members_total),
                format_number(y.members_female),
                format_number(y.female_workers),
            ]
            for y in coop.years
        ],
    )
    people.path = charts.bar_chart(
        store,
        people.name,
        [str(y) for y in years],
        {
            "Tổng thành viên": [y.members_total for y in coop.years],
            "Thành viên nữ": [y.members_female for y in coop.years],
            "Lao động nữ": [y.female_workers for y in coop.years],
        },
        unit="người",
    )
    result = [people]
    if any(y.revenue_vnd for y in coop.years):
        revenue = [y.revenue_vnd / 1_000_000 if y.revenue_vnd else None for y in coop.years]
        chart = charts.Chart(
            name=f"{coop.id}-revenue",
            title="Doanh thu qua các năm (triệu đồng)",
            description=_series_text(years, {"doanh thu (triệu đồng)": revenue}),
            columns=["Năm", "Doanh thu", "Thu nhập bình quân/tháng"],
            rows=[
                [
                    str(y.year),
                    format_vnd(y.revenue_vnd) if y.revenue_vnd else "—",
                    format_vnd(y.avg_income_vnd) if y.avg_income_vnd else "—",
                ]
                for y in coop.years
            ],
        )
        # Monthly income is a thousand times smaller than revenue: it stays in the table only.
        series = {"Doanh thu (triệu đồng)": revenue}
        chart.path = charts.line_chart(store, chart.name, years, series, unit="triệu đồng")
        result.append(chart)
    return result


def progress_charts(portal: Portal, store: ArtifactStore) -> list[charts.Chart]:
    """The progress page's charts: by commune and by sector (active cooperatives), over time."""
    active = [c for c in portal.cooperatives if c.status == "hoạt động"]
    result = []
    # By current commune: women's jobs in HTX and THT. A province has hundreds of communes:
    # past COMMUNE_BARS, the chart shows the communes with most jobs and the table adds the
    # others' sum (as a bar it would dwarf every other one).
    jobs_by: dict[tuple[str, str], int] = defaultdict(int)  # (commune, type) -> women's jobs
    for c in active:
        jobs_by[c.current_commune.code, c.type] += c.female_workers
    bars = [(m.label, jobs_by[m.code, "HTX"], jobs_by[m.code, "THT"]) for m in portal.current_communes]
    title, rows = "Lao động nữ có việc làm theo xã", bars
    if len(bars) > COMMUNE_BARS:
        bars.sort(key=lambda bar: -(bar[1] + bar[2]))  # stable: equal totals stay in name order
        bars, rest = bars[:COMMUNE_BARS], bars[COMMUNE_BARS:]
        rows = [*bars, (f"Các xã còn lại ({len(rest)} xã)", sum(b[1] for b in rest), sum(b[2] for b in rest))]
        title += f" ({COMMUNE_BARS} xã nhiều nhất)"
    chart = charts.Chart(
        name="jobs-by-commune",
        title=title,
        description="Số lao động nữ có việc làm trong HTX và THT ở mỗi xã: "
        + "; ".join(f"{label}: {format_number(a + b)} người" for label, a, b in rows)
        + ".",
        columns=["Xã", "Trong HTX", "Trong THT", "Tổng"],
        rows=[[label, format_number(a), format_number(b), format_number(a + b)] for label, a, b in rows],
    )
    chart.path = charts.bar_chart(
        store,
        chart.name,
        [label for label, _, _ in bars],
        {"Trong HTX": [a for _, a, _ in bars], "Trong THT": [b for _, _, b in bars]},
        horizontal=True,
        unit="người",
    )
    result.append(chart)
    # By sector.
    sectors = sorted({c.sector for c in active}, key=lambda k: sort_key(portal.config["sectors"][k]))
    labels = [portal.config["sectors"][k] for k in sectors]
    counts = [sum(1 for c in active if c.sector == k) for k in sectors]
    jobs = [sum(c.female_workers for c in active if c.sector == k) for k in sectors]
    chart = charts.Chart(
        name="by-sector",
        title="HTX, THT và lao động nữ theo lĩnh vực",
        description="Theo lĩnh vực: "
        + "; ".join(
            f"{l}: {n} HTX/THT, {format_number(j)} lao động nữ" for l, n, j in zip(labels, counts, jobs, strict=True)
        )
        + ".",
        columns=["Lĩnh vực", "Số HTX, THT", "Lao động nữ"],
        rows=[[l, format_number(n), format_number(j)] for l, n, j in zip(labels, counts, jobs, strict=True)],
    )
    chart.path = charts.bar_chart(store, chart.name, labels, {"Lao động nữ": jobs}, horizontal=True, unit="người")
    result.append(chart)
    # Over time, from the yearly figures.
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for coop in portal.cooperatives:
        for y in coop.years:
            totals[y.year][0] += y.female_workers
            totals[y.year][1] += y.members_female
    years = sorted(totals)
    if len(years) >= 2:
        workers = [totals[y][0] for y in years]
        members = [totals[y][1] for y in years]
        chart = charts.Chart(
            name="over-time",
            title="Lao động nữ và thành viên nữ qua các năm",
            description=_series_text(years, {"lao động nữ có việc làm": workers, "thành viên nữ": members}),
            columns=["Năm", "Lao động nữ có việc làm", "Thành viên nữ"],
            rows=[
                [str(y), format_number(w), format_number(m)] for y, w, m in zip(years, workers, members, strict=True)
            ],
        )
        chart.path = charts.line_chart(
            store,
            chart.name,
            years,
            {"Lao động nữ có việc làm": workers, "Thành viên nữ": members},
            unit="người",
        )
        result.append(chart)
    return result


def _series_text(years: list[int], series: dict[str, list[Any]]) -> str:
    """The text alternative of a chart over years: each series from its first known value to its last."""
    parts = []
    for label, values in series.items():
        known = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        if known:
            first, last = known[0], known[-1]
            parts.append(
                f"{label} từ {format_number(round(first[1], 1), 1 if first[1] % 1 else 0)} năm {first[0]} "
                f"đến {format_number(round(last[1], 1), 1 if last[1] % 1 else 0)} năm {last[0]}"
            )
    return "Biểu đồ cho thấy " + "; ".join(parts) + "."
