"""The build never destroys what is not its own: folders it did not make, the data, the project."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, EPOCH, ROOT, run_generator


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file and folder under folder: its mode and the hash of its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        found[str(path.relative_to(folder))] = (path.stat().st_mode, digest)
    return found


def user_folder(path: Path) -> Path:
    """A folder of someone's documents: text, binary, nested, hidden."""
    (path / "thu-muc-con").mkdir(parents=True)
    (path / "bao-cao.docx").write_bytes(bytes(range(256)) * 40)
    (path / "ghi-chu.txt").write_text("Ghi chú riêng của chị Lan\n", encoding="utf-8")
    (path / "thu-muc-con" / "anh.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(2048))
    (path / ".an").write_text("tệp ẩn\n", encoding="utf-8")
    return path


def build(out: Path | str, cwd: Path, work: Path | None = None, data: Path = DATA):
    work = work or cwd / "work"
    return run_generator("build", "--data", str(data), "--out", str(out), "--work", str(work), "--quiet", cwd=cwd)


def test_a_folder_of_documents_is_refused_and_kept_byte_for_byte(tmp_path: Path) -> None:
    documents = user_folder(tmp_path / "tai-lieu")
    before = snapshot(documents)
    for _ in range(2):  # the defect deleted the files on the second build
        result = build(documents, tmp_path)
        assert result.code == 1
        assert f"{documents}:*:*: --out “{documents}” đã có 4 tệp hoặc thư mục" in result.out, result.out
        assert "không do lệnh build tạo ra" in result.out
        assert "Không tệp nào bị xóa hay di chuyển." in result.err
        assert "Traceback" not in result.out + result.err
    assert snapshot(documents) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tai-lieu"], "nothing was made beside it"


@pytest.mark.parametrize(
    "where, says",
    [
        ("data", "trùng với thư mục dữ liệu"),
        ("data/images", "nằm trong thư mục dữ liệu"),
        ("content", "trùng với thư mục content"),
        ("site_config/x", "nằm trong thư mục site_config"),
        ("project", "trùng với thư mục dự án"),
        ("above", "chứa thư mục dữ liệu"),
        ("file", "là một tệp, không phải thư mục"),
        ("work", "không được trùng hoặc lồng vào thư mục kia"),
    ],
)
def test_an_output_that_is_or_holds_what_staff_keep_is_refused(data_copy: Path, where: str, says: str) -> None:
    base = data_copy.parent
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    (base / "mot-tep.csv").write_text("id\n1\n", encoding="utf-8")
    out = {
        "data": data_copy,
        "data/images": data_copy / "images",
        "content": content,
        "site_config/x": ROOT / "site_config" / "x",
        "project": ROOT,
        "above": base,  # holds the data folder
        "file": base / "mot-tep.csv",
        "work": base / "work" / "site",
    }[where]
    before = snapshot(base), snapshot(ROOT / "site_config")
    result = run_generator(
        "build", "--data", str(data_copy), "--content", str(content), "--out", str(out), "--work", "work", cwd=base
    )
    assert result.code == 1, result.out + result.err
    assert says in result.out, result.out
    assert (snapshot(base), snapshot(ROOT / "site_config")) == before


def test_a_site_it_made_is_replaced_and_an_empty_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    assert build(out, tmp_path).code == 0
    assert (out / ".portal-site").is_file() and (out / "index.html").is_file()
    (out / "cu.html").write_text("trang cũ", encoding="utf-8")
    assert build(out, tmp_path).code == 0
    assert not (out / "cu.html").exists(), "the new site replaced the old one whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "work"]


def test_what_killed_builds_left_is_removed_but_nothing_else(tmp_path: Path) -> None:
    assert build("site", tmp_path).code == 0
    for name in (".site.new-abc123", ".site.old-4242"):  # as a build killed mid-way leaves them
        shutil.copytree(tmp_path / "site", tmp_path / name)
    mine = user_folder(tmp_path / ".site.new-cua-toi")  # same pattern, not ours
    before = snapshot(mine)
    assert build("site", tmp_path).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.new-cua-toi", "site", "work"]
    assert snapshot(mine) == before


def test_published_files_are_readable_by_a_web_server(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH}
    command = f"umask 022 && exec {sys.executable} -m generator build --data {DATA} --out site --work work --quiet"
    assert subprocess.run(["sh", "-c", command], cwd=tmp_path, env=env).returncode == 0
    site = tmp_path / "site"
    assert site.stat().st_mode & 0o777 == 0o755
    for path in [site / "index.html", next((site / "media").glob("*.webp")), next((site / "share").glob("*.png"))]:
        assert path.stat().st_mode & 0o777 == 0o644, path
    assert (site / "htx").stat().st_mode & 0o777 == 0o755


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    assert build("site", tmp_path).code == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH}
    with open(tmp_path / "work" / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a build that is running holds it
        second = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--data", str(DATA), "--out", "site", "--work", "work"],
            cwd=tmp_path,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        first_line = ""
        while "đang chờ" not in first_line:
            first_line = second.stderr.readline()
            assert first_line, "the second build ended without waiting"
        assert second.poll() is None
        fcntl.flock(held, fcntl.LOCK_UN)
    second.stderr.read()
    assert second.wait(timeout=300) == 0
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_read_only_working_folder_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    here = tmp_path / "chi-doc"
    here.mkdir()
    work = tmp_path / "work"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "generator", "build", "--data", str(DATA), "--work", str(work), "--quiet"]
    if os.geteuid() == 0:  # root writes through file modes: mount the folder read-only instead
        script = f'mount -o bind,ro "{here}" "{here}" && cd "{here}" && exec "$@"'
        proc = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", *command], env=env, capture_output=True)
    else:
        here.chmod(0o555)
        proc = subprocess.run(command, cwd=here, env=env, capture_output=True)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "Traceback" not in err + proc.stdout.decode()
    assert "Không ghi được vào" in err and "chỉ đọc" in err, err
    assert list(here.iterdir()) == []


