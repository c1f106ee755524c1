"""The finder's index: small JSON shards, so a visitor downloads only what a query needs.

Every record sits in the shard of each 2-letter prefix of its folded words, in the shard of its
category (or sector) and of its commune, and in the "all" shard; shards are cut into parts of
PART_SIZE records in list order. The script picks the most selective shard for the query and
loads its parts one by one, showing results from the first part at once.

The list pages show the finder's filters: the short fixed lists are in each page, the communes
(hundreds in a province) come from the index's options.json.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..model import Cooperative, Portal, Product
from ..text import fold, format_number, sort_key
from .artifacts import Files
from .images import Picture
from .safe import json_script

PART_SIZE = 1500


def words(search: str) -> list[str]:
    """The words of an already folded text, as the finder script splits them."""
    return re.findall(r"[a-z0-9]+", search)


def prefixes(search: str) -> set[str]:
    """The 2-letter prefixes of every word of an already folded text."""
    return {word[:2] for word in words(search) if len(word) >= 2}


def write_index(
    files: Files,
    folder: str,
    records: list[dict[str, Any]],
    facets: tuple[str, ...],
    options: dict[str, list[tuple[str, str]]],
) -> int:
    """Write meta.json, options.json and the shard parts into folder; return the number of files.

    Each record needs "q" (folded search text) and, for each facet name, a list of values; a
    facet's shard is named like the finder's filter (its select's name) and the value. Options
    are the choices of the filters whose lists grow with the data (communes: hundreds in a
    province), which the script puts in their select instead of every list page carrying them.
    """
    shards: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        shards["all"].append(index)
        for prefix in sorted(prefixes(record["q"])):
            shards["w-" + prefix].append(index)
        for facet in facets:
            for value in record.get(facet, []):
                shards[f"{facet}-{value}"].append(index)
    encoded = [json_script(record) for record in records]  # each record sits in a dozen shards
    parts: dict[str, int] = {}
    written = 0
    for name, members in sorted(shards.items()):
        chunks = [members[i : i + PART_SIZE] for i in range(0, len(members), PART_SIZE)]
        parts[name] = len(chunks)
        for number, chunk in enumerate(chunks):
            text = "[" + ",".join(encoded[i] for i in chunk) + "]"
            files.write(f"{folder}/{_file_key(name)}-{number}.json", text)
            written += 1
    meta = {"total": len(records), "partSize": PART_SIZE, "parts": {_file_key(k): v for k, v in parts.items()}}
    files.write(f"{folder}/meta.json", json.dumps(meta, separators=(",", ":"), sort_keys=True))
    choices = {name: [list(pair) for pair in pairs] for name, pairs in options.items()}
    files.write(f"{folder}/options.json", json_script(choices))
    return written + 2


def _file_key(name: str) -> str:
    """Shard names become file names: folded and ASCII (commune codes and prefixes already are)."""
    return fold(name).replace("/", "-")


def product_record(product: Product, picture: Callable[[str, str], Picture]) -> dict[str, Any]:
    """What the catalogue finder needs to filter and show one product card."""
    coop = product.cooperative
    return {
        "u": product.url,
        "n": product.name,
        "p": product.price_vnd,
        "un": product.unit,
        "s": product.ocop_stars if product.ocop_stars and not product.ocop_expired else 0,
        "b": coop.name,
        "i": _thumb(picture(product.photo, product.category)),
        "q": product.search,
        "category": [product.category],
        "commune": [coop.current_commune.code],
    }


def coop_record(coop: Cooperative, picture: Callable[[str, str], Picture]) -> dict[str, Any]:
    """What the directory finder needs to filter and show one cooperative card."""
    where = coop.current_commune.label[:1].upper() + coop.current_commune.label[1:]
    if coop.former_commune:
        where += f" (trước đây {coop.former_commune.label})"
    return {
        "u": coop.url,
        "n": coop.name,
        "t": coop.type,
        "tl": coop.type_label,
        "st": coop.status,
        "m": f"{where} · {coop.sector_label}",
        "f": f"{format_number(coop.female_workers)} lao động nữ · {format_number(coop.members_total)} thành viên",
        "i": _thumb(picture(coop.photo, coop.sector)),
        "q": coop.search,
        "commune": [coop.current_commune.code] + ([coop.former_commune.code] if coop.former_commune else []),
        "sector": [coop.sector],
        "type": [coop.type],
        "status": [coop.status],
    }


def _thumb(picture: Picture) -> list[Any]:
    """A card's image: the smallest file of the picture, its width and height."""
    width = picture.srcset[0][1]
    return [picture.srcset[0][0], width, round(picture.height * width / picture.width)]


def commune_options(portal: Portal, former: bool) -> list[tuple[str, str]]:
    """The commune filter's choices: current units, each followed by the former ones it took in."""
    merged: dict[str, list] = defaultdict(list)
    if former:
        for commune in portal.communes.values():
            if commune.successor:
                merged[commune.successor.code].append(commune)
    choices = []
    for current in portal.current_communes:
        choices.append((current.code, current.label))
        for old in sorted(merged[current.code], key=lambda c: sort_key(c.name)):
            choices.append((old.code, f"— {old.label} (cũ)"))
    return choices


def directory_filters(portal: Portal) -> dict[str, list[tuple[str, str]]]:
    """The directory's filters with fixed, short lists (communes come from the finder index)."""
    used_sectors = {c.sector for c in portal.cooperatives}
    sectors = [(k, v) for k, v in portal.config["sectors"].items() if k in used_sectors]
    return {
        "sector": sorted(sectors, key=lambda kv: sort_key(kv[1])),
        "type": [("HTX", "Hợp tác xã"), ("THT", "Tổ hợp tác")],
        "status": [("hoạt động", "Đang hoạt động"), ("tạm ngừng", "Tạm ngừng"), ("giải thể", "Giải thể")],
    }


def catalogue_filters(portal: Portal) -> dict[str, list[tuple[str, str]]]:
    """The catalogue's filters: the categories in use, OCOP stars and price bands."""
    used = {p.category for p in portal.products}
    categories = [(k, v) for k, v in portal.config["categories"].items() if k in used]
    return {
        "category": sorted(categories, key=lambda kv: sort_key(kv[1])),
        "stars": [("3", "Từ 3 sao"), ("4", "Từ 4 sao"), ("5", "5 sao")],
        "price": [
            ("0-100000", "Dưới 100.000 ₫"),
            ("100000-300000", "100.000 – 300.000 ₫"),
            ("300000-", "Trên 300.000 ₫"),
            ("contact", "Giá liên hệ"),
        ],
    }
