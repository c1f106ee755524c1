"""Scan every file of a built site for anything that could execute: the hostile-data gate.

What counts as executable, by kind of file:
- HTML (and the HTML that other files carry: the search index's titles and texts, which
  Material's search renders as HTML, and feed descriptions, which feed readers render): an
  event-handler attribute (on...=), a link or source with a javascript:, vbscript: or data:
  scheme (but for an <img> of a base64 PNG: the pages' QR codes), an <iframe>, <object>,
  <embed>, <base> or <frame>, a refresh to a script URL, a style with expression() or a script
  URL, and any <script> that is not one of: a local file, a
  JSON data block (application/json, application/ld+json: it must parse as JSON), or an inline
  script that is the same on every page but for the path to the site root (Material's own;
  data cannot vary it).
- SVG: any <script>, <foreignObject>, event handler or script link.
- XML (sitemap, feeds): must parse; no element named script in any namespace.
- JSON: must parse, and its text holds no '<' at all except in the search index, whose HTML is
  checked as above (no '<' means nothing in it can read as a tag, wherever it is pasted).
- CSV: no cell that a spreadsheet runs as a formula (=, +, -, @, tab, CR at the start, unless
  it is a plain number).
- Anything: when markers are given (strings only hostile input contains, e.g. "xss-"), a marker
  in a script body, an attribute handler or a URL is reported with its file.

Usage: python tests/tools/scan.py SITE_DIR [MARKER ...]
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background", "ping"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|livescript|mocha)\s*:", re.IGNORECASE)
PNG_DATA = re.compile(r"data:image/png;base64,[A-Za-z0-9+/]+={0,2}")
BANNED_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "foreignobject"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
FORMULA = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
TEXT_SUFFIXES = {".html", ".htm", ".svg", ".xml", ".json", ".csv", ".txt", ".js", ".css", ".webmanifest"}


class _Scanner(HTMLParser):
    """Collects findings for one HTML (or SVG) document or fragment."""

    def __init__(self, where: str, svg: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.where, self.svg = where, svg
        self.findings: list[str] = []
        self.scripts: list[tuple[str, str, int]] = []  # (type, body, line) of inline scripts
        self._script: tuple[str, int] | None = None
        self._body: list[str] = []

    def report(self, message: str) -> None:
        self.findings.append(f"{self.where}:{self.getpos()[0]}: {message}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag in BANNED_ELEMENTS:
            self.report(f"<{tag}> element")
        for name, value in values.items():
            if name.startswith("on"):
                self.report(f"event handler {name}={value[:60]!r} on <{tag}>")
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                for part in value.split(",") if name == "srcset" else [value]:
                    if tag == "img" and name == "src" and PNG_DATA.fullmatch(part.strip()):
                        continue  # a page's QR code: a PNG an image element draws cannot run script
                    if BAD_SCHEME.match(part):
                        self.report(f"{name}={part.strip()[:60]!r} on <{tag}>")
            if name == "style" and re.search(r"expression\s*\(|javascript:|vbscript:", value, re.IGNORECASE):
                self.report(f"style={value[:60]!r} on <{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.sub(r"^[^;]*;\s*url\s*=\s*['\"]?", "", values.get("content", ""), flags=re.IGNORECASE)
            if BAD_SCHEME.match(target):
                self.report(f"refresh to {target[:60]!r}")
        if tag == "script":
            if self.svg:
                self.report("<script> in an SVG image")
            if "src" in values:
                if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", values["src"]):
                    self.report(f"script from elsewhere: {values['src'][:80]}")
            else:
                self._script = (values.get("type", "").lower(), self.getpos()[0])
                self._body = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            kind, line = self._script
            body = "".join(self._body)
            self.scripts.append((kind, body, line))
            if kind in DATA_SCRIPT_TYPES:
                try:
                    json.loads(body)
                except ValueError as error:
                    self.findings.append(f"{self.where}:{line}: {kind} block is not valid JSON ({error})")
            self._script = None


def scan_html(text: str, where: str, svg: bool = False) -> _Scanner:
    scanner = _Scanner(where, svg)
    scanner.feed(text)
    scanner.close()
    return scanner


def scan_csv(text: str, where: str) -> list[str]:
    findings = []
    for number, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")), start=1):
        for cell in row:
            if cell and FORMULA.match(cell) and not NUMBER.match(cell.strip()):
                findings.append(f"{where}:{number}: cell a spreadsheet would run: {cell[:60]!r}")
    return findings


def scan_json(text: str, where: str) -> list[str]:
    try:
        value = json.loads(text)
    except ValueError as error:
        return [f"{where}: not valid JSON ({error})"]
    if where.endswith("search/search_index.json"):
        findings = []
        for number, doc in enumerate(value.get("docs", [])):
            for key in ("title", "text"):
                findings += scan_html(str(doc.get(key, "")), f"{where}#docs[{number}].{key}").findings
        return findings
    if "<" in text:
        index = text.index("<")
        return [f"{where}: raw '<' in JSON text: {text[max(0, index - 30) : index + 30]!r}"]
    return []


def scan_xml(text: str, where: str) -> list[str]:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        return [f"{where}: not well-formed XML ({error})"]
    findings = []
    for element in root.iter():
        name = element.tag.split("}")[-1].lower() if isinstance(element.tag, str) else ""
        if name == "script":
            findings.append(f"{where}: <script> element in XML")
        for key, value in element.attrib.items():
            if key.split("}")[-1].lower().startswith("on"):
                findings.append(f"{where}: event handler {key} in XML")
            if BAD_SCHEME.match(value):
                findings.append(f"{where}: {key}={value[:60]!r}")
        if name in ("description", "encoded", "content", "summary") and element.text:
            findings += scan_html(element.text, f"{where}<{name}>").findings
        if name in ("link", "loc", "guid", "url") and element.text and BAD_SCHEME.match(element.text):
            findings.append(f"{where}: <{name}> {element.text[:60]!r}")
    return findings


def read_text(path: Path) -> str | None:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def executable_findings(site: Path, markers: tuple[str, ...] = ()) -> list[str]:
    """Everything in the site that could execute, one message each (empty when the site is clean)."""
    site = site.resolve()
    findings: list[str] = []
    inline: dict[tuple[str, str], list[str]] = {}  # inline executable script body -> pages
    pages: set[str] = set()  # pages with inline executable scripts
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        where = path.relative_to(site).as_posix()
        suffix = Path(path.name[: -len(".gz")]).suffix if path.name.endswith(".gz") else path.suffix
        if suffix not in TEXT_SUFFIXES:
            continue
        text = read_text(path)
        if text is None:
            findings.append(f"{where}: not UTF-8 text")
            continue
        if suffix in (".html", ".htm", ".svg"):
            scanner = scan_html(text, where, svg=suffix == ".svg")
            findings += scanner.findings
            for kind, body, line in scanner.scripts:
                if kind in DATA_SCRIPT_TYPES:
                    continue
                pages.add(where)
                # The page's relative path to the site root ("..", "../..") is the one allowed change.
                body = re.sub(r'"(\.{1,2}/?)+"|"/"', '"ROOT"', body.strip())
                inline.setdefault((kind, body), []).append(f"{where}:{line}")
                for marker in markers:
                    if marker.lower() in body.lower():
                        findings.append(f"{where}:{line}: hostile text inside a script: {marker!r}")
        elif suffix == ".json":
            findings += scan_json(text, where)
        elif suffix == ".xml":
            findings += scan_xml(text, where)
        elif suffix == ".csv":
            findings += scan_csv(text, where)
        elif suffix in (".js", ".css") and markers:
            findings += [f"{where}: hostile text {m!r} in a script or style sheet" for m in markers if m in text]
    # An inline script that differs from page to page could carry data; Material's do not.
    for (kind, _body), places in inline.items():
        if len(places) != len(pages):
            findings.append(
                f"inline <script{' type=' + kind if kind else ''}> found on {len(places)} of {len(pages)} pages, "
                f"so it varies with the page: {places[0]}"
            )
    return findings


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    findings = executable_findings(Path(argv[0]), tuple(argv[1:]))
    for finding in findings:
        print(finding)
    print(f"{len(findings)} finding(s)", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
