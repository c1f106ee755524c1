"""Ids the program makes: a new row's id from its name, so staff never invent a code.

An id is part of a page's address and of the QR codes printed for it, so a made id is the name
folded to `[a-z0-9-]` (Vietnamese marks dropped, đ -> d), never longer than the contract allows,
and never one in use or retired: a former id keeps redirecting to its row, so handing it to a
new row would send old links and printed QR codes to the wrong page.
"""

from __future__ import annotations

from collections.abc import Iterable

from .text import slugify, split_list

MAX_ID = 80  # the contract's limit for an id (datapackage.json maxLength)
# How names of groups begin, and how the ids staff already wrote begin for them (tht-…, htx-…).
SHORT = {"to-hop-tac-": "tht-", "hop-tac-xa-": "htx-"}


def made_id(name: str, taken: set[str], fallback: str) -> str:
    """The id for a row named `name`: its slug, or the slug with -2, -3… when that is taken.
    `fallback` stands in for a name with no letter or digit."""
    base = slugify(name) or fallback
    for long, short in SHORT.items():
        base = short + base.removeprefix(long) if base.startswith(long) and base != long else base
    base = _shortened(base, MAX_ID - 6)
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _shortened(slug: str, limit: int) -> str:
    """At most limit characters, cut at a hyphen when there is one, never ending in one."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    return (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")


def retired(former_ids: Iterable[str]) -> set[str]:
    """Every id a `former_ids` cell lists (';'-separated): retired for good."""
    return {old for cell in former_ids for old in split_list(cell)}
