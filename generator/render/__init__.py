"""Render the model into a folder of Markdown, images, charts and data files for MkDocs."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..model import Portal
from ..schema import PROJECT_ROOT
from . import feeds, opendata, pages, search_fold
from .artifacts import ArtifactStore, FlushStats, sync_tree

CONTENT = PROJECT_ROOT / "content"
ASSETS = PROJECT_ROOT / "site_config" / "assets"


def render_site(portal: Portal, work: Path) -> tuple[Path, FlushStats]:
    """Write every generated page and asset into work/docs and return that folder.

    Everything is generated into a fresh folder, then synced into work/docs so that only files
    whose bytes changed are rewritten; charts, photos, QR codes and share cards come from the
    artifact cache in work/cache and are rendered only when their inputs are new.
    """
    docs, fresh = work / "docs", work / "docs.next"
    if fresh.exists():
        shutil.rmtree(fresh)
    fresh.mkdir(parents=True)
    stats = _render_into(portal, fresh, work / "cache" / "artifacts")
    sync_tree(fresh, docs)
    return docs, stats


def _render_into(portal: Portal, docs: Path, cache: Path) -> FlushStats:
    # News posts are read by the generator (slugs, dates, feed), not copied as they are.
    shutil.copytree(CONTENT, docs, dirs_exist_ok=True, ignore=shutil.ignore_patterns("tin-tuc"))
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
    store = ArtifactStore(docs, cache)
    writer = pages.PageWriter(portal, docs, store)
    writer.write_all()
    opendata.write(portal, docs / "du-lieu")
    search_fold.write_wrapper(docs)
    (docs / "tin-tuc").mkdir(exist_ok=True)
    (docs / "tin-tuc" / "rss.xml").write_text(feeds.rss(portal), encoding="utf-8")
    (docs / "robots.txt").write_text(feeds.robots(portal), encoding="utf-8")
    feeds.write_redirects(portal, docs)
    return store.flush()
