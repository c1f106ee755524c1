"""The site's security headers, computed from the built HTML: a Content Security Policy in every
page, `_headers` for Cloudflare Pages and Netlify, and `/.well-known/security.txt` (RFC 9116).

It runs on the site MkDocs has just written into the staging folder, so every inline script the
theme, the templates or later changes emit is found and allowed by its sha256 hash, and nothing
else is: no 'unsafe-inline' or 'unsafe-eval' in script-src. MkDocs writes every page afresh on
each build (the page keys only spare the Markdown), so the policy never comes from a cache.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .forks import forked_map, workers_for
from .messages import say
from .problems import Problem, problem

HEADERS_FILE = "_headers"
PAGES_A_WORKER = 1000  # below this a forked process costs more than it saves
SECURITY_TXT = ".well-known/security.txt"
# Material's own files carry a content hash in their names (bundle.a5f9d56c.min.js): they never
# change under the same name, so browsers may keep them for a year.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$")
LONG_CACHE = "public, max-age=31536000, immutable"
# Pages and every file without a hash in its name: kept 10 minutes, so a publish reaches
# visitors quickly while a visit's page views do not ask again.
SHORT_CACHE = "public, max-age=600"
# Features the portal never asks for. Sharing (Web Share, the clipboard), printing and the map
# need none of them; each name is one Chromium knows (an unknown one is a console error).
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
    "xr-spatial-tracking",
)
# Script types a browser runs; any other type (application/json, application/ld+json) is a data
# block, which is never executed, so CSP does not apply to it.
SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript"}

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_ATTR_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ATTR_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_OLD_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', re.IGNORECASE)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


@dataclass
class Hardened:
    """What `harden` did: the pages given a policy and every inline-script hash they use."""

    pages: int = 0
    hashes: set[str] = field(default_factory=set)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run in html, as the browser reads it."""
    found = []
    for match in _SCRIPT.finditer(html):
        attrs, body = match.group(1), match.group(2)
        if _ATTR_SRC.search(attrs):
            continue
        typed = _ATTR_TYPE.search(attrs)
        kind = next((g for g in typed.groups() if g is not None), "") if typed else ""
        if kind.strip().lower() in SCRIPT_TYPES:
            # The HTML parser turns CR LF and CR into LF before the script's hash is checked.
            found.append(body.replace("\r\n", "\n").replace("\r", "\n"))
    return found


def script_hash(body: str) -> str:
    """The CSP source that allows exactly this inline script: 'sha256-<base64>'."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def tile_origin(config: dict[str, Any]) -> str | None:
    """The origin of the detailed map's tiles (portal.yml map.tiles), or None without a map.

    A `{s}` subdomain in the template becomes a wildcard host (`https://*.tile.example.org`).
    """
    template = ((config.get("map") or {}).get("tiles") or "").strip()
    if not template:
        return None
    parts = urlsplit(template.replace("{s}", "s-placeholder"))
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return None
    host = parts.netloc.replace("s-placeholder", "*")
    return f"{parts.scheme}://{host}"


def policy(hashes: set[str] | list[str], tiles: str | None, header: bool = False) -> str:
    """The Content Security Policy for pages whose inline scripts have these hashes.

    style-src keeps 'unsafe-inline': pages carry style attributes (progress bars, map legends)
    and Material and Leaflet set styles; a style cannot run script, and what it could load is
    held to this site by img-src, font-src and connect-src. The header form adds
    frame-ancestors, which browsers ignore (and complain about) in a <meta> policy.
    """
    remote = [tiles] if tiles else []
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *sorted(set(hashes))]),
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("img-src", ["'self'", "data:", "blob:", *remote]),
        ("connect-src", ["'self'", *remote]),
        ("font-src", ["'self'"]),
        ("worker-src", ["'self'"]),
        ("manifest-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]
    if header:
        directives.append(("frame-ancestors", ["'none'"]))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def with_policy_meta(html: str, tiles: str | None) -> tuple[str, list[str]]:
    """html with its own policy as the first thing in <head> after the charset, and its hashes.

    The meta must come before any script, or the browser would run those scripts unchecked.
    """
    hashes = sorted({script_hash(body) for body in inline_scripts(html)})
    html = _OLD_META.sub("", html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, tiles)}">'
    head = _HEAD.search(html)
    if head is None:
        return html, hashes
    charset = _CHARSET.search(html, head.end())
    at = charset.end() if charset and charset.start() - head.end() < 200 else head.end()
    return html[:at] + meta + html[at:], hashes


def page_patterns(site: Path) -> list[str]:
    """The address patterns of the site's pages, one per depth (`/`, `/:p1/`, `/:p1/:p2/`)."""
    depths = {len(p.parent.relative_to(site).parts) for p in site.rglob("index.html")}
    return ["/" + "".join(f":p{n}/" for n in range(1, depth + 1)) for depth in sorted(depths)]


