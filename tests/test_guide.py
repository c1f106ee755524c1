"""The staff guide (HUONG_DAN.md) as GitHub shows it: its contents link every section, and every
link inside the guide lands on a place that exists."""

from __future__ import annotations

import re

from conftest import ROOT

GUIDE = ROOT / "HUONG_DAN.md"
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
INTERNAL_LINK = re.compile(r"\]\(#([^)\s]+)\)")
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
HEADING = re.compile(r"^(#{1,6}) (.+?)\s*#*$", re.MULTILINE)


def github_slug(heading: str) -> str:
    """The id GitHub gives a Markdown heading: lower case, punctuation dropped (letters with marks
    and digits kept, as \\w keeps them), each space a hyphen; formatting marks are not text."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def targets(text: str) -> set[str]:
    """Every id a link inside the guide can land on: explicit anchors and headings (a repeated
    heading gets -1, -2… as on GitHub)."""
    found = set(ANCHOR.findall(text))
    seen: dict[str, int] = {}
    for _, heading in HEADING.findall(FENCE.sub("", text)):
        slug = github_slug(heading)
        count = seen.get(slug, 0)
        found.add(slug if count == 0 else f"{slug}-{count}")
        seen[slug] = count + 1
    return found


def test_the_slug_rule_is_githubs() -> None:
    assert github_slug("14. Bản đồ các HTX và nút “Chia sẻ”") == "14-bản-đồ-các-htx-và-nút-chia-sẻ"
    assert github_slug("Cách dễ nhất: sửa bằng Excel") == "cách-dễ-nhất-sửa-bằng-excel"
    assert github_slug("6.1. Lỗi của cả tệp") == "61-lỗi-của-cả-tệp"


def test_every_link_inside_the_guide_resolves() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    links = INTERNAL_LINK.findall(FENCE.sub("", text))
    assert len(links) > 20
    assert sorted(set(links) - targets(text)) == []


def test_the_contents_link_every_section_in_order() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    body = FENCE.sub("", text)
    sections = [heading for level, heading in HEADING.findall(body) if level == "##"]
    contents = body.split("\n## ", 1)[0]
    listed = re.findall(r"^(?:- |\d+\. )\[([^\]]+)\]\(#([^)]+)\)", contents, re.MULTILINE)
    assert [title for title, _ in listed] == [re.sub(r"^\d+\. ", "", s) for s in sections]
    # each entry lands on its own section: the anchor just above the heading
    for (title, anchor), section in zip(listed, sections, strict=True):
        before = body.split(f"\n## {section}\n", 1)[0].rstrip().rsplit("\n", 1)[-1]
        assert before == f'<a id="{anchor}"></a>', title
