"""Privacy canaries for a built site from real data: no private value may appear in any file.

The values are taken from the data itself: every non-empty cell of a column that is private by
the contract or by datapackage.json (notes, consent ids and document references), and the name of
every person whose consent is withdrawn or whom no published row names. Values shorter than six
characters are skipped (they would match ordinary words). Exit 1 and one line per leak.

Usage: python tests/tools/privacy_scan.py SITE_DIR DATA_DIR
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.load import load_tables  # noqa: E402
from generator.schema import load_package  # noqa: E402
from generator.text import nfc  # noqa: E402

# Private columns whose values are dates or list words that ordinary pages also contain.
ORDINARY = {("consents", "person_name"), ("consents", "scope"), ("consents", "signed"), ("consents", "withdrawn")}


def canaries(data: Path) -> set[str]:
    """What must never be published, read from data."""
    package = load_package(data)
    tables, _ = load_tables(package, data, str(data))
    found = set()
    for name, table in tables.items():
        resource = package.resources[name]
        for field in resource.fields:
            if (field.public and resource.public) or (name, field.name) in ORDINARY:
                continue
            found.update(row.get(field.name) for row in table.rows)
    named = {row.get("manager_consent") for row in tables.get("cooperatives", _Empty()).rows}
    named |= {row.get("consent") for row in tables.get("models", _Empty()).rows}
    for row in tables.get("consents", _Empty()).rows:
        if row.get("withdrawn") or row.get("id") not in named:
            found.add(row.get("person_name"))
    return {value for value in found if len(value) >= 6}


class _Empty:
    rows: list = []


def _pdf_text(path: Path) -> str:
    """The text of a PDF (the printed catalogue), read by poppler's pdftotext, and its metadata."""
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True)
    return (pages.stdout + info.stdout).decode("utf-8")


def leaks(site: Path, data: Path) -> list[str]:
    values = sorted(canaries(data))
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".pdf" and shutil.which("pdftotext") is None:
            print(f"Chưa dò {path.relative_to(site)}: cần poppler-utils (make office) để đọc chữ trong PDF.")
            continue  # its text is the pages' text (render/catalogue.py), which is scanned
        try:
            text = nfc(_pdf_text(path) if path.suffix == ".pdf" else path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            continue  # images: their metadata is stripped and tested by the suite
        found += [f"{path.relative_to(site)}: {value!r}" for value in values if value in text]
    return found


def main(argv: list[str]) -> int:
    site, data = Path(argv[1]), Path(argv[2])
    found = leaks(site, data)
    for line in found:
        print(f"Lộ dữ liệu riêng tư: {line}")
    if not found:
        print(f"Không có dữ liệu riêng tư nào trong {site} ({len(canaries(data))} giá trị đã dò).")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
