"""Quality gates on the built sample site: accessibility (axe-core in Chromium), keyboard use,
valid HTML (the Nu HTML Checker), no broken links, nothing executable in any output file.

The tools come pinned from package-lock.json (`npm ci` in `make test`): axe-core and vnu-jar
(run with the system's Java 17). The site is served on 127.0.0.1; nothing reaches the network.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import NODE_MODULES, ROOT, page_types
from playwright.sync_api import Browser, Page
from tools.linkcheck import check_links
from tools.scan import executable_findings

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
SITE_URL = yaml.safe_load((ROOT / "site_config" / "portal.yml").read_text(encoding="utf-8"))["site_url"]

# Validator errors we cannot fix, each with why. (message pattern, pattern the markup must
# match, reason). Everything else the checker reports fails the test.
VNU_ALLOWED = [
    (
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
        r'id="__(drawer|search)" autocomplete="off">',
        "Material's base.html prints its drawer and search toggles as checkboxes with "
        "autocomplete=off (so Firefox does not restore them open on Back). They sit outside every "
        "template block, so a theme override cannot change them; the attribute is harmless.",
    ),
]


def tool(path: Path) -> str:
    assert path.is_file(), f"{path} is missing: `make test` installs it with `npm ci` (package-lock.json)"
    return str(path)


# --- accessibility ------------------------------------------------------------------------------


def run_axe(page: Page) -> list[dict]:
    """axe-core on the page as it is now; the violations of impact serious or critical."""
    # Evaluated by the browser's debugger, as the page's own policy refuses an added inline script.
    page.evaluate(Path(tool(AXE)).read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {
            resultTypes: ["violations"],
            rules: {"target-size": {enabled: true}}  // WCAG 2.2 AA 2.5.8, off by default in axe
        })"""
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(url: str, violations: list[dict]) -> list[str]:
    return [
        f"{url or '/'}: {v['impact']} {v['id']} ({v['help']}): "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in violations
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_every_page_type(browser: Browser, server: str, built_site: Path, viewport: str) -> None:
    """Zero serious or critical axe violations on one page of each type, with every <details>
    (the data tables under the charts) opened, since a reader can open them."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    problems: list[str] = []
    checked = page_types(built_site)
    for url in checked:
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        problems += describe(url, run_axe(page))
    context.close()
    assert len(checked) >= 13
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finder_and_search_in_use(browser: Browser, server: str, viewport: str) -> None:
    """The states a visitor brings about: a catalogue filtered to nothing, a filtered
    directory, and the site search open with results."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    problems: list[str] = []
    page.goto(server + "san-pham/")
    page.fill("#f-q", "khong co san pham nay")
    page.locator("[data-empty]").wait_for()
    problems += describe("san-pham/ (no match)", run_axe(page))
    page.goto(server + "htx/")
    page.select_option("#f-type", "HTX")
    problems += describe("htx/ (type HTX)", run_axe(page))
    page.goto(server)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.type("mat ong", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    # Material fades the results panel in (opacity over 0.4 s): axe reading colours mid-fade
    # finds them too light (it did once, on a loaded machine), so wait until transitions end.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    problems += describe("search open", run_axe(page))
    context.close()
    assert problems == [], "\n".join(problems)


def tab_until(page: Page, wanted: set[str], presses: int = 80) -> set[str]:
    """Press Tab until every id in wanted has had the focus; return the ids reached."""
    reached: set[str] = set()
    for _ in range(presses):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement && document.activeElement.id"))
        if wanted <= reached:
            break
    return reached


def test_keyboard_reaches_and_uses_the_directory_filters(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(server + "htx/")
    total = page.locator("#htx-list > li").count()
    wanted = {"f-q", "f-commune", "f-sector", "f-type", "f-status"}
    assert wanted <= tab_until(page, wanted)
    # Back to the type filter and choose with the arrow keys alone.
    page.focus("#f-type")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused filter shows where the focus is"
    page.keyboard.press("ArrowDown")
    assert page.input_value("#f-type") == "HTX"
    page.wait_for_function("() => document.querySelector('[data-count]').textContent.startsWith('Tìm thấy')")
    shown = page.locator("#htx-list-results > li").count()
    assert 0 < shown < total
    page.focus("#f-q")
    page.keyboard.type("khong co")
    page.locator("[data-empty]").wait_for()
    assert page.locator("#htx-list-results > li").count() == 0
    context.close()


def test_keyboard_reaches_site_search_and_a_result(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(server)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("tom kho", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert page.locator(".md-search-result__meta").inner_text().endswith("kết quả")
    page.keyboard.press("ArrowDown")
    href = page.evaluate("document.activeElement.getAttribute('href') || ''")
    assert href, "arrow keys move into the search results"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != server, timeout=10000)
    assert page.url.startswith(server) and page.url != server
    context.close()


def test_the_theme_speaks_vietnamese(built_site: Path) -> None:
    """Material's Vietnamese leaves words in English (the search's "Initializing search", the
    tabs' label) and names the back-to-top button "back to the table of contents":
    site_config/overrides/partials/languages/custom.html mends them on every page."""
    english = ("Initializing search", 'aria-label="Tabs"', "Type to start searching", "Back to top", "Trở lại mục lục")
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert not [words for words in english if words in text], page
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'lang="vi"' in home and 'aria-label="Các mục chính"' in home
    assert "Đang chuẩn bị tìm kiếm" in home and "Lên đầu trang" in home


def test_shared_finder_link_opens_the_catalogue_not_the_site_search(browser: Browser, server: str) -> None:
    """The finder's links use ?tim=, because Material opens its site search for ?q=."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(server + "san-pham/?tim=tom+kho")
    page.wait_for_function("() => document.querySelector('[data-count]').textContent.startsWith('Tìm thấy')")
    search_open = page.evaluate("document.getElementById('__search').checked")
    titles = page.locator("#product-list-results .portal-card__title").all_inner_texts()
    context.close()
    assert not search_open
    assert "Tôm khô Vĩnh Bình" in titles


def test_visible_focus_on_links_and_buttons(browser: Browser, server: str) -> None:
    """Every element Tab reaches on a product page shows a focus indicator."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(server + "san-pham/tom-cang-xanh-tuoi/")
    page.wait_for_load_state("networkidle")
    invisible = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => { const e = document.activeElement; if (!e || e === document.body) return null;
                const s = getComputedStyle(e);
                const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
                    || s.textDecorationLine.includes('underline');
                return {what: e.tagName + '.' + e.className + ' ' + (e.getAttribute('href') || ''), shown}; }"""
        )
        if state and not state["shown"]:
            invisible.append(state["what"])
    context.close()
    assert invisible == [], "\n".join(invisible)


# --- valid HTML ---------------------------------------------------------------------------------


def vnu(files: list[Path]) -> list[dict]:
    """The Nu HTML Checker's errors for files (HTML, and CSS and SVG by their extension)."""
    java = subprocess.run(["java", "-version"], capture_output=True, text=True)
    assert java.returncode == 0, "make test installs Java (default-jre-headless) for the Nu HTML Checker"
    result = subprocess.run(
        ["java", "-Xss16m", "-jar", tool(VNU), "--format", "json", "--errors-only"]
        + ["--also-check-css", "--also-check-svg", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    return [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]


def allowed(message: dict) -> bool:
    return any(
        re.search(pattern, message["message"]) and re.search(markup, message.get("extract", ""))
        for pattern, markup, _reason in VNU_ALLOWED
    )


def validated_files(site: Path) -> list[Path]:
    """One page of each type (and a former-id redirect), the portal's style sheets, and one SVG
    from each folder that has them (charts, placeholders, QR codes, logo)."""
    files = [site / (url + "index.html" if not url.endswith(".html") else url) for url in page_types(site, True)]
    files += sorted((site / "assets").glob("*.css"))
    folders: dict[Path, Path] = {}
    for svg in sorted(site.rglob("*.svg")):
        folders.setdefault(svg.parent, svg)
    return files + sorted(folders.values())


def test_every_page_type_is_valid_html(built_site: Path) -> None:
    files = validated_files(built_site)
    assert len(files) > 15
    errors = vnu(files)
    remaining = [
        f"{m.get('url', '').replace('file:' + str(built_site.resolve()) + '/', '')}:{m.get('lastLine')}: "
        f"{m['message']} [{m.get('extract', '').strip()[:120]}]"
        for m in errors
        if not allowed(m)
    ]
    assert remaining == [], "\n".join(remaining)


def test_the_validator_finds_errors(tmp_path: Path) -> None:
    """The gate itself: a broken page fails, so a clean result means something."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="vi"><title>x</title><p id="a"><p id="a"><img src="x.png">')
    messages = [m["message"] for m in vnu([bad])]
    assert any("Duplicate ID" in m for m in messages)
    assert any("alt" in m for m in messages)


# --- links and executable content -----------------------------------------------------------------


def test_no_broken_internal_links_anchors_or_images(built_site: Path) -> None:
    problems = check_links(built_site, SITE_URL)
    assert problems == [], "\n".join(problems[:50])


def test_nothing_executable_in_any_output_file(built_site: Path) -> None:
    findings = executable_findings(built_site)
    assert findings == [], "\n".join(findings[:50])


def test_the_link_checker_finds_what_is_broken(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "img.webp").write_bytes(b"x")
    (site / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="missing/">1</a> <a href="a/#nowhere">2</a>'
        '<img src="gone.webp" srcset="img.webp 480w, gone-960.webp 960w" alt=""> <a href="#top">3</a>'
        '<a href="javascript:alert(1)">4</a> <a href="https://example.org/x">external</a>'
        '<a href="tel:0912345678">tel</a> <link rel="canonical" href="https://portal.example/nope/">',
        encoding="utf-8",
    )
    (site / "a" / "index.html").write_text('<h2 id="here">x</h2><a href="../img.webp">ok</a>', encoding="utf-8")
    problems = check_links(site, "https://portal.example/")
    assert len(problems) == 7, "\n".join(problems)
    for words in ("missing/", "nowhere", "gone.webp", "gone-960.webp", "#top", "javascript:", "/nope/"):
        assert any(words in p for p in problems), words


def test_the_scanner_finds_what_executes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "index.html").write_text(
        '<p>&lt;script&gt;alert("xss-ok")&lt;/script&gt;</p><img src=x onerror="alert(1)">'
        '<a href=" JavaScript:alert(1)">a</a><a href="data:text/html,x">b</a><iframe src="x"></iframe>'
        '<script>alert("xss-1")</script><script type="application/ld+json">{"a": "</script>',
        encoding="utf-8",
    )
    (site / "search" / "search_index.json").write_text(
        json.dumps({"docs": [{"title": "<img src=x onerror=alert(1)>", "text": "&lt;b&gt;", "location": ""}]}),
        encoding="utf-8",
    )
    (site / "data.json").write_text('{"name": "<script>x</script>"}', encoding="utf-8")
    (site / "data.csv").write_text('name,n\n"=HYPERLINK(""http://x"")",-5\n', encoding="utf-8")
    (site / "feed.xml").write_text(
        "<rss><channel><item><description>&lt;img src=x onerror=alert(1)&gt;</description></item></channel></rss>",
        encoding="utf-8",
    )
    (site / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    findings = executable_findings(site, markers=("xss-",))
    expected = [
        "index.html:1: event handler onerror",
        "index.html:1: href='JavaScript:alert(1)'",
        "index.html:1: href='data:text/html,x'",
        "index.html:1: <iframe>",
        "hostile text inside a script",
        "application/ld+json block is not valid JSON",
        "search_index.json#docs[0].title:1: event handler onerror",
        "data.json: raw '<'",
        "data.csv:2: cell a spreadsheet would run",
        "feed.xml<description>:1: event handler onerror",
        "chart.svg:1: <script> in an SVG image",
    ]
    for words in expected:
        assert any(words in f for f in findings), f"{words!r} not in\n" + "\n".join(findings)
    assert not any("xss-ok" in f for f in findings), "escaped text is inert"
