"""Render the model into a folder of Markdown, images, charts and data files for MkDocs."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..model import Portal
from ..schema import PROJECT_ROOT
from . import feeds, images, opendata, pages, search_fold
from .artifacts import ArtifactStore, Files, RenderStats

ASSETS = PROJECT_ROOT / "site_config" / "assets"


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
    writer.write_all()
    _write_small_files(portal, files)
    if clashes := sorted(files.data.keys() & writer.pages):
        raise RuntimeError(
            f"tệp {clashes[0]} (trong content/) trùng đường dẫn với một trang tạo từ dữ liệu: "
            "hãy đổi tên hoặc xóa tệp đó"
        )
    return SitePlan(docs, writer, files, store)


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
