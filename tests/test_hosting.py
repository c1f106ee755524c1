"""The host's limits: the build measures the site it made and warns, in Vietnamese, before a
deploy would be refused (generator/hosting.py); the limits come from portal.yml."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_generator

from generator import hosting


def site_of(folder: Path, files: int, big: int = 0) -> Path:
    """A site of files small files, and one of big bytes in a sub-folder when big."""
    folder.mkdir()
    for number in range(files):
        (folder / f"{number}.html").write_text("<p>x</p>", encoding="utf-8")
    if big:
        (folder / "du-lieu").mkdir()
        (folder / "du-lieu" / "lon.json").write_bytes(b"0" * big)
    return folder


def test_measure_counts_what_a_host_uploads(tmp_path: Path) -> None:
    site = site_of(tmp_path / "site", 12, big=3000)
    (site / ".portal-site").write_text("", encoding="utf-8")
    size = hosting.measure(site)
    assert size.files == 14 and size.bytes == 12 * 8 + 3000
    assert size.largest == ("du-lieu/lon.json", 3000)
    assert size.fullest == (".", 13)
    assert size.folders == {"": [13, 96], "du-lieu": [1, 3000]}


def test_no_warning_while_the_site_fits(tmp_path: Path) -> None:
    size = hosting.measure(site_of(tmp_path / "site", 10))
    for host in hosting.HOSTS:
        assert hosting.warnings(size, "site", {"host": host}) == []
    assert hosting.warnings(size, "site", None) == []  # no deploy block: GitHub Pages


def test_over_the_file_limit_names_the_limit_and_what_to_do(tmp_path: Path) -> None:
    size = hosting.measure(site_of(tmp_path / "site", 25))
    [warning] = hosting.warnings(size, "site", {"host": "cloudflare-pages", "limits": {"files": 20}})
    assert warning == (
        "Cảnh báo: trang web vừa tạo (site) có 25 tệp, vượt giới hạn 20 tệp mỗi lần xuất bản của Cloudflare "
        "Pages (nơi xuất bản ghi ở deploy.host trong site_config/portal.yml): Cloudflare Pages sẽ từ chối bản "
        "này. Cách xử lý: nâng lên gói trả phí (gói Workers Paid của Cloudflare nhận tới 100.000 tệp) rồi ghi "
        "giới hạn mới vào deploy.limits, hoặc đổi deploy.host sang một nơi xuất bản nhận được trang này: "
        "GitHub Pages, Netlify (HUONG_DAN.md, mục 13)."
    )


def test_the_repository_variable_names_the_host(tmp_path: Path) -> None:
    """The publishing workflow's DEPLOY_HOST overrides portal.yml's deploy.host: the warning is
    against that host's limits, and says where the host was named."""
    size = hosting.measure(site_of(tmp_path / "site", 25))
    deploy = {"host": "github-pages", "limits": {"files": 20}}
    [warning] = hosting.warnings(size, "site", deploy, "cloudflare-pages")
    assert warning.startswith(
        "Cảnh báo: trang web vừa tạo (site) có 25 tệp, vượt giới hạn 20 tệp mỗi lần xuất bản của Cloudflare "
        "Pages (nơi xuất bản ghi ở biến DEPLOY_HOST của kho): Cloudflare Pages sẽ từ chối bản này."
    )
    assert "hoặc đổi biến DEPLOY_HOST của kho sang một nơi xuất bản nhận được trang này" in warning


def test_near_a_limit_warns_ahead(tmp_path: Path) -> None:
    size = hosting.measure(site_of(tmp_path / "site", 19))
    [warning] = hosting.warnings(size, "site", {"host": "cloudflare-pages", "limits": {"files": 20}})
    assert warning.startswith("Lưu ý: trang web vừa tạo (site) có 19 tệp, gần tới giới hạn 20 tệp")


