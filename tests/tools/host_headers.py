"""Read a site's `_headers` as Cloudflare Pages and Netlify do, and serve the site with them.

The rules: a line starting with `/` opens a rule for that address pattern (`*` matches anything,
`:name` one segment); the indented `Name: value` lines under it are its headers; `#` starts a
comment. Every rule whose pattern matches the requested path applies; a header set by two rules
is joined with a comma, as Cloudflare does (Netlify keeps the last), which is why the generator
never sets one header in two rules that can match the same address.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

Rule = tuple[str, list[tuple[str, str]]]


def parse(text: str) -> list[Rule]:
    """The rules of a `_headers` file, in order; a malformed line raises ValueError."""
    rules: list[Rule] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if not line.startswith("/"):
                raise ValueError(f"line {number}: a rule starts with '/': {line!r}")
            rules.append((line.strip(), []))
        elif not rules or ":" not in line:
            raise ValueError(f"line {number}: a header 'Name: value' under a rule: {line!r}")
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def matches(pattern: str, path: str) -> bool:
    """True when the address path matches the rule's pattern."""
    regex = "".join(
        ".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
        for part in re.split(r"(\*|:[A-Za-z_]\w*)", pattern)
        if part
    )
    return re.fullmatch(regex, path) is not None


def headers_for(rules: list[Rule], path: str) -> dict[str, str]:
    """The headers a host sends for path: every matching rule's, a repeated name joined by commas."""
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if matches(pattern, path):
            for name, value in headers:
                key = next((k for k in found if k.lower() == name.lower()), name)
                found[key] = f"{found[key]}, {value}" if key in found else value
    return found


@contextmanager
def serve_with_headers(folder: Path) -> Iterator[str]:
    """Serve folder on 127.0.0.1 like the static host (gzip, 404.html) with its `_headers`."""
    from conftest import _HostLikeHandler  # the tests' host-like server; this adds the headers

    rules = parse((folder / "_headers").read_text(encoding="utf-8"))

    class Handler(_HostLikeHandler):
        def send_header(self, keyword: str, value: str) -> None:
            if keyword.lower() == "cache-control":  # the host's own default yields to _headers
                return
            super().send_header(keyword, value)

        def end_headers(self) -> None:
            for name, value in headers_for(rules, unquote(urlsplit(self.path).path)).items():
                super().send_header(name, value)
            super().end_headers()

    handler = functools.partial(Handler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
