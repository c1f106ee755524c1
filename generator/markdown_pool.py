"""MkDocs' Markdown conversion on every core: a MkDocs plugin that converts the pages in forked
workers, ahead of MkDocs, and hands each page's HTML to MkDocs when it reaches the page.

Python-Markdown is most of a MkDocs build of this portal: its HTML parser reads every raw-HTML
block of the generated pages, and MkDocs converts one page after another on one core. A page's
conversion depends on nothing but its source, the settings and the list of files, which MkDocs
has all read once it has built the navigation (`on_nav`). Workers forked there call the page's
own `read_source` and `render`, so they convert it exactly as MkDocs would.

MkDocs then reads the pages in its own order. For a page a worker converted from the same
Markdown, the plugin hands MkDocs an empty Markdown to render (`on_page_markdown`, last) and puts
back, before any other plugin sees the page (`on_page_content`, first), the worker's HTML, table
of contents and anchors, and logs again what the conversion logged (a broken link in strict mode
still fails the build, naming the page). Any page it cannot take so is converted by MkDocs
itself. The site is byte for byte the one MkDocs alone makes (tests/test_build.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from properdocs.plugins import BasePlugin, event_priority
from properdocs.structure.files import Files, InclusionLevel
from properdocs.structure.pages import Page
from properdocs.structure.toc import TableOfContents

from .forks import forked_map, workers_for

PAGES_A_WORKER = 500  # below this, forking and sending the HTML back cost more than they save
PAGES_A_TASK = 40  # small tasks: MkDocs, which takes the pages in order, never waits long
TASKS_AHEAD = 4  # a worker's tasks converted and not yet taken: their HTML waits in memory
LOGGER = "properdocs"  # MkDocs' logger: strict mode counts the warnings it receives


@dataclass
class Converted:
    """What MkDocs' `Page.render` makes of one page's Markdown, and what it logged meanwhile."""

    digest: str  # of the Markdown converted: MkDocs must hand the plugin the same
    content: str
    toc: TableOfContents
    anchors: set[str]
    links: dict[str, dict[str, str]]  # links to anchors, by the linked file's src_uri
    logged: list[tuple[str, int, str]]  # (logger, level, message)


class MarkdownPool(BasePlugin):
    """Converts the pages' Markdown in `workers` forked processes (None: as many as pay)."""

    def __init__(self, workers: int | None = None):
        super().__init__()
        self.workers = workers
        self._stack = contextlib.ExitStack()
        self._results: Iterator[list[tuple[str, Converted | None]]] | None = None
        self._ready: dict[str, Converted | None] = {}
        self._taken: dict[str, tuple[Converted, str]] = {}

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        global _JOB
        uris = [file.src_uri for file in files.documentation_pages(inclusion=InclusionLevel.is_included)]
        workers = self.workers or workers_for(len(uris), PAGES_A_WORKER)
        if workers < 2 or not self._alone(config):
            return nav
        _JOB = (config, files, uris)  # read by the forked workers, so nothing is pickled but ranges
        starts = range(0, len(uris), PAGES_A_TASK)
        ends = [min(start + PAGES_A_TASK, len(uris)) for start in starts]
        pool = forked_map(_convert, starts, ends, workers=workers, ahead=TASKS_AHEAD * workers)
        self._results = self._stack.enter_context(pool)
        return nav

    def _alone(self, config: Any) -> bool:
        """No other plugin reads or changes a page before it is rendered: the workers, which run
        no plugin, would convert something else."""
        events = config.plugins.events
        before = [*events["pre_page"], *events["page_markdown"], *events["page_read_source"]]
        return all(getattr(method, "__self__", None) is self for method in before)

    @event_priority(-100)  # last: the Markdown MkDocs would render
    def on_page_markdown(self, markdown: str, *, page: Page, config: Any, files: Files) -> str:
        uri = page.file.src_uri
        converted = self._result(uri)
        if converted is None or converted.digest != _digest(markdown) or "title" not in page.meta:
            return markdown  # MkDocs converts it (a page titled by its first heading, too)
        self._taken[uri] = (converted, markdown)
        return ""

    @event_priority(100)  # first: every other plugin sees the page as MkDocs would have made it
    def on_page_content(self, html: str, *, page: Page, config: Any, files: Files) -> str:
        taken = self._taken.pop(page.file.src_uri, None)
        if taken is None:
            return html
        converted, page.markdown = taken
        page.toc = converted.toc
        page.present_anchor_ids = converted.anchors
        page.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in converted.links.items()}
        for name, level, message in converted.logged:
            logging.getLogger(name).log(level, "%s", message)
        return converted.content

    def _result(self, uri: str) -> Converted | None:
        """The worker's conversion of uri, waiting for it (None: none, or it failed)."""
        while self._results is not None and uri not in self._ready:
            try:
                self._ready.update(next(self._results))
            except StopIteration:
                self._close()
            except BaseException as error:  # a worker killed: forked_map's message says so
                self._results = None
                if not self._stack.__exit__(type(error), error, error.__traceback__):
                    raise
        return self._ready.pop(uri, None)

    def _close(self) -> None:
        global _JOB
        self._results, _JOB = None, None
        self._stack.close()

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        self._close()  # every page has been read: the workers are done
        return env

    def on_shutdown(self) -> None:
        self._close()  # the build failed or was interrupted before every page was read


_JOB: tuple[Any, Files, list[str]] | None = None


def _convert(start: int, end: int) -> list[tuple[str, Converted | None]]:
    """A worker's task: MkDocs' conversion of the pages start to end of the job."""
    assert _JOB is not None
    config, files, uris = _JOB
    captured = _capture_log()
    done: list[tuple[str, Converted | None]] = []
    for uri in uris[start:end]:
        file = files.get_file_from_path(uri)
        page = file.page if file.page is not None else Page(None, file, config)
        captured.records.clear()
        try:
            page.read_source(config)
            digest = _digest(page.markdown or "")
            page.render(config, files)
        except Exception:  # MkDocs converts it again, and reports the error as it does
            done.append((uri, None))
            continue
        links = {linked.src_uri: anchors for linked, anchors in (page.links_to_anchors or {}).items()}
        logged = [(record.name, record.levelno, record.getMessage()) for record in captured.records]
        converted = Converted(digest, page.content or "", page.toc, set(page.present_anchor_ids or ()), links, logged)
        done.append((uri, converted))
        page.markdown = page.content = None  # the worker's copy: let it go
    return done


class _Captured(logging.Handler):
    """The records MkDocs logs in a worker, kept for the build to log again."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _capture_log() -> _Captured:
    """In a worker, MkDocs' log goes to the returned handler only (nothing printed or counted here)."""
    logger = logging.getLogger(LOGGER)
    for handler in logger.handlers:
        if isinstance(handler, _Captured):
            return handler
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    captured = _Captured()
    logger.addHandler(captured)
    logger.propagate = False
    return captured


def _digest(markdown: str) -> str:
    return hashlib.sha256(markdown.encode("utf-8")).hexdigest()
