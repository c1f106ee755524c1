"""Generated pages: one jinja2 template per page type, written as Markdown with HTML bodies.

The site's plan (`render.plan_site`) tells a `PageWriter` every page; the writer gives the
templates their photos, QR codes, share cards and JSON-LD, and renders the pages on all cores.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape

from .. import contact
from ..forks import forked_map, workers_for
from ..model import Commune, Cooperative, Honour, Portal, Product
from ..schema import PROJECT_ROOT
from ..text import cap, excerpt, format_date, format_date_long, format_number, format_phone, format_vnd, shop_name
from . import pagekeys, structured
from .artifacts import ArtifactStore, Files, write_if_changed
from .images import PhotoProcessor, Picture, placeholder_svg
from .media import MediaMaker, Share
from .safe import json_script, safe_markdown, yaml_string

TEMPLATES = PROJECT_ROOT / "site_config" / "templates"
CARD_SHEETS = "cards.md.j2"  # the media kit's print-card sheets (render_pages shares their entities' pages)
# The templates whose pages hold Markdown: a post's body keeps its headings as Markdown, for
# MkDocs' table of contents (`documents.as_markdown`). Every other template writes HTML, which
# goes into the site as written (`html_pages`).
MARKDOWN_TEMPLATES = frozenset({"post.md.j2"})
PER_PAGE = 60


@dataclass(frozen=True)
class Pager:
    """Where a list page sits among its siblings."""

    number: int
    count: int
    total: int
    base: str
    offset: int

    @property
    def last(self) -> int:
        """Position of the last item on this page (1-based)."""
        return min(self.offset + PER_PAGE, self.total)

    def url(self, number: int) -> str:
        """Site path of page number."""
        return f"{self.base}/" if number == 1 else f"{self.base}/trang/{number}/"


def environment(bytecode: Path | None = None) -> jinja2.Environment:
    """The jinja2 environment: autoescaping on, undefined names are errors, Vietnamese filters.

    With a bytecode folder, compiled templates are kept there (keyed by their source's checksum),
    which spares a warm build compiling them again.
    """
    if bytecode:
        bytecode.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(bytecode)) if bytecode else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        vnd=format_vnd,
        number=format_number,
        date=format_date,
        date_long=format_date_long,
        phone=format_phone,
        shop=shop_name,
        excerpt=excerpt,
        markdown=safe_markdown,
        json_script=json_script,
        front=lambda text: yaml_string(str(escape(text))),
        cap=cap,
    )
    return env


_FORKED: PageWriter | None = None  # the writer whose pages a forked worker renders


def _render_part(docs: Path, relatives: list[str]) -> tuple[int, dict[str, str]]:
    assert _FORKED is not None
    return _FORKED._render_part(docs, relatives)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1


class PageWriter:
    """Collects every generated page of the portal, then renders them all into docs.

    Placeholder pictures go into `files` as they are asked for; pages go wherever
    `render_pages` is told.
    """

    def __init__(self, portal: Portal, files: Files, store: ArtifactStore):
        self.portal, self.files, self.store = portal, files, store
        self.photos = PhotoProcessor(portal.data_dir / "images", store)
        self.media = MediaMaker(store)
        self.env = environment(store.cache.parent / "templates")
        self._pages: dict[str, tuple[str, dict[str, Any]]] = {}
        self._placeholders: dict[str, str] = {}
        self._shares: dict[str, Share] = {}
        self._saved_keys: dict[str, str] = {}
        self._keys: pagekeys.PageKeys | None = None

    # --- writing -------------------------------------------------------------------------

    def write(self, relative: str, template: str, **context: Any) -> None:
        """Plan the page relative from template; refuse two pages at the same path.

        Pages are rendered later, all at once and on all cores, by `render_pages`.
        """
        if relative in self._pages:
            raise RuntimeError(f"two pages want the same file: {relative}")
        self._pages[relative] = (template, context)

    def render_pages(self, docs: Path, processes: int | None = None) -> dict[str, float]:
        """Render every planned page into docs whose key changed, writing only files whose bytes
        changed; returns the figures of the "render_page" kind (files, rendered, seconds).

        Worker processes are forked, so they see the model without copying it; every photo,
        QR code and share card the templates ask for was requested before, and the store
        refuses new requests while they run. A page whose key (see `pagekeys`) is the one saved
        with the page now in docs is not rendered at all.
        """
        global _FORKED
        start = time.perf_counter()
        saved = self.store.cache.parent / "pages.json"
        previous = pagekeys.load(saved)
        self._saved_keys = previous.keys
        self._keys = pagekeys.PageKeys(self.env, self.portal, self.photos.digests.get, previous)
        for template in sorted({template for template, _ in self._pages.values()}):
            self.env.get_template(template)  # compiled once, before the fork
            self._keys.base(template)  # and analysed once: the workers' findings are not kept
        relatives = sorted(self._pages)
        workers = self.workers(processes)
        frozen, self.store.frozen = self.store.frozen, True
        try:
            if workers == 1:
                parts = [self._render_part(docs, relatives)]
            else:
                _FORKED = self
                shares = self._parts(relatives, workers)
                with forked_map(_render_part, [docs] * workers, shares, workers=workers) as results:
                    parts = list(results)
        finally:
            self.store.frozen = frozen
            _FORKED = None
        keys = {relative: key for _, part in parts for relative, key in part.items()}
        pagekeys.save(saved, pagekeys.Saved(self._keys.code, self._keys.reads, keys))
        rendered = sum(count for count, _ in parts)
        return {"files": len(relatives), "rendered": rendered, "seconds": time.perf_counter() - start}

    def _parts(self, relatives: list[str], workers: int) -> list[list[str]]:
        """relatives among workers, in turn, but for the pages of the entities a print-card sheet
        shows, which go with the sheet: the worker then encodes each entity's QR code once for
        both (`media.qr_image` keeps them), where each code otherwise cost two encodings."""
        shares: list[list[str]] = [[] for _ in range(workers)]
        taken: dict[str, int] = {}
        sheets = [r for r in relatives if self._pages[r][0] == CARD_SHEETS]
        for number, sheet in enumerate(sheets):
            for item in self._pages[sheet][1]["items"]:
                taken[item.url.strip("/") + ".md"] = number % workers
        turn = 0
        for relative in relatives:
            if relative in taken:
                shares[taken[relative]].append(relative)
            else:
                shares[turn % workers].append(relative)
                turn += 1
        return shares

    def workers(self, processes: int | None = None) -> int:
        """How many processes `render_pages` uses: one per 500 pages, at most one per core."""
        return workers_for(len(self._pages), 500, processes)

    def _render_part(self, docs: Path, relatives: list[str]) -> tuple[int, dict[str, str]]:
        """Render the pages of relatives whose keys changed; returns how many were rendered,
        and "key:size" of every page that has a key. A page is skipped only when the file in
        docs still has the size it was written with (not cut short, not replaced)."""
        assert self._keys is not None
        rendered, keys = 0, {}
        for relative in relatives:
            template, context = self._pages[relative]
            key = self._keys.key(relative, template, context)
            if key is not None:
                saved = self._saved_keys.get(relative, "")
                if saved.startswith(f"{key}:") and saved == f"{key}:{_size(docs / relative)}":
                    keys[relative] = saved
                    continue
            depth = relative.count("/") + (0 if relative.endswith("index.md") else 1)
            text = self.env.get_template(template).render(
                portal=self.portal,
                config=self.portal.config,
                root="../" * depth,
                picture=self.picture,
                share=self.share,
                schema_org=self.schema_org,
                contact=self.contact,
                **context,
            )
            data = text.encode("utf-8")
            write_if_changed(docs / relative, data)
            rendered += 1
            if key is not None:
                keys[relative] = f"{key}:{len(data)}"
        return rendered, keys

    @property
    def pages(self) -> set[str]:
        """The paths (relative to docs) of every planned page."""
        return set(self._pages)

    @property
    def html_pages(self) -> set[str]:
        """The planned pages that are HTML, with no Markdown for MkDocs to convert."""
        return {relative for relative, (template, _) in self._pages.items() if template not in MARKDOWN_TEMPLATES}

    def picture(self, photo: str, key: str) -> Picture:
        """The responsive picture for a photo, or the generated placeholder for key."""
        if photo:
            return self.photos.picture(photo)
        if key not in self._placeholders:
            if self.store.frozen:
                raise RuntimeError(f"no placeholder was made for {key!r} before the pages were rendered")
            index = len(self._placeholders)
            name = f"media/placeholder-{index}.svg"
            self.files.write(name, placeholder_svg(index))
            self._placeholders[key] = name
        return Picture(((self._placeholders[key], 480),), 480, 320)

    def share(self, entity: Cooperative | Product | Honour | Commune | None = None) -> Share:
        """Canonical URL, QR code and share card of an entity or commune page (or of the whole site).

        A product without a photo travels with its group's card: a flat card would only repeat
        the preview's title (the product's name) and description (which starts with its price:
        product.md.j2), and one per product made most of a province's files and bytes."""
        key = "site" if entity is None else entity.url.strip("/").replace("/", "-")
        if key not in self._shares:
            portal = self.portal
            path = "" if entity is None else entity.url
            canonical = portal.url(path)
            if entity is None:
                title, subtitle, photo = portal.config["site_name"], portal.config["site_description"], ""
            elif isinstance(entity, Cooperative):
                title, subtitle, photo = (
                    entity.name,
                    f"{entity.type_label} · {entity.current_commune.label}",
                    entity.photo,
                )
            elif isinstance(entity, Product):
                price = format_vnd(entity.price_vnd) + (f" / {entity.unit}" if entity.unit and entity.price_vnd else "")
                title, subtitle, photo = entity.name, f"{price} · {entity.cooperative.name}", entity.photo
            elif isinstance(entity, Commune):
                stats = portal.stats(portal.in_commune(entity))
                counts = f"{stats['htx']} HTX, {stats['tht']} tổ hợp tác, {stats['products']} sản phẩm"
                title, subtitle, photo = cap(entity.label), counts, ""
            else:
                title, subtitle, photo = entity.name, f"{entity.award} ({entity.year})", entity.photo
            if isinstance(entity, Product) and not photo:
                image = self.share(entity.cooperative).image
            else:
                source = portal.data_dir / "images" / photo if photo else None
                host = portal.config["site_url"].split("://", 1)[-1].rstrip("/")
                image = self.media.share_card(key, title, subtitle, source, host, bool(portal.config.get("demo")))
            self._shares[key] = Share(canonical=canonical, short=canonical.split("://", 1)[-1], name=key, image=image)
        return self._shares[key]

    def contact(self, coop: Cooperative) -> contact.Contact | None:
        """Who answers the buyers of a cooperative's page and of its products' pages."""
        return contact.seller(coop, self.portal.config)

    def schema_org(self, entity: Cooperative | Product) -> dict[str, Any]:
        """An entity page's JSON-LD: made while the page renders, never for a page skipped."""
        if isinstance(entity, Cooperative):
            return structured.organization(self.portal, entity, self.share(entity))
        return structured.product(self.portal, entity, self.share(entity))

    def paginate(
        self, base: str, template: str, items: list[Any], first: dict[str, Any] | None = None, **context: Any
    ) -> None:
        """Write a list in pages of PER_PAGE: base/ is page 1, base/trang/N/ the others; first
        is what page 1 alone shows (the directory's map).

        A list page never grows with the number of records; the finder searches all of them.
        """
        pages = [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]
        count = len(pages)
        for number, chunk in enumerate(pages, start=1):
            relative = f"{base}/index.md" if number == 1 else f"{base}/trang/{number}.md"
            pager = Pager(number, count, len(items), base, (number - 1) * PER_PAGE)
            extra = (first or {}) if number == 1 else {}
            self.write(relative, template, items=chunk, pager=pager, **extra, **context)
