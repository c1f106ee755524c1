"""The whole build in order: load -> validate -> model -> render -> publish."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import documents, hosting, news, publish, security, squeeze
from .load import Table, load_tables, referenced_photos, unused_files
from .messages import say
from .permalinks import check_previous_sitemap
from .problems import DataError, Problem, sort_problems
from .schema import DEFAULT_CONFIG, PROJECT_ROOT, Package, load_config, load_package
from .text import split_list
from .validate import validate

CONTENT_DIR = PROJECT_ROOT / "content"
SETTINGS_DIR = PROJECT_ROOT / "site_config"
MKDOCS_YML = PROJECT_ROOT / "mkdocs.yml"


@dataclass
class Loaded:
    """What the first two stages produce: the contract, the settings, the tables, the problems."""

    package: Package
    config: dict[str, Any]
    tables: dict[str, Table]
    problems: list[Problem]
    content: news.Content


def load_and_validate(data_dir: Path, timer: Timer | None = None, content_dir: Path = CONTENT_DIR) -> Loaded:
    """Read every CSV file and check every rule; problems are sorted by file and line."""
    timer = timer or Timer(verbose=False)
    package = load_package(data_dir)
    config = load_config()
    tables, problems = load_tables(package, data_dir, display_dir=str(data_dir))
    timer.lap("load", "đọc dữ liệu")
    problems += validate(package, tables, config, data_dir / "images")
    problems += unused_files(package, tables, data_dir, str(data_dir))
    problems += security.settings_problems(config, DEFAULT_CONFIG, display_path(DEFAULT_CONFIG))
    timer.lap("validate", "kiểm tra dữ liệu")
    site = portal_site(package, tables, config)
    content, content_problems = news.load(content_dir, display_path(content_dir), site)
    return Loaded(package, config, tables, sort_problems(problems + content_problems), content)


ENTITY_PAGES = {"cooperatives": "htx", "products": "san-pham", "models": "dien-hinh"}
SECTIONS = ("", "htx/", "san-pham/", "dien-hinh/", "tien-do/", "du-lieu/", "tin-tuc/", "truyen-thong/")
SECTIONS += ("truyen-thong/the-htx/", "truyen-thong/the-san-pham/")


def portal_site(package: Package, tables: dict[str, Table], config: dict[str, Any]) -> documents.Site:
    """The pages and files staff may link to from content/: sections, every entity page at its
    id and former ids, the assets, the feed and the open data (the pages of content/ are added
    as they are read)."""
    pages = set(SECTIONS)
    for name, base in ENTITY_PAGES.items():
        for row in tables[name].rows if name in tables else []:
            pages.update(f"{base}/{id_}/" for id_ in [row.get("id"), *split_list(row.get("former_ids"))] if id_)
    pages.add("xa/")
    communes = tables["communes"].rows if "communes" in tables else []
    pages.update(f"xa/{row.get('code')}/" for row in communes if row.get("code"))
    files = {"sitemap.xml", "tin-tuc/rss.xml", "du-lieu/datapackage.json"}
    files.update(f"du-lieu/{name}.{kind}" for name in package.resources for kind in ("csv", "json"))
    assets = SETTINGS_DIR / "assets"
    files.update(f"assets/{p.relative_to(assets).as_posix()}" for p in assets.rglob("*") if p.is_file())
    return documents.Site(pages, files, config.get("site_url", ""))


def display_path(path: Path) -> str:
    """A project path as the user sees it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check(data_dir: Path, previous_sitemap: Path | None = None, content_dir: Path = CONTENT_DIR) -> list[Problem]:
    """Validate only; with the live site's sitemap, also report entity pages that would vanish."""
    return check_report(data_dir, previous_sitemap, content_dir)[0]


def check_report(
    data_dir: Path, previous_sitemap: Path | None = None, content_dir: Path = CONTENT_DIR
) -> tuple[list[Problem], str]:
    """The problems `check` finds, and one Vietnamese line saying what it checked."""
    try:
        loaded = load_and_validate(data_dir, content_dir=content_dir)
    except DataError as error:  # the contract itself cannot be read
        return error.problems, ""
    problems = loaded.problems
    if previous_sitemap is not None:
        problems = problems + check_previous_sitemap(
            previous_sitemap, str(previous_sitemap), loaded.tables, loaded.config["site_url"]
        )
    rows = sum(len(table.rows) for table in loaded.tables.values())
    photos = len(referenced_photos(loaded.tables))
    content = loaded.content
    tables, posts, pages = len(loaded.tables), len(content.posts), len(content.pages)
    return problems, say("check.valid", tables=tables, rows=rows, photos=photos, posts=posts, pages=pages)


