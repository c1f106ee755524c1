"""Generated files that cost real time (photos, share cards, the printed catalogue), made at most once.

Each file's bytes are a pure function of its inputs. Pages ask for a file by naming the function
and its arguments; the store hashes them into a key, and the pages go on with the file's path.
None of these files is read by MkDocs (pages link them from HTML only), so `render_late` makes
them while MkDocs builds (and the pages, on a small site), on the cores left idle: it renders
only the keys missing from the cache and hard-links every file into the new site. A warm
rebuild renders none of them again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..forks import forked_map, workers_for

# Bump when any renderer changes its output, so old cache entries are not reused.
RENDER_VERSION = "8"


def library_versions(names: tuple[str, ...]) -> list[str]:
    """Each installed library as "name=version", for keys that must change when one does."""
    return [f"{name}={importlib.metadata.version(name)}" for name in names]


# The libraries whose code makes the files' bytes: upgrading one changes the keys too, so that
# a warm build after an upgrade gives the bytes a clean one gives.
RENDERERS = " ".join(library_versions(("pillow", "pillow-heif", "matplotlib", "numpy")))


def source_digest(files: list[Path]) -> str:
    """A hash of the code in files: a key made with it changes whenever that code does."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# The code that renders the files (charts, photos, QR codes, share cards): a cache restored from
# an earlier commit never serves a file that this code would make differently.
RENDER_CODE = source_digest(
    sorted(Path(__file__).parent.glob("*.py")) + [Path(__file__).parents[1] / "photo_formats.py"]
)


