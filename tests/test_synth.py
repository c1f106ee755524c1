"""tools/synth/synth.py, the bench's data: a synthetic dataset that is deterministic, valid and the size asked for."""

from __future__ import annotations

import csv
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, run_generator
from synth import CONFIG, VOCABULARY, SynthError, load_vocabulary, run, synthesize

from generator import cli
from generator.schema import load_config

SCALE = 30
SCRIPT = ROOT / "tools" / "synth" / "synth.py"


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def synth_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same arguments on the command line (run from outside the repository) and in process,
    and a different seed once."""
    base = tmp_path_factory.mktemp("synth")
    runs = {"first": base / "a", "again": base / "b", "other": base / "c"}
    command = [sys.executable, str(SCRIPT), "--scale", str(SCALE), "--out", "a", "--seed", "7"]
    result = subprocess.run(command, cwd=base, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == "" and "30 HTX/THT" in result.stdout
    assert "30 HTX/THT" in run(str(SCALE), runs["again"], "7")
    synthesize(SCALE, runs["other"], seed=8)
    return runs


def test_same_arguments_give_identical_files(synth_runs: dict[str, Path]) -> None:
    first, again = _tree(synth_runs["first"]), _tree(synth_runs["again"])
    assert sorted(first) == sorted(again)
    assert "datapackage.json" in first and any(name.startswith("images/") for name in first)
    different = [name for name in first if first[name] != again[name]]
    assert different == []


def test_output_passes_check(synth_runs: dict[str, Path]) -> None:
    folder = synth_runs["first"]
    result = run_generator("check", "--data", str(folder), cwd=folder.parent)
    assert result.code == 0, result.out + result.err
    assert result.out == "" and result.err.startswith("Dữ liệu hợp lệ: đã kiểm tra 7 tệp CSV")


def test_counts_and_shape(synth_runs: dict[str, Path]) -> None:
    folder = synth_runs["first"]
    cooperatives = _rows(folder / "cooperatives.csv")
    products = _rows(folder / "products.csv")
    assert len(cooperatives) == SCALE
    assert len(products) == 5 * SCALE
    assert {p["cooperative_id"] for p in products} == {c["id"] for c in cooperatives}
    assert {c["type"] for c in cooperatives} == {"HTX", "THT"}
    # the 2025 figures are the cooperative's own
    latest = {r["cooperative_id"]: r for r in _rows(folder / "cooperative_years.csv") if r["year"] == "2025"}
    for coop in cooperatives:
        row = latest[coop["id"]]
        assert [row[k] for k in ("members_total", "members_female", "female_workers")] == [
            coop[k] for k in ("members_total", "members_female", "female_workers")
        ]
    # every photo referenced is one of a small shared pool
    photos = {r["photo"] for r in cooperatives + products if r["photo"]}
    assert photos and photos <= {p.name for p in (folder / "images").iterdir()}
    assert all((folder / "images" / name).stat().st_size < 60_000 for name in photos)


def test_another_seed_gives_other_content(synth_runs: dict[str, Path]) -> None:
    first, other = synth_runs["first"], synth_runs["other"]
    assert (first / "cooperatives.csv").read_bytes() != (other / "cooperatives.csv").read_bytes()
    assert (first / "products.csv").read_bytes() != (other / "products.csv").read_bytes()
    assert len(_rows(other / "cooperatives.csv")) == SCALE


def test_refuses_a_folder_with_other_files_and_bad_numbers(tmp_path: Path) -> None:
    (tmp_path / "ghi-chu.txt").write_text("không phải dữ liệu", encoding="utf-8")
    for scale, seed in (("3", "1"), ("ba", "1"), ("0", "1"), ("3", "x")):
        with pytest.raises(SynthError) as error:
            run(scale, tmp_path, seed)
        assert "\n" not in str(error.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ghi-chu.txt"]


def test_vocabulary_is_nfc_and_matches_the_settings() -> None:
    """Every sector and category of the words is one portal.yml knows, so none is silently left out."""
    text = VOCABULARY.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    words, config = load_vocabulary(), load_config(CONFIG)
    assert set(words.sector_weights) == set(words.activities) == set(config["sectors"])
    assert {base.category for base in words.products.values()} == set(config["categories"])
    sold = {kind for activities in words.activities.values() for activity in activities for kind in activity.products}
    assert sold <= set(words.products)


@pytest.mark.parametrize("text", ["province: An Giang\nproducts: [\n", "province: An Giang\n", "- a list\n"])
def test_a_misshapen_vocabulary_is_one_line(tmp_path: Path, text: str) -> None:
    broken = tmp_path / "vocabulary.yml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(SynthError, match="vocabulary.yml") as error:
        load_vocabulary(broken)
    assert "\n" not in str(error.value)


def test_the_generator_has_no_synth_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        cli.main(["synth", "--scale", "3", "--out", str(tmp_path / "out")])
    assert exit.value.code == 2 and "synth" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