def headers_file(site: Path, hashes: set[str], tiles: str | None, https: bool) -> str:
    """`_headers` for Cloudflare Pages and Netlify: the security headers on every address, a
    year's cache for Material's fingerprinted files and 10 minutes for pages.

    Both hosts apply every rule that matches an address, and they combine a header named twice
    in different ways (Cloudflare joins the values, Netlify keeps the last), so each address
    gets Cache-Control from one rule only: pages by depth, fingerprinted files by name.
    """
    lines = [
        "# Made by the generator (generator/security.py) from the built site: do not edit.",
        "/*",
        f"  Content-Security-Policy: {policy(hashes, tiles, header=True)}",
        "  X-Content-Type-Options: nosniff",
        "  X-Frame-Options: DENY",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        f"  Permissions-Policy: {', '.join(f'{name}=()' for name in DENIED_FEATURES)}",
    ]
    if https:
        lines.append("  Strict-Transport-Security: max-age=31536000")
    for pattern in [*page_patterns(site), "/404.html"]:
        lines += ["", pattern, f"  Cache-Control: {SHORT_CACHE}"]
    assets = sorted(p.relative_to(site).as_posix() for p in (site / "assets").rglob("*") if p.is_file())
    for name in (n for n in assets if FINGERPRINTED.search(n)):
        lines += ["", f"/{name}", f"  Cache-Control: {LONG_CACHE}"]
    return "\n".join(lines) + "\n"


def _expires(config: dict[str, Any]) -> dt.date | None:
    """security.expires as a date; None when it is missing or not a date."""
    try:
        return dt.date.fromisoformat(str((config.get("security") or {}).get("expires", "")))
    except ValueError:
        return None


def settings_problems(config: dict[str, Any], path: Path, display: str) -> list[Problem]:
    """What is wrong in portal.yml's security settings, located at their line; `check` reports it."""
    settings = config.get("security") or {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []

    def line_of(key: str) -> int:
        return next((n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{key}:")), 0)

    found = []
    if "expires" in settings and _expires(config) is None:
        found.append(
            problem(
                display,
                line_of("expires"),
                "expires",
                "settings.security-expires",
                value=settings["expires"],
                example="2027-06-30",
            )
        )
    contact = str(settings.get("contact") or "")
    if contact and not contact.startswith(("mailto:", "https://")):
        found.append(problem(display, line_of("contact"), "contact", "settings.security-contact", value=contact))
    return found


def expired_notice(config: dict[str, Any], epoch: int) -> str | None:
    """A notice for staff when security.expires is already past on the build's date."""
    expires, today = _expires(config), dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    if expires is not None and expires < today:
        return say("build.security-expired", expires=expires.strftime("%d/%m/%Y"), today=today.strftime("%d/%m/%Y"))
    return None


def security_txt(config: dict[str, Any], epoch: int = 0) -> str:
    """/.well-known/security.txt (RFC 9116) from portal.yml's security settings.

    Without security.expires the file expires a year after the build's date (the data's date),
    so it is never published already expired and builds stay the same for the same input.
    """
    settings = config.get("security") or {}
    site_url = config["site_url"].rstrip("/") + "/"
    contact = settings.get("contact") or f"mailto:{config['publisher']['email']}"
    expires = _expires(config) or dt.datetime.fromtimestamp(epoch, dt.UTC).date() + dt.timedelta(days=365)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.isoformat()}T00:00:00.000Z",
        f"Preferred-Languages: {settings.get('languages', 'vi')}",
        f"Canonical: {site_url}{SECURITY_TXT}",
    ]
    return "\n".join(lines) + "\n"


def harden(site: Path, config: dict[str, Any], epoch: int = 0, tidy: Callable[[str], str] | None = None) -> Hardened:
    """Give every page of site its policy, then write `_headers` and security.txt beside them.

    tidy, when given, changes each page first, in the same pass (the build's `squeeze.page`):
    a page is read and written once. A large site's pages are shared among forked processes,
    one per PAGES_A_WORKER pages and at most one per core: after MkDocs, which used one core,
    the others are idle.
    """
    tiles = tile_origin(config)
    pages = sorted(site.rglob("*.html"))
    workers = workers_for(len(pages), PAGES_A_WORKER)
    if workers == 1:
        parts = [_policy_part(pages, tiles, tidy)]
    else:
        shares = [pages[i::workers] for i in range(workers)]
        with forked_map(_policy_part, shares, [tiles] * workers, [tidy] * workers, workers=workers) as results:
            parts = list(results)
    done = Hardened(sum(count for count, _ in parts), set().union(*(hashes for _, hashes in parts)))
    https = config["site_url"].startswith("https://")
    (site / HEADERS_FILE).write_text(headers_file(site, done.hashes, tiles, https), encoding="utf-8")
    (site / SECURITY_TXT).parent.mkdir(exist_ok=True)
    (site / SECURITY_TXT).write_text(security_txt(config, epoch), encoding="utf-8")
    return done


def _policy_part(pages: list[Path], tiles: str | None, tidy: Callable[[str], str] | None) -> tuple[int, set[str]]:
    """Give pages their policy (tidied first); returns how many, and the hashes of their scripts."""
    found: set[str] = set()
    for path in pages:
        html = path.read_bytes().decode("utf-8")  # bytes: line ends stay as MkDocs wrote them
        new, hashes = with_policy_meta(tidy(html) if tidy else html, tiles)
        found.update(hashes)
        if new != html:
            path.write_bytes(new.encode("utf-8"))
    return len(pages), found
