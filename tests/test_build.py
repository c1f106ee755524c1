"""`python -m generator build`: validate first, publish in one step, same input -> same bytes."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from conftest import DATA, run_generator


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under folder with the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_writes_home_and_plan(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    plan = (built_site / "ke-hoach" / "index.html").read_text(encoding="utf-8")
    assert "Kế hoạch 34/KH-UBND" in plan
    assert 'lang="vi"' in plan


def test_failed_build_leaves_previous_site_untouched(data_copy: Path) -> None:
    base = data_copy.parent
    first = run_generator("build", "--data", "data", "--out", "site", "--work", "build", cwd=base)
    assert first.code == 0, first.err
    before = tree_digest(base / "site")
    products = data_copy / "products.csv"
    products.write_text(products.read_text(encoding="utf-8").replace(",220000,", ",220.000,", 1), encoding="utf-8")
    second = run_generator("build", "--data", "data", "--out", "site", "--work", "build", cwd=base)
    assert second.code == 1
    assert second.lines == [
        "data/products.csv:2:price_vnd: Số “220.000” có dấu phân cách hàng nghìn. "
        "Hãy viết liền không dấu chấm, phẩy: 220000."
    ]
    assert "Trang web cũ vẫn giữ nguyên" in second.err
    assert "Traceback" not in second.err
    assert tree_digest(base / "site") == before
    assert not [p for p in base.iterdir() if p.name.startswith(".site.")], "no staging folder left behind"


def test_failed_build_without_previous_site_creates_nothing(data_copy: Path) -> None:
    base = data_copy.parent
    (data_copy / "communes.csv").write_bytes("code,name,kind,successor\nx,Xã,xã,\n".encode("cp1258", "replace"))
    result = run_generator("build", "--data", "data", "--out", "site", "--work", "build", cwd=base)
    assert result.code == 1
    assert not (base / "site").exists()


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = run_generator(
            "build", "--data", str(DATA), "--out", name, "--work", f"work-{name}", "--quiet", cwd=tmp_path
        )
        assert result.code == 0, result.err
    first, second = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_nfd_input_is_published_as_nfc(data_copy: Path) -> None:
    path = data_copy / "cooperatives.csv"
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    base = data_copy.parent
    result = run_generator("build", "--data", "data", "--out", "site", "--work", "build", "--quiet", cwd=base)
    assert result.code == 0, result.err
    page = (base / "site" / "htx" / "htx-tom-cang-vinh-binh" / "index.html").read_text(encoding="utf-8")
    assert "Hợp tác xã Nông nghiệp Tôm càng xanh Vĩnh Bình" in page
    assert unicodedata.normalize("NFC", page) == page


def test_github_actions_annotations_and_summary(data_copy: Path) -> None:
    path = data_copy / "cooperatives.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("0912 345 678", "0912", 1), encoding="utf-8")
    summary = data_copy.parent / "summary.md"
    result = run_generator(
        "check",
        "--data",
        "data",
        cwd=data_copy.parent,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.code == 1
    plain = [line for line in result.lines if not line.startswith("::")]
    annotations = [line for line in result.lines if line.startswith("::error ")]
    assert len(plain) == len(annotations) == 1
    line = plain[0].split(":")[1]
    assert annotations[0].startswith(
        f"::error file=data/cooperatives.csv,line={line},title=cooperatives.csv – cột phone::Số điện thoại “0912”"
    )
    table = summary.read_text(encoding="utf-8")
    assert "| Tệp | Dòng | Cột | Lỗi và cách sửa |" in table
    assert f"| data/cooperatives.csv | {line} | phone | Số điện thoại “0912”" in table


def test_warm_rebuild_renders_nothing_and_rewrites_nothing(data_copy: Path) -> None:
    """Content-hash caching: charts, photos, QR codes and share cards are made once per input."""
    import json

    base = data_copy.parent
    timings = base / "timings.json"
    env = {"GENERATOR_TIMINGS": str(timings)}
    args = ("build", "--data", "data", "--out", "site", "--work", "work", "--quiet")

    def rendered() -> dict[str, int]:
        data = json.loads(timings.read_text(encoding="utf-8"))
        return {kind: int(figures["rendered"]) for kind, figures in data["artifacts"].items()}

    assert run_generator(*args, cwd=base, env=env).code == 0
    cold = rendered()
    assert all(cold[kind] > 0 for kind in ("charts", "photos", "qr", "share_cards")), cold
    page = base / "work" / "docs" / "htx" / "htx-tom-cang-vinh-binh.md"
    stamp = page.stat().st_mtime_ns
    assert run_generator(*args, cwd=base, env=env).code == 0
    assert set(rendered().values()) == {0}
    assert page.stat().st_mtime_ns == stamp, "an unchanged page is not rewritten"
    replaced = [p.name for p in base.glob(".site.*")]
    assert len(replaced) == 1 and replaced[0].startswith(".site.old-"), replaced
    products = data_copy / "products.csv"
    products.write_text(products.read_text(encoding="utf-8").replace(",220000,", ",230000,", 1), encoding="utf-8")
    assert run_generator(*args, cwd=base, env=env).code == 0
    assert rendered() == {"charts": 0, "photos": 0, "qr": 0, "share_cards": 1}
    # The site the second build replaced was removed during the third: only the newest is left.
    left = [p.name for p in base.glob(".site.*")]
    assert len(left) == 1 and left != replaced, (replaced, left)
    other = base / "work" / "docs" / "htx" / "tht-banh-trang-vinh-thuan.md"  # does not show that product
    assert other.stat().st_mtime_ns < page.stat().st_mtime_ns
    # QR codes and share cards skip MkDocs's input: made beside it, linked into the site from the cache.
    assert not (base / "work" / "docs" / "qr").exists() and not (base / "work" / "docs" / "share").exists()
    for name in ("qr/htx-htx-tom-cang-vinh-binh.svg", "qr/htx-htx-tom-cang-vinh-binh.png", "share/site.jpg"):
        assert (base / "site" / name).stat().st_nlink >= 2, name


def failing_render(text: str) -> bytes:
    raise ValueError(f"hỏng khi vẽ {text}")


def test_failing_background_render_keeps_the_live_site(tmp_path: Path) -> None:
    """A QR code or share card that fails while MkDocs builds stops the build before the swap:
    the live site stays as it was, no staging folder or worker is left, the error comes through."""
    import multiprocessing

    from generator import publish
    from generator.render.artifacts import ArtifactStore

    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("trang cũ", encoding="utf-8")
    store = ArtifactStore(tmp_path / "docs", tmp_path / "cache")
    for number in range(600):
        store.request(f"qr/{number}.svg", failing_render, f"mã {number}", late=True)
    with (
        pytest.raises(ValueError, match="hỏng khi vẽ"),
        publish.staged(out) as site,
        store.render_late(site, processes=2) as late,
    ):
        (site / "index.html").write_text("trang mới", encoding="utf-8")
        late.finish()
    assert (out / "index.html").read_text(encoding="utf-8") == "trang cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]
    assert not multiprocessing.active_children()


def test_background_render_links_every_late_file_once(tmp_path: Path) -> None:
    """Late files are rendered once into the cache and hard-linked into the new site beside
    what MkDocs writes there; a second build renders none of them again."""
    from generator import publish
    from generator.render.artifacts import ArtifactStore
    from generator.render.media import render_qr

    def build() -> dict:
        store = ArtifactStore(tmp_path / "docs", tmp_path / "cache")
        for number in range(600):  # enough for two workers
            store.request(f"qr/{number}.svg", render_qr, f"https://example.vn/{number}/", "svg", late=True)
        with publish.staged(tmp_path / "site") as site, store.render_late(site, processes=2) as late:
            stats = late.finish()
        assert store.paths == set(), "late files never go into docs"
        return stats.kinds["render_qr"]

    first = build()
    assert (first["files"], first["rendered"]) == (600, 600)
    assert build()["rendered"] == 0
    svg = (tmp_path / "site" / "qr" / "7.svg").read_text(encoding="utf-8")
    assert "<title>https://example.vn/7/</title>" in svg
    assert not (tmp_path / "docs").exists()
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["qr"], "no .late folder is left"