def test_size_limits_name_the_file_or_the_site(tmp_path: Path) -> None:
    size = hosting.measure(site_of(tmp_path / "site", 3, big=2_600_000))
    [file] = hosting.warnings(size, "site", {"host": "cloudflare-pages", "limits": {"file_mb": 2}})
    assert file.startswith(
        "Cảnh báo: tệp du-lieu/lon.json trong trang web vừa tạo (site) nặng 2,6 MB, vượt giới hạn 2,0 MB"
    )
    [whole] = hosting.warnings(size, "site", {"host": "github-pages", "limits": {"site_mb": 1.5}})
    assert "nặng 2,6 MB, vượt giới hạn 1,5 MB của GitHub Pages" in whole
    assert whole.endswith(
        "Cách xử lý: đổi deploy.host sang một nơi xuất bản nhận được trang này: Cloudflare Pages, Netlify "
        "(HUONG_DAN.md, mục 13)."
    )


def test_only_the_hosts_that_take_the_site_are_offered(tmp_path: Path) -> None:
    """A 30 MiB file is over Cloudflare's 25 MiB a file: moving there is not offered."""
    size = hosting.measure(site_of(tmp_path / "site", 3, big=30 * 1024 * 1024))
    found = hosting.warnings(size, "site", {"host": "netlify", "limits": {"site_mb": 20, "folder_files": 2}})
    assert [w.split(":")[0] for w in found] == ["Cảnh báo", "Cảnh báo"]
    assert "nặng 31,5 MB, vượt giới hạn 20,0 MB của Netlify" in found[0]
    assert "thư mục . trong trang web vừa tạo (site) có 3 tệp, vượt giới hạn 2 tệp một thư mục của Netlify" in found[1]
    for warning in found:
        assert warning.endswith(
            "Cách xử lý: đổi deploy.host sang một nơi xuất bản nhận được trang này: GitHub Pages "
            "(HUONG_DAN.md, mục 13)."
        )


def test_the_build_warns_for_a_synthetic_dataset_over_a_lowered_limit(tmp_path: Path) -> None:
    """A copy of the project deployed to Cloudflare Pages (chosen by the workflow's DEPLOY_HOST)
    with a limit lowered to 150 files, built from 12 synthetic cooperatives: the build succeeds
    and warns, in Vietnamese, on the terminal and as a GitHub Actions annotation; with the
    published limit, it does not."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("generator", "site_config", "content"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    made = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "synth" / "synth.py"), "--scale", "12", "--out", str(repo / "data")],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    settings = repo / "site_config" / "portal.yml"
    text = settings.read_text(encoding="utf-8")
    lowered, count = re.subn(
        r"^  host: github-pages$", "  host: github-pages\n  limits:\n    files: 150", text, flags=re.M
    )
    assert count == 1, "portal.yml has deploy: host:"
    settings.write_text(lowered, encoding="utf-8")
    # The host as the publishing workflow passes it (its DEPLOY_HOST variable), not portal.yml's.
    env = {"PYTHONPATH": "", "GITHUB_ACTIONS": "true", "DEPLOY_HOST": "cloudflare-pages"}
    result = run_generator("build", "--data", "data", "--out", "site", "--quiet", cwd=repo, env=env)
    assert result.code == 0, result.out + result.err
    files = sum(1 for path in (repo / "site").rglob("*") if path.is_file())
    assert files > 150
    expected = (
        f"::warning title=Nơi xuất bản::Cảnh báo: trang web vừa tạo (site) có {files} tệp, vượt giới hạn 150 tệp "
        "mỗi lần xuất bản của Cloudflare Pages"
    )
    assert expected in result.err, result.err
    assert "(nơi xuất bản ghi ở biến DEPLOY_HOST của kho)" in result.err
    assert "Cách xử lý: nâng lên gói trả phí" in result.err
    settings.write_text(text.replace("  host: github-pages", "  host: cloudflare-pages"), encoding="utf-8")
    result = run_generator("build", "--data", "data", "--out", "site", "--quiet", cwd=repo, env={"PYTHONPATH": ""})
    assert result.code == 0 and "vượt giới hạn" not in result.err and "gần tới" not in result.err, result.err
