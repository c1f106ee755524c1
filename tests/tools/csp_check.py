"""Check that every page of a built site carries one Content Security Policy, before any script,
that allows each inline script it runs by its hash and nothing unsafe: the live site's guard on
the fast publishing path (`make verify`), and the tests' reader of the policy.

It reads the pages with the standard library's HTML parser, not with the generator's code
(generator/security.py), so a bug there cannot hide itself here.

Usage: python tests/tools/csp_check.py SITE_DIR [TILE_ORIGIN]
"""

from __future__ import annotations

import base64
import hashlib
import sys
from html.parser import HTMLParser
from pathlib import Path

RUNNABLE = {"", "module", "text/javascript", "application/javascript"}


def directives(policy: str) -> dict[str, list[str]]:
    """A policy as {directive: [sources]}."""
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


class PolicyReader(HTMLParser):
    """The policies of a page, the scripts before the first policy, and every script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.policies: list[str] = []
        self.scripts_before = 0
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._open: dict[str, str] | None = None
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(values.get("content", ""))
        elif tag == "script":
            self.scripts_before += not self.policies
            self._open, self._body = values, []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open, "".join(self._body)))
            self._open = None


def check_page(path: Path, tiles: str | None) -> list[str]:
    """What is wrong with one page's policy: missing, late, or not covering its inline scripts."""
    page = PolicyReader()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    if len(page.policies) != 1:
        return [f"{path}: {len(page.policies)} policies"]
    if page.scripts_before:
        return [f"{path}: the policy comes after a script"]
    policy = directives(page.policies[0])
    wrong = []
    scripts = policy["script-src"]
    if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts or scripts[0] != "'self'":
        wrong.append(f"{path}: script-src {scripts}")
    for attrs, body in page.scripts:
        if "src" in attrs or attrs.get("type", "").lower() not in RUNNABLE:
            continue
        if csp_hash(body) not in scripts:
            wrong.append(f"{path}: an inline script without its hash: {body[:60]!r}")
    remote = [tiles] if tiles else []
    expected = {
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *remote],
        "connect-src": ["'self'", *remote],
        "default-src": ["'self'"],
    }
    wrong += [f"{path}: {name} {policy.get(name)}" for name, value in expected.items() if policy.get(name) != value]
    if "frame-ancestors" in policy:
        wrong.append(f"{path}: frame-ancestors is ignored in a <meta> policy")
    return wrong


def site_findings(site: Path, tiles: str | None) -> tuple[int, list[str]]:
    """The number of HTML files in site, and what is wrong with their policies."""
    pages = sorted(site.rglob("*.html"))
    return len(pages), [problem for page in pages for problem in check_page(page, tiles)]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    pages, wrong = site_findings(Path(argv[0]), argv[1] if len(argv) > 1 and argv[1] else None)
    for line in wrong:
        print(line)
    print(f"{pages} trang, {len(wrong)} lỗi chính sách bảo mật nội dung (CSP)")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
