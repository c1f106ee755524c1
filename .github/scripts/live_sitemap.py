"""Download the live site's sitemap.xml, so `check --previous-sitemap` can tell which published pages
a commit would remove (standard library only).

    python .github/scripts/live_sitemap.py OUT [--site-url URL]

The address is `site_url` from site_config/portal.yml unless --site-url is given. When there is no
live site yet (or it cannot be reached) it prints a notice, writes nothing and exits 0: the
comparison is then skipped, never failed. Tests import it and never let it reach the network.
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

PORTAL = Path(__file__).resolve().parents[2] / "site_config" / "portal.yml"
TIMEOUT = 30


def site_url(portal: Path = PORTAL) -> str:
    """site_url from portal.yml, read without a YAML library (it is one plain top-level line)."""
    match = re.search(r"^site_url:\s*[\"']?([^\"'\s#]+)", portal.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else ""


def download(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "htx-portal-publish-check"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only
        return response.read()


def main(argv: list[str] | None = None, fetch: Callable[[str], bytes] = download) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="where to write the live sitemap.xml")
    parser.add_argument("--site-url", default=None, help="the live site's address (default: portal.yml)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.unlink(missing_ok=True)  # never compare with a sitemap left from an earlier run
    base = args.site_url or site_url()
    if urlsplit(base).scheme not in ("http", "https"):
        print(f"::notice::site_url “{base}” không phải địa chỉ web; bỏ qua bước so sánh với trang đang chạy.")
        return 0
    url = urljoin(base.rstrip("/") + "/", "sitemap.xml")
    try:
        body = fetch(url)
    except Exception as error:  # noqa: BLE001 - no live site yet is not an error
        print(f"::notice::Chưa tải được {url} ({type(error).__name__}); bỏ qua bước so sánh với trang đang chạy.")
        return 0
    if b"<urlset" not in body:
        print(f"::notice::{url} không phải sitemap; bỏ qua bước so sánh với trang đang chạy.")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(body)
    print(f"Đã tải sitemap của trang đang chạy: {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
