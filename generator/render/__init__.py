"""Render the model into a folder of Markdown, images, charts and data files for MkDocs."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..model import Portal
from ..schema import PROJECT_ROOT
from . import feeds, opendata, pages, search_fold
from .artifacts import ArtifactStore, Files, RenderStats

CONTENT = PROJECT_ROOT / "content"
ASSETS = PROJECT_ROOT / "site_config" / "assets"


@dataclass
class Rendered:
    """What MkDocs reads (docs), what making it cost (stats), and the store that will make the
    charts, photos, QR codes and share cards the finished site needs."""

    docs: Path
    stats: RenderStats
    store: ArtifactStore


def render_site(portal: Portal, work: Path) -> Rendered:
    """Write every generated page and asset into work/docs.

    Pages, tens of thousands of files, go straight into work/docs, each rendered only when its
    key changed and rewritten only when its bytes changed. The few other files are made in
    memory and synced in the same way; files no longer produced are removed. Charts,
    photos, QR codes and share cards are only requested here: the store makes them while MkDocs
    builds (`ArtifactStore.render_late`).
    """
    docs, files = work / "docs", Files()
    shutil.rmtree(work / "docs.next", ignore_errors=True)  # where earlier versions made them
    docs.mkdir(parents=True, exist_ok=True)
    store = ArtifactStore(work / "cache" / "artifacts")
    writer = pages.PageWriter(portal, files, store)
    writer.write_all()
    _write_small_files(portal, files)
    if clashes := sorted(files.data.keys() & writer.pages):
        raise RuntimeError(
            f"tệp {clashes[0]} (trong content/) trùng đường dẫn với một trang tạo từ dữ liệu: "
            "hãy đổi tên hoặc xoá tệp đó"
        )
    stats = RenderStats({"render_page": writer.render_pages(docs)})
    files.sync(docs, keep=writer.pages)
    return Rendered(docs, stats, store)


def _write_small_files(portal: Portal, files: Files) -> None:
    # News posts are read by the generator (slugs, dates, feed), not copied as they are.
    files.copy_tree(CONTENT, skip="tin-tuc")
    files.copy_tree(ASSETS, "assets")
    opendata.write(portal, files, "du-lieu")
    search_fold.write_wrapper(files)
    files.write("tin-tuc/rss.xml", feeds.rss(portal))
    files.write("robots.txt", feeds.robots(portal))
    feeds.write_redirects(portal, files)
