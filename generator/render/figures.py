"""The charts pages show, with their figures, text alternative and table; `charts` draws them
inline in the page.

A cooperative's page charts its yearly figures; the progress page (/tien-do/) charts women's
jobs by commune, cooperatives and jobs by sector, and the yearly totals over time, which are
sums over the cooperatives that pandas groups.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model import Cooperative, Portal
from ..text import format_number, format_vnd, sort_key
from . import charts

COMMUNE_BARS = 15  # communes in the progress page's chart by commune; its table sums the rest


def cooperative_charts(coop: Cooperative) -> list[charts.Chart]:
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
    charts.bars(
        people,
        [f"Năm {y}" for y in years],
        [
            charts.Series("Tổng thành viên", [y.members_total for y in coop.years]),
            charts.Series("Thành viên nữ", [y.members_female for y in coop.years]),
            charts.Series("Lao động nữ có việc làm", [y.female_workers for y in coop.years]),
        ],
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
        charts.bars(chart, [f"Năm {y}" for y in years], [charts.Series("Doanh thu", revenue)], decimals=1)
        result.append(chart)
    return result


def progress_charts(portal: Portal) -> list[charts.Chart]:
    """The progress page's charts: by commune and by sector (active cooperatives), over time."""
    active = pd.DataFrame(
        [
            (c.current_commune.code, c.type, c.sector, c.female_workers)
            for c in portal.cooperatives
            if c.status == "hoạt động"
        ],
        columns=["commune", "type", "sector", "jobs"],
    )
    yearly = pd.DataFrame(
        [(y.year, y.female_workers, y.members_female) for c in portal.cooperatives for y in c.years],
        columns=["year", "workers", "members"],
    )
    result = [_jobs_by_commune(portal, active), _by_sector(portal, active)]
    if len(totals := yearly.groupby("year").sum()) >= 2:  # by year, in order
        result.append(_over_time(totals))
    return result


def _jobs_by_commune(portal: Portal, active: pd.DataFrame) -> charts.Chart:
    """Women's jobs in HTX and THT by current commune. A province has hundreds of communes: past
    COMMUNE_BARS, the chart shows the communes with most jobs and the table adds the others' sum
    (as a bar it would dwarf every other one)."""
    communes = portal.current_communes
    jobs = (
        active.groupby(["commune", "type"])["jobs"]
        .sum()
        .unstack(fill_value=0)
        .reindex(index=[m.code for m in communes], columns=["HTX", "THT"], fill_value=0)
        .set_axis([m.label for m in communes])
    )
    table = bars = jobs.assign(total=jobs["HTX"] + jobs["THT"])
    title = "Lao động nữ có việc làm theo xã"
    if len(table) > COMMUNE_BARS:
        ranked = table.sort_values("total", ascending=False, kind="stable")  # equal totals stay in name order
        bars, rest = ranked.iloc[:COMMUNE_BARS], ranked.iloc[COMMUNE_BARS:]
        table = pd.concat([bars, rest.sum().to_frame(f"Các xã còn lại ({len(rest)} xã)").T])
        title += f" ({COMMUNE_BARS} xã nhiều nhất)"
    rows = list(table.itertuples(name=None))  # (commune, in HTX, in THT, total)
    chart = charts.Chart(
        name="jobs-by-commune",
        title=title,
        description="Số lao động nữ có việc làm trong HTX và THT ở mỗi xã: "
        + "; ".join(f"{label}: {format_number(total)} người" for label, _, _, total in rows)
        + ".",
        columns=["Xã", "Trong HTX", "Trong THT", "Tổng"],
        rows=[[label, *map(format_number, numbers)] for label, *numbers in rows],
    )
    charts.bars(
        chart,
        [str(label) for label in bars.index],
        [charts.Series("Trong HTX", bars["HTX"].tolist()), charts.Series("Trong THT", bars["THT"].tolist())],
    )
    return chart


def _by_sector(portal: Portal, active: pd.DataFrame) -> charts.Chart:
    """How many active cooperatives, and how many women's jobs, in each sector."""
    names = portal.config["sectors"]
    sectors = active.groupby("sector")["jobs"].agg(["size", "sum"])
    sectors = sectors.loc[sorted(sectors.index, key=lambda k: sort_key(names[k]))]
    labels = [names[k] for k in sectors.index]
    rows = list(zip(labels, sectors["size"].tolist(), sectors["sum"].tolist(), strict=True))
    chart = charts.Chart(
        name="by-sector",
        title="Lao động nữ có việc làm theo lĩnh vực (số HTX, THT trong ngoặc)",
        description="Theo lĩnh vực: "
        + "; ".join(f"{l}: {n} HTX/THT, {format_number(j)} lao động nữ" for l, n, j in rows)
        + ".",
        columns=["Lĩnh vực", "Số HTX, THT", "Lao động nữ"],
        rows=[[l, format_number(n), format_number(j)] for l, n, j in rows],
    )
    # One series: the jobs; the number of cooperatives, on another scale, is named in each label.
    charts.bars(
        chart,
        [f"{label} ({n} HTX, THT)" for label, n, _ in rows],
        [charts.Series("Lao động nữ", sectors["sum"].tolist())],
    )
    return chart


def _over_time(totals: pd.DataFrame) -> charts.Chart:
    """Women's jobs and female members, summed over the cooperatives' yearly figures."""
    years, workers, members = totals.index.tolist(), totals["workers"].tolist(), totals["members"].tolist()
    chart = charts.Chart(
        name="over-time",
        title="Lao động nữ và thành viên nữ qua các năm",
        description=_series_text(years, {"lao động nữ có việc làm": workers, "thành viên nữ": members}),
        columns=["Năm", "Lao động nữ có việc làm", "Thành viên nữ"],
        rows=[[str(y), format_number(w), format_number(m)] for y, w, m in zip(years, workers, members, strict=True)],
    )
    # Bars side by side, not two lines: the two totals are close and their lines would cross.
    charts.bars(
        chart,
        [f"Năm {y}" for y in years],
        [charts.Series("Lao động nữ có việc làm", workers), charts.Series("Thành viên nữ", members)],
    )
    return chart


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
