"""Render the model into a folder of Markdown, images, charts and data files for MkDocs."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..model import Portal
from ..schema import PROJECT_ROOT
from . import feeds, opendata, pages, search_fold
from .artifacts import ArtifactStore, FlushStats, sync_tree

CONTENT = PROJECT_ROOT / "content"
ASSETS = PROJECT_ROOT / "site_config" / "assets"


@dataclass
class Rendered:
    """What MkDocs reads (docs), what making it cost (stats), and the store that will make the
    charts, photos, QR codes and share cards the finished site needs."""

    docs: Path
    stats: FlushStats
    store: ArtifactStore


def render_site(portal: Portal, work: Path) -> Rendered:
    """Write every generated page and asset into work/docs.

    Pages, tens of thousands of files, go straight into work/docs, each rendered only when its
    key changed and rewritten only when its bytes changed. The few other files are made in a
    fresh folder and synced in the same way; files no longer produced are removed. Charts,
    photos, QR codes and share cards are only requested here: the store makes them while MkDocs
    builds (`ArtifactStore.render_late`).
    """
    docs, fresh = work / "docs", work / "docs.next"
    if fresh.exists():
        shutil.rmtree(fresh)
    fresh.mkdir(parents=True)
    docs.mkdir(parents=True, exist_ok=True)
    store = ArtifactStore(work / "cache" / "artifacts")
    writer = pages.PageWriter(portal, fresh, store)
    writer.write_all()
    _write_small_files(portal, fresh)
    made = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*.md")}
    if clashes := sorted(made & writer.pages):
        raise RuntimeError(
            f"tệp {clashes[0]} (trong content/) trùng đường dẫn với một trang tạo từ dữ liệu: "
            "hãy đổi tên hoặc xoá tệp đó"
        )
    stats = FlushStats({"render_page": writer.render_pages(docs)})
    sync_tree(fresh, docs, keep=writer.pages)
    return Rendered(docs, stats, store)


def _write_small_files(portal: Portal, docs: Path) -> None:
    # News posts are read by the generator (slugs, dates, feed), not copied as they are.
    shutil.copytree(CONTENT, docs, dirs_exist_ok=True, ignore=shutil.ignore_patterns("tin-tuc"))
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
    opendata.write(portal, docs / "du-lieu")
    search_fold.write_wrapper(docs)
    (docs / "tin-tuc").mkdir(exist_ok=True)
    (docs / "tin-tuc" / "rss.xml").write_text(feeds.rss(portal), encoding="utf-8")
    (docs / "robots.txt").write_text(feeds.robots(portal), encoding="utf-8")
    feeds.write_redirects(portal, docs)
