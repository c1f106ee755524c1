"""Open data downloads: every public table as CSV and JSON, and a datapackage.json, public columns only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..model import Portal, records
from ..schema import Field, Package, Resource
from .artifacts import Files
from .feeds import VN


def public_resources(package: Package) -> list[Resource]:
    """The tables that may be published, in package order."""
    return [r for r in package.resources.values() if r.public and r.public_fields]


def tables(portal: Portal) -> list[dict[str, Any]]:
    """The public tables as the open-data page lists them: name, title, rows and public columns."""
    return [
        {"name": r.name, "title": r.title, "rows": len(portal.tables[r.name]), "fields": r.public_fields}
        for r in public_resources(portal.package)
    ]


def _typed(field: Field, value: str) -> Any:
    if value == "":
        return None
    if field.type == "integer" or field.type == "year":
        return int(value)
    if field.type == "number":
        return float(value)
    return value


def write(portal: Portal, files: Files, folder: str) -> None:
    """Write <table>.csv, <table>.json and datapackage.json into folder."""
    package = portal.package
    published = public_resources(package)
    published_names = {r.name for r in published}
    resources = []
    for resource in published:
        fields = resource.public_fields
        names = [f.name for f in fields]
        frame = portal.tables[resource.name][names]
        # A byte-order mark lets Excel open the Vietnamese text correctly.
        files.write(f"{folder}/{resource.name}.csv", "\ufeff" + frame.to_csv(index=False, lineterminator="\r\n"))
        typed = [{f.name: _typed(f, r[f.name]) for f in fields} for r in records(frame)]
        # '<', '>' and '&' as \u escapes: the same data for every JSON reader, and no text from
        # the data reads as markup if the file is sniffed as HTML or pasted into a page.
        # One record per line: readable, and encoded by json's C encoder (indent= would switch
        # to the much slower pure-Python one).
        text = "[\n" + ",\n".join(json.dumps(record, ensure_ascii=False) for record in typed) + "\n]"
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        files.write(f"{folder}/{resource.name}.json", text + "\n")
        spec = next(r for r in package.raw["resources"] if r["name"] == resource.name)
        public_spec = {k: v for k, v in spec.items() if k not in ("schema", "path", "public")}
        schema = dict(spec["schema"])
        schema["fields"] = [
            {k: v for k, v in f.items() if k != "public"} for f in spec["schema"]["fields"] if f["name"] in names
        ]
        schema["foreignKeys"] = [
            fk
            for fk in spec["schema"].get("foreignKeys", [])
            if all(name in names for name in ([fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]))
            and fk["reference"]["resource"] in published_names
        ]
        # "utf-8", the IANA name the standard asks for: the byte-order mark is part of UTF-8
        # ("utf-8-sig" is only Python's name for reading it), and readers of the standard skip it.
        resources.append({**public_spec, "path": f"{resource.name}.csv", "encoding": "utf-8", "schema": schema})
    descriptor = {k: v for k, v in package.raw.items() if k not in ("resources",)} | {
        # The standard wants an RFC 3339 date-time: the build's date, from midnight in Vietnam
        # as in the RSS feed, so it follows SOURCE_DATE_EPOCH like the rest of the site.
        "created": dt.datetime.combine(portal.build_date, dt.time(0, 0), VN).isoformat(),
        "resources": resources,
    }
    files.write(f"{folder}/datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n")
