"""`python -m generator build`: validate first, publish in one step, same input -> same bytes."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import time
import unicodedata
from pathlib import Path

import jinja2
import markdown
import pytest
from conftest import DATA, EPOCH, ROOT, run_generator


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
        "Hãy viết liền không dấu chấm, phẩy: 220000. (Excel: dòng 2, mã “tom-cang-xanh-tuoi”)"
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
    """Content-hash caching: charts, photos and share cards are made once per input."""
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
    assert all(cold[kind] > 0 for kind in ("photos", "share_cards", "catalogue", "page_renders")), cold
    page = base / "work" / "docs" / "htx" / "htx-tom-cang-vinh-binh.md"
    stamp = page.stat().st_mtime_ns
    assert run_generator(*args, cwd=base, env=env).code == 0
    assert {kind: n for kind, n in rendered().items() if n} == {"page_renders": 2}  # the home and progress pages
    assert page.stat().st_mtime_ns == stamp, "an unchanged page is not rewritten"
    assert [p.name for p in base.glob(".site.*")] == [], "the replaced site is gone, no staging folder is left"
    cache = base / "work" / "cache" / "artifacts"
    entries = set(cache.iterdir())
    products = data_copy / "products.csv"
    products.write_text(products.read_text(encoding="utf-8").replace(",220000,", ",230000,", 1), encoding="utf-8")
    assert run_generator(*args, cwd=base, env=env).code == 0
    after = rendered()
    pages = after.pop("page_renders")
    # Its share card, and the printed catalogues that show it: the district's and its commune's,
    # A4 and A5 (render/catalogue.py); no other commune's catalogue.
    assert {kind: n for kind, n in after.items() if n} == {"share_cards": 1, "catalogue": 4}
    # The card and catalogues with the old price left the cache with the build that stopped using them.
    assert len(entries - set(cache.iterdir())) == 5 and len(set(cache.iterdir()) - entries) == 5
    assert 2 < pages < cold["page_renders"] / 4  # its product and cooperative pages, and the lists
    other = base / "work" / "docs" / "htx" / "tht-banh-trang-vinh-thuan.md"  # does not show that product
    assert other.stat().st_mtime_ns < page.stat().st_mtime_ns
    # Charts, photos and share cards skip MkDocs's input: made beside it, linked into the site
    # from the cache. QR codes are drawn inline in the pages: there is no qr/ folder at all.
    docs = base / "work" / "docs"
    assert not any((docs / folder).exists() for folder in ("qr", "share", "charts"))  # charts are inline
    assert [p.name for p in (docs / "media").iterdir() if not p.name.startswith("placeholder-")] == []
    site = base / "site"
    assert not (site / "qr").exists()
    made = [site / "share/htx-htx-tom-cang-vinh-binh.jpg", site / "share/site.png"]
    made += [next((site / "media").glob("*.webp"))]
    for path in made:
        assert path.stat().st_nlink >= 2, path


def failing_render(text: str) -> bytes:
    raise ValueError(f"hỏng khi vẽ {text}")


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # the pool's thread too
def test_failing_background_render_keeps_the_live_site(tmp_path: Path) -> None:
    """A chart or share card that fails while MkDocs builds stops the build before the swap:
    the live site stays as it was, no staging folder or worker is left, the error comes through."""
    import multiprocessing

    from generator import publish
    from generator.render.artifacts import ArtifactStore

    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("trang cũ", encoding="utf-8")
    store = ArtifactStore(tmp_path / "cache")
    for number in range(600):
        store.request(f"charts/{number}.svg", failing_render, f"mã {number}")
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

    def build() -> dict:
        store = ArtifactStore(tmp_path / "cache")
        for number in range(600):  # enough for two workers
            store.request(f"charts/{number}.svg", render_stub, f"https://example.vn/{number}/")
        with publish.staged(tmp_path / "site") as site, store.render_late(site, processes=2) as late:
            with pytest.raises(RuntimeError, match="asked for too late"):  # the workers would never see it
                store.request("charts/late.svg", render_stub, "https://example.vn/late/")
            stats = late.finish()
        return stats.kinds["render_stub"]

    first = build()
    assert (first["files"], first["rendered"]) == (600, 600)
    assert build()["rendered"] == 0
    svg = (tmp_path / "site" / "charts" / "7.svg").read_text(encoding="utf-8")
    assert svg == "https://example.vn/7/"
    left = sorted(p.name for p in (tmp_path / "site").iterdir())
    assert left == [".portal-site", "charts"], "no .late folder is left"


def test_upgrading_a_renderer_library_renders_the_files_again(tmp_path: Path, monkeypatch) -> None:
    """A new Pillow or matplotlib may make other bytes from the same inputs: the cache keys name
    the installed versions, so a warm build after an upgrade gives what a clean build gives."""
    from generator import publish
    from generator.render import artifacts
    from generator.render.media import render_card

    def rendered() -> int:
        store = artifacts.ArtifactStore(tmp_path / "cache")
        store.request("share/1.png", render_card, "", "Tên", "Dòng phụ", "example.vn", False)
        with publish.staged(tmp_path / "site") as site, store.render_late(site) as late:
            return late.finish().kinds["render_card"]["rendered"]

    assert "pillow=" in artifacts.RENDERERS and "matplotlib=" in artifacts.RENDERERS
    assert (rendered(), rendered()) == (1, 0)
    monkeypatch.setattr(artifacts, "RENDERERS", artifacts.RENDERERS.replace("pillow=", "pillow=0"))
    assert (rendered(), rendered()) == (1, 0)


def test_a_change_to_the_rendering_code_renders_the_files_again(tmp_path: Path, monkeypatch) -> None:
    """CI restores the cache of an earlier commit: a share card or chart drawn by changed code
    must be drawn again, not served from that cache (the key hashes the render modules)."""
    from generator.render import artifacts
    from generator.render.media import render_card

    render = Path(artifacts.__file__).parent
    files = sorted(render.glob("*.py"))
    assert {"media.py", "images.py"} <= {p.name for p in files}
    copies = []
    for path in files:
        shutil.copy(path, tmp_path / path.name)
        copies.append(tmp_path / path.name)
    before = artifacts.source_digest(copies)
    assert before == artifacts.source_digest(files)
    card = tmp_path / "media.py"
    card.write_text(card.read_text(encoding="utf-8").replace("BRAND = (15, 95, 89)", "BRAND = (15, 95, 90)"))
    assert artifacts.source_digest(copies) != before
    key = artifacts.key_of(render_card, ("", "Tên", "Dòng phụ", "example.vn", False))
    monkeypatch.setattr(artifacts, "RENDER_CODE", artifacts.source_digest(copies))
    assert artifacts.key_of(render_card, ("", "Tên", "Dòng phụ", "example.vn", False)) != key


def replace(name: str, old: str, new: str):
    def edit(data: Path) -> None:
        path = data / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def drop_last_row(name: str):
    def edit(data: Path) -> None:
        path = data / name
        lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")

    return edit


def add_cooperative(data: Path) -> None:
    path = data / "cooperatives.csv"
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rows.append({**rows[-1], "id": rows[-1]["id"] + "-2", "name": rows[-1]["name"] + " Mới", "photo": ""})
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def replace_photo(data: Path) -> None:
    (data / "images" / "ao-ba-ba.jpg").write_bytes((data / "images" / "non-la.jpg").read_bytes())


EDITS = {  # one edit of each kind staff make
    "a cooperative's name": replace("cooperatives.csv", "Tôm càng xanh Vĩnh Bình,", "Tôm càng xanh Vĩnh Bình Mới,"),
    "a commune's name": replace("communes.csv", "vinh-binh,Vĩnh Bình,", "vinh-binh,Vĩnh Bình Đông,"),
    "a yearly figure": replace("cooperative_years.csv", ",2930400000,", ",2990400000,"),
    "a price": replace("products.csv", ",220000,", ",230000,"),
    "a model's story": replace("models.csv", "bán chạy của tổ", "bán chạy nhất của tổ"),
    "a reported indicator": drop_last_row("indicators.csv"),
    "a photo under the same name": replace_photo,
    "a product removed": drop_last_row("products.csv"),
    "a cooperative added": add_cooperative,
}


def render_docs(data: Path, work: Path, content: Path = ROOT / "content") -> tuple[dict[str, bytes], dict[str, float]]:
    """Markdown and files for MkDocs, rendered in this process; and the pages' figures."""
    from generator import model, pipeline
    from generator.render import plan_site

    loaded = pipeline.load_and_validate(data, content_dir=content)
    assert not loaded.problems, loaded.problems
    plan = plan_site(model.build_portal(loaded, data, int(EPOCH)), work)
    stats = plan.render_pages()
    docs = {p.relative_to(plan.docs).as_posix(): p.read_bytes() for p in plan.docs.rglob("*") if p.is_file()}
    return docs, stats.kinds["render_page"]


