"""Pages staff write in Markdown (news posts, content/ pages): read, check, and turn into safe HTML.

The generator renders them itself instead of leaving them to MkDocs, so that `check` sees exactly
what the build publishes: the HTML passes the same kind of allow-list (nh3) as text from the data,
so nothing written in a post can run in a visitor's browser, and every link to a page of the
portal is checked against the pages the data makes and rewritten to work from where it stands.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
import yaml

from .messages import Found, found
from .text import nfc, slugify

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\Z)", re.DOTALL)
MAX_FRONT_MATTER = 20_000  # characters: a title, a date, a description
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
ATTRIBUTE_LIST = re.compile(r"\{:?\s*([^{}\n]*?)\s*\}")
ALLOWED_CLASSES = {"md-button", "md-button--primary"}
ADMONITION_CLASSES = {"admonition", "admonition-title", "note", "abstract", "info", "tip", "success", "question"}
ADMONITION_CLASSES |= {"warning", "failure", "danger", "bug", "example", "quote"}
SCHEMES = ("http", "https", "mailto", "tel")
FILES = (".jpg", ".jpeg", ".png", ".webp", ".pdf")  # what content/ may hold besides Markdown

_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre", "blockquote"}
_TAGS |= {"ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "div"}
_ATTRIBUTES = {
    "a": {"href", "class", "title"},
    "img": {"src", "alt", "title"},
    "div": {"class"},
    "p": {"class"},
    "th": {"style"},
    "td": {"style"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
}
_HEADING = re.compile(r"<h([1-6]) id=\"([^\"]*)\">(.*?)</h\1>", re.DOTALL)


class _NoAliases(yaml.SafeLoader):
    """YAML without anchors and aliases: front matter needs none, and aliases let a few lines
    expand to gigabytes ("billion laughs")."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "alias", event.start_mark)
        return super().compose_node(parent, index)


@dataclass
class Source:
    """One Markdown file: its front matter (parsed), its body, and the line the body starts on."""

    meta: dict
    body: str
    body_line: int
    front: str = ""


@dataclass
class Rendered:
    """Safe HTML of a body and what stops it from being published: (line, message) pairs."""

    html: str
    problems: list[tuple[int, Found]] = field(default_factory=list)


def read_source(text: str) -> tuple[Source | None, tuple[int, Found] | None]:
    """Split front matter (YAML between two "---" lines) from the body; (None, problem) when it
    is missing or broken. A file without front matter is all body."""
    text = nfc(text)
    match = FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            return None, (1, found("news.front-unclosed"))
        return Source({}, text, 1), None
    front = match.group(1)
    if len(front) > MAX_FRONT_MATTER:
        return None, (1, found("news.front-too-long"))
    try:
        meta = yaml.load(front, Loader=_NoAliases)  # noqa: S506 - a SafeLoader without aliases
    except yaml.composer.ComposerError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 2
        return None, (line, found("news.yaml-alias"))
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 2
        return None, (line, found("news.yaml"))
    if not isinstance(meta, dict):
        meta = {}
    body_line = text[: match.end()].count("\n") + 1
    return Source(meta, text[match.end() :], body_line, front), None


class Site:
    """The portal's pages and files, by path from the site's root (`htx/mot-htx/`,
    `assets/logo.svg`), for checking and rewriting the links staff write."""

    def __init__(self, pages: Iterable[str], files: Iterable[str], site_url: str = ""):
        self.pages, self.files, self.site_url = set(pages), set(files), site_url

    def resolve(self, target: str, source_dir: str, page_dir: str) -> str | None:
        """The site path a link means, trying it as MkDocs would (relative to the Markdown file,
        `.md` and `index.md` allowed), then relative to the page's address, then from the root."""
        path = target
        if self.site_url and path.startswith(self.site_url):
            path = "/" + path[len(self.site_url) :]
        candidates = [path.lstrip("/")] if path.startswith("/") else [_join(source_dir, path), _join(page_dir, path)]
        for candidate in candidates:
            for form in _forms(candidate):
                if form in self.pages or form in self.files:
                    return form
        return None


def _join(folder: str, path: str) -> str:
    joined = posixpath.normpath(posixpath.join("/" + folder, path))
    return joined.lstrip("/") + ("/" if path.endswith("/") and joined != "/" else "")


def _forms(path: str) -> list[str]:
    """A path as a page (`x/`) or a file: `x.md`, `x/index.md`, `x/index.html`, `x` all mean `x/`."""
    if path in ("", ".", "/"):
        return [""]
    for suffix in ("/index.md", "/index.html", "index.md", "index.html", ".md"):
        if path.endswith(suffix):
            stem = path[: -len(suffix)].rstrip("/")
            return [f"{stem}/" if stem else ""]
    return [path, path.rstrip("/") + "/"]


def _relative(target: str, page_dir: str) -> str:
    """target (a site path) as a link from the page at page_dir (`tin-tuc/mot-bai/`)."""
    relative = posixpath.relpath("/" + target, "/" + page_dir)
    if target == "" or target.endswith("/"):
        return "./" if relative == "." else relative + "/"
    return relative


