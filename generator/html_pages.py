"""The generated pages go into the site as written: a MkDocs plugin that spares them Markdown.

Every page the generator writes (`render.pages`) is HTML from a template, in a Markdown file only
for its front matter. Python-Markdown gives such a page back as it is: the HTML is a raw block,
which it neither parses for Markdown nor links into its table of contents, and MkDocs rewrites no
link inside it. Yet to learn that, it reads the page twice with its pure-Python HTML parser (once
for MkDocs' list of anchors, once for `md_in_html`): two thirds of a bare MkDocs build of this
portal, one page after another on one core.

For a page the build names, the plugin hands MkDocs an empty Markdown to render (`on_page_markdown`,
last) and puts back, before any other plugin sees the page (`on_page_content`, first), the HTML as
Markdown would have given it, and the anchors MkDocs would have listed. Pages staff write under
content/ are Markdown, and go through MkDocs as before. The site is byte for byte the one MkDocs
alone makes (tests/test_build.py, on the sample and on hostile data).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from html import unescape
from typing import Any

from properdocs.plugins import BasePlugin, event_priority
from properdocs.structure.files import Files
from properdocs.structure.pages import Page

# What Python-Markdown does to its source before reading it (`NormalizeWhitespace`), which the
# raw HTML it gives back keeps: no STX or ETX, Unix line ends, tabs expanded, blank lines empty.
_SPACES_ONLY = re.compile(r"^ +\n", re.M)  # (the first line goes with strip)

# The anchors MkDocs lists (`_HTMLHandler`): the id of any element, the name of an <a>, outside
# comments and the text of <script> and <style>, attribute values unescaped.
_OPAQUE = re.compile(r"<!--.*?-->|(<(?:script|style)\b[^>]*>).*?</(?:script|style)\s*>", re.S | re.I)
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
_ANCHOR = re.compile(r"(?:^|[\s/])(id|name)\s*=\s*('[^']*'|\"[^\"]*\"|[^'\">\s]+)", re.I)


class HtmlPages(BasePlugin):
    """Takes the pages at `src_uris` (relative to docs) as HTML, without Markdown."""

    def __init__(self, src_uris: Collection[str]):
        super().__init__()
        self.src_uris = frozenset(src_uris)
        self._taken: dict[str, str] = {}

    @event_priority(-100)  # last: the Markdown MkDocs would render
    def on_page_markdown(self, markdown: str, *, page: Page, config: Any, files: Files) -> str:
        if page.file.src_uri not in self.src_uris or not markdown.lstrip().startswith("<"):
            return markdown
        self._taken[page.file.src_uri] = markdown
        return ""

    @event_priority(100)  # first: every other plugin sees the page as MkDocs would have made it
    def on_page_content(self, html: str, *, page: Page, config: Any, files: Files) -> str:
        markdown = self._taken.pop(page.file.src_uri, None)
        if markdown is None:
            return html
        page.markdown = markdown
        page.present_anchor_ids = anchor_ids(markdown)
        return as_markdown_gives(markdown)


def as_markdown_gives(raw_html: str) -> str:
    """raw_html as Python-Markdown gives back a page that is only raw HTML (MkDocs leaves its
    tab length at 4)."""
    text = raw_html.replace("\x02", "").replace("\x03", "").replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    return _SPACES_ONLY.sub("\n", text.expandtabs(4)).strip()


def anchor_ids(raw_html: str) -> set[str]:
    """The anchors MkDocs lists in raw HTML: ids, and the names of links."""
    text = _OPAQUE.sub(lambda match: match.group(1) or "", raw_html)
    found = set()
    for tag in _TAG.finditer(text):
        for key, value in _ANCHOR.findall(tag.group(2)):
            if key.lower() == "id" or tag.group(1).lower() == "a":
                found.add(unescape(value[1:-1] if value[:1] in "'\"" else value))
    return found