def test_a_rebuild_after_each_kind_of_edit_equals_a_clean_build(data_copy: Path) -> None:
    """Pages whose keys did not change are not rendered again; what the rebuild leaves in docs
    is byte for byte what a build without any saved page gives."""
    base = data_copy.parent
    render_docs(data_copy, base / "incremental")
    _, warm = render_docs(data_copy, base / "incremental")
    assert warm["rendered"] <= 2, warm  # the home and progress pages read whole lists: always rendered
    page = base / "incremental" / "docs" / "san-pham" / "tom-cang-xanh-tuoi.md"
    whole = page.read_bytes()
    page.write_bytes(whole[:100])  # cut short (a crash, a power cut): rendered again
    _, figures = render_docs(data_copy, base / "incremental")
    assert figures["rendered"] == 3 and page.read_bytes() == whole
    for name, edit in EDITS.items():
        edit(data_copy)
        incremental, figures = render_docs(data_copy, base / "incremental")
        shutil.rmtree(base / "clean" / "docs", ignore_errors=True)
        (base / "clean" / "cache" / "pages.json").unlink(missing_ok=True)
        clean, clean_figures = render_docs(data_copy, base / "clean")
        assert clean_figures["rendered"] == clean_figures["files"]
        assert 0 < figures["rendered"] < figures["files"] / 2, (name, figures)
        assert incremental.keys() == clean.keys(), name
        assert [p for p in clean if incremental[p] != clean[p]] == [], name


