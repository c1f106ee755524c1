"""The Content Security Policy in every page, `_headers`, security.txt, and the site working in
Chromium under the policy served as real headers (generator/security.py).

The policy is read back from the built pages with an HTML parser (the standard library's), not
with the generator's regular expressions, so a bug in the generator's script finder cannot hide itself here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import CHROMIUM, page_types, run_generator
from PIL import Image
from playwright.sync_api import Browser, Page
from synth import synthesize
from tools.csp_check import PolicyReader, check_page, csp_hash, directives, site_findings
from tools.host_headers import headers_for, matches, parse, serve_with_headers

from generator import security
from generator.schema import load_config

TILES = "https://tile.openstreetmap.org"  # portal.yml map.tiles of the sample
CLOUDFLARE_LINE_LIMIT = 2000  # characters in one _headers line (Cloudflare Pages)
CLOUDFLARE_RULE_LIMIT = 100  # rules in one _headers file


def check_site(site: Path, tiles: str | None) -> int:
    """Every page of site checked; the number of pages."""
    pages, wrong = site_findings(site, tiles)
    assert wrong == [], wrong[:10]
    return pages


# --- the generator's pieces --------------------------------------------------------------------


def test_script_hash_is_the_one_browsers_compute() -> None:
    # The example of the CSP specification's and MDN's documentation of hash sources.
    assert security.script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_only_scripts_that_run_are_hashed() -> None:
    html = (
        '<script src="a.js"></script><script type="application/json">{"a": 1}</script>'
        '<script type="application/ld+json">{}</script><script>one()</script>'
        "<SCRIPT type='module'>two()</SCRIPT><script type=text/javascript>three()\r\n</script>"
    )
    assert security.inline_scripts(html) == ["one()", "two()", "three()\n"]


@pytest.mark.parametrize(
    ("tiles", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8123/{z}/{x}/{y}.png", "http://127.0.0.1:8123"),
        ("javascript:alert(1)//{z}", None),
        ("", None),
    ],
)
def test_tile_origin(tiles: str, origin: str | None) -> None:
    assert security.tile_origin({"map": {"tiles": tiles}}) == origin
    assert security.tile_origin({}) is None


def test_a_policy_is_put_before_the_first_script_and_replaced_not_added(tmp_path: Path) -> None:
    html = '<!doctype html><html><head>\n<meta charset="utf-8">\n<script>go()</script></head><body></body></html>'
    once, hashes = security.with_policy_meta(html, TILES)
    twice, _ = security.with_policy_meta(once, TILES)
    assert once == twice and hashes == [csp_hash("go()")]
    assert once.index("Content-Security-Policy") < once.index("<script>")
    page = tmp_path / "index.html"
    page.write_text(once, encoding="utf-8")
    assert check_page(page, TILES) == []
    page.write_text(once.replace("<script>go()", "<script>went()"), encoding="utf-8")
    assert check_page(page, TILES), "the check finds a script without its hash"


# --- the built sample --------------------------------------------------------------------------


def test_every_page_of_the_sample_has_a_policy_covering_its_scripts(built_site: Path) -> None:
    assert check_site(built_site, TILES) > 100


def test_redirect_pages_and_404_have_the_policy_too(built_site: Path) -> None:
    redirect = next(p for p in built_site.rglob("index.html") if 'http-equiv="refresh"' in p.read_text("utf-8"))
    assert check_page(redirect, TILES) == []
    assert check_page(built_site / "404.html", TILES) == []


def test_headers_file_sets_the_security_headers_on_every_address(built_site: Path) -> None:
    text = (built_site / "_headers").read_text(encoding="utf-8")
    rules = parse(text)
    assert len(rules) <= CLOUDFLARE_RULE_LIMIT
    assert max(len(line) for line in text.splitlines()) <= CLOUDFLARE_LINE_LIMIT
    pages = sorted(built_site.rglob("*.html"))
    union = set()
    for path in pages:
        page = PolicyReader()
        page.feed(path.read_text(encoding="utf-8"))
        union.update(directives(page.policies[0])["script-src"])
    for address in ["/", "/htx/", "/htx/htx-tom-cang-vinh-binh/", "/assets/portal.js", "/du-lieu/htx.csv", "/404.html"]:
        sent = headers_for(rules, address)
        policy = directives(sent["Content-Security-Policy"])
        assert set(policy["script-src"]) == union, "the header allows what the pages' own policies allow"
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert sent["X-Content-Type-Options"] == "nosniff"
        assert sent["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert sent["Strict-Transport-Security"].startswith("max-age=31536000")
        assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= set(
            sent["Permissions-Policy"].split(", ")
        )
        # Sharing and copying the address must stay allowed.
        assert "web-share" not in sent["Permissions-Policy"] and "clipboard" not in sent["Permissions-Policy"]


def test_cache_lifetimes_long_for_fingerprinted_files_short_for_pages(built_site: Path) -> None:
    rules = parse((built_site / "_headers").read_text(encoding="utf-8"))
    fingerprinted = [
        p for p in (built_site / "assets").rglob("*") if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", p.name)
    ]
    assert len(fingerprinted) >= 3, "Material's bundle, its worker and its stylesheets"
    for path in fingerprinted:
        cache = headers_for(rules, "/" + path.relative_to(built_site).as_posix())["Cache-Control"]
        assert cache == "public, max-age=31536000, immutable"
    for page in sorted(built_site.rglob("index.html")):
        address = "/" + page.parent.relative_to(built_site).as_posix() + "/"
        cache = headers_for(rules, address.replace("/./", "/").replace("//", "/"))["Cache-Control"]
        assert cache == "public, max-age=600", (address, cache)  # one rule only: never joined
    for name in ("assets/portal.js", "assets/portal.css", "search/search_index.json"):
        assert "Cache-Control" not in headers_for(rules, "/" + name), "unfingerprinted files revalidate"
    assert not matches("/:p1/", "/assets/portal.js") and matches("/*", "/a/b.js")


def test_security_txt_follows_rfc_9116(built_site: Path) -> None:
    config = load_config()
    text = (built_site / ".well-known" / "security.txt").read_text(encoding="utf-8")
    fields = dict(line.split(": ", 1) for line in text.splitlines())
    assert fields["Contact"] == config["security"]["contact"] and fields["Contact"].startswith("mailto:")
    expires = dt.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%S.000Z")
    assert expires.date() == dt.date.fromisoformat(config["security"]["expires"])
    assert fields["Preferred-Languages"] == "vi"
    assert fields["Canonical"] == config["site_url"] + ".well-known/security.txt"


def test_security_txt_without_a_contact_names_the_publisher() -> None:
    config = {
        "site_url": "https://a.example/",
        "publisher": {"email": "x@a.example"},
        "security": {"expires": "2027-01-31"},
    }
    assert "Contact: mailto:x@a.example\n" in security.security_txt(config)


def test_hardening_again_changes_nothing(built_site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    security.harden(copy, load_config())
    changed = [
        p.relative_to(copy)
        for p in copy.rglob("*")
        if p.is_file() and p.read_bytes() != (built_site / p.relative_to(copy)).read_bytes()
    ]
    assert changed == []


@pytest.mark.slow
def test_every_page_of_1000_cooperatives_has_a_policy_covering_its_scripts(tmp_path: Path) -> None:
    synthesize(1000, tmp_path / "data", seed=1)
    result = run_generator("build", "--data", "data", "--out", "site", "--work", "work", "--quiet", cwd=tmp_path)
    assert result.code == 0, result.err
    assert check_site(tmp_path / "site", TILES) > 6000


# --- in Chromium, with the policy served as headers -----------------------------------------------

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _tile() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (236, 240, 226)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def headed(built_site: Path):
    """The sample served with its `_headers`, as Cloudflare Pages or Netlify would."""
    with serve_with_headers(built_site) as url:
        yield url


class Watched:
    """A page with every CSP violation, console error and script error recorded."""

    def __init__(self, browser: Browser, viewport: dict | None = None) -> None:
        self.context = browser.new_context(viewport=viewport or {"width": 390, "height": 844})
        self.context.add_init_script(WATCH)  # run by the browser itself, so not subject to the policy
        tile = _tile()
        # The map's tile host, answered here: the policy is checked before the request is made.
        self.context.route(f"{TILES}/**", lambda route: route.fulfill(body=tile, content_type="image/png"))
        self.page: Page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"error: {e}"))

    def open(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and "content-security-policy" in response.headers, url
        self.page.wait_for_load_state("networkidle")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations") + self.problems

    def close(self) -> None:
        self.context.close()


@pytest.mark.browser
def test_every_page_type_runs_under_the_served_policy(browser: Browser, built_site: Path, headed: str) -> None:
    assert Path(CHROMIUM).exists()
    found = []
    for path in page_types(built_site, redirects=True):
        watched = Watched(browser)
        watched.open(headed + path)
        if "refresh" not in (watched.page.content()[:3000]):
            # Material's inline head script and its bundle both ran.
            assert watched.page.evaluate("typeof __md_get === 'function' && typeof document$ === 'object'"), path
        found += [f"{path}: {v}" for v in watched.violations()]
        watched.close()
    missing = headed + "no-such-page/"
    watched = Watched(browser)
    watched.page.goto(missing)
    watched.page.wait_for_load_state("networkidle")
    found += [f"404: {v}" for v in watched.violations() if "404" not in v]
    watched.close()
    assert found == []


@pytest.mark.browser
def test_search_finders_map_share_print_and_charts_work_under_the_policy(browser: Browser, headed: str) -> None:
    watched = Watched(browser, {"width": 1366, "height": 768})
    page = watched.page
    # Search, diacritics folded by our worker wrapper (Material's search runs in a web worker).
    watched.open(headed)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("mat ong", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert any("mật ong" in t.lower() for t in page.locator(".md-search-result__item").all_inner_texts())
    # The finders filter from their index shards (fetched under connect-src).
    for finder in ("san-pham/", "htx/"):
        watched.open(headed + finder)
        page.fill("#f-q", "tom")
        page.wait_for_function("() => document.querySelector('[data-count]').textContent.startsWith('Tìm thấy')")
        assert page.locator("[id$=-results] > li").count() > 0, finder
    # The map, before and after the click; tiles come through the routed tile host.
    watched.open(headed + "htx/")
    assert page.evaluate("typeof window.L") == "undefined"
    page.get_by_role("button", name="Xem bản đồ chi tiết").click()
    page.locator(".portal-map__pin").first.wait_for()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    # Sharing: the address copied where there is no share sheet; printing.
    watched.open(headed + "san-pham/tom-cang-xanh-tuoi/")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.locator("[data-print]").first.click()
    assert page.evaluate("window.__printed === true")
    page.get_by_role("button", name="Chia sẻ", exact=True).click()
    page.wait_for_function("() => document.querySelector('[data-share-status]').textContent !== ''")
    # Charts are drawn.
    watched.open(headed + "tien-do/")
    drawn = page.evaluate(
        "[...document.querySelectorAll('img[src$=\".svg\"], svg')]"
        ".filter(e => e.getBoundingClientRect().width > 0).length"
    )
    assert drawn > 0
    problems = watched.violations()
    watched.close()
    assert problems == []


def _planted(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the site whose directory page carries a script no hash allows."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    page = copy / "htx" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", "<script>window.__planted = 'ran';</script></body>"), encoding="utf-8")
    return copy


@pytest.mark.browser
@pytest.mark.parametrize("served", ["headers", "meta only"])
def test_a_planted_inline_script_is_refused(browser: Browser, built_site: Path, tmp_path: Path, served: str) -> None:
    """As on Cloudflare or Netlify (headers and meta) and as on GitHub Pages (the meta alone)."""
    from conftest import serve

    copy = _planted(built_site, tmp_path)
    if served == "meta only":
        (copy / "_headers").unlink()
    server = serve_with_headers(copy) if served == "headers" else serve(copy, like_host=True)
    with server as url:
        watched = Watched(browser)
        response = watched.page.goto(url + "htx/")
        watched.page.wait_for_load_state("networkidle")
        assert ("content-security-policy" in response.headers) is (served == "headers")
        assert watched.page.evaluate("window.__planted") is None, "the planted script ran"
        assert watched.page.evaluate("typeof document$ === 'object'"), "the site's own scripts still ran"
        violations = watched.page.evaluate("window.__violations")
        watched.close()
    assert any(v.startswith("script-src") and " inline " in v for v in violations), violations
    assert urlsplit(url).hostname == "127.0.0.1"


# --- portal.yml's security settings ------------------------------------------------------------


def test_check_reports_a_wrong_expiry_date_and_contact_at_their_line(tmp_path: Path) -> None:
    from generator.schema import DEFAULT_CONFIG

    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    text = text.replace('expires: "2027-11-30"', 'expires: "30/11/2027"').replace(
        'contact: "mailto:lienhe@', 'contact: "lienhe@'
    )
    settings = tmp_path / "portal.yml"
    settings.write_text(text, encoding="utf-8")
    import yaml

    found = security.settings_problems(yaml.safe_load(text), settings, "site_config/portal.yml")
    lines = text.splitlines()
    assert [(p.column, lines[p.line - 1].strip().split(":")[0]) for p in found] == [
        ("expires", "expires"),
        ("contact", "contact"),
    ]
    assert "YYYY-MM-DD" in found[0].message and "mailto:" in found[1].message
    assert security.settings_problems(load_config(), DEFAULT_CONFIG, "portal.yml") == []


def test_an_expired_date_is_told_and_a_missing_one_is_a_year_after_the_data() -> None:
    config = {"site_url": "https://a.example/", "publisher": {"email": "x@a.example"}, "security": {}}
    epoch = int(dt.datetime(2026, 12, 1, tzinfo=dt.UTC).timestamp())
    assert "Expires: 2027-12-01T00:00:00.000Z" in security.security_txt(config, epoch)
    assert security.expired_notice(config, epoch) is None
    config["security"]["expires"] = "2026-11-30"
    assert "30/11/2026" in security.expired_notice(config, epoch)
    config["security"]["expires"] = "2026-12-01"
    assert security.expired_notice(config, epoch) is None


def test_make_verify_refuses_a_page_with_a_script_no_hash_allows(built_site: Path, tmp_path: Path) -> None:
    """tests/tools/csp_check.py, run by `make verify` on the fast publishing path."""
    import subprocess
    import sys

    from conftest import ROOT

    tool = [sys.executable, str(ROOT / "tests" / "tools" / "csp_check.py")]
    assert subprocess.run([*tool, str(built_site), TILES], capture_output=True).returncode == 0
    copy = _planted(built_site, tmp_path)
    result = subprocess.run([*tool, str(copy), TILES], capture_output=True, text=True)
    assert result.returncode == 1 and "htx/index.html: an inline script without its hash" in result.stdout
