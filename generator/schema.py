"""The data contract as read from datapackage.json and the portal settings from portal.yml."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .text import same_text

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT_ROOT / "data"
DEFAULT_CONFIG = PROJECT_ROOT / "site_config" / "portal.yml"


@dataclass(frozen=True)
class Field:
    """One column of a table, with its Table Schema type, constraints and our own rules."""

    name: str
    type: str = "string"
    title: str = ""
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    format: str = "default"
    public: bool = True
    rule: str | None = None
    keys: str | None = None

    def canonical(self, value: str) -> str:
        """The enum member a staff-typed value means (case and Unicode form ignored)."""
        for member in self.enum:
            if same_text(member, value):
                return member
        return value


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    """One CSV file of the package."""

    name: str
    path: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    public: bool = True

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def public_fields(self) -> list[Field]:
        return [f for f in self.fields if f.public] if self.public else []


@dataclass
class Package:
    """The whole data package description."""

    resources: dict[str, Resource]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)


def _field(spec: dict[str, Any]) -> Field:
    constraints = spec.get("constraints", {})
    return Field(
        name=spec["name"],
        type=spec.get("type", "string"),
        title=spec.get("title", spec["name"]),
        description=spec.get("description", ""),
        required=bool(constraints.get("required")),
        unique=bool(constraints.get("unique")),
        enum=tuple(constraints.get("enum", ())),
        pattern=constraints.get("pattern"),
        minimum=constraints.get("minimum"),
        maximum=constraints.get("maximum"),
        format=spec.get("format", "default"),
        public=spec.get("public", True),
        rule=spec.get("x-rule"),
        keys=spec.get("x-keys"),
    )


def _as_tuple(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def load_package(data_dir: Path) -> Package:
    """Read datapackage.json from the data folder, or the project's own when the folder has none."""
    path = data_dir / "datapackage.json"
    if not path.exists():
        path = DEFAULT_DATA / "datapackage.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    resources = {}
    for spec in raw["resources"]:
        schema = spec["schema"]
        resources[spec["name"]] = Resource(
            name=spec["name"],
            path=spec["path"],
            title=spec.get("title", spec["name"]),
            fields=tuple(_field(f) for f in schema["fields"]),
            primary_key=_as_tuple(schema.get("primaryKey", ())),
            foreign_keys=tuple(
                ForeignKey(
                    _as_tuple(fk["fields"]),
                    fk["reference"]["resource"],
                    _as_tuple(fk["reference"]["fields"]),
                )
                for fk in schema.get("foreignKeys", ())
            ),
            public=spec.get("public", True),
        )
    return Package(resources=resources, raw=raw)


def load_config(path: Path = DEFAULT_CONFIG) -> dict[str, Any]:
    """Read portal.yml."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))
