"""Weekly report of external links on the built site that no longer open (standard library only).

    python .github/scripts/check_links.py --site site [--data data] [--content content]

Reads every HTML page under --site, collects the links that leave the site, tries each once
(HEAD, then GET), and reports the broken ones in Vietnamese: a table in the job summary
($GITHUB_STEP_SUMMARY, or standard output) and a ::warning annotation per link, placed on the
CSV or Markdown line that holds it when there is one. It only reports: the exit status is 0
whatever it finds, so it can never block a deploy. Tests import it and never let it reach the
network.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import socket
import ssl
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

# The generator's own escaping for workflow commands (generator/problems.py uses the standard
# library only, so the repository root on the path is all this script needs).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from generator.problems import escape_data, escape_property  # noqa: E402

TIMEOUT = 20
WORKERS = 8
USER_AGENT = "Mozilla/5.0 (compatible; htx-portal-link-check; +https://github.com/)"
# Sites that refuse automated visitors answer with these; a person has to open the link.
BLOCKED = {401, 403, 429, 999}
LINK_ATTRIBUTES = {"a": "href", "img": "src", "script": "src", "iframe": "src", "source": "src", "link": "href"}


@dataclass
class Result:
    """What happened when one link was tried: an HTTP status, or an error in words."""

    status: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def blocked(self) -> bool:
        return self.status in BLOCKED

    def describe(self) -> str:
        if self.status is None:
            return self.error or "Không mở được"
        if self.status == 404:
            return "Không tìm thấy trang (404)"
        if self.status == 410:
            return "Trang đã bị xóa (410)"
        if self.blocked:
            return f"Trang chặn máy kiểm tra ({self.status}); hãy tự mở thử"
        if self.status >= 500:
            return f"Máy chủ của trang đó đang lỗi ({self.status})"
        return f"Lỗi {self.status}"


@dataclass
class Link:
    url: str
    pages: set[str] = field(default_factory=set)
    places: list[tuple[str, int]] = field(default_factory=list)
    result: Result | None = None


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LINK_ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value.strip())


def own_hosts(site: Path) -> set[str]:
    """The site's own host names, read from sitemap.xml (its links are not external)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return set()
    text = sitemap.read_text(encoding="utf-8", errors="replace")
    return {urlsplit(loc).hostname or "" for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text)} - {""}


def collect_links(site: Path) -> dict[str, Link]:
    """Every external http(s) link on every page, without its #fragment, with the pages using it."""
    hosts = own_hosts(site)
    links: dict[str, Link] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Collector()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for raw in parser.urls:
            url = urldefrag(raw)[0]
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.hostname in hosts:
                continue
            links.setdefault(url, Link(url)).pages.add(str(page.relative_to(site)))
    return links


def locate(links: dict[str, Link], folders: Iterable[Path]) -> None:
    """Find the CSV or Markdown line where staff wrote each link (line 1 is the first line)."""
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted([*folder.rglob("*.csv"), *folder.rglob("*.md")]):
            text = path.read_text(encoding="utf-8", errors="replace")
            for url, link in links.items():
                start = text.find(url)
                while start != -1:
                    end = start + len(url)
                    # The whole link, not the beginning of a longer one.
                    if end == len(text) or not re.match(r"[\w/%.~+=&?-]", text[end]):
                        link.places.append((str(path), text.count("\n", 0, start) + 1))
                    start = text.find(url, end)


def fetch(url: str) -> Result:
    """Try a link: HEAD first, then GET when the server does not accept HEAD."""
    last = Result(error="Không mở được")
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only
                return Result(status=response.status)
        except urllib.error.HTTPError as error:
            last = Result(status=error.code)
            if error.code not in (400, 403, 405, 429, 501):
                return last
        except urllib.error.URLError as error:
            return Result(error=_reason(error.reason))
        except TimeoutError:
            last = Result(error="Quá thời gian chờ, trang không trả lời")
        except (ssl.SSLError, ConnectionError, OSError, ValueError) as error:
            return Result(error=_reason(error))
    return last


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "Không tìm thấy tên miền (có thể gõ sai hoặc tên miền đã hết hạn)"
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return "Lỗi chứng chỉ bảo mật (https) của trang đó"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "Quá thời gian chờ, trang không trả lời"
    if isinstance(reason, ConnectionRefusedError):
        return "Máy chủ từ chối kết nối"
    return f"Không mở được ({reason})"


def warning(link: Link) -> str:
    """The ::warning workflow command for one broken link, on its CSV/Markdown line if known."""
    message = f"{link.url} – {link.result.describe()}"
    if link.places:
        path, line = link.places[0]
        where = f"file={escape_property(path)},line={line},"
    else:
        message += f" (trên trang {sorted(link.pages)[0]})"
        where = ""
    return f"::warning {where}title={escape_property('Liên kết ngoài hỏng')}::{escape_data(message)}"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def report(links: dict[str, Link]) -> str:
    """The Markdown summary: broken links first, then the ones a person has to try."""
    broken = [link for link in links.values() if not link.result.ok and not link.result.blocked]
    blocked = [link for link in links.values() if link.result.blocked]
    lines = ["## Kiểm tra liên kết ngoài", ""]
    lines.append(
        f"Đã thử {len(links)} liên kết ra ngoài trang. "
        f"Hỏng: {len(broken)}. Trang chặn máy kiểm tra (hãy tự mở thử): {len(blocked)}."
    )
    if not broken and not blocked:
        lines += ["", "Mọi liên kết đều mở được."]
        return "\n".join(lines) + "\n"
    lines += [
        "",
        "Sửa liên kết ở đúng tệp và dòng ghi trong bảng (hoặc xóa nếu trang đó không còn), rồi lưu lại.",
        "",
        "| Liên kết | Kết quả | Ghi ở đâu |",
        "| --- | --- | --- |",
    ]
    for link in sorted(broken, key=lambda k: k.url) + sorted(blocked, key=lambda k: k.url):
        if link.places:
            where = "; ".join(f"{path} dòng {line}" for path, line in link.places[:3])
        else:
            where = "trang " + ", ".join(sorted(link.pages)[:3])
        lines.append(f"| {_cell(link.url)} | {_cell(link.result.describe())} | {_cell(where)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None, fetch: Callable[[str], Result] = fetch) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="built site folder")
    parser.add_argument("--data", default="data", help="where staff write links (CSV)")
    parser.add_argument("--content", default="content", help="where staff write links (Markdown)")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"Không có trang web ở {site}/; hãy chạy make site trước.")
        return 0
    links = collect_links(site)
    locate(links, [Path(args.data), Path(args.content)])
    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for link, result in zip(links.values(), pool.map(fetch, list(links)), strict=True):
            link.result = result
    text = report(links)
    for link in links.values():
        if not link.result.ok and not link.result.blocked:
            print(warning(link))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
