"""Render the model into a folder of Markdown, images, charts and data files for MkDocs."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..model import Portal
from ..schema import PROJECT_ROOT
from . import feeds, opendata, pages, search_fold
from .images import PhotoProcessor
from .media import MediaMaker

CONTENT = PROJECT_ROOT / "content"
ASSETS = PROJECT_ROOT / "site_config" / "assets"


def render_site(portal: Portal, work: Path) -> Path:
    """Write every generated page and asset under work/docs (recreated) and return that folder."""
    docs = work / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    # News posts are read by the generator (slugs, dates, feed), not copied as they are.
    shutil.copytree(CONTENT, docs, dirs_exist_ok=True, ignore=shutil.ignore_patterns("tin-tuc"))
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
    photos = PhotoProcessor(portal.data_dir / "images", docs / "media", work / "cache" / "photos")
    media = MediaMaker(docs, work / "cache" / "media")
    writer = pages.PageWriter(portal, docs, photos, media)
    writer.write_all()
    opendata.write(portal, docs / "du-lieu")
    search_fold.write_wrapper(docs)
    (docs / "tin-tuc").mkdir(exist_ok=True)
    (docs / "tin-tuc" / "rss.xml").write_text(feeds.rss(portal), encoding="utf-8")
    (docs / "robots.txt").write_text(feeds.robots(portal), encoding="utf-8")
    feeds.write_redirects(portal, docs)
    return docs
