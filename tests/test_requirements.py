"""The pinned requirements: every package of the tree pinned with hashes, the test file agreeing
with the runtime file, every direct dependency of the .in files compiled in, and this environment
installed from them."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(name: str) -> dict[str, tuple[str, int]]:
    """package -> (version, number of hashes) of a compiled requirements file."""
    text = (ROOT / name).read_text(encoding="utf-8").replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})*)", line)
            assert match, f"{name}: not a pinned requirement with hashes: {line[:80]}"
            found[normal(match[1])] = (match[2], match[3].count("--hash="))
    return found


def direct(name: str) -> set[str]:
    """The packages a .in file names (not its -r and -c lines)."""
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return {normal(line.split("#", 1)[0].strip()) for line in lines if line.split("#", 1)[0].strip()[:1].isalnum()}


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-test.txt"])
def test_every_package_is_pinned_with_hashes(name: str) -> None:
    assert all(hashes for _, hashes in pins(name).values())


def test_compiled_files_hold_what_the_in_files_name_at_one_version() -> None:
    runtime, test = pins("requirements.txt"), pins("requirements-test.txt")
    assert direct("requirements.in") <= runtime.keys()
    assert direct("requirements.in") | direct("requirements-test.in") <= test.keys()
    assert {name: runtime[name][0] for name in runtime} == {name: test[name][0] for name in runtime}


def test_this_environment_is_the_pinned_one() -> None:
    installed = {name: metadata.version(name) for name in pins("requirements-test.txt")}
    assert installed == {name: version for name, (version, _) in pins("requirements-test.txt").items()}
