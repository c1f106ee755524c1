"""Which pages must be rendered again: a key per page from everything the page can show.

A page is a template applied to a context. Its key hashes the generator's code and templates,
the settings, the page's path, and every value reachable from its context: a product page
reaches its product, the product's cooperative, and through it the cooperative's other
products, yearly figures, honours and commune. A photo counts by the hash of its bytes. What a
template reads from `portal` is found in its syntax tree (and in the templates it imports):
pages whose templates read only the few portal facts below are keyed; the others (the home
page and the progress page read whole lists) are rendered on every build.

A key is saved with the size of the page it was written with; a page is skipped only when both
match (a file cut short by a crash is rendered again). A key is a promise that the page's bytes
are a function of what it hashes; the test that builds incrementally after each kind of edit and
compares with a clean build holds the promise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes

from ..model import Cooperative, Honour, Portal, Product
from ..schema import PROJECT_ROOT
from .artifacts import library_versions, write_atomically

# Bump when how pages are keyed changes.
KEY_VERSION = "1"

# What a keyed page may read from `portal`, and how to read it.
PORTAL_FACTS: dict[str, Callable[[Portal], Any]] = {
    "search_entities": lambda portal: portal.search_entities,
    "build_date": lambda portal: portal.build_date,
    "cooperatives|length": lambda portal: len(portal.cooperatives),
    "catalogue|length": lambda portal: len(portal.catalogue),
    "honours|length": lambda portal: len(portal.honours),
}
PLAIN = {str, int, float, bool, dt.date, type(None)}  # named by their repr; subclasses are walked
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "pillow", "zxing-cpp")  # zxing-cpp: the inline QR codes
# Template names whose output is not a function of their arguments.
IMPURE = {"lipsum", "random"}


class Unkeyable(Exception):
    """A context value the keys cannot name: the page is rendered every time."""


def _files_digest(files: list[Path]) -> str:
    digest = hashlib.blake2b(KEY_VERSION.encode(), digest_size=16)
    for path in files:
        digest.update(os.fsencode(path.relative_to(PROJECT_ROOT)) + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _running_code() -> str:
    """The generator's source as it was when this process imported it (a live preview runs
    for hours: the files on disk may change under it), Python and the libraries' versions."""
    versions = [sys.version, *library_versions(LIBRARIES)]
    return _files_digest(sorted((PROJECT_ROOT / "generator").rglob("*.py"))) + repr(versions)


RUNNING_CODE = _running_code()


def code_digest(templates: Path) -> str:
    """The code that turns data into pages: the generator that runs, and the templates now."""
    return _hash([RUNNING_CODE, _files_digest(sorted(p for p in templates.rglob("*") if p.is_file()))])


def portal_reads(env: jinja2.Environment, template: str, _done: dict[str, set[str]] | None = None) -> set[str]:
    """What template, and every template it imports or includes, reads from `portal`:
    attribute names, "name|length" when only a list's length is read, and "*" for any other
    use (portal passed on whole, indexed, or a template named at run time)."""
    done = _done if _done is not None else {}
    if template not in done:
        done[template] = reads = set()  # a template importing itself adds nothing
        tree = env.parse(env.loader.get_source(env, template)[0])
        _collect(tree, [], reads)
        for name in meta.find_referenced_templates(tree):
            reads |= {"*"} if name is None else portal_reads(env, name, done)
    return done[template]


def _collect(node: nodes.Node, ancestors: list[nodes.Node], reads: set[str]) -> None:
    if isinstance(node, nodes.Name | nodes.Filter) and node.name in IMPURE:
        reads.add("*")  # output that changes from one render to the next: never skipped
    elif isinstance(node, nodes.Name) and node.name == "portal":
        parent = ancestors[-1] if ancestors else None
        if isinstance(parent, nodes.Getattr) and parent.node is node:
            above = ancestors[-2] if len(ancestors) > 1 else None
            only_length = isinstance(above, nodes.Filter) and above.name == "length" and above.node is parent
            reads.add(f"{parent.attr}|length" if only_length else parent.attr)
        else:
            reads.add("*")
    ancestors.append(node)
    for child in node.iter_child_nodes():
        _collect(child, ancestors, reads)
    ancestors.pop()


@dataclass
class Saved:
    """What a build keeps for the next one: the keys of the pages it left in docs, and what
    each template reads from the portal (so a warm build need not parse the templates again)."""

    code: str = ""
    reads: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)