class _Links(HTMLParser):
    """Every link and image of the HTML, decoded as a browser decodes them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:  # only these survive the allow-list: other tags are reported as HTML
            if (tag, name) in (("a", "href"), ("img", "src")) and value is not None:
                self.found.append((tag, value))


_CONVERTER = markdown.Markdown(
    extensions=["attr_list", "tables", "admonition", "toc"],
    extension_configs={"toc": {"slugify": lambda value, separator: slugify(value, separator)}},
    output_format="html",
)


def render(source: Source, site: Site, source_dir: str, page_dir: str) -> Rendered:
    """The body as safe HTML, with links to the portal's pages made relative to page_dir/;
    every construct that could carry script, and every link that leads nowhere, is a problem."""
    body = source.body
    problems = [(source.body_line + line, message) for line, message in _source_problems(body)]
    converted = _CONVERTER.reset().convert(body)
    links = _Links()
    links.feed(converted)
    rewritten: dict[str, str | None] = {}
    for tag, target in links.found:
        if target in rewritten:
            continue
        new, problem = _link(target, tag, site, source_dir, page_dir)
        rewritten[target] = new
        if problem:
            problems.append((source.body_line + _line_of(body, target), problem))

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return rewritten[value] if value in rewritten else _link(value, tag, site, source_dir, page_dir)[0]
        if attribute == "class":
            allowed = ALLOWED_CLASSES if tag == "a" else ADMONITION_CLASSES
            classes = [name for name in value.split() if name in allowed]
            return " ".join(classes) or None
        if attribute == "style":
            return value if re.fullmatch(r"text-align: (left|right|center);", value) else None
        return value

    cleaned = nh3.clean(
        converted,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes=set(SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return Rendered(cleaned, sorted(set(problems), key=lambda problem: (problem[0], problem[1].text)))


def _link(target: str, tag: str, site: Site, source_dir: str, page_dir: str) -> tuple[str | None, Found | None]:
    """(what the link becomes or None to drop it, a problem or None)."""
    shown = target[:80]
    try:
        parts = urlsplit(target.strip())
    except ValueError:
        return None, found("news.link-invalid", link=shown)
    if parts.scheme:
        if parts.scheme.lower() not in SCHEMES or (tag == "img" and parts.scheme.lower() not in ("http", "https")):
            return None, found("news.link-scheme", link=shown)
        if not target.startswith(site.site_url or "\0"):
            if tag == "img":  # a picture from another host: a request the visitor never asked for
                return None, found("news.image-elsewhere", link=shown)
            return target, None
    if not parts.path and not parts.scheme:
        return target, None  # #a-heading on the same page
    path = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.scheme else parts.path
    resolved = site.resolve(path, source_dir, page_dir)
    if resolved is None:
        return None, found("news.image-nowhere", link=shown) if tag == "img" else found("news.link-nowhere", link=shown)
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return _relative(resolved, page_dir) + fragment, None


def _line_of(body: str, target: str) -> int:
    """The line (from 0) of the body where a link target is written, as well as it can be found."""
    for needle in (target, html.escape(target, quote=False), target[:20]):
        index = body.find(needle)
        if index >= 0:
            return body[:index].count("\n")
    return 0


def _source_problems(body: str) -> Iterable[tuple[int, Found]]:
    """(line from 0, message) for raw HTML and attribute lists other than a button's classes."""
    for number, line in enumerate(body.splitlines()):
        if HTML_TAG.search(line):
            yield number, found("news.html")
        for match in ATTRIBUTE_LIST.finditer(line):
            tokens = match.group(1).split()
            if any(not (token.startswith(".") and token[1:] in ALLOWED_CLASSES) for token in tokens):
                yield number, found("news.attributes", written=match.group(0)[:60])


def as_markdown(rendered_html: str) -> str:
    """HTML for MkDocs: top-level headings back as Markdown (MkDocs lists them in the page's table
    of contents, with the same ids), everything else as raw HTML blocks it passes through."""
    parts, position = [], 0
    for match in _HEADING.finditer(rendered_html):
        before = rendered_html[position : match.start()]
        if _depth(rendered_html[: match.start()]):
            continue  # inside a note or a list: stays HTML
        parts.append(_block(before))
        text = html.unescape(re.sub(r"<[^>]+>", "", match.group(3)))
        parts.append("#" * int(match.group(1)) + " " + _escape_markdown(text))
        position = match.end()
    parts.append(_block(rendered_html[position:]))
    return "\n\n".join(part for part in parts if part) + "\n"


def _depth(fragment: str) -> int:
    """How many block elements are open at the end of fragment."""
    opened = len(re.findall(r"<(div|blockquote|ul|ol|table)\b", fragment))
    return opened - len(re.findall(r"</(div|blockquote|ul|ol|table)>", fragment))


def _block(fragment: str) -> str:
    """Raw HTML MkDocs' Markdown keeps as it is: wrapped in a div, without blank lines inside."""
    fragment = fragment.strip()
    if not fragment:
        return ""
    return '<div class="portal-prose">\n' + fragment + "\n</div>"


def _escape_markdown(text: str) -> str:
    text = re.sub(r"([\\`*_{}\[\]()#+!|-])", r"\\\1", " ".join(text.split()))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
