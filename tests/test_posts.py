"""What staff write in content/ cannot run script, and every link in it is checked and works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DATA, ROOT, run_generator

FRONT = "---\ntitle: Tin thử\ndate: 2025-05-01\ndescription: Một tin để thử.\n---\n"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


def post(content: Path, body: str, name: str = "2025-05-01-tin-thu.md") -> Path:
    path = content / "tin-tuc" / name
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def check(content: Path) -> list[str]:
    result = run_generator("check", "--data", str(DATA), "--content", "content", cwd=content.parent)
    assert "Traceback" not in result.out + result.err
    return result.lines


HOSTILE = {
    "reference javascript": ("Xem [tại đây][x].\n\n[x]: javascript:alert(1)\n", 8, "javascript:alert(1)"),
    "reference vbscript": ("Xem [tại đây][x].\n\n[x]: vbscript:msgbox(1)\n", 8, "vbscript:msgbox(1)"),
    "entity in a link": ("Xem [tại đây](javascript&#58;alert(1)).\n", 6, "javascript"),
    "attribute list onclick": ('Bấm vào đây.\n{: onclick="alert(1)" }\n', 7, "onclick"),
    "attribute list onmouseover": ("# Tiêu đề {: onmouseover=alert(1) }\n", 6, "onmouseover"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_script_in_a_post_is_reported_at_its_line(content: Path, case: str) -> None:
    body, line, _ = HOSTILE[case]
    post(content, body)
    lines = check(content)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"content/tin-tuc/2025-05-01-tin-thu.md:{line}:*: "), lines


@pytest.mark.parametrize("case", HOSTILE)
def test_script_never_reaches_the_html_even_unchecked(case: str) -> None:
    """The renderer drops what check reports, whether or not anyone ran check."""
    from generator import documents

    body, _, payload = HOSTILE[case]
    source, _ = documents.read_source(FRONT + body)
    html = documents.render(source, documents.Site([], []), "tin-tuc", "tin-tuc/tin-thu/").html
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.startswith("on")], html
        assert all(scheme not in str(tag.get("href", "")) for scheme in ("javascript", "vbscript")), html
    assert "<script" not in html


def test_every_problem_of_a_post_is_reported(content: Path) -> None:
    post(content, 'Mở đầu.\n\n<iframe src="https://x.example"></iframe>\n\nGiữa.\n\n<script>alert(1)</script>\n')
    lines = check(content)
    assert [line.split(": ", 1)[0] for line in lines] == [
        "content/tin-tuc/2025-05-01-tin-thu.md:8:*",
        "content/tin-tuc/2025-05-01-tin-thu.md:12:*",
    ], lines


def test_billion_laughs_front_matter_is_refused(content: Path) -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        previous = chr(ord("a") + n - 1)
        levels.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [{', '.join(['*' + previous] * 9)}]")
    path = content / "tin-tuc" / "2025-05-02-bom.md"
    path.write_text("---\ntitle: Bom\n" + "\n".join(levels) + "\n---\nNội dung.\n", encoding="utf-8")
    lines = check(content)
    assert lines == [
        "content/tin-tuc/2025-05-02-bom.md:4:*: Không dùng dấu “*” hoặc “&” (tham chiếu YAML) trong phần thông tin "
        "đầu trang."
    ], lines


def test_a_content_page_is_held_to_the_same_rules(content: Path) -> None:
    page = content / "lien-he" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Gọi](javascript:call())\n", encoding="utf-8")
    lines = check(content)
    assert len(lines) == 1 and lines[0].startswith("content/lien-he/index.md:22:*: Liên kết “javascript:call()”"), lines


NATURAL = [
    "[HTX](../htx/htx-tom-cang-vinh-binh/)",
    "[HTX](../htx/htx-tom-cang-vinh-binh/index.md)",
    "[sản phẩm](/san-pham/tom-cang-xanh-tuoi/)",
    "[tiến độ](../tien-do/index.md)",
    "[tin kia](2025-03-10-ban-hanh-ke-hoach-34.md)",
    "[dữ liệu](https://htx-phunu-vinhthuan.github.io/cong-thong-tin/du-lieu/cooperatives.csv)",
]


def test_links_written_the_natural_ways_work_in_the_built_site(content: Path, tmp_path: Path) -> None:
    import yaml

    site_url = yaml.safe_load((ROOT / "site_config" / "portal.yml").read_text(encoding="utf-8"))["site_url"]
    body = "\n\n".join(
        link.replace("https://htx-phunu-vinhthuan.github.io/cong-thong-tin/", site_url) for link in NATURAL
    )
    post(content, body + "\n")
    assert check(content) == []
    result = run_generator(
        "build", "--data", str(DATA), "--content", "content", "--out", "site", "--work", "work", "--quiet", cwd=tmp_path
    )
    assert result.code == 0, result.out + result.err
    page = tmp_path / "site" / "tin-tuc" / "2025-05-01-tin-thu" / "index.html"
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    hrefs = [a["href"] for a in article.select(".portal-prose a")]
    assert len(hrefs) == len(NATURAL), hrefs
    for href in hrefs:
        target = (page.parent / href).resolve()
        assert (target / "index.html").is_file() or target.is_file(), href


def test_a_link_to_a_page_that_does_not_exist_is_located(content: Path) -> None:
    post(content, "Đoạn đầu.\n\nXem [HTX này](../htx/khong-co-htx-nay/).\n")
    lines = check(content)
    assert len(lines) == 1, lines
    assert lines[0].startswith(
        "content/tin-tuc/2025-05-01-tin-thu.md:8:*: Liên kết “../htx/khong-co-htx-nay/” không dẫn tới trang nào"
    ), lines


@pytest.mark.parametrize(
    "name, says",
    [
        ("2025-05-01-tin (1).txt", "bài viết phải là tệp văn bản đuôi .md"),
        ("2025-05-01-TIN.MD", "bài viết phải là tệp văn bản đuôi .md"),
        ("anh-tin.jpg", "chuyển vào thư mục content/anh/"),
    ],
)
def test_a_file_the_build_would_not_use_is_reported(content: Path, name: str, says: str) -> None:
    (content / "tin-tuc" / name).write_bytes(FRONT.encode())
    lines = check(content)
    assert len(lines) == 1 and lines[0].startswith(f"content/tin-tuc/{name}:*:*: "), lines
    assert says in lines[0]


def test_a_post_shows_a_picture_from_content_without_its_metadata_and_none_from_elsewhere(
    content: Path, tmp_path: Path
) -> None:
    from PIL import Image

    (content / "anh").mkdir()
    photo = Image.new("RGB", (800, 600), (30, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "ZQCANARYCAMERA"
    exif[0x8825] = {1: "N", 2: (9.0, 31.0, 14.81), 3: "E", 4: (105.0, 15.0, 22.32)}
    photo.save(content / "anh" / "hoi-cho.jpg", exif=exif)
    post(content, "Gian hàng của hội.\n\n![Gian hàng tôm càng xanh](/anh/hoi-cho.jpg)\n")
    assert check(content) == []
    result = run_generator(
        "build", "--data", str(DATA), "--content", "content", "--out", "site", "--work", "work", "--quiet", cwd=tmp_path
    )
    assert result.code == 0, result.out + result.err
    published = tmp_path / "site" / "anh" / "hoi-cho.jpg"
    assert b"ZQCANARYCAMERA" not in published.read_bytes()
    with Image.open(published) as image:
        assert not image.getexif() and image.size == (800, 600)
    page = (tmp_path / "site" / "tin-tuc" / "2025-05-01-tin-thu" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../anh/hoi-cho.jpg"' in page
    post(content, "Ảnh nơi khác.\n\n![Ảnh](https://anh.example.com/x.jpg)\n")
    (line,) = check(content)
    assert line.startswith("content/tin-tuc/2025-05-01-tin-thu.md:8:*: Ảnh “https://anh.example.com/x.jpg” nằm ở trang")