def test_page_keys_know_what_each_template_reads_from_the_portal() -> None:
    from generator.render.pagekeys import portal_reads
    from generator.render.pages import environment

    env = environment()
    assert portal_reads(env, "product.md.j2") == {"search_entities"}  # through the imported macros
    assert portal_reads(env, "catalogue.md.j2") == {"search_entities", "catalogue|length"}
    assert {"stats", "featured_products", "honours", "targets"} <= portal_reads(env, "home.md.j2")
    passed_on = jinja2.Environment(loader=jinja2.DictLoader({"t.j2": "{% set p = portal %}{{ p.products }}"}))
    assert portal_reads(passed_on, "t.j2") == {"*"}


def killed_render(text: str) -> bytes:
    os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does to a process when memory runs out
    return text.encode()


def test_a_killed_worker_stops_the_build_instead_of_hanging(tmp_path: Path) -> None:
    """A worker killed while MkDocs builds (out of memory) loses its part: the build reports it
    in Vietnamese, within seconds, and the live site stays."""
    import multiprocessing

    from generator import publish
    from generator.render.artifacts import ArtifactStore

    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("trang cũ", encoding="utf-8")
    store = ArtifactStore(tmp_path / "cache")
    store.request("charts/0.svg", killed_render, "mã 0")
    for number in range(1, 100):
        store.request(f"charts/{number}.svg", render_stub, f"mã {number}")
    start = time.monotonic()
    with (
        pytest.raises(RuntimeError, match=r"dừng đột ngột \(mã -9\), thường vì máy hết bộ nhớ"),
        publish.staged(out) as site,
        store.render_late(site, processes=2) as late,
    ):
        late.finish()
    assert time.monotonic() - start < 30
    assert (out / "index.html").read_text(encoding="utf-8") == "trang cũ"
    assert not multiprocessing.active_children()


