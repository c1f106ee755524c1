"""Whether a built site fits its host's published limits, and the warnings staff read before a
deploy would be refused.

The limits are those of the free plans, as each host publishes them (December 2026):
- GitHub Pages: a published site may be no larger than 1 GB.
- Cloudflare Pages (free plan): 20,000 files per deployment, 25 MiB per file.
- Netlify: no limit on the files of a deploy, but at most 54,000 files in one folder.
`deploy.limits` in portal.yml replaces any of them (a paid plan, or a test's lowered limit).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .messages import say

MB = 1_000_000
MIB = 1024 * 1024
# Warn this far ahead of a limit: a site grows with every row staff add.
NEAR = 0.9


@dataclass(frozen=True)
class Limits:
    """A host's published limits for one deployment (None: no such limit)."""

    label: str
    files: int | None = None
    site_bytes: int | None = None
    file_bytes: int | None = None
    folder_files: int | None = None
    # What a paid plan changes, in staff's words (empty: no plan raises these limits).
    paid: str = ""


HOSTS: dict[str, Limits] = {
    "github-pages": Limits("GitHub Pages", site_bytes=1000 * MB),
    "cloudflare-pages": Limits(
        "Cloudflare Pages",
        files=20_000,
        file_bytes=25 * MIB,
        paid="gói Workers Paid của Cloudflare nhận tới 100.000 tệp",
    ),
    "netlify": Limits("Netlify", folder_files=54_000),
}
# portal.yml's deploy.limits keys, and the Limits field each sets (sizes are written in MB).
SETTINGS = {"files": "files", "site_mb": "site_bytes", "file_mb": "file_bytes", "folder_files": "folder_files"}


@dataclass
class SiteSize:
    """What a host counts in a built site: files, bytes, the largest file and the fullest folder."""

    files: int = 0
    bytes: int = 0
    largest: tuple[str, int] = ("", 0)
    fullest: tuple[str, int] = ("", 0)
    # By top folder ("" for the files at the top): [files, bytes].
    folders: dict[str, list[int]] = field(default_factory=dict)


def measure(site: Path) -> SiteSize:
    """Count the files and bytes of site, as a host uploads them (hidden files and folders too)."""
    size = SiteSize()
    for folder, _, names in os.walk(site):
        relative = Path(folder).relative_to(site).as_posix()
        top = "" if relative == "." else relative.split("/", 1)[0]
        counts = size.folders.setdefault(top, [0, 0])
        if len(names) > size.fullest[1]:
            size.fullest = (relative, len(names))
        for name in names:
            length = os.lstat(os.path.join(folder, name)).st_size
            size.files += 1
            size.bytes += length
            counts[0] += 1
            counts[1] += length
            if length > size.largest[1]:
                size.largest = (name if relative == "." else f"{relative}/{name}", length)
    size.folders = dict(sorted(size.folders.items()))
    return size


def limits_for(deploy: dict[str, Any] | None) -> tuple[str, Limits]:
    """The host portal.yml's deploy block names (github-pages when none), with its limits as
    `deploy.limits` changes them."""
    deploy = deploy or {}
    host = str(deploy.get("host") or "github-pages")
    limits = HOSTS.get(host, HOSTS["github-pages"])
    changes: dict[str, int] = {}
    for key, value in (deploy.get("limits") or {}).items():
        if key in SETTINGS and isinstance(value, int | float) and value > 0:
            changes[SETTINGS[key]] = int(value * MB) if key.endswith("_mb") else int(value)
    return host, replace(limits, **changes)


def fits(size: SiteSize, limits: Limits) -> bool:
    """Whether a host with these limits takes the site."""
    return not _over(size, limits, 1.0)


def _over(size: SiteSize, limits: Limits, share: float) -> list[tuple[str, float, float]]:
    """The limits the site passes share of: (which, the site's figure, the limit)."""
    measures = (
        ("files", size.files, limits.files),
        ("site", size.bytes, limits.site_bytes),
        ("file", size.largest[1], limits.file_bytes),
        ("folder", size.fullest[1], limits.folder_files),
    )
    return [(name, value, limit) for name, value, limit in measures if limit and value > limit * share]


def warnings(size: SiteSize, site: str, deploy: dict[str, Any] | None, variable: str | None = None) -> list[str]:
    """Vietnamese warnings for a site that passes (or nearly passes) a limit of its host: what
    is over, the limit, and what to do (a paid plan where one helps, or a host it fits).

    variable is the publishing workflow's DEPLOY_HOST, the repository variable that, when set,
    names the host instead of portal.yml's deploy.host; the warnings then name it."""
    if variable:
        deploy = {**(deploy or {}), "host": variable}
    chosen = "biến DEPLOY_HOST của kho" if variable else "deploy.host trong site_config/portal.yml"
    setting = "biến DEPLOY_HOST của kho" if variable else "deploy.host"
    host, limits = limits_for(deploy)
    others = [other.label for name, other in HOSTS.items() if name != host and fits(size, other)]
    hosts = ", ".join(others)
    if limits.paid and others:
        remedy = say("host.paid-or-move", plan=limits.paid, hosts=hosts, setting=setting)
    elif limits.paid:
        remedy = say("host.paid", plan=limits.paid)
    elif others:
        remedy = say("host.move", hosts=hosts, setting=setting)
    else:
        remedy = say("host.no-other")
    over = {name for name, _, _ in _over(size, limits, 1.0)}
    result = []
    for name, value, limit in _over(size, limits, NEAR):
        result.append(_say(name, name in over, site, limits.label, size, value, limit, chosen) + " " + remedy)
    return result


def _say(name: str, over: bool, site: str, host: str, size: SiteSize, value: float, limit: float, chosen: str) -> str:
    """The warning for one limit the site passes (over) or nearly passes; chosen says where the
    host is named."""
    count, megabytes, top = _number(value), _mb(value), _number(limit) if name in ("files", "folder") else _mb(limit)
    if name == "files" and over:
        return say("host.over-files", site=site, host=host, chosen=chosen, count=count, limit=top)
    if name == "files":
        return say("host.near-files", site=site, host=host, chosen=chosen, count=count, limit=top)
    if name == "site" and over:
        return say("host.over-site", site=site, host=host, chosen=chosen, size=megabytes, limit=top)
    if name == "site":
        return say("host.near-site", site=site, host=host, chosen=chosen, size=megabytes, limit=top)
    if name == "file" and over:
        return say(
            "host.over-file", site=site, host=host, chosen=chosen, path=size.largest[0], size=megabytes, limit=top
        )
    if name == "file":
        return say(
            "host.near-file", site=site, host=host, chosen=chosen, path=size.largest[0], size=megabytes, limit=top
        )
    if over:
        return say(
            "host.over-folder", site=site, host=host, chosen=chosen, path=size.fullest[0], count=count, limit=top
        )
    return say("host.near-folder", site=site, host=host, chosen=chosen, path=size.fullest[0], count=count, limit=top)


def _number(value: float) -> str:
    """A count the Vietnamese way: 20.000."""
    return f"{int(value):,}".replace(",", ".")


def _mb(value: float) -> str:
    """Bytes as MB with a decimal comma: 1.000 MB, 26,2 MB."""
    megabytes = value / MB
    text = f"{megabytes:,.0f}" if megabytes >= 100 else f"{megabytes:,.1f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".") + " MB"
