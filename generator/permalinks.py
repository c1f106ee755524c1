"""Published addresses never break: compare the live sitemap with the ids the data still serves."""

from __future__ import annotations

import re
from pathlib import Path

from .load import Table
from .messages import say
from .problems import Problem, problem
from .text import split_list

SECTIONS = {
    "htx": ("cooperatives", "cooperatives.csv"),
    "san-pham": ("products", "products.csv"),
    "dien-hinh": ("models", "models.csv"),
}
LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


def served_ids(tables: dict[str, Table]) -> dict[str, set[str]]:
    """Every id, current or former, that still answers in each entity section."""
    served: dict[str, set[str]] = {}
    for section, (table_name, _) in SECTIONS.items():
        ids: set[str] = set()
        table = tables.get(table_name)
        for row in table.rows if table else []:
            ids.add(row.get("id"))
            ids.update(split_list(row.get("former_ids")))
        served[section] = ids
    return served


def check_previous_sitemap(sitemap: Path, display: str, tables: dict[str, Table], site_url: str) -> list[Problem]:
    """One problem per published entity page that this data would no longer serve."""
    try:
        text = sitemap.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [problem(display, 1, "*", "sitemap", error=error)]
    base = site_url.rstrip("/") + "/"
    served = served_ids(tables)
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for url in LOC.findall(line):
            path = url[len(base) :] if url.startswith(base) else re.sub(r"^https?://[^/]+/", "", url)
            match = re.fullmatch(r"(htx|san-pham|dien-hinh)/([^/]+)/", path)
            if not match or match.group(2) in served[match.group(1)]:
                continue
            section, old = match.groups()
            keep = say("permalink.keep-htx") if section == "htx" else say("permalink.keep-other")
            problems.append(
                problem(display, number, "loc", "permalink", url=url, old=old, file=SECTIONS[section][1], keep=keep)
            )
    return problems
