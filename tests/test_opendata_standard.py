"""The open data as the Frictionless reference library reads it: the published package and
data/datapackage.json validate, tables included, with no error and no warning; the JSON files
hold the same tables; and a broken descriptor or table is caught."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frictionless
import pytest
from conftest import DATA

Descriptor = dict[str, Any]


def problems(report: frictionless.Report) -> list[str]:
    """Every error and warning of a Frictionless report, one located line each."""
    found = [f"gói: {e.type}: {e.message}" for e in report.errors]
    found += [f"gói: cảnh báo: {w}" for w in report.warnings]
    for task in report.tasks:
        found += [f"{task.name}: {e.type}: {e.message}" for e in task.errors]
        found += [f"{task.name}: cảnh báo: {w}" for w in task.warnings]
    return found


def validate_package(path: Path) -> list[str]:
    """Validate a datapackage.json and every table it lists; the tables must all be read."""
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    report = frictionless.validate(str(path))
    found = problems(report)
    if not found:
        assert [t.name for t in report.tasks] == [r["name"] for r in descriptor["resources"]]
    return found


def validate_json_files(folder: Path) -> list[str]:
    """Validate each <table>.json against its resource's schema, as the same package with the
    JSON records inline (foreign keys included), and their keys against the schema's fields."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    found = []
    for resource in descriptor["resources"]:
        for key in ("path", "encoding", "format", "mediatype"):
            resource.pop(key, None)
        resource["data"] = json.loads((folder / f"{resource['name']}.json").read_text(encoding="utf-8"))
        names = [f["name"] for f in resource["schema"]["fields"]]
        found += [
            f"{resource['name']} bản ghi {i}: khoá {list(r)} khác {names}"
            for i, r in enumerate(resource["data"], 1)
            if list(r) != names
        ]
    return found + problems(frictionless.validate(descriptor))


@pytest.fixture
def published(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built site's du-lieu/, to break."""
    return Path(shutil.copytree(built_site / "du-lieu", tmp_path / "du-lieu"))


def test_published_package_is_valid(built_site: Path) -> None:
    assert validate_package(built_site / "du-lieu" / "datapackage.json") == []


def test_published_json_files_hold_the_tables(built_site: Path) -> None:
    assert validate_json_files(built_site / "du-lieu") == []


def test_source_package_is_valid() -> None:
    assert validate_package(DATA / "datapackage.json") == []


def test_created_is_the_build_date_as_date_time(built_site: Path) -> None:
    descriptor = json.loads((built_site / "du-lieu" / "datapackage.json").read_text(encoding="utf-8"))
    # SOURCE_DATE_EPOCH of the tests is 2025-11-26 00:00 UTC, 07:00 in Vietnam.
    assert descriptor["created"] == "2025-11-26T00:00:00+07:00"


def _field(descriptor: Descriptor, table: str, name: str) -> dict:
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


BROKEN_DESCRIPTORS: dict[str, tuple[Callable[[Descriptor], object], str]] = {
    "created-date-only": (lambda d: d.update(created="2025-11-26"), 'property "created" is not valid "datetime"'),
    "wrong-field-type": (
        lambda d: _field(d, "cooperatives", "members_total").update(type="date"),
        'cooperatives: type-error: Type error in the cell "14"',
    ),
    "unknown-field-type": (
        lambda d: _field(d, "products", "name").update(type="text"),
        'field type "text" is not supported',
    ),
    "missing-table": (lambda d: d["resources"][0].update(path="xa.csv"), "communes: scheme-error"),
}


@pytest.mark.parametrize("case", BROKEN_DESCRIPTORS)
def test_broken_descriptor_is_reported(published: Path, case: str) -> None:
    breaks, expected = BROKEN_DESCRIPTORS[case]
    path = published / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    breaks(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    found = validate_package(path)
    assert any(expected in line for line in found), found


def test_broken_json_file_is_reported(published: Path) -> None:
    path = published / "cooperatives.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    records[1]["members_total"] = "nhiều"
    del records[2]["summary"]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    found = validate_json_files(published)
    assert any("cooperatives: type-error" in line and "members_total" in line for line in found), found
    assert any(line.startswith("cooperatives bản ghi 3: khoá") for line in found), found
