"""Run MkDocs on the generated Markdown into a fresh folder, then swap it into place in one step."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import glob
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .schema import PROJECT_ROOT

MKDOCS_YML = PROJECT_ROOT / "mkdocs.yml"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh folder beside out to build the new site in; it replaces out in one step when the
    block ends without error, and is removed (out untouched) when it raises."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield staging
        swap_into_place(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def build_html(docs: Path, site: Path, settings: dict, epoch: int) -> None:
    """MkDocs from docs into site, its sitemap dated from epoch."""
    with _source_date(epoch):
        mkdocs_build(docs, site, settings)


def mkdocs_build(docs: Path, site: Path, settings: dict) -> None:
    """Build with mkdocs.yml and settings (from portal.yml), reading docs and writing site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(MKDOCS_YML), docs_dir=str(docs), site_dir=str(site), strict=True, **settings)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@contextlib.contextmanager
def _source_date(epoch: int):
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


def swap_into_place(new: Path, out: Path) -> None:
    """Make new appear at out in one step (Linux renameat2 exchange); the previous site is set
    aside as .<out>.old-… for the next build to remove (see `removing_previous_sites`)."""
    if not out.exists():
        os.rename(new, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    if _exchange(new, out):
        os.replace(new, old)  # new now holds the previous site
        return
    # Without an atomic exchange, keep the gap as short as two renames.
    os.replace(out, old)
    os.rename(new, out)


# Run as its own process: no lock shared with the build, and at low priority.
_REMOVE = "import os, shutil, sys\nos.nice(10)\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, True)"


@contextlib.contextmanager
def removing_previous_sites(out: Path) -> Iterator[None]:
    """Remove the sites that earlier builds replaced, in a background process at low priority
    while the block runs (MkDocs's build), and wait for it at the end.

    Deleting a site is deleting every file of it (265,000 at 10,000 cooperatives: 24 s), work
    nothing waits for: done beside MkDocs, it takes the core MkDocs leaves idle.
    """
    out = out.resolve()
    leftovers = sorted(out.parent.glob(f".{glob.escape(out.name)}.old-*")) if out.parent.is_dir() else []
    if not leftovers:
        yield
        return
    # In a session of its own: Ctrl+C in the terminal stops the build, not the deletion.
    remover = subprocess.Popen([sys.executable, "-c", _REMOVE, *map(str, leftovers)], start_new_session=True)
    yield  # a build that fails or is stopped does not wait: the deletion goes on alone
    remover.wait()


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
