"""Generated files that cost real time (charts, photos, QR codes, share cards), made at most once.

Each file's bytes are a pure function of its inputs. Pages ask for a file by naming the function
and its arguments; the store hashes them into a key, and the pages go on with the file's path.
`flush` then renders only the keys missing from the cache, on all cores, and writes each output
file only when its bytes changed. A warm rebuild renders none of them again.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Bump when any renderer changes its output, so old cache entries are not reused.
RENDER_VERSION = "5"


def key_of(function: Callable[..., bytes], args: tuple[Any, ...]) -> str:
    """A stable key for a render call: the function's name and the repr of its arguments."""
    text = f"{RENDER_VERSION}|{function.__module__}.{function.__qualname__}|{args!r}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _render(job: tuple[Callable[..., bytes], tuple[Any, ...]]) -> bytes:
    function, args = job
    return function(*args)


@dataclass
class FlushStats:
    """Per kind of file (the renderer's name): how many were asked for, rendered, and the seconds."""

    kinds: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class ArtifactStore:
    """Collects render requests while pages are written; renders and writes them in `flush`."""

    docs: Path
    cache: Path
    _jobs: dict[str, tuple[Callable[..., bytes], tuple[Any, ...]]] = field(default_factory=dict)
    _outputs: dict[str, str] = field(default_factory=dict)

    def request(self, relative: str, function: Callable[..., bytes], *args: Any, key: tuple | None = None) -> str:
        """Ask for docs/relative to hold function(*args); returns relative.

        The cache key is made from the arguments, or from `key` when an argument (a file path)
        stands for content that the key then names by its hash. "{key}" in relative is replaced
        by the start of the key, for file names that change when their content does.
        """
        key = key_of(function, args if key is None else key)
        relative = relative.replace("{key}", key[:12])
        previous = self._outputs.get(relative)
        if previous is not None and previous != key:
            raise RuntimeError(f"two different files want the same path: {relative}")
        self._outputs[relative] = key
        self._jobs.setdefault(key, (function, args))
        return relative

    def flush(self, processes: int | None = None) -> FlushStats:
        """Render what the cache lacks, kind by kind and in parallel, then write every requested file."""
        self.cache.mkdir(parents=True, exist_ok=True)
        stats = FlushStats()
        kinds: dict[str, list[str]] = {}
        for key in sorted(self._jobs):
            kinds.setdefault(self._jobs[key][0].__name__, []).append(key)
        for kind, keys in sorted(kinds.items()):
            start = time.perf_counter()
            missing = [key for key in keys if not (self.cache / key).exists()]
            self._render(missing, processes)
            stats.kinds[kind] = {"files": len(keys), "rendered": len(missing), "seconds": time.perf_counter() - start}
        for relative, key in sorted(self._outputs.items()):
            link_or_copy(self.cache / key, self.docs / relative)
        return stats

    def _render(self, missing: list[str], processes: int | None) -> None:
        if not missing:
            return
        jobs = [self._jobs[key] for key in missing]
        workers = min(processes or os.cpu_count() or 1, len(missing))
        if workers > 1:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.imap(_render, jobs, chunksize=max(1, min(64, len(jobs) // (workers * 8))))
                self._store(missing, results)
        else:
            self._store(missing, (_render(job) for job in jobs))

    def _store(self, keys: list[str], results) -> None:
        for key, data in zip(keys, results, strict=True):
            temporary = self.cache / f"{key}.tmp"
            temporary.write_bytes(data)
            temporary.replace(self.cache / key)

    @property
    def paths(self) -> set[str]:
        return set(self._outputs)


def link_or_copy(source: Path, target: Path) -> None:
    """Put source's bytes at target: a hard link when the file system allows (no copy at all)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write data to path unless the file already holds exactly these bytes."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        path.unlink()  # never write through a hard link into the artifact cache
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


@functools.lru_cache(maxsize=4096)
def file_digest(path: Path) -> str:
    """SHA-256 of a source file (a photo), read once per build."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sync_tree(source: Path, target: Path) -> tuple[int, int]:
    """Make target hold exactly source's files, rewriting only files whose bytes differ.

    Returns (files written, files removed); source is removed afterwards.
    """
    written = removed = 0
    wanted = set()
    for path in sorted(source.rglob("*")):
        if path.is_file():
            relative = path.relative_to(source)
            wanted.add(relative)
            old = target / relative
            if old.exists() and os.path.samefile(old, path):
                continue  # the same cached artifact, linked again: nothing to compare
            if path.stat().st_nlink > 1:  # a cached artifact that changed: link the new one
                link_or_copy(path, old)
                written += 1
            elif write_if_changed(old, path.read_bytes()):
                written += 1
    if target.exists():
        for path in sorted(target.rglob("*"), reverse=True):
            relative = path.relative_to(target)
            if path.is_file() and relative not in wanted:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    shutil.rmtree(source)
    return written, removed
