"""Import the workbooks staff uploaded into nhap/, then commit the CSV changes to main.

    python .github/scripts/import_workbooks.py [--commit]

Run by .github/workflows/import.yml from the repository root. Photos uploaded beside the workbooks
(every format check accepts, in any case: .jpg .JPG .jpeg .png .webp .heic .HEIC .heif) are moved
into data/images/; each nhap/*.xlsx is imported with `python -m generator import` (problems
located by sheet and cell, nothing written on any problem); then `python -m generator check` runs
on the result. Workbooks are imported one after another, each against data/ as the previous one
left it; a commune's workbook (`workbook --commune`) changes only that commune's rows, so several
communes' workbooks give the same data in any order. Only when both pass, and with --commit, the
changes are committed with a message naming the workbooks, the uploaded files are removed in the
same commit, the commit is pushed to main and the publishing workflow is started (a push made with
the workflow's own token starts no workflow, a workflow_dispatch does). Exit 1 on any problem: then
nothing is committed. Standard library only; tests run it against a local git remote and a
stand-in for the GitHub API on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

UPLOADS = Path("nhap")
DATA = Path("data")
IMAGES = DATA / "images"
# generator/photo_formats.SUFFIXES, with their dot (tests check they agree): compared in lower case.
PHOTOS = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")
PUBLISH_WORKFLOW = "publish.yml"
BOT = ["-c", "user.name=github-actions[bot]", "-c", "user.email=41898282+github-actions[bot]@users.noreply.github.com"]


def move_photos() -> list[Path]:
    """Photos uploaded beside the workbook go to data/images/ (a photo of the same name is replaced)."""
    moved = []
    for photo in sorted(p for p in UPLOADS.rglob("*") if p.is_file() and p.suffix.lower() in PHOTOS):
        target = IMAGES / photo.name
        photo.replace(target)
        moved.append(target)
    return moved


def workbooks() -> list[Path]:
    """The uploaded workbooks, without the lock files Excel leaves beside an open one."""
    return sorted(p for p in UPLOADS.rglob("*.xlsx") if not p.name.startswith("~$"))


def generator(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m generator ARGS`, its output shown in the job log."""
    return subprocess.run([sys.executable, "-m", "generator", *args], check=False)


def git(*args: str) -> str:
    return subprocess.run(["git", *BOT, *args], check=True, capture_output=True, text=True).stdout


def summary(text: str) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)


def commit(uploaded: list[Path]) -> bool:
    """Commit data/ and the removal of the workbooks, push to main; False when there was nothing."""
    git("add", "--all", "--", str(DATA), str(UPLOADS))  # the CSV files, the photos moved out of nhap/
    git("rm", "--quiet", "--", *map(str, uploaded))
    changed = git("diff", "--cached", "--name-only", "--", str(DATA)).split()
    names = ", ".join(str(p) for p in uploaded)
    title = f"Nhập bảng tính {names}" if changed else f"Xóa bảng tính đã nhập {names} (không có thay đổi dữ liệu)"
    body = "\n".join(f"- {name}" for name in changed)
    git("commit", "--quiet", "-m", title, *(["-m", f"Tệp dữ liệu thay đổi:\n{body}"] if body else []))
    try:
        git("push", "--quiet", "origin", "HEAD:main")
    except subprocess.CalledProcessError:
        # main moved while the import ran (another commit): replay this commit on top of it once.
        git("pull", "--quiet", "--rebase", "origin", "main")
        git("push", "--quiet", "origin", "HEAD:main")
    return bool(changed)


def start_publishing() -> None:
    """Ask GitHub to run the publishing workflow on main (workflow_dispatch)."""
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com")
    repository, token = os.environ.get("GITHUB_REPOSITORY"), os.environ.get("GITHUB_TOKEN")
    if not repository or not token:
        print("Không có GITHUB_REPOSITORY/GITHUB_TOKEN: không tự chạy quy trình xuất bản.")
        return
    request = urllib.request.Request(
        f"{api}/repos/{repository}/actions/workflows/{PUBLISH_WORKFLOW}/dispatches",
        data=json.dumps({"ref": "main"}).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
    print("Đã yêu cầu chạy quy trình “Kiểm tra và xuất bản” trên main.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", action="store_true", help="commit, push to main and start publishing")
    args = parser.parse_args(argv)
    uploaded = workbooks()
    if not uploaded:
        print(f"Không có bảng tính nào trong {UPLOADS}/.")
        return 0
    move_photos()
    for workbook in uploaded:
        if generator("import", str(workbook), "--data", str(DATA)).returncode != 0:
            print(f"Bảng tính {workbook} có lỗi: dữ liệu không thay đổi. Sửa theo bảng lỗi rồi tải lên lại.")
            return 1
    if generator("check", "--data", str(DATA)).returncode != 0:
        print("Dữ liệu sau khi nhập chưa hợp lệ: không lưu thay đổi nào.")
        return 1
    if not args.commit:
        return 0
    changed = commit(uploaded)
    names = ", ".join(str(p) for p in uploaded)
    if changed:
        summary(f"## Đã nhập bảng tính {names}\n\nDữ liệu đã được cập nhật; trang web đang được xuất bản lại.\n")
        start_publishing()
    else:
        summary(f"## Bảng tính {names} không có thay đổi nào\n\nĐã xóa tệp tải lên.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
