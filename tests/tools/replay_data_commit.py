"""Replay the publishing workflow's steps for a one-row data commit, from a fresh clone, and time them.

As on a GitHub runner: a fresh checkout of the commit, the pip cache warm (actions/setup-python
with cache: pip), build/cache and build/docs restored from the last good build (actions/cache),
then the build job's steps on the fast path a commit that touches only data/ takes: create the
environment, the privacy gate, the host choice, `make check`, `make site`, `make verify`. The live
sitemap step is left out (it downloads the live site's sitemap; no network here).

Usage: python tests/tools/replay_data_commit.py [REPO]   (default: this repository)
Prints each step's seconds and the total, and exits 1 if a step fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STEPS = [
    ("tạo môi trường Python (pip, bộ nhớ đệm sẵn)", ["make", ".venv/.installed"]),
    ("kiểm tra kho riêng tư", ["make", "privacy"]),
    ("chọn nơi xuất bản", [".venv/bin/python", ".github/scripts/deploy_host.py"]),
    ("kiểm tra dữ liệu", ["make", "check"]),
    ("tạo trang web", ["make", "site"]),
    ("kiểm tra trang trước khi xuất bản", ["make", "verify"]),
]


def run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def clone(repo: Path, target: Path) -> None:
    subprocess.run(["git", "clone", "--quiet", str(repo), str(target)], check=True)


def one_row_commit(clone_dir: Path) -> None:
    """Change one product's price, as staff would, and commit it."""
    products = clone_dir / "data" / "products.csv"
    text = products.read_text(encoding="utf-8")
    products.write_text(text.replace(",220000,", ",225000,", 1), encoding="utf-8")
    git = ["git", "-c", "user.name=Cán bộ Hội", "-c", "user.email=hoi@example.invalid"]
    subprocess.run([*git, "commit", "--quiet", "-am", "Sửa giá tôm càng xanh"], cwd=clone_dir, check=True)


def main(argv: list[str]) -> int:
    repo = Path(argv[1]).resolve() if len(argv) > 1 else ROOT
    work = Path(tempfile.mkdtemp(prefix="replay-"))
    env = {
        **os.environ,
        "GITHUB_ACTIONS": "",
        "GITHUB_OUTPUT": str(work / "output"),
        "GITHUB_STEP_SUMMARY": str(work / "summary"),
    }
    env.pop("GITHUB_ACTIONS")
    try:
        last_good = work / "last-good"
        clone(repo, last_good)  # the previous commit's run: its build cache is what actions/cache restores
        subprocess.run(["make", "site"], cwd=last_good, env=env, check=True, capture_output=True)
        runner = work / "runner"
        clone(repo, runner)
        one_row_commit(runner)
        for folder in ("build/cache", "build/docs"):
            shutil.copytree(last_good / folder, runner / folder)
        total = 0.0
        for label, command in STEPS:
            start = time.perf_counter()
            try:
                run(command, runner, env)
            except subprocess.CalledProcessError as error:
                print(f"{label}: HỎNG\n{error.stderr.decode(errors='replace')}")
                return 1
            seconds = time.perf_counter() - start
            total += seconds
            print(f"{label}: {seconds:.1f} s")
        print(f"tổng: {total:.1f} s (chưa kể lấy mã nguồn và cài Python trên máy chạy của GitHub)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
