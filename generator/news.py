"""What staff write in content/: news posts in tin-tuc/, hand-written pages, and their files.

Every Markdown file is read, checked and rendered here (see `documents`), so that `check` reports
every problem of every file at its line, and the build publishes exactly what was checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from . import documents
from .messages import found
from .problems import Problem, placed, problem
from .text import slugify

NEWS = "tin-tuc"
REPORT_NOTES = "bao-cao"  # staff's notes for the periodic report (generator/report.py): never published


@dataclass
class Post:
    slug: str
    title: str
    date: dt.date
    description: str
    body: Markup  # Markdown for MkDocs: headings, then safe HTML (documents.as_markdown)

    @property
    def url(self) -> str:
        return f"{NEWS}/{self.slug}/"


@dataclass
class Page:
    """A hand-written page of content/: where it goes in the site, and its Markdown for MkDocs."""

    path: str
    text: str


@dataclass
class Content:
    """Everything content/ publishes: posts newest first, pages, and other files by site path."""

    posts: list[Post]
    pages: list[Page]
    files: dict[str, Path]

    @property
    def page_paths(self) -> list[str]:
        """The site path of each page and post (`lien-he/`, `tin-tuc/mot-bai/`)."""
        return [_page_dir(page.path) for page in self.pages] + [post.url for post in self.posts]


def _page_dir(relative: str) -> str:
    """content/lien-he/index.md -> lien-he/; content/gioi-thieu.md -> gioi-thieu/."""
    stem = relative[: -len(".md")]
    if stem == "index":
        return ""
    return stem[: -len("/index")] + "/" if stem.endswith("/index") else stem + "/"


def scan(folder: Path, display: str) -> tuple[list[tuple[Path, str]], dict[str, Path], list[Problem]]:
    """The Markdown files and the other files of content/, and the files the build would not use."""
    markdown, files, problems = [], {}, []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        relative = path.relative_to(folder).as_posix()
        shown = f"{display}/{relative}"
        if path.is_symlink() or (not path.is_file() and not path.is_dir()):
            problems.append(problem(shown, 0, "*", "file"))
        elif (
            path.is_dir()
            or any(part.startswith(".") for part in path.relative_to(folder).parts)
            or relative.split("/")[0] == REPORT_NOTES
        ):
            continue
        elif path.suffix == ".md":
            markdown.append((path, relative))
        elif path.suffix.lower() in documents.FILES and relative.split("/")[0] != NEWS:
            files[relative] = path
        else:
            problems.append(_unused_file(path, relative, shown))
    return markdown, files, problems


def _unused_file(path: Path, relative: str, shown: str) -> Problem:
    name = path.name
    if path.suffix.lower() in (".md", ".markdown", ".txt", ".docx", ".doc"):
        return problem(shown, 0, "*", "unused-file.text", name=name, example=slugify(path.stem) or "bai-viet")
    if relative.startswith(f"{NEWS}/"):
        return problem(shown, 0, "*", "unused-file.news", name=name, folder=NEWS)
    return problem(shown, 0, "*", "unused-file.content", name=name, allowed=", ".join(documents.FILES))


def load(folder: Path, display: str, site: documents.Site) -> tuple[Content, list[Problem]]:
    """Read, check and render every page and post of content/ (folder), linking against site."""
    markdown, files, problems = scan(folder, display)
    sources = []
    for path, relative in markdown:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(problem(f"{display}/{relative}", 1, "*", "news.encoding"))
            continue
        source, broken = documents.read_source(text)
        if broken:
            problems.append(placed(f"{display}/{relative}", broken[0], "*", broken[1]))
            continue
        sources.append((path, relative, source))
    slugs = {slugify(path.stem): relative for path, relative, *_ in sources if relative.startswith(f"{NEWS}/")}
    site.pages.update(f"{NEWS}/{slug}/" for slug in slugs)
    site.pages.update(_page_dir(relative) for _, relative, *_ in sources if not relative.startswith(f"{NEWS}/"))
    site.files.update(files)
    posts, pages, seen = [], [], {}
    for path, relative, source in sources:
        shown = f"{display}/{relative}"
        if relative.startswith(f"{NEWS}/"):
            if relative.count("/") > 1 or path.name == "index.md":
                problems.append(problem(shown, 0, "*", "news.subfolder", folder=NEWS))
                continue
            post, stops = _post(path, source, site, seen)
            problems += [placed(shown, line, column, stop) for line, column, stop in stops]
            if post:
                posts.append(post)
        else:
            page_dir = _page_dir(relative)
            rendered = documents.render(source, site, _folder(relative), page_dir)
            problems += [placed(shown, line, "*", stop) for line, stop in rendered.problems]
            front = f"---\n{source.front}\n---\n\n" if source.front else ""
            pages.append(Page(relative, front + documents.as_markdown(rendered.html)))
    posts.sort(key=lambda p: (p.date, p.slug), reverse=True)
    return Content(posts, pages, files), problems


def _folder(relative: str) -> str:
    return relative.rsplit("/", 1)[0] if "/" in relative else ""


def _post(path: Path, source: documents.Source, site: documents.Site, seen: dict[str, str]):
    """The post and every (line, column, message) that stops it from being published."""
    if not source.front:
        return None, [(1, "*", found("news.no-front-matter"))]
    meta, problems = source.meta, []
    lines = dict(_keys(source.front))
    title = " ".join(str(meta.get("title") or "").split())
    if not title:
        problems.append((lines.get("title", 1), "title", found("news.title")))
    date = meta.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            date = None
    if isinstance(date, dt.datetime):
        date = date.date()
    if not isinstance(date, dt.date) or not 2000 <= date.year <= 2100:
        problems.append((lines.get("date", 1), "date", found("news.date")))
    description = " ".join(str(meta.get("description") or "").split())
    if not description:
        problems.append((lines.get("description", 1), "description", found("news.description")))
    slug = slugify(path.stem)
    if not slug:
        problems.append((1, "*", found("news.file-name")))
    elif slug in seen:
        problems.append((1, "*", found("news.same-address", other=seen[slug])))
    seen.setdefault(slug, path.name)
    rendered = documents.render(source, site, NEWS, f"{NEWS}/{slug}/")
    problems += [(line, "*", problem) for line, problem in rendered.problems]
    if problems:
        return None, problems
    return Post(slug, title, date, description, Markup(documents.as_markdown(rendered.html))), []


def _keys(front: str):
    for number, line in enumerate(front.splitlines(), start=2):
        key = line.split(":", 1)[0].strip()
        if key and not line.startswith(" "):
            yield key, number