def build(
    data_dir: Path,
    out: Path,
    work: Path | None = None,
    verbose: bool = True,
    content_dir: Path = CONTENT_DIR,
) -> list[str]:
    """Validate, build the model, render Markdown and assets, then publish the site into out.

    out and work are checked first: the build refuses any folder it did not make (see
    `publish.guard_folders`). Nothing is written before the data is known to be valid, and out
    changes only at the very end, so a failed build leaves the previous site as it was. Photos,
    share cards and the catalogue are rendered beside MkDocs (and the pages, on a small site) and
    linked into the new site before it replaces the old one. Afterwards the cache keeps only what
    the new site uses.

    Returns the warnings of a site its host (`deploy.host`) would refuse, or nearly (`hosting`).
    """
    # The later stages import matplotlib, pandas and the renderers: `check` never needs them.
    from . import model, render

    timer = Timer(verbose)
    work = (work or PROJECT_ROOT / "build").resolve()
    protected = {say("folder.data"): data_dir, say("folder.content"): content_dir, say("folder.settings"): SETTINGS_DIR}
    publish.guard_folders(out, work, protected, PROJECT_ROOT)
    loaded = load_and_validate(data_dir, timer, content_dir)
    if loaded.problems:
        raise DataError(loaded.problems)
    with publish.locked(work, publish.announce), _frozen_heap():
        publish.guard_folders(out, work, protected, PROJECT_ROOT)  # again: another build may have ended
        publish.remove_leftovers(out)
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or source_date_epoch(data_dir))
        portal = model.build_portal(loaded, data_dir, epoch)
        if notice := security.expired_notice(loaded.config, epoch):
            publish.announce(notice)
        timer.lap("model", "dựng mô hình")
        gc.freeze()
        plan = render.plan_site(portal, work)
        with publish.staged(out) as site, contextlib.ExitStack() as beside:
            # The cores left idle go to the photos, share cards and catalogue the cache lacks
            # (low-priority workers): from the start of the pages on a small site, whose pages
            # render in one process, else after them (beside two page workers, at 1,000
            # cooperatives, they slowed the pages by 3 s and gained nothing).
            late_files = plan.store.render_late(site)
            early = plan.writer.workers() < (os.cpu_count() or 1)
            late = beside.enter_context(late_files) if early else None
            page_stats = plan.render_pages()
            timer.lap("pages", "tạo trang")
            gc.freeze()
            if late is None:
                late = beside.enter_context(late_files)
            settings = mkdocs_settings(loaded.config)
            publish.build_html(plan.docs, site, MKDOCS_YML, settings, epoch, plan.writer.html_pages)
            timer.lap("mkdocs", "MkDocs (ảnh, thẻ chia sẻ và danh mục in được tạo song song)")
            late_stats = late.finish()
            # Last: it reads every inline script of the finished pages (squeezed in the same pass).
            security.harden(site, loaded.config, epoch, squeeze.page)
        plan.store.prune()  # the new site is live: what it does not use goes
        timer.lap("late", "chờ ảnh, thẻ chia sẻ, danh mục in, thay thư mục trang web")
    # The publishing workflow passes the host it chose: its DEPLOY_HOST variable may name another.
    chosen = os.environ.get("DEPLOY_HOST", "").strip() or None
    warnings = hosting.warnings(hosting.measure(out), str(out), loaded.config.get("deploy"), chosen)
    timer.lap("host", "so với giới hạn của nơi xuất bản")
    for kind, label in ARTIFACT_STAGES.items():
        for stats in (page_stats, late_stats):
            timer.record(label, stats.kinds.get(kind, {}))
    timer.save()
    return warnings


@contextlib.contextmanager
def _frozen_heap():
    """Keep the garbage collector off what the build has made so far, stage after stage.

    The tables, the model and the pages' plans stay until the end, yet every full collection
    would walk them again, and MkDocs, which runs in this process beside the model, would
    pay for it in every collection. Objects are frozen here and after each stage, and let go
    when the block ends.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def mkdocs_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The parts of mkdocs.yml that come from portal.yml, so settings live in one place."""
    from .render import search_fold

    return {
        "site_name": config["site_name"],
        "site_url": config["site_url"],
        "site_description": " ".join(config.get("site_description", "").split()),
        "extra": {
            "demo": bool(config.get("demo")),
            "publisher": config["publisher"],
            "licence": config["licence"],
            "plan_number": config["plan"]["number"],
            "short_name": config.get("site_short_name") or config["site_name"],
            "search_worker": search_fold.material_worker().name,
        },
    }


def source_date_epoch(data_dir: Path) -> int:
    """The build's date: the last commit that touched the data, or the newest data file."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."],
            cwd=data_dir,
            capture_output=True,
            text=True,
            check=True,
        )
        if result.stdout.strip() and not _dirty(data_dir):
            return int(result.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        pass
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    return int(max((p.stat().st_mtime for p in files), default=0))


def _dirty(data_dir: Path) -> bool:
    result = subprocess.run(["git", "status", "--porcelain", "--", "."], cwd=data_dir, capture_output=True, text=True)
    return bool(result.stdout.strip())


# Kinds of rendered files, by renderer, as the benchmark names its stages.
ARTIFACT_STAGES = {
    "render_webp": "photos",
    "render_card": "share_cards",
    "render_catalogue": "catalogue",
    "render_page": "page_renders",
}


class Timer:
    """Wall time per stage; printed as the build goes, and saved as JSON for `make bench`.

    Set GENERATOR_TIMINGS=FILE to save. Photos, share cards and the catalogue are rendered by
    background workers during the "mkdocs" lap (and the "pages" lap, on a small site), and what is
    left of them when MkDocs ends, with moving them into the site, is the "late" lap; the
    workers' CPU seconds per kind, and the pages rendered (those whose key changed), are recorded
    beside the laps.
    """

    def __init__(self, verbose: bool):
        self.verbose, self.start = verbose, time.perf_counter()
        self.stages: dict[str, float] = {}
        self.artifacts: dict[str, dict[str, float]] = {}

    def lap(self, stage: str, label: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self.start
        if self.verbose:
            print(f"  {label}: {now - self.start:.2f} s", file=sys.stderr, flush=True)
        self.start = now

    def record(self, stage: str, figures: dict[str, float]) -> None:
        total = self.artifacts.setdefault(stage, {"seconds": 0.0, "files": 0, "rendered": 0})
        for key in total:
            total[key] += figures.get(key, 0)

    def save(self) -> None:
        target = os.environ.get("GENERATOR_TIMINGS")
        if target:
            data = {"stages": self.stages, "artifacts": self.artifacts}
            Path(target).write_text(json.dumps(data, indent=1), encoding="utf-8")