def render_stub(text: str) -> bytes:
    return text.encode()


def killed_card(photo: str, title: str, subtitle: str, site: str, demo: bool) -> bytes:
    os.kill(os.getpid(), signal.SIGKILL)
    return b""


def test_a_killed_worker_is_a_message_for_staff_and_leaves_no_process(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole build, as staff run it, when the kernel kills a worker making share cards."""
    import multiprocessing
    import threading

    from generator import cli
    from generator.render import media

    monkeypatch.chdir(data_copy.parent)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(media, "render_card", killed_card)
    threads = set(threading.enumerate())
    assert cli.main(["build", "--data", "data", "--out", "site", "--work", "build", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "Lỗi khi tạo trang web: RuntimeError: một tiến trình con dừng đột ngột (mã -9), thường vì máy hết bộ nhớ: "
        "hãy chạy lại, hoặc tạo trang trên máy có nhiều bộ nhớ hơn. Trang web cũ vẫn giữ nguyên."
    ), err
    assert not (data_copy.parent / "site").exists()
    assert not multiprocessing.active_children()
    assert set(threading.enumerate()) == threads


def sleep_long(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # the pool's thread too
def test_leaving_the_workers_early_stops_them_done_or_not() -> None:
    """An error (or Ctrl+C) while workers are busy: the block ends at once, with no worker left."""
    import multiprocessing
    import threading

    from generator.forks import forked_map

    threads = set(threading.enumerate())
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt), forked_map(sleep_long, [60.0] * 4, workers=2):
        raise KeyboardInterrupt
    assert time.monotonic() - start < 10
    assert not multiprocessing.active_children()
    assert set(threading.enumerate()) == threads


def worker_settings(_: int) -> tuple[int, bool]:
    return os.nice(0), signal.getsignal(signal.SIGINT) == signal.SIG_IGN


def test_workers_run_at_low_priority_and_leave_ctrl_c_to_the_build() -> None:
    """Leaving the block ends the workers and the pool's thread: nothing runs on."""
    import multiprocessing
    import threading

    from generator.forks import forked_map

    threads = set(threading.enumerate())
    with forked_map(worker_settings, range(4), workers=2, nice=10) as results:
        settings = set(results)
    assert settings == {(min(19, os.nice(0) + 10), True)}
    assert not multiprocessing.active_children()
    assert set(threading.enumerate()) == threads


def test_page_keys_follow_the_settings_in_their_order(data_copy: Path) -> None:
    """Placeholders are numbered by the order of categories in portal.yml: reordering them
    changes every key, even though the settings hold the same values."""
    from generator import model, pipeline
    from generator.render.pagekeys import PageKeys, Saved
    from generator.render.pages import environment

    loaded = pipeline.load_and_validate(data_copy)
    portal = model.build_portal(loaded, data_copy, int(EPOCH))
    before = PageKeys(environment(), portal, lambda _: "", Saved()).base("product.md.j2")
    portal.config["categories"] = dict(reversed(portal.config["categories"].items()))
    assert PageKeys(environment(), portal, lambda _: "", Saved()).base("product.md.j2") != before


def test_a_content_page_on_a_generated_page_path_stops_the_build(data_copy: Path) -> None:
    """A page under content/ at the path of a page made from the data would replace it: the
    build says which file, in Vietnamese, before any page is rendered."""
    content = data_copy.parent / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "htx").mkdir(exist_ok=True)
    (content / "htx" / "index.md").write_text("# Trang viết tay\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="htx/index.md .*trùng đường dẫn"):
        render_docs(data_copy, data_copy.parent / "work", content)


def mkdocs(docs: Path, site: Path, html_pages: set[str] | None = None) -> None:
    """MkDocs on docs with the portal's settings; html_pages go into the site without Markdown."""
    from generator import publish
    from generator.pipeline import MKDOCS_YML, mkdocs_settings
    from generator.schema import load_config

    settings = mkdocs_settings(load_config())
    publish.build_html(docs, site, MKDOCS_YML, settings, int(EPOCH), html_pages or ())


POST_WITH_HEADINGS = """---
title: Hội chợ sản phẩm OCOP
date: 2025-09-01
description: Các tổ hợp tác mang sản phẩm đến hội chợ.
---

Mở đầu bài viết.

## Gian hàng của xã Vĩnh Bình

Tôm khô, mắm cá lóc.

### Giờ mở cửa

Từ 7 giờ đến 21 giờ.
"""


def test_generated_pages_go_into_the_site_as_markdown_would_make_them(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages the generator writes as HTML go into the site without Markdown (`html_pages`),
    yet the site is the one MkDocs alone makes, byte for byte (HTML, tables of contents, search
    index, sitemap) on hostile data, with tabs and blank lines of spaces in a description, and
    MkDocs lists the same anchors in every page. MkDocs converts only the pages that hold
    Markdown: the pages of content/ and the posts (a post's headings are in its table of contents)."""
    from properdocs.structure.pages import Page, _HTMLHandler
    from properdocs.utils import meta
    from test_check import apply_case
    from test_hostile import load_case

    from generator import html_pages, model, pipeline
    from generator.render import plan_site

    apply_case(load_case("hostile-inert.yml"), data_copy)
    edit_cell = {"id": "tom-kho-vinh-binh", "column": "description", "value": "Tôm\tkhô\n   \n\tphơi nắng\n\n  nhé"}
    apply_case({"set": [{"file": "products.csv", **edit_cell}]}, data_copy)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "tin-tuc" / "2025-09-01-hoi-cho.md").write_text(POST_WITH_HEADINGS, encoding="utf-8")
    loaded = pipeline.load_and_validate(data_copy, content_dir=content)
    assert not loaded.problems, loaded.problems
    plan = plan_site(model.build_portal(loaded, data_copy, int(EPOCH)), tmp_path / "work")
    plan.render_pages()
    html = plan.writer.html_pages
    sources = sorted(p.relative_to(plan.docs).as_posix() for p in plan.docs.rglob("*.md"))
    assert 100 < len(html) < len(sources) and "tin-tuc/2025-09-01-hoi-cho.md" not in html

    anchors: dict[str, set[str]] = {}
    render = Page.render

    def recording(page, config, files):  # MkDocs' own conversion, as it happens
        render(page, config, files)
        if page.markdown:
            anchors[page.file.src_uri] = page.present_anchor_ids

    monkeypatch.setattr(Page, "render", recording)
    mkdocs(plan.docs, tmp_path / "alone")
    alone = dict(anchors)
    anchors.clear()
    mkdocs(plan.docs, tmp_path / "html", html)
    assert tree_digest(tmp_path / "alone") == tree_digest(tmp_path / "html")
    assert sorted(anchors) == [relative for relative in sources if relative not in html]
    post = (tmp_path / "html" / "tin-tuc" / "2025-09-01-hoi-cho" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="gian-hang-cua-xa-vinh-binh">' in post and 'href="#gio-mo-cua"' in post
    for relative in sorted(html):  # the anchors the plugin lists are MkDocs' own
        body, _ = meta.get_data((plan.docs / relative).read_text(encoding="utf-8-sig"))
        assert html_pages.anchor_ids(body) == alone[relative], relative
    tricky = """<!-- <p id="comment"> --><script id=s>var x = '<a id="in-script">';</script>
<DIV ID='Upper'><a name="top" title="a>b" id=bare>x</a><span name="not-a-link" data-id="no"></span>
<p id="caf&eacute;">é</p><style>#x{}</style><img id="img"/></DIV>"""
    handler = _HTMLHandler()
    handler.feed(tricky)
    handler.close()
    assert html_pages.anchor_ids(tricky) == handler.present_anchor_ids == {"s", "Upper", "top", "bare", "café", "img"}
    spaced = '<div class="a">\n\t<pre>\tx\r\n   \n\x02y</pre>\n  \n</div>\r\n'
    converter = markdown.Markdown(extensions=["md_in_html", "attr_list", "tables", "admonition", "toc"])
    assert html_pages.as_markdown_gives(spaced) == converter.convert(spaced)
