"""Broken-link checker for a built site, offline: every internal link, anchor and image must exist.

Checks every HTML file under the site folder: href, src, srcset, poster, form action, the
targets of <meta http-equiv=refresh> (former-id redirects) and the share meta (og:url,
og:image, twitter:image). Links to the portal's own public address (site_url) are checked
against the local files too, so canonical links, redirects, share images and sitemap entries
cannot point at pages that were never built. Fragments must name an id (or <a name>) on the
target page. External http(s), tel:, sms: and mailto: links are not fetched (no network); any other
scheme (javascript:, data:, vbscript:, file:) in a link is reported.

Usage: python tests/tools/linkcheck.py SITE_DIR [SITE_URL]
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "form": ("action",),
    "button": ("formaction",),
    "object": ("data",),
    "embed": ("src",),
}
SHARE_META = {"og:url", "og:image", "og:image:url", "og:image:secure_url", "twitter:image"}
EXTERNAL = ("http:", "https:", "tel:", "sms:", "mailto:")
PNG_DATA = re.compile(r"data:image/png;base64,[A-Za-z0-9+/]+={0,2}")  # as tools/scan.py allows it
# <link rel=...> values that name things rather than fetch them from us.
LINK_RELS_NOT_CHECKED = {"preconnect", "dns-prefetch"}
# Link elements Material or browsers treat as optional, and that we still check: none. Kept as a
# place to record any exemption with its reason.
LOCAL_HOST = "http://local.invalid"


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (what, url, line)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "link" and LINK_RELS_NOT_CHECKED & set(values.get("rel", "").split()):
            return
        for attr in URL_ATTRIBUTES.get(tag, ()):
            if attr not in values:
                continue
            if attr == "srcset":
                for candidate in values[attr].split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.page.links.append((f"<{tag} {attr}>", url, line))
            else:
                self.page.links.append((f"<{tag} {attr}>", values[attr], line))
        if tag == "meta":
            if values.get("http-equiv", "").lower() == "refresh":
                match = re.search(r"url\s*=\s*['\"]?([^'\"\s]+)", values.get("content", ""), re.IGNORECASE)
                if match:
                    self.page.links.append(("<meta refresh>", match.group(1), line))
            name = values.get("property") or values.get("name", "")
            if name in SHARE_META:
                self.page.links.append((f"<meta {name}>", values.get("content", ""), line))


def parse(path: Path) -> Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


def page_url(site: Path, path: Path) -> str:
    """The URL path a file is served at: site/htx/index.html -> /htx/."""
    relative = path.relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def target_file(site: Path, url_path: str) -> Path | None:
    """The file a URL path is served from, or None."""
    candidate = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_links(site: Path, site_url: str = "") -> list[str]:
    """Every broken internal link, anchor or image in the site, one message each."""
    site = site.resolve()
    site_url = site_url.rstrip("/") + "/" if site_url else ""
    base_path = urlsplit(site_url).path if site_url else "/"
    pages: dict[Path, Page] = {p: parse(p) for p in sorted(site.rglob("*.html"))}
    id_cache: dict[Path, set[str]] = {p: page.ids for p, page in pages.items()}
    problems: list[str] = []
    for path, page in pages.items():
        here = LOCAL_HOST + page_url(site, path)
        where = path.relative_to(site).as_posix()
        for what, raw, line in page.links:
            url = raw.strip()
            if not url:
                problems.append(f"{where}:{line}: {what} is empty")
                continue
            if site_url and url.startswith(site_url):
                url = LOCAL_HOST + "/" + url[len(site_url) :]
            elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) or url.startswith("//"):
                if url.lower().startswith(EXTERNAL) or url.startswith("//"):
                    continue
                if what == "<img src>" and PNG_DATA.fullmatch(url):
                    continue  # a page's QR code, in the page itself
                problems.append(f"{where}:{line}: {what} uses a scheme that is not allowed: {url[:80]}")
                continue
            absolute = urljoin(here, url)
            parts = urlsplit(absolute)
            if not absolute.startswith(LOCAL_HOST):
                problems.append(f"{where}:{line}: {what} leaves the site: {url}")
                continue
            url_path = parts.path
            if base_path != "/" and url_path.startswith(base_path):
                url_path = "/" + url_path[len(base_path) :]
            target = target_file(site, url_path)
            if target is None:
                problems.append(f"{where}:{line}: {what} {url} -> missing {url_path}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                if target not in id_cache:
                    id_cache[target] = parse(target).ids
                if fragment not in id_cache[target]:
                    problems.append(f"{where}:{line}: {what} {url} -> no id “{fragment}” in {url_path}")
    problems += check_xml_links(site, site_url)
    problems += check_css_urls(site)
    return problems


def check_xml_links(site: Path, site_url: str) -> list[str]:
    """Sitemap <loc> entries and feed <link>/<guid> entries that point into the site must exist."""
    problems = []
    if not site_url:
        return problems
    for path in sorted(site.rglob("*.xml")):
        where = path.relative_to(site).as_posix()
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as error:
            problems.append(f"{where}: not well-formed XML: {error}")
            continue
        for element in root.iter():
            values = [element.text or ""] if element.tag.split("}")[-1] in ("loc", "link", "guid", "url") else []
            values += [v for k, v in element.attrib.items() if k in ("href", "src", "url")]
            for value in values:
                value = value.strip()
                if value.startswith(site_url):
                    url_path = "/" + urlsplit(value).path[len(urlsplit(site_url).path) :]
                    if target_file(site, url_path) is None:
                        problems.append(f"{where}: {value} -> missing {url_path}")
    return problems


def check_css_urls(site: Path) -> list[str]:
    """url(...) in the portal's own style sheets (not Material's bundle) must exist."""
    problems = []
    for path in sorted((site / "assets").glob("*.css")):
        where = path.relative_to(site).as_posix()
        for match in re.finditer(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", path.read_text(encoding="utf-8")):
            url = match.group(1)
            if url.startswith(("data:", "#")) or re.match(r"^[a-z]+:", url):
                continue
            absolute = urljoin(LOCAL_HOST + page_url(site, path), url)
            if target_file(site, urlsplit(absolute).path) is None:
                problems.append(f"{where}: url({url}) -> missing")
    return problems


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    problems = check_links(Path(argv[0]), argv[1] if len(argv) > 1 else "")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} broken link(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
