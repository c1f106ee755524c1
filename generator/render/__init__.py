"""Render the model into a folder of Markdown, images, charts and data files for MkDocs."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import contact
from ..messages import say
from ..model import CATALOGUE_SPLIT, Portal, commune_shares, commune_targets, search_text
from ..schema import PROJECT_ROOT
from ..text import sort_key
from . import catalogue, feeds, figures, finder, images, maps, opendata, pages, search_fold
from .artifacts import ArtifactStore, Files, RenderStats
from .safe import json_script

ASSETS = PROJECT_ROOT / "site_config" / "assets"
SIMILAR = 4  # products on sale a page of a product no longer sold suggests


@dataclass
class SitePlan:
    """Every page and small file of the site, planned; the store holds the requests for the
    charts, photos, QR codes and share cards the pages link (`ArtifactStore.render_late`)."""

    docs: Path
    writer: pages.PageWriter
    files: Files
    store: ArtifactStore

    def render_pages(self) -> RenderStats:
        """Render into docs every page whose key changed and write the small files whose bytes
        changed; files no longer produced are removed."""
        stats = RenderStats({"render_page": self.writer.render_pages(self.docs)})
        self.files.sync(self.docs, keep=self.writer.pages)
        return stats


def plan_site(portal: Portal, work: Path) -> SitePlan:
    """Plan every generated page and make the small files, for work/docs.

    Pages, tens of thousands of files, go straight into work/docs when rendered, each only when
    its key changed and rewritten only when its bytes changed. The few other files are made in
    memory and synced in the same way. Charts, photos, QR codes and share cards are only
    requested here.
    """
    docs, files = work / "docs", Files()
    shutil.rmtree(work / "docs.next", ignore_errors=True)  # where earlier versions made them
    docs.mkdir(parents=True, exist_ok=True)
    store = ArtifactStore(work / "cache" / "artifacts")
    writer = pages.PageWriter(portal, files, store)
    _plan_pages(portal, writer, files, store)
    _write_small_files(portal, files)
    if clashes := sorted(files.data.keys() & writer.pages):
        raise RuntimeError(say("build.content-clash", path=clashes[0]))
    return SitePlan(docs, writer, files, store)


def _plan_pages(portal: Portal, writer: pages.PageWriter, files: Files, store: ArtifactStore) -> None:
    """Plan every page, and ask now for every photo, QR code and share card they show; the
    finders' indexes and the map's points go into files."""
    for key in [*portal.config["categories"], *portal.config["sectors"], "honour"]:
        writer.picture("", key)  # placeholders are numbered in this order
    writer.share()
    for entity in [*portal.cooperatives, *portal.products, *portal.honours]:
        writer.share(entity)
        if entity.photo:
            writer.picture(entity.photo, "")
    writer.write("index.md", "home.md.j2", news=portal.posts)

    filters, options = finder.directory_filters(portal), {"commune": finder.commune_options(portal, former=True)}
    overview = maps.overview(portal, "../")
    files.write(maps.POINTS_FILE, json_script(overview.points).encode("utf-8"))
    first = {"overview": overview, "map_settings": portal.config.get("map"), "points_file": maps.POINTS_FILE}
    writer.paginate("htx", "directory.md.j2", portal.cooperatives, first, filters=filters)
    records = [finder.coop_record(c, writer.picture) for c in portal.cooperatives]
    finder.write_index(files, "htx/tim", records, (*filters, *options), options)
    for coop in portal.cooperatives:
        writer.write(f"htx/{coop.id}.md", "cooperative.md.j2", coop=coop, charts=figures.cooperative_charts(coop))

    writer.paginate("san-pham", "catalogue.md.j2", portal.catalogue, filters=finder.catalogue_filters(portal))
    records = [finder.product_record(p, writer.picture) for p in portal.catalogue]
    options = {"commune": finder.commune_options(portal, former=False)}
    finder.write_index(files, "san-pham/tim", records, ("category", "commune"), options)
    by_category: dict[str, list] = {}
    for product in portal.catalogue:
        by_category.setdefault(product.category, []).append(product)
    for product in portal.products:
        # A product no longer sold points to products on sale of its category instead.
        similar = [] if product.on_sale else by_category.get(product.category, [])[:SIMILAR]
        writer.write(f"san-pham/{product.id}.md", "product.md.j2", product=product, similar=similar)

    _plan_communes(portal, writer)

    writer.paginate("dien-hinh", "honours.md.j2", portal.honours)
    for honour in portal.honours:
        writer.write(f"dien-hinh/{honour.id}.md", "honour.md.j2", honour=honour)
    charts, shares = figures.progress_charts(portal), commune_shares(portal)
    writer.write("tien-do/index.md", "progress.md.j2", charts=charts, shares=shares)
    writer.write("du-lieu/index.md", "opendata.md.j2", tables=opendata.tables(portal))
    writer.write("tin-tuc/index.md", "news.md.j2", posts=portal.posts)
    for post in portal.posts:
        canonical = portal.url(f"tin-tuc/{post.slug}/")
        writer.write(f"tin-tuc/{post.slug}.md", "post.md.j2", post=post, canonical=canonical)

    # The media kit: printable A4 sheets of cards; each entity page prints as its flyer.
    catalogues = catalogue.plan(portal, store, writer.photos)  # the printed catalogue's PDFs
    writer.write(
        "truyen-thong/index.md",
        "mediakit.md.j2",
        catalogues=catalogues,
        catalogue_grouping=catalogue.GROUP_LABELS[catalogue.group_by(portal.config)],
        catalogue_split=0 if portal.district_catalogue else CATALOGUE_SPLIT,
    )
    writer.paginate("truyen-thong/the-htx", pages.CARD_SHEETS, portal.cooperatives, kind="htx")
    writer.paginate("truyen-thong/the-san-pham", pages.CARD_SHEETS, portal.catalogue, kind="san-pham")


def _plan_communes(portal: Portal, writer: pages.PageWriter) -> None:
    """A page per current commune (its groups, products, map, figures, targets and its Women's
    Union's contact) and the list of communes, searchable without diacritics."""
    by_name = lambda item: (sort_key(item.name), item.id)  # noqa: E731
    for commune in portal.current_communes:
        coops = portal.in_commune(commune)
        writer.share(commune)
        writer.write(
            f"xa/{commune.code}.md",
            "commune.md.j2",
            commune=commune,
            formers=portal.formers(commune),
            coops=coops,
            products=sorted((p for c in coops for p in c.products if p.on_sale), key=by_name),
            stats=portal.stats(coops),
            targets=commune_targets(portal, commune),
            catalogue=portal.commune_catalogues.get(commune.code),
            union=contact.union_contact(commune),
            fallback=contact.publisher_contact(portal.config),
            overview=maps.overview(portal, "../../", cooperatives=coops),
        )
    writer.write("xa/index.md", "communes.md.j2", rows=commune_rows(portal))


def commune_rows(portal: Portal) -> list[dict[str, Any]]:
    """The list of communes (/xa/): each current commune, its former units, its figures, and the
    folded names a visitor may type, the former units' included."""
    rows = []
    for commune in portal.current_communes:
        formers = portal.formers(commune)
        names = search_text(*(c.name for c in [commune, *formers]))
        rows.append(
            {"commune": commune, "formers": formers, "stats": portal.stats(portal.in_commune(commune)), "search": names}
        )
    return rows


def _write_small_files(portal: Portal, files: Files) -> None:
    # content/ as read and checked: pages rendered to safe HTML, files copied (posts are pages).
    for page in portal.content.pages if portal.content else []:
        files.write(page.path, page.text)
    for relative, path in sorted(portal.content.files.items()) if portal.content else []:
        files.write(relative, images.without_metadata(path))
    files.copy_tree(ASSETS, "assets")
    opendata.write(portal, files, "du-lieu")
    search_fold.write_wrapper(files)
    files.write("tin-tuc/rss.xml", feeds.rss(portal))
    files.write("robots.txt", feeds.robots(portal))
    feeds.write_redirects(portal, files)
