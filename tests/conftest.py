"""Shared fixtures: a copy of the sample data, the CLI as staff run it, one built sample site,
the site served on 127.0.0.1 and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import csv
import functools
import gzip
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EPOCH = "1764115200"  # 2025-11-26, fixed so builds are comparable
CHROMIUM = "/usr/bin/chromium"  # Debian's package, installed by `make browser`; never a downloaded build
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE_MODULES = ROOT / "node_modules"  # pinned by package-lock.json, installed by `make test` (npm ci)


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.strip()]


def run_generator(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """Run `python -m generator ARGS` in cwd, the way staff and CI do."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH}
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.pop("DEPLOY_HOST", None)  # the publishing workflow's host choice
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ at tmp_path/data, to break the way staff would."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built once for the whole test session."""
    base = tmp_path_factory.mktemp("sample")
    result = run_generator(
        "build", "--data", str(DATA), "--out", str(base / "site"), "--work", str(base / "build"), cwd=base
    )
    assert result.code == 0, result.out + result.err
    return base / "site"


def edit(data: Path, name: str, row_id: str, column: str, value: str) -> None:
    """Set one cell of data/name (the row whose first column is row_id), as staff would."""
    path = data / name
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    index = rows[0].index(column)
    next(row for row in rows if row[0] == row_id)[index] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture(scope="session")
def dissolved_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with one group dissolved and one stopped, each with products (one featured):
    the sample has none, and their pages must not promote them."""
    base = tmp_path_factory.mktemp("status")
    data = base / "data"
    shutil.copytree(DATA, data)
    edit(data, "cooperatives.csv", "tht-dan-luc-binh-phong-dong", "status", "giải thể")
    edit(data, "cooperatives.csv", "tht-banh-trang-vinh-thuan", "status", "tạm ngừng")
    edit(data, "products.csv", "banh-trang-phoi-suong", "featured", "có")
    result = run_generator("build", "--data", "data", "--out", "site", "--work", "work", "--quiet", cwd=base)
    assert result.code == 0, result.out + result.err
    return base / "site"


# --- page types -------------------------------------------------------------------------------

# The page of each section that shows the most (photo, charts, products, honours); any section
# without an entry here is represented by its first page. New sections are picked up by
# themselves, so the quality gates extend as pages land.
EXAMPLES = {"htx": "htx-tom-cang-vinh-binh", "san-pham": "tom-cang-xanh-tuoi", "dien-hinh": "truong-thi-my-linh-2024"}


def is_redirect(path: Path) -> bool:
    """True for the small pages that send an old id (former_ids) to its current page."""
    head = path.read_text(encoding="utf-8")[:2000].lower()
    return 'http-equiv="refresh"' in head


def page_types(site: Path, redirects: bool = False) -> list[str]:
    """One URL of each page type in the built site: the home page, every section's index, one
    page inside each section, 404.html and (with redirects) one former-id redirect page."""
    urls = [""]
    redirect = ""
    for section in sorted(d for d in site.iterdir() if d.is_dir() and (d / "index.html").is_file()):
        urls.append(f"{section.name}/")
        children = sorted(c for c in section.iterdir() if (c / "index.html").is_file())
        pages = [c for c in children if not is_redirect(c / "index.html")]
        redirect = redirect or next((f"{section.name}/{c.name}/" for c in children if c not in pages), "")
        if pages:
            chosen = next((c for c in pages if c.name == EXAMPLES.get(section.name)), pages[0])
            urls.append(f"{section.name}/{chosen.name}/")
    if (site / "404.html").is_file():
        urls.append("404.html")
    if redirects and redirect:
        urls.append(redirect)
    return urls


# --- the site in a browser ------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


class _HostLikeHandler(_QuietHandler):
    """Serves like the static host the site is published on: text gzipped when the browser
    accepts it, and 404.html (status 404) for a path that does not exist."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        status = 200
        if not path.is_file() and not path.is_dir():
            path, status = Path(self.directory) / "404.html", 404
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        data = path.read_bytes()
        if path.suffix in self.COMPRESSED:
            data = gzip.compress(data, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if path.suffix in self.COMPRESSED:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(data)


@contextmanager
def serve(folder: Path, like_host: bool = False) -> Iterator[str]:
    """Serve folder on 127.0.0.1 (a free port) and yield its base URL, ending in /. With
    like_host, responses are gzipped and missing paths get 404.html, as on the real host."""
    handler = functools.partial(_HostLikeHandler if like_host else _QuietHandler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """The sample site served on 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched by Playwright for Python with executable_path."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# --- the Lighthouse report at the end of the run -----------------------------------------------

_SESSION_START: list[float] = []


def pytest_sessionstart(session) -> None:
    import time

    _SESSION_START.append(time.time())


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the Lighthouse report written by test_lighthouse.py during this run."""
    report = ROOT / "tests" / "output" / "lighthouse" / "report.md"
    if report.is_file() and _SESSION_START and report.stat().st_mtime >= _SESSION_START[0]:
        terminalreporter.section("Lighthouse (tests/output/lighthouse/report.md)")
        terminalreporter.write(report.read_text(encoding="utf-8"))


# Tests that drive Chromium or the Node tools (axe-core, the Nu HTML Checker, Lighthouse) are
# marked "browser": `make test-fast` runs the others. `make test` and CI run everything.
SLOW_TOOLS = {"browser", "server", "page"}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if uses & SLOW_TOOLS or item.module.__name__ in ("test_lighthouse", "test_quality", "test_browser"):
            item.add_marker(pytest.mark.browser)
