"""Run MkDocs on the generated Markdown into a fresh folder, then put it in place of the old site.

A build only ever replaces a folder it made itself: every site it publishes holds MARKER, and
`guard_folders` refuses, before anything is written, an output that holds anything else, that is a
file, or that is, holds or lies inside the data, content, settings or project folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path

from .messages import say
from .problems import Problem, problem

MARKER = ".portal-site"  # hidden: MkDocs leaves dot files alone when it cleans its site_dir
MARKER_TEXT = (
    "Thư mục này do lệnh “python -m generator build” tạo ra. Lần tạo sau sẽ thay toàn bộ thư mục; "
    "đừng để tệp riêng của bạn ở đây.\n"
)
WORK_MARKER = ".portal-work"
LOCK = ".lock"


class FolderRefused(Exception):
    """--out or --work names a folder the build may not replace; carries the located problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _entries(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except FileNotFoundError:
        return []


def guard_folders(out: Path, work: Path, protected: dict[str, Path], project: Path) -> None:
    """Refuse an --out or --work that the build could harm; nothing has been written yet.

    protected names the folders staff keep (data, content, settings) by what the message calls
    them. Neither folder may be, hold or lie inside one of them, nor be or hold the project,
    nor lie inside the other (the build empties both). --out must be missing, empty or a site
    this program published (it holds MARKER); --work likewise, or an older build's work folder.
    """
    out, work, project = out.resolve(), work.resolve(), project.resolve()
    keep = {name: path.resolve() for name, path in protected.items()}
    for flag, folder, other in (("--out", out, work), ("--work", work, out)):
        display = str(folder)
        if folder.exists() and not folder.is_dir():
            raise FolderRefused(problem(display, 0, "*", "folder.is-file", flag=flag, folder=folder))
        for name, path in {say("folder.project"): project, **keep}.items():
            if path == folder:
                found = problem(display, 0, "*", "folder.is-kept", flag=flag, folder=folder, name=name, path=path)
            elif _within(path, folder):
                found = problem(display, 0, "*", "folder.holds-kept", flag=flag, folder=folder, name=name, path=path)
            elif _within(folder, path) and path != project:  # the site may lie in the project
                found = problem(display, 0, "*", "folder.inside-kept", flag=flag, folder=folder, name=name, path=path)
            else:
                continue
            raise FolderRefused(found)
        if _within(folder, other) or _within(other, folder):
            raise FolderRefused(problem(display, 0, "*", "folder.nested", flag=flag, folder=folder, other=other))
    _require_own(out, MARKER, "--out", "site")
    if (work / "cache" / "pages.json").is_file():  # made by a build before work folders had a marker
        return
    _require_own(work, WORK_MARKER, "--work", "build")


def _is_own_site(folder: Path) -> bool:
    """The folder holds MARKER, or is a site published before sites had one."""
    earlier = ("sitemap.xml", "assets/portal.css", "search/search_index.json")
    return (folder / MARKER).is_file() or all((folder / name).is_file() for name in earlier)


def _require_own(folder: Path, marker: str, flag: str, example: str) -> None:
    entries = _entries(folder)
    if entries and marker not in entries and not (marker == MARKER and _is_own_site(folder)):
        shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
        count = len(entries)
        found = problem(
            str(folder), 0, "*", "folder.not-ours", flag=flag, folder=folder, count=count, shown=shown, example=example
        )
        raise FolderRefused(found)


@contextlib.contextmanager
def locked(work: Path, announce=print) -> Iterator[None]:
    """Hold the work folder for this build: a second build of the same project waits its turn."""
    work.mkdir(parents=True, exist_ok=True)
    (work / WORK_MARKER).touch()
    with open(work / LOCK, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            announce(say("build.waiting"))
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _ours(pattern: str, out: Path) -> list[Path]:
    """Folders beside out that earlier builds of out made and left (killed, or replaced)."""
    return sorted(p for p in out.parent.glob(pattern) if p.is_dir() and (p / MARKER).is_file())


def remove_leftovers(out: Path) -> None:
    """Remove what killed builds left beside out: staging folders and replaced sites, if ours."""
    out = out.resolve()
    if out.parent.is_dir():
        name = out.name.replace("[", "[[]")  # a glob pattern of the literal name
        for leftover in _ours(f".{name}.new-*", out) + _ours(f".{name}.old-*", out):
            shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh folder beside out to build the new site in; it replaces out when the block ends
    without error, and is removed (out untouched) when it raises.

    The caller has checked out with `guard_folders` and holds the build's lock.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    try:
        yield staging
        _readable_like_cp(staging)
        replace(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _readable_like_cp(folder: Path) -> None:
    """mkdtemp makes a folder only its owner can open: give it the mode a new folder gets."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)


def replace(new: Path, out: Path) -> None:
    """Put new at out: rename the old site aside, rename the new one in, delete the old one.

    Visitors of a server reading out see the old or the new site, and for the instant between the
    two renames nothing; a build killed then leaves the old site beside out, which the next build
    removes.
    """
    if not out.exists():
        os.rename(new, out)
        return
    if _entries(out) and not _is_own_site(out):  # checked before the build; never lose files
        raise FolderRefused(problem(str(out), 0, "*", "folder.changed"))
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)


def build_html(
    docs: Path, site: Path, mkdocs_yml: Path, settings: dict, epoch: int, html_pages: Collection[str] = ()
) -> None:
    """MkDocs from docs into site with mkdocs_yml and settings, its sitemap dated from epoch.

    html_pages: the pages (relative to docs) that are HTML, which go into the site as written,
    without Markdown (`html_pages`); MkDocs converts the others.

    The MkDocs is ProperDocs, the maintained fork of MkDocs 1.6. Material's plugins import
    `mkdocs.*`: properdocs.replacement points those imports at properdocs (as its own command
    does), and the "mkdocs" logger they write to counts for strict mode under "properdocs".
    """
    import properdocs.replacement  # noqa: F401  (imported for its import hook)
    from properdocs.commands.build import build
    from properdocs.config import load_config

    logger = logging.getLogger("properdocs")
    logging.getLogger("mkdocs").parent = logger
    logger.setLevel(logging.WARNING)
    warnings = _Warnings()
    logger.addHandler(warnings)
    try:
        with _source_date(epoch):
            config = load_config(str(mkdocs_yml), docs_dir=str(docs), site_dir=str(site), strict=True, **settings)
            if html_pages:
                from .html_pages import HtmlPages  # imports MkDocs: `check` never needs it

                config.plugins["portal/html-pages"] = HtmlPages(html_pages)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    except Exception as error:
        if not warnings.messages:
            raise
        # MkDocs' own "Aborted with 1 warnings in strict mode!" names neither file nor cause.
        said = "; ".join(warnings.messages)
        raise RuntimeError(say("build.mkdocs", count=len(warnings.messages), docs=docs, warnings=said)) from error
    finally:
        logger.removeHandler(warnings)


class _Warnings(logging.Handler):
    """Collects what MkDocs warns about, so a failed build can say which file and why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


@contextlib.contextmanager
def _source_date(epoch: int) -> Iterator[None]:
    """MkDocs dates the sitemap from SOURCE_DATE_EPOCH; set it for this build only."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def announce(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
