"""Shared fixtures: a copy of the sample data, the CLI as staff run it, one built sample site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EPOCH = "1764115200"  # 2025-11-26, fixed so builds are comparable


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.strip()]


def run_generator(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """Run `python -m generator ARGS` in cwd, the way staff and CI do."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH}
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ at tmp_path/data, to break the way staff would."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built once for the whole test session."""
    base = tmp_path_factory.mktemp("sample")
    result = run_generator(
        "build", "--data", str(DATA), "--out", str(base / "site"), "--work", str(base / "build"), cwd=base
    )
    assert result.code == 0, result.out + result.err
    return base / "site"
