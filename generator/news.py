"""News posts written by staff in content/tin-tuc/: read, check, and give each an ASCII slug."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem
from .text import nfc, slugify
from .validate import HTML_TAG

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


@dataclass
class Post:
    slug: str
    title: str
    date: dt.date
    description: str
    body: str

    @property
    def url(self) -> str:
        return f"tin-tuc/{self.slug}/"


def _problem(path: Path, display: str, line: int, field: str, message: str) -> Problem:
    return Problem(display, line, field, message, "news")


def load_posts(folder: Path, display_dir: str = "content/tin-tuc") -> tuple[list[Post], list[Problem]]:
    """Every *.md post in folder, newest first, and the problems that stop one from publishing."""
    posts, problems, slugs = [], [], {}
    for path in sorted(folder.glob("*.md")):
        display = f"{display_dir}/{path.name}"
        if path.name == "index.md":
            continue
        try:
            text = nfc(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            problems.append(_problem(path, display, 1, "*", "Tệp không ở dạng UTF-8. Hãy lưu lại với bảng mã UTF-8."))
            continue
        match = FRONT_MATTER.match(text)
        if not match:
            problems.append(
                _problem(
                    path,
                    display,
                    1,
                    "*",
                    "Bài viết phải bắt đầu bằng phần thông tin giữa hai dòng “---” (title, date, description).",
                )
            )
            continue
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as error:
            line = getattr(getattr(error, "problem_mark", None), "line", 0) + 2
            problems.append(_problem(path, display, line, "*", "Phần thông tin đầu bài viết bị sai cú pháp YAML."))
            continue
        lines = {key: number for number, key in _keys(match.group(1))}
        found = []
        title = str(meta.get("title") or "").strip()
        if not title:
            found.append(("title", "Thiếu tiêu đề. Thêm dòng: title: Tiêu đề bài viết"))
        date = meta.get("date")
        if isinstance(date, str):
            try:
                date = dt.date.fromisoformat(date)
            except ValueError:
                date = None
        if not isinstance(date, dt.date):
            found.append(("date", "Thiếu ngày hoặc ngày sai dạng. Thêm dòng: date: 2025-04-15 (năm-tháng-ngày)"))
        description = " ".join(str(meta.get("description") or "").split())
        if not description:
            found.append(("description", "Thiếu tóm tắt. Thêm dòng: description: Một câu tóm tắt bài viết"))
        slug = slugify(path.stem)
        if slug in slugs:
            found.append(("*", f"Trùng địa chỉ với bài {slugs[slug]}. Hãy đổi tên tệp."))
        for field, message in found:
            problems.append(_problem(path, display, lines.get(field, 1), field, message))
        if found:
            continue
        body = text[match.end() :]
        unsafe = list(_body_problems(body, text[: match.end()].count("\n") + 1))
        problems += [_problem(path, display, line, "*", message) for line, message in unsafe]
        if unsafe:
            continue
        slugs[slug] = path.name
        posts.append(Post(slug, title, date, description, body))
    posts.sort(key=lambda p: (p.date, p.slug), reverse=True)
    return posts, problems


def _keys(front: str):
    for number, line in enumerate(front.splitlines(), start=2):
        key = line.split(":", 1)[0].strip()
        if key and not line.startswith(" "):
            yield number, key


LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>|href\s*=\s*[\"']?([^\"'\s>]*)", re.I)
SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def _body_problems(body: str, first_line: int):
    """(line, message) for raw HTML and for links whose scheme could run script (javascript:, data:)."""
    tag = HTML_TAG.search(body)
    if tag:
        yield (
            first_line + body[: tag.start()].count("\n"),
            "Không dùng thẻ HTML (như <script>, <img>, <iframe>) trong bài viết. Hãy viết bằng Markdown: "
            "*nghiêng*, **đậm**, [chữ](https://…).",
        )
    for match in LINK.finditer(body):
        target = next(group for group in match.groups() if group is not None)
        scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*)\s*:", target)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES and not (tag and "<" in target):
            yield (
                first_line + body[: match.start()].count("\n"),
                f"Liên kết “{target[:60]}” không được phép. Chỉ dùng liên kết https://, http://, mailto:, tel: "
                "hoặc liên kết tới trang khác của cổng thông tin.",
            )
