"""Which checks a commit needs: `data` when it changes only data/, content/ or nhap/ (what staff
edit), `code` otherwise (code, templates, settings, workflows, tests), or when the change cannot be
told (a first push, a manual run, a history rewrite). Writes scope=… to $GITHUB_OUTPUT.

Usage: python .github/scripts/change_scope.py BASE_COMMIT   (empty or all zeros: unknown)
"""

from __future__ import annotations

import os
import subprocess
import sys

STAFF_FOLDERS = ("data/", "content/", "nhap/")


def scope(base: str) -> str:
    if not base.strip("0"):
        return "code"
    changed = subprocess.run(["git", "diff", "--name-only", base, "HEAD"], capture_output=True, text=True)
    if changed.returncode != 0:
        return "code"  # the base is not in this clone (a force push): run everything
    files = [line for line in changed.stdout.splitlines() if line]
    return "data" if files and all(f.startswith(STAFF_FOLDERS) for f in files) else "code"


def main(argv: list[str]) -> int:
    found = scope(argv[1] if len(argv) > 1 else "")
    print(f"Phạm vi thay đổi: {'chỉ dữ liệu và bài viết' if found == 'data' else 'mã nguồn hoặc cài đặt'} ({found})")
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(f"scope={found}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