def test_check_piped_into_head_ends_quietly(data_copy: Path) -> None:
    (data_copy / "products.csv").write_text(
        (data_copy / "products.csv").read_text(encoding="utf-8").replace(",220000,", ",22.0000đ,") * 40,
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        f"{sys.executable} -m generator check --data {data_copy} | head -n 1",
        shell=True,
        env=env,
        capture_output=True,
        text=True,
        cwd=data_copy.parent,
    )
    assert proc.stdout.count("\n") == 1
    assert proc.stderr == "", proc.stderr


def set_cell(data: Path, name: str, row_id: str, column: str, value: str) -> int:
    """Write value into one cell as Excel would; return the row's line."""
    import csv
    import io

    path = data / name
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    index = rows[0].index(column)
    number = next(n for n, row in enumerate(rows) if row[0] == row_id)
    rows[number][index] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return number + 1  # no multi-line cells before these rows in the sample


def test_a_photo_that_is_a_link_to_a_file_outside_is_refused(data_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "bi-mat.jpg"
    shutil.copy(data_copy / "images" / "non-la.jpg", secret)
    (data_copy / "images" / "anh-lien-ket.jpg").symlink_to(secret)
    line = set_cell(data_copy, "products.csv", "tom-cang-xanh-tuoi", "photo", "anh-lien-ket.jpg")
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.lines == [
        f"data/products.csv:{line}:photo: “anh-lien-ket.jpg” là liên kết tắt (symlink) chứ không phải tệp ảnh thật. "
        "Hãy tải chính tệp ảnh lên thư mục data/images/. (Excel: dòng 2, mã “tom-cang-xanh-tuoi”)"
    ]


@pytest.mark.parametrize("kept", [0.5, 0.99])
def test_a_photo_cut_short_is_found_by_check(data_copy: Path, kept: float) -> None:
    """Its header decodes (Image.verify passes); the build would fail on the missing pixels.
    check decodes a JPEG at 1/8 scale, which still reads it to the end: a cut of its last 1% is
    found too."""
    photo = data_copy / "images" / "non-la.jpg"
    photo.write_bytes(photo.read_bytes()[: int(photo.stat().st_size * kept)])
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    assert all(":photo: Tệp ảnh “non-la.jpg” bị hỏng" in line for line in result.lines), result.lines
    assert result.lines


def test_a_syntax_error_in_datapackage_json_is_located(data_copy: Path) -> None:
    package = data_copy / "datapackage.json"
    text = package.read_text(encoding="utf-8")
    line = text[: text.index('"name": "cooperatives"')].count("\n") + 1
    package.write_text(text.replace('"name": "cooperatives"', '"name": "cooperatives",,', 1), encoding="utf-8")
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    assert len(result.lines) == 1 and result.lines[0].startswith(f"data/datapackage.json:{line}:"), result.lines
    assert "sai cú pháp JSON" in result.lines[0] and "Traceback" not in result.err
    built = run_generator("build", "--data", "data", "--out", "site", "--work", "work", cwd=data_copy.parent)
    assert built.code == 1 and built.lines == result.lines
    assert not (data_copy.parent / "site").exists()


def test_a_build_failure_check_could_not_foresee_names_the_file_and_cause(tmp_path: Path) -> None:
    """MkDocs' strict mode stops on a warning with "Aborted with 1 warnings": the message and
    build-error.log say which file and why, in Vietnamese."""
    from generator import publish

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Trang\n\n[hỏng](khong-co.md)\n", encoding="utf-8")
    settings = tmp_path / "mkdocs.yml"
    settings.write_text("site_name: Thử\ntheme:\n  name: material\n", encoding="utf-8")
    with pytest.raises(RuntimeError) as raised:
        publish.build_html(docs, tmp_path / "site", settings, {}, 0)
    message = str(raised.value)
    assert message.startswith("MkDocs dừng vì 1 cảnh báo") and "index.md" in message and "khong-co.md" in message