def key_of(function: Callable[..., bytes], args: tuple[Any, ...]) -> str:
    """A stable key for a render call: the function's name and the repr of its arguments, with
    the renderers' code and libraries' versions."""
    text = f"{RENDER_VERSION}|{RENDERERS}|{RENDER_CODE}|{function.__module__}.{function.__qualname__}|{args!r}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class RenderStats:
    """Per kind of file (the renderer's name): how many were asked for, rendered, and the seconds."""

    kinds: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class ArtifactStore:
    """Collects render requests while pages are planned; `render_late` makes the files."""

    cache: Path
    _jobs: dict[str, tuple[Callable[..., bytes], tuple[Any, ...]]] = field(default_factory=dict)
    _outputs: dict[str, str] = field(default_factory=dict)
    # Set while pages render in worker processes, or once the late files have started: a
    # request made then would be lost.
    frozen: bool = False

    def request(self, relative: str, function: Callable[..., bytes], *args: Any, key: tuple | None = None) -> str:
        """Ask for the site's file relative to hold function(*args); returns relative.

        The cache key is made from the arguments, or from `key` when an argument (a file path)
        stands for content that the key then names by its hash. "{key}" in relative is replaced
        by the start of the key, for file names that change when their content does.
        """
        key = key_of(function, args if key is None else key)
        relative = relative.replace("{key}", key[:12])
        previous = self._outputs.get(relative)
        if self.frozen and previous != key:
            raise RuntimeError(f"{relative} was asked for too late: pages or late files are being made")
        if previous is not None and previous != key:
            raise RuntimeError(f"two different files want the same path: {relative}")
        self._outputs[relative] = key
        self._jobs.setdefault(key, (function, args))
        return relative

    def bytes_of(self, relative: str) -> bytes:
        """The bytes of a requested file: from the cache, or rendered now."""
        key = self._outputs[relative]
        if (self.cache / key).exists():
            return (self.cache / key).read_bytes()
        function, args = self._jobs[key]
        return function(*args)

    def _missing_keys(self) -> set[str]:
        # One listing of the cache, not a stat per file (181,000 at 10,000 cooperatives).
        cached = set(os.listdir(self.cache)) if self.cache.is_dir() else set()
        return set(self._outputs.values()) - cached

    def prune(self) -> int:
        """Remove the cache entries this build did not ask for (files of rows since changed or
        removed, such as the card of a person who withdrew consent, and half-written entries);
        returns how many. Called after a build succeeded, so the cache holds one site's files."""
        wanted = set(self._outputs.values())
        stale = [name for name in os.listdir(self.cache) if name not in wanted] if self.cache.is_dir() else []
        for name in stale:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.cache / name)
        return len(stale)

    def _kinds(self) -> dict[str, list[str]]:
        """The distinct keys asked for, by renderer name, in a stable order."""
        kinds: dict[str, list[str]] = {}
        for key in sorted(set(self._outputs.values())):
            kinds.setdefault(self._jobs[key][0].__name__, []).append(key)
        return dict(sorted(kinds.items()))

    @contextlib.contextmanager
    def render_late(self, site: Path, processes: int | None = None) -> Iterator[LateFiles]:
        """Put every requested file into site while MkDocs builds there (on a small site, while
        the pages are rendered, too), in forked workers at low priority: render what the cache
        lacks, and hard-link each file into site/.late/ (MkDocs leaves dot-folders alone).
        `LateFiles.finish` waits for them and moves the folders up.
        The store takes no new request while the workers run.

        MkDocs uses one core; at nice 10 the workers take what it leaves (the kernel gives a
        nice-10 process about a tenth of a contended core), then every core once it is done.
        """
        self.cache.mkdir(parents=True, exist_ok=True)
        late = LateFiles(site, {kind: len(keys) for kind, keys in self._kinds().items()})
        if not self._outputs:
            yield late
            return
        targets: dict[str, list[str]] = {}
        for relative, key in sorted(self._outputs.items()):
            targets.setdefault(key, []).append(relative)
        missing = self._missing_keys()

        def order(key: str) -> tuple[bool, int, str]:
            """Files to render first, the slowest kinds first (so that no worker is left with a
            run of photos at the end); then by arguments: a QR code's SVG and PNG side by side,
            so that the worker that makes both encodes the address once, and the share cards of
            one photo together."""
            function, args = self._jobs[key]
            rank = SLOWEST_FIRST.index(function.__name__) if function.__name__ in SLOWEST_FIRST else len(SLOWEST_FIRST)
            return key not in missing, rank, repr(args)

        keys = sorted(targets, key=order)
        global _LATE
        _LATE = [
            (key, *self._jobs[key], targets[key], key in missing) for key in keys
        ]  # read by the forked workers, so nothing is pickled but ranges
        workers = workers_for(len(keys), 20, processes)
        step = max(1, min(500, len(keys) // (workers * 32)))
        ranges = [
            (start, min(start + step, len(keys)), self.cache, site / LATE_FOLDER) for start in range(0, len(keys), step)
        ]
        frozen, self.frozen = self.frozen, True
        try:
            with forked_map(_make_late, ranges, workers=workers, nice=10) as parts:  # leaving it stops the workers
                late.pending = parts
                yield late
        finally:
            _LATE, self.frozen = [], frozen


LATE_FOLDER = ".late"
# Renderers by the time one file takes, slowest first: the order files are made in.
SLOWEST_FIRST = ("render_catalogue", "render_webp", "render_card")
_LATE: list[tuple[str, Callable[..., bytes], tuple[Any, ...], list[str], bool]] = []


def _make_late(part: tuple[int, int, Path, Path]) -> list[tuple[str, float]]:
    """A worker's share of `render_late`: render the missing files of one range of keys into the
    cache, and link every file of the range into the site; returns (kind, CPU seconds) per
    file rendered."""
    start, end, cache, folder = part
    rendered = []
    for key, function, args, relatives, missing in _LATE[start:end]:
        if missing:
            began = time.process_time()  # CPU seconds: the workers share a core with MkDocs
            write_atomically(cache / key, function(*args))
            rendered.append((function.__name__, time.process_time() - began))
        for relative in relatives:
            link_new(cache / key, folder / relative)
    return rendered


@dataclass
class LateFiles:
    """The files of a store, on their way into a site by background workers (pending)."""

    site: Path
    files: dict[str, int]
    pending: Iterator[list[tuple[str, float]]] | None = None

    def finish(self) -> RenderStats:
        """Wait for the workers, then move their folders from site/.late/ into site. Seconds
        per kind are the workers' CPU seconds, spent mostly while MkDocs was building."""
        stats = RenderStats({kind: {"files": n, "rendered": 0, "seconds": 0.0} for kind, n in self.files.items()})
        if self.pending is None:
            return stats
        for part in self.pending:
            for kind, seconds in part:
                stats.kinds[kind]["rendered"] += 1
                stats.kinds[kind]["seconds"] += seconds
        _move_into(self.site / LATE_FOLDER, self.site)
        return stats


def _move_into(source: Path, target: Path) -> None:
    """Move source's entries into the folder target, folder by folder where target already has
    one (MkDocs puts the placeholders into media/, beside the late photos); source goes."""
    for entry in sorted(os.listdir(source)):
        if (target / entry).is_dir() and (source / entry).is_dir():
            _move_into(source / entry, target / entry)
        elif os.path.lexists(target / entry):
            raise RuntimeError(f"MkDocs also wrote {target / entry}, a file made beside it")
        else:
            os.rename(source / entry, target / entry)
    os.rmdir(source)


def write_atomically(path: Path, data: bytes) -> None:
    """Write data to path in one step (a temporary file, then a rename): a reader, or the next
    build after a crash, never sees a half-written file."""
    temporary = path.with_name(f"{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def link_new(source: Path, target: Path) -> None:
    """Hard-link source at target (which must not exist), making its folder when missing; a
    copy when the two are on different file systems or source has too many links."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        if not source.exists():
            raise
        target.parent.mkdir(parents=True, exist_ok=True)
        link_new(source, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (another file system, EPERM, EMLINK, EOPNOTSUPP): copy
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


def file_digest(path: Path) -> str:
    """SHA-256 of a source file (a photo): read again only when its size, time or inode change,
    so a photo replaced under the same name is seen by the next build of a live preview."""
    stat = path.stat()
    return _file_digest(path, stat.st_size, stat.st_mtime_ns, stat.st_ino)


@functools.lru_cache(maxsize=65536)
def _file_digest(path: Path, size: int, mtime: int, inode: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Files:
    """The small files of a build (finder shards, open data, feeds, redirects, copies of content/
    and the assets), held in memory by their path in docs until `sync` writes them: a warm build
    writes none of them, instead of writing each into a fresh folder to compare it there."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def write(self, relative: str, content: str | bytes) -> None:
        """Hold content (text is written as UTF-8) for docs/relative."""
        if relative in self.data:
            raise RuntimeError(f"two files want the same path: {relative}")
        self.data[relative] = content.encode("utf-8") if isinstance(content, str) else content

    def copy_tree(self, source: Path, base: str = "", skip: str = "") -> None:
        """Hold every file under source at base/<its path>, leaving out folders named skip."""
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source)
            if path.is_file() and skip not in relative.parts:
                self.write(f"{base}/{relative.as_posix()}".lstrip("/"), path.read_bytes())

    def sync(self, docs: Path, keep: set[str]) -> tuple[int, int]:
        """Make docs hold these files, rewriting only those whose bytes differ, and remove every
        file that neither they nor keep (paths written into docs directly) name.

        Returns (files written, files removed).
        """
        written = sum(write_if_changed(docs / relative, data) for relative, data in sorted(self.data.items()))
        removed = 0
        for folder, folders, names in os.walk(docs, topdown=False):
            base = Path(folder).relative_to(docs).as_posix()
            for name in names:
                relative = name if base == "." else f"{base}/{name}"
                if relative not in self.data and relative not in keep:
                    os.unlink(os.path.join(folder, name))
                    removed += 1
            for name in folders:
                with contextlib.suppress(OSError):  # only empty folders go
                    os.rmdir(os.path.join(folder, name))
        return written, removed
