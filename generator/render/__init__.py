"""Render the model into a folder of Markdown, images, charts and data files for MkDocs."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..model import Portal
from ..schema import PROJECT_ROOT
from . import opendata, pages, search_fold
from .images import PhotoProcessor

CONTENT = PROJECT_ROOT / "content"
ASSETS = PROJECT_ROOT / "site_config" / "assets"


def render_site(portal: Portal, work: Path) -> Path:
    """Write every generated page and asset under work/docs (recreated) and return that folder."""
    docs = work / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    shutil.copytree(CONTENT, docs, dirs_exist_ok=True)
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
    photos = PhotoProcessor(portal.data_dir / "images", docs / "media", work / "cache" / "photos")
    writer = pages.PageWriter(portal, docs, photos)
    writer.write_all()
    opendata.write(portal, docs / "du-lieu")
    search_fold.write_wrapper(docs)
    return docs
