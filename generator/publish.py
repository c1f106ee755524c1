"""Run MkDocs on the generated Markdown, then swap the new site into place in one step."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import shutil
import tempfile
from pathlib import Path

from .schema import PROJECT_ROOT

MKDOCS_YML = PROJECT_ROOT / "mkdocs.yml"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def publish(docs: Path, out: Path, settings: dict, epoch: int) -> None:
    """Build HTML from docs into a fresh folder beside out, then replace out with it."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        with _source_date(epoch):
            mkdocs_build(docs, staging, settings)
        swap_into_place(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


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
    """Make new appear at out in one step (Linux renameat2 exchange), then remove the old site."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        shutil.rmtree(new)  # new now holds the previous site
        return
    # Without an atomic exchange, keep the gap as short as two renames.
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(new, out)
    shutil.rmtree(old)


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
