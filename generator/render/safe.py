"""Turn text from the data into markup that cannot carry script: safe Markdown, JSON, YAML."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import markdown
import nh3
from markupsafe import Markup

_ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "br"}
_ALLOWED_ATTRIBUTES = {"a": {"href"}}
_TARGETLESS_LINK = re.compile(r"<a(?: rel=\"[^\"]*\")?>(.*?)</a>", re.DOTALL)


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One converter, reset between texts: building its parser was about 40% of each call."""
    return markdown.Markdown(extensions=[], output_format="html")


def safe_markdown(text: str) -> Markup:
    """Render staff Markdown (paragraphs, emphasis, lists, http(s) links) to sanitised HTML."""
    if not text:
        return Markup("")
    # Raw HTML in the source becomes text, not tags: escape it before Markdown sees it. Quotes
    # stay as typed so that a link title ([a](https://… "title")) keeps its link; nh3 below
    # decides which attributes survive.
    source = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = _markdown().reset().convert(source)
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        # Only href (and the rel we add): no title or lang, whatever ammonia allows by default.
        attribute_filter=lambda tag, attribute, value: value if attribute in ("href", "rel") else None,
        url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    # A link whose target was dropped (javascript:, data:, ...) keeps its text, not an empty <a>.
    cleaned = _TARGETLESS_LINK.sub(r"\1", cleaned)
    return Markup(cleaned)


def json_script(value: Any) -> Markup:
    """JSON safe to put inside a <script> element: '<', '>' and '&' escaped as \\u sequences."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def yaml_string(value: str) -> Markup:
    """A YAML double-quoted scalar for front matter (JSON strings are valid YAML)."""
    return Markup(json.dumps(" ".join(str(value).split()), ensure_ascii=False))