class PageKeys:
    """Keys of the pages of one build (see the module's docstring)."""

    def __init__(
        self,
        env: jinja2.Environment,
        portal: Portal,
        photo_digest: Callable[[str], str | None],
        saved: Saved,
    ):
        self.env, self.portal, self.photo_digest = env, portal, photo_digest
        self.code = code_digest(Path(env.loader.searchpath[0]))
        self.reads = dict(saved.reads) if saved.code == self.code else {}
        # In the file's order: placeholders are numbered by the order of categories and sectors.
        self.settings = json.dumps(portal.config, ensure_ascii=False, default=str)
        self._parsed: dict[str, set[str]] = {}
        self._bases: dict[str, str | None] = {}
        self._memo: dict[int, str] = {}

    def key(self, relative: str, template: str, context: dict[str, Any]) -> str | None:
        """The page's key, or None when it must be rendered anyway."""
        base = self.base(template)
        if base is None:
            return None
        parts = [base, relative]
        try:
            for name in sorted(context):
                parts.append(name)
                self._walk(context[name], parts, None)
        except Unkeyable:
            return None
        return _hash(parts)

    def base(self, template: str) -> str | None:
        """What every key of template's pages starts from; None when its pages have no key."""
        if template not in self._bases:
            if template not in self.reads:
                self.reads[template] = sorted(portal_reads(self.env, template, self._parsed))
            reads = self.reads[template]
            if set(reads) <= PORTAL_FACTS.keys():
                facts = {name: PORTAL_FACTS[name](self.portal) for name in reads}
                self._bases[template] = _hash([self.code, self.settings, template, repr(facts)])
            else:
                self._bases[template] = None
        return self._bases[template]

    def _walk(self, value: Any, parts: list[str], family: Cooperative | None) -> None:
        if value.__class__ in PLAIN or isinstance(value, str | int | float | dt.date):
            parts.append(repr(value))  # repr tells 1 from "1" and True, and a Markup from a str
        elif isinstance(value, list | tuple):
            parts.append(f"[{len(value)}")
            for item in value:
                self._walk(item, parts, family)
        elif isinstance(value, dict):
            parts.append(f"{{{len(value)}")
            for name, item in value.items():
                parts.append(repr(name))
                self._walk(item, parts, family)
        elif isinstance(value, Cooperative):
            parts.append("(this cooperative)" if value is family else self._whole(value, family=value))
        elif isinstance(value, Product | Honour) and family is None:
            parts.append(self._whole(value, family=None))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            self._fields(value, parts, family)
        else:
            raise Unkeyable(type(value).__name__)

    def _fields(self, value: Any, parts: list[str], family: Cooperative | None) -> None:
        parts.append(type(value).__qualname__)
        for name, item in vars(value).items():
            if item.__class__ in PLAIN:  # most fields: spare the call
                parts.append(f"{name}={item!r}")
            else:
                parts.append(name)
                self._walk(item, parts, family)
        photo = getattr(value, "photo", "")
        if photo:
            digest = self.photo_digest(photo)
            if digest is None:
                raise Unkeyable(f"photo {photo}")
            parts.append(digest)

    def _whole(self, entity: Cooperative | Product | Honour, family: Cooperative | None) -> str:
        """An entity with all it links to, hashed once per build. A cooperative is its own
        family: its products, figures, honours and commune link back to it, and to nothing else
        but communes. A product or honour reached from outside a family is hashed alone."""
        if id(entity) not in self._memo:
            parts: list[str] = []
            self._fields(entity, parts, family)
            self._memo[id(entity)] = _hash(parts)
        return self._memo[id(entity)]


def _hash(parts: list[str]) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def load(path: Path) -> Saved:
    """What the previous build saved, taken away: if this build stops halfway, docs may hold
    pages that match no saved key, and the next build renders them all again."""
    try:
        saved = Saved(**json.loads(path.read_text(encoding="utf-8")))
        path.unlink()
    except (OSError, ValueError, TypeError):
        return Saved()
    return saved


def save(path: Path, saved: Saved) -> None:
    """Keep what the next build needs (written in one step)."""
    write_atomically(path, json.dumps(dataclasses.asdict(saved), sort_keys=True, separators=(",", ":")).encode())
